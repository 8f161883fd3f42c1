// Structs: the adjoint of a struct is a struct of the same type; members
// read as p->m, s.m, p->inner.m, and their adjoints as d_p->m; the
// output repeats the struct definitions as the model wrote them.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

// CHECK:      struct affine { double w[3]; double b; };
// CHECK-NEXT: typedef struct { struct affine layer; double scale; } model;
struct affine { double w[3]; double b; };
typedef struct { struct affine layer; double scale; } model;

// CHECK-LABEL: double f_grad(const model *m, model *d_m, const double *x, struct affine a, struct affine *d_a)
// CHECK:           double s = m->layer.b + a.b;
// CHECK-NEXT:      for (int i = 0; i < 3; i++) {
// CHECK-NEXT:          s = s + m->layer.w[i] * x[i] * a.w[i];
// CHECK:           d_m->scale += d_f * s;
// CHECK:               d_a->w[i] += d_s * (m->layer.w[i] * x[i]);
// CHECK-NEXT:          d_m->layer.w[i] += d_{{t[0-9]+}} * x[i];
// CHECK:           d_m->layer.b += d_s;
// CHECK-NEXT:      d_a->b += d_s;
BP_GRAD(m, a)
double f(const model *m, const double *x, struct affine a) {
    double s = m->layer.b + a.b;
    for (int i = 0; i < 3; i++)
        s += m->layer.w[i] * x[i] * a.w[i];
    return m->scale * s;
}
