// Arrays of arrays.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    double m[2][2] = {{1, 2}, {3, 4}};
    return m[1][1] * x;
}
// CHECK: matrix_local.c:[[@LINE-3]]:12: error: 'm' is an array of arrays or pointers; bpgen supports one-dimensional arrays of numbers: index a flat array with i * n + j
