// An array parameter that carries derivatives but is not named in BP_GRAD: its adjoint would be needed.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x, double *work) {
    for (int i = 0; i < 2; i++)
        work[i] = x * x * i;
    return work[1] + x;
}
// CHECK: unnamed_output.c:[[@LINE-5]]:8: error: the array parameter 'work' holds values that depend on the BP_GRAD parameters and reach the result; name it in BP_GRAD too, so that its adjoint d_work is passed in
