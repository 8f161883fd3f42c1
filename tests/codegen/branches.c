// if/else and ?: become regions: a branch with nothing to compute is a
// ternary; the reverse sweep tests the same condition and sends the
// adjoint down the branch that ran only.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <stdlib.h>
#include <bpgen.h>

// CHECK-LABEL: double relu_grad(double a, double *d_a)
// CHECK:           double relu = a > 0.0 ? a : 0.0;
// CHECK:           double d_relu = 1.0;
// CHECK-NEXT:      if (a > 0.0) {
// CHECK-NEXT:          *d_a += d_relu;
// CHECK-NEXT:      }
// CHECK-NEXT:      return relu;
BP_GRAD(a)
double relu(double a) { return a > 0 ? a : 0; }

// Reassigned in one branch only: the region yields the new value there and
// the old one in the other.
// CHECK-LABEL: double g_grad(double x, double *d_x)
// CHECK:           double y = x > 0.0 ? x * x : -x;
// CHECK-NEXT:      double y_1 = y + x;
// CHECK:           /* branches.c:{{[0-9]+}}: if (x > 0) y = y * y; else y = -y; */
// CHECK-NEXT:      if (x > 0.0) {
// CHECK-NEXT:          *d_x += d_y_1 * x;
// CHECK-NEXT:          *d_x += d_y_1 * x;
// CHECK-NEXT:      } else {
// CHECK-NEXT:          *d_x -= d_y_1;
// CHECK-NEXT:      }
BP_GRAD(x)
double g(double x) {
    double y = x;
    if (x > 0) y = y * y; else y = -y;
    y += x;
    return y * y;
}

// A value computed inside a branch and needed by the reverse of that branch
// is carried out of it, set to zero on the other path.
// CHECK-LABEL: double h_grad(double x, double *d_x, double t)
// CHECK:           double h;
// CHECK-NEXT:      double [[E:t[0-9]+]] = 0.0;
// CHECK-NEXT:      if (x < t) {
// CHECK-NEXT:          [[E]] = exp(x);
// CHECK-NEXT:          h = [[E]] * x;
// CHECK-NEXT:      } else {
// CHECK-NEXT:          h = log(x);
// CHECK-NEXT:      }
// CHECK:           /* branches.c:{{[0-9]+}}: if (x < t) return exp(x) * x; */
// CHECK-NEXT:      if (x < t) {
// CHECK-NEXT:          double d_[[E]] = d_h * x;
// CHECK-NEXT:          *d_x += d_h * [[E]];
// CHECK-NEXT:          *d_x += d_[[E]] * [[E]];
// CHECK-NEXT:      } else {
// CHECK-NEXT:          /* branches.c:{{[0-9]+}}: return log(x); */
// CHECK-NEXT:          *d_x += d_h / x;
// CHECK-NEXT:      }
BP_GRAD(x)
double h(double x, double t) {
    if (x < t) return exp(x) * x;
    return log(x);
}

// else-if chains nest, and the inner region's result is stored straight
// into the outer one's; && inside || gets the parentheses -Wparentheses
// asks for; cheap values a reverse branch needs (-x, x * x) are recomputed
// there rather than carried out of the forward branch.
// CHECK-LABEL: double k_grad(double x, double *d_x, double lo, double hi)
// CHECK-NEXT:  {
// CHECK-NEXT:      double r;
// CHECK-NEXT:      if (x < lo || (x > hi && lo < hi)) {
// CHECK-NEXT:          r = 0.0;
// CHECK-NEXT:      } else {
// CHECK-NEXT:          r = x < 0.0 ? -x * x : x * x * x;
// CHECK-NEXT:      }
// CHECK:           /* branches.c:{{[0-9]+}}: if (x < lo || (x > hi && lo < hi)) r = 0; */
// CHECK-NEXT:      if (!(x < lo || (x > hi && lo < hi))) {
// CHECK-NEXT:          /* branches.c:{{[0-9]+}}: else if (x < 0) r = -x * x; */
// CHECK-NEXT:          if (x < 0.0) {
// CHECK-NEXT:              *d_x += d_r * -x;
// CHECK-NEXT:              *d_x -= d_r * x;
// CHECK-NEXT:          } else {
BP_GRAD(x)
double k(double x, double lo, double hi) {
    double r;
    if (x < lo || (x > hi && lo < hi)) r = 0;
    else if (x < 0) r = -x * x;
    else r = x * x * x;
    return r;
}

// A reverse sweep that has nothing to do on the branch taken when the
// condition holds tests its negation; a condition that is already a
// negation loses its `!` rather than gaining a second one.
// CHECK-LABEL: double early_grad(double x, double *d_x, double y)
// CHECK:           if (!(x > 0.5 || y > 2.0)) {
// CHECK:           /* branches.c:{{[0-9]+}}: if (!(x > 0.5 || y > 2)) */
// CHECK-NEXT:      if (x > 0.5 || y > 2.0) {
// CHECK-NOT:       !!
BP_GRAD(x)
double early(double x, double y) {
    if (!(x > 0.5 || y > 2))
        return y;
    double t = x * y;
    return t * t;
}

// The adjoint a branch's result gets is commented with the operation that
// computes it, not with whatever the other branch reversed last (here the
// free of the early return).
// CHECK-LABEL: double early_free_grad(double x, double *d_x, int n)
// CHECK:           /* reverse sweep: adjoints, last operation first */
// CHECK:           } else {
// CHECK-NEXT:          /* branches.c:{{[0-9]+}}: for (int i = 0; i < n; i++) { */
// CHECK-NEXT:          double d_s = d_early_free;
BP_GRAD(x)
double early_free(double x, int n) {
    double *t = malloc(n * sizeof(double));
    if (x > 0) {
        free(t);
        return x * x;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
        t[i] = x * i;
        s += t[i] * t[i];
    }
    free(t);
    return s;
}
