// Names: versions of a reassigned local (y, y_1, ...), adjoints named after
// them, no collision with the model's own names or math.h, and the
// adjoint parameter names of the contract win over a parameter already
// called d_x.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

double t1(double);   /* a model function named like a temporary */

// CHECK-LABEL: double f_grad(double x, double *d_x, double d_x_1)
// CHECK:           double y = x * x;
// CHECK-NEXT:      double y_1 = y + x;
// CHECK-NEXT:      double y_2 = sin(y_1) * d_x_1;
// CHECK-NEXT:      double f = y_2 * y_2;
// CHECK:           double d_y_2 = d_f * y_2;
// CHECK:           double d_y_1 = d_y_2 * d_x_1 * cos(y_1);
// CHECK-NEXT:      /* names.c:{{[0-9]+}}: y += x; */
// CHECK-NEXT:      *d_x += d_y_1;
BP_GRAD(x)
double f(double x, double d_x) {
    double y = x * x;
    y += x;
    y = sin(y) * d_x;
    return y * y;
}

// A local named like a math.h function bpgen's rules call (sin needs cos).
// CHECK-LABEL: double g_grad(double x, double *d_x)
// CHECK:           double cos_1 = 2.0 * x;
// CHECK:           cos(cos_1)
BP_GRAD(x)
double g(double x) {
    double cos = 2 * x;
    return sin(cos);
}
