// BP_GRAD on a function with no result.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
void f(double x) {
    (void)x;
}
// CHECK: void_function.c:[[@LINE-3]]:6: error: BP_GRAD function 'f' returns 'void'; it must return float or double
