// Calls of the model's own functions: each is differentiated once per
// pattern of activity, as a forward half (the function, saving what its
// reverse needs) and a reverse half (taking it back and adding the
// adjoints of its arguments); the caller runs one in each sweep.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

// CHECK:      static double sigmoid_fwd(double z);
// CHECK-NEXT: static void sigmoid_rev(double z, double *d_z, double d_sigmoid);
// CHECK-NEXT: static double power_fwd(double x, int n);
// CHECK-NEXT: static void power_rev(double x, double *d_x, int n, double d_power);

__attribute__((noinline)) static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

// The reverse half of a recursive function calls itself, in reverse.
// CHECK-LABEL: /* power_fwd: the forward sweep of power
// CHECK-NEXT:  static double power_fwd(double x, int n)
// CHECK:               t1 = power_fwd(x, n - 1);
// CHECK:           bp_push_double(t1);
// CHECK-LABEL: /* power_rev: the reverse sweep of power
// CHECK-NEXT:  static void power_rev(double x, double *d_x, int n, double d_power)
// CHECK-NEXT:  {
// CHECK-NEXT:      /* reverse sweep: adjoints, last operation first */
// CHECK-NEXT:      double [[T:t[0-9]+]] = bp_pop_double();
// CHECK-NEXT:      /* calls.c:{{[0-9]+}}: if (n == 0) */
// CHECK-NEXT:      if (!(n == 0)) {
// CHECK-NEXT:          /* calls.c:{{[0-9]+}}: return x * power(x, n - 1); */
// CHECK-NEXT:          *d_x += d_power * [[T]];
// CHECK-NEXT:          double d_[[T]] = d_power * x;
// CHECK-NEXT:          power_rev(x, d_x, n - 1, d_[[T]]);
// CHECK-NEXT:      }
// CHECK-NEXT:  }
double power(double x, int n) {
    if (n == 0)
        return 1.0;
    return x * power(x, n - 1);
}

// The arguments go to both halves: to the reverse half with the addresses
// of their adjoints, and the adjoint of the result.
// CHECK-LABEL: double f_grad(double x, double *d_x, double w, double *d_w, int n)
// CHECK:           double [[A:t[0-9]+]] = w * x;
// CHECK-NEXT:      double [[S:t[0-9]+]] = sigmoid_fwd([[A]]);
// CHECK-NEXT:      double [[P:t[0-9]+]] = power_fwd(x, n);
// CHECK-NEXT:      double f = [[S]] + [[P]];
// CHECK:           double d_f = 1.0;
// CHECK-NEXT:      /* calls.c:{{[0-9]+}}: return sigmoid(w * x) + power(x, n); */
// CHECK-NEXT:      power_rev(x, d_x, n, d_f);
// CHECK-NEXT:      double d_[[A]] = 0.0;
// CHECK-NEXT:      sigmoid_rev([[A]], &d_[[A]], d_f);
// CHECK-NEXT:      *d_w += d_[[A]] * x;
// CHECK-NEXT:      *d_x += d_[[A]] * w;
BP_GRAD(x, w)
double f(double x, double w, int n) {
    return sigmoid(w * x) + power(x, n);
}
