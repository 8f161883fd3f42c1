// A function of another file, with no body here and no BP_ADJOINT, on a
// value that needs a derivative: the message shows the line that fixes it.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double softplus(double x);   /* defined in another file */
BP_GRAD(x)
double f(double x) {
    return softplus(x) * x;
}
// CHECK: no_body.c:[[@LINE-2]]:12: error: no derivative is known for 'softplus', and a derivative has to flow through it; give it one with 'BP_ADJOINT(softplus, softplus_adj);' and a function softplus_adj (see the README), or compute it with math.h functions bpgen knows
// CHECK-NEXT: return softplus(x) * x;
