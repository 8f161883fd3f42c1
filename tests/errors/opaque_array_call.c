// A library call given an array whose values need derivatives.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <string.h>
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, int n) {
    double copy[4];
    memcpy(copy, x, 4 * sizeof(double));
    return copy[0] * copy[3] + n;
}
// CHECK: opaque_array_call.c:[[@LINE-3]]:5: error: bpgen cannot see what 'memcpy' does with an array whose values need a derivative; write the loop yourself, or give 'memcpy' a derivative
