// Pointer and array parameters: reads by constant and computed indexes and
// through *w, adjoints accumulated into d_w[i] at the point of use, never a
// Jacobian; an array parameter keeps its element type.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

// CHECK-LABEL: double f_grad(const double *w, double *d_w, double *x, double *d_x, int i)
// CHECK:           double f = w[0] * x[i] + w[i + 1] * w[i + 1];
// CHECK:           d_w[i + 1] += d_f * w[i + 1];
// CHECK-NEXT:      d_w[i + 1] += d_f * w[i + 1];
// CHECK-NEXT:      d_w[0] += d_f * x[i];
// CHECK-NEXT:      d_x[i] += d_f * w[0];
// CHECK-NOT:       Jacobian
BP_GRAD(w, x)
double f(const double *w, double x[], int i) {
    return *w * x[i] + w[i + 1] * w[i + 1];
}
