// BP_GRAD naming an int parameter.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x, n)
double f(double x, int n) {
    return x * n;
}
// CHECK: grad_int.c:[[@LINE-4]]:1: error: BP_GRAD names 'n', which has type 'int'; gradients exist only for float and double parameters, and pointers, arrays and structs of them
// CHECK-NEXT: BP_GRAD(x, n)
