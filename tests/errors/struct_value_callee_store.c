// A called function changes its own copy of a struct passed by value with
// values that depend on the BP_GRAD parameters: the same limitation as in
// errors/struct_value_store.c, said about the callee (the caller's q is
// not changed, and was not before either: the call does not write it).
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
struct pair { double u; double v; };
static double g(struct pair q, double u) {
    q.u += u;
    return q.u;
}
// CHECK: struct_value_callee_store.c:[[@LINE-4]]:15: error: 'q' is a struct passed by value whose members 'g' changes with values that depend on the BP_GRAD parameters; bpgen does not differentiate that: copy it into a local struct and change that
BP_GRAD(z)
double f(double *z, struct pair q, int n) {
    return g(q, z[0]) * n;
}
