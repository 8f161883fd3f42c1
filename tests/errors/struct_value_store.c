// A member of a struct parameter passed by value, changed and read again:
// its adjoint would have to be the function's own, not the caller's d_q.
// (A member changed and never read again is fine: exec/fuzz_regressions.c.)
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
#include <math.h>
struct pair { double u, v; };
BP_GRAD(z, q)
double f(const double *z, struct pair q, int n) {
    double s = q.v * q.u;
    q.v = z[0] * q.u;
    for (int i = 0; i < n; i++)
        s += sin(q.v * z[i]);
    return s;
}
// CHECK: struct_value_store.c:[[@LINE-5]]:5: error: 'q' is a struct passed by value, and bpgen does not differentiate a store into its members that is read again; copy it into a local struct and change that
// CHECK-NEXT: q.v = z[0] * q.u;
