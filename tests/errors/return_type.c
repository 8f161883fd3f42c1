// A BP_GRAD function must return a floating-point value.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
int f(double x) {
    return x > 0;
}
// CHECK: return_type.c:[[@LINE-3]]:5: error: BP_GRAD function 'f' returns 'int'; it must return float or double
