// A BP_ADJOINT whose adjoint function is not declared.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double softplus(double x);
BP_ADJOINT(softplus, softplus_adj);
BP_GRAD(x)
double f(double x) {
    return softplus(x);
}
// CHECK: adjoint_undeclared.c:[[@LINE-2]]:12: error: 'softplus' has BP_ADJOINT 'softplus_adj', which is not declared; declare it before the call (see BP_ADJOINT in bpgen.h for its parameters)
