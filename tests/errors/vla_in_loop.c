// A variable-length array declared inside a loop.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, int n) {
    double s = 0;
    for (int i = 1; i < n; i++) {
        double tmp[i];
        tmp[0] = x[i];
        s += tmp[0];
    }
    return s;
}
// CHECK: vla_in_loop.c:[[@LINE-6]]:16: error: the variable-length array 'tmp' is inside a loop or a branch, which bpgen does not support for such arrays; declare it once, at the top of the function
