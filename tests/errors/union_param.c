// A union parameter.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
union u { double d; long bits; };
BP_GRAD(x)
double f(double x, union u v) {
    return x * v.d;
}
// CHECK: union_param.c:[[@LINE-3]]:28: error: parameter 'v' has union type 'union u', which bpgen does not support; use a struct
