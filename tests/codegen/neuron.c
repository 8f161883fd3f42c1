// The sigmoid neuron of the lecture notes: the exp result is reused by its
// adjoint, the division's adjoint reuses the quotient, the adjoint of -s
// (which has no name of its own) is written where it is used, and the
// adjoint of the sum flows unchanged to w2 (no copies).
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

// CHECK:      double neuron_grad(double w0, double *d_w0, double x0, double *d_x0, double w1, double *d_w1, double x1, double *d_x1, double w2, double *d_w2)
// CHECK:          double s = w0 * x0 + w1 * x1 + w2;
// CHECK-NEXT:     double [[E:t[0-9]+]] = exp(-s);
// CHECK-NEXT:     double [[D:t[0-9]+]] = 1.0 + [[E]];
// CHECK-NEXT:     double neuron = 1.0 / [[D]];
// CHECK:          double d_neuron = 1.0;
// CHECK-NEXT:     /* neuron.c:{{[0-9]+}}: return 1.0 / (1.0 + exp(-s)); */
// CHECK-NEXT:     double d_[[D]] = -(d_neuron / [[D]]) * neuron;
// CHECK-NEXT:     double d_s = -(d_[[D]] * [[E]]);
// CHECK-NEXT:     /* neuron.c:{{[0-9]+}}: double s = w0 * x0 + w1 * x1 + w2; */
// CHECK-NEXT:     *d_w2 += d_s;
// CHECK-NEXT:     *d_w1 += d_s * x1;
// CHECK-NEXT:     *d_x1 += d_s * w1;
// CHECK-NEXT:     *d_w0 += d_s * x0;
// CHECK-NEXT:     *d_x0 += d_s * w0;
// CHECK-NEXT:     return neuron;
BP_GRAD()
double neuron(double w0, double x0, double w1, double x1, double w2) {
    double s = w0 * x0 + w1 * x1 + w2;
    return 1.0 / (1.0 + exp(-s));
}
