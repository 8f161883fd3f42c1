// Writing through a pointer parameter.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x, double *out) {
    out[0] = x;
    return x;
}
// CHECK: pointer_write.c:[[@LINE-3]]:5: error: this assignment writes memory through a pointer, which bpgen does not support yet
