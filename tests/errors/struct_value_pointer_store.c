// A called function changes its own copy of a struct passed by value,
// which the caller does not name in BP_GRAD, with values that depend on
// the BP_GRAD parameters, and the struct holds a pointer: what it points to
// is the caller's, whose adjoint the caller would have to pass.  (Without
// a pointer the callee keeps an adjoint of its own: exec/structs_value_changed.c.)
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
struct view { double *data; double scale; };
static double g(struct view q, double u) {
    q.scale += u;
    return q.scale * q.data[0];
}
// CHECK: struct_value_pointer_store.c:[[@LINE-4]]:15: error: 'q' is a struct passed by value whose members 'g' changes with values that depend on the BP_GRAD parameters, and it holds pointers, whose arrays' adjoints the caller would have to pass; bpgen does not differentiate that: copy it into a local struct and change that
BP_GRAD(z)
double f(double *z, struct view q, int n) {
    return g(q, z[0]) * n;
}
