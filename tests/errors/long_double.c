// long double.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    long double y = x;
    return (double)(y * y);
}
// CHECK: long_double.c:[[@LINE-3]]:17: error: 'y' has type long double, which bpgen does not support; use double
