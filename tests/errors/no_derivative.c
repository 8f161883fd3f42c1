// A library function with no derivative rule, on an active value: named, with what to do.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <math.h>
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    return x + lgamma(x);
}
// CHECK: no_derivative.c:[[@LINE-2]]:16: error: no derivative is known for 'lgamma', and a derivative has to flow through it; give it one with 'BP_ADJOINT(lgamma, lgamma_adj);' and a function lgamma_adj (see the README), or compute it with math.h functions bpgen knows
// CHECK-NEXT: return x + lgamma(x);
