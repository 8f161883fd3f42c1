// Activity analysis: no adjoint for what depends only on inactive inputs
// (n, c), none for values that never reach the result, and an adjoint
// parameter the result does not depend on is left alone, and said so.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

// CHECK-LABEL: double f_grad(double x, double *d_x, double unused, double *d_unused, double c, int n)
// CHECK-NEXT:  {
// CHECK-NEXT:      (void)unused;
// CHECK-NEXT:      (void)d_unused;  /* f does not depend on unused here */
// CHECK-NOT:       wasted
// CHECK:           double k = cos(c * (double)n);
// CHECK-NOT:       d_k
// CHECK-NOT:       d_c
// CHECK-NOT:       d_n
// CHECK:           *d_x += d_f * k;
// CHECK-NEXT:      return f;
BP_GRAD(x, unused)
double f(double x, double unused, double c, int n) {
    double wasted = exp(x) * unused;   /* never reaches the result */
    double k = cos(c * n);             /* inactive: no derivative needed */
    (void)wasted;
    return x * k;
}

// An inactive int parameter is still passed, and kept from -Wunused.
// CHECK-LABEL: double g_grad(double x, double *d_x, int flags)
// CHECK-NEXT:  {
// CHECK-NEXT:      (void)flags;
BP_GRAD(x)
double g(double x, int flags) {
    (void)flags;
    return x * x;
}
