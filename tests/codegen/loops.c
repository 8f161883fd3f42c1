// Loops: the reverse of a loop is a loop running the other way, and only
// what is both overwritten by a later iteration and needed by an adjoint
// is saved on the tape.  A dot product saves nothing; Newton's iteration
// saves one value per iteration; a while loop counts its trips and runs
// its reverse that many times.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <stdlib.h>
#include <bpgen.h>

// CHECK-LABEL: double dot_grad(const double *x, double *d_x, const double *y, double *d_y, int n)
// CHECK-NEXT:  {
// CHECK-NEXT:      double s = 0.0;
// CHECK-NEXT:      for (int i = 0; i < n; i++) {
// CHECK-NEXT:          s = s + x[i] * y[i];
// CHECK-NEXT:      }
// CHECK-EMPTY:
// CHECK-NEXT:      /* reverse sweep: adjoints, last operation first */
// CHECK-NEXT:      double d_s = 1.0;
// CHECK-NEXT:      /* loops.c:{{[0-9]+}}: for (int i = 0; i < n; i++) */
// CHECK-NEXT:      for (int i = n; i-- > 0;) {
// CHECK-NEXT:          /* loops.c:{{[0-9]+}}: s += x[i] * y[i]; */
// CHECK-NEXT:          d_x[i] += d_s * y[i];
// CHECK-NEXT:          d_y[i] += d_s * x[i];
// CHECK-NEXT:      }
// CHECK-NEXT:      return s;
// CHECK-NEXT:  }
BP_GRAD(x, y)
double dot(const double *x, const double *y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

// What a counted loop saves goes into a span of the tape claimed in front
// of it, one element a trip, and comes back from where it lies.
// CHECK-LABEL: double newton_grad(double x, double *d_x, int iters)
// CHECK:           int [[C:t[0-9]+]] = iters > 0 ? iters : 0;
// CHECK-NEXT:      double *saved = bp_push_span([[C]] * sizeof(double));
// CHECK:           for (int it = 0; it < iters; it++) {
// CHECK-NEXT:          saved[it] = r;
// CHECK-NEXT:          r = 0.5 * (r + x / r);
// CHECK-NEXT:      }
// CHECK:           /* loops.c:{{[0-9]+}}: for (int it = 0; it < iters; it++) */
// CHECK-NEXT:      const double *[[S:saved_[0-9]+]] = bp_pop_span([[C]] * sizeof(double));
// CHECK-NEXT:      double [[DX:d_x_[0-9]+]] = 0.0;
// CHECK-NEXT:      for (int it = iters; it-- > 0;) {
// CHECK-NEXT:          double [[R:r_[0-9]+]] = [[S]][it];
// CHECK-NOT:           bp_pop
// CHECK:               [[DX]] += d_{{t[0-9]+}} / [[R]];
// CHECK:           *d_x += d_r;
// CHECK-NEXT:      *d_x += [[DX]];
BP_GRAD(x)
double newton(double x, int iters) {
    double r = x;
    for (int it = 0; it < iters; it++)
        r = 0.5 * (r + x / r);
    return r;
}

// A loop counted down: its reverse counts up over the same values.  What
// the loop adds to the adjoint of a parameter passed by value goes into a
// local sum, added into *d_x after it (a store through *d_x every trip
// would hold the loop up: a store into d_c may write it, for all the
// compiler knows).
// CHECK-LABEL: double horner_grad(double x, double *d_x, const double *c, double *d_c, int n)
// CHECK:           for (int i = n - 1; i >= 0; i--) {
// CHECK-NEXT:          saved[n - 1 - i] = p;
// CHECK-NEXT:          p = p * x + c[i];
// CHECK:           /* loops.c:{{[0-9]+}}: for (int i = n - 1; i >= 0; i--) */
// CHECK-NEXT:      const double *[[S:saved_[0-9]+]] = bp_pop_span({{.*}});
// CHECK-NEXT:      double [[DX:d_x_[0-9]+]] = 0.0;
// CHECK-NEXT:      for (int i = -1; i++ < n - 1;) {
// CHECK-NEXT:          double [[P:p_[0-9]+]] = [[S]][n - 1 - i];
// CHECK-NEXT:          /* loops.c:{{[0-9]+}}: p = p * x + c[i]; */
// CHECK-NEXT:          d_c[i] += d_p;
// CHECK-NEXT:          double [[DP:d_p_[0-9]+]] = d_p * x;
// CHECK-NEXT:          [[DX]] += d_p * [[P]];
// CHECK-NEXT:          d_p = [[DP]];
// CHECK-NEXT:      }
// CHECK-NEXT:      *d_x += [[DX]];
BP_GRAD(x, c)
double horner(double x, const double *c, int n) {
    double p = 0;
    for (int i = n - 1; i >= 0; i--)
        p = p * x + c[i];
    return p;
}

// A loop whose trip count is known only at its end.
// CHECK-LABEL: double sqrt_iter_grad(double x, double *d_x, double tol)
// CHECK:           int trips = 0;
// CHECK-NEXT:      while (err > tol && it < 100) {
// CHECK-NEXT:          double next = 0.5 * (r + x / r);
// CHECK-NEXT:          bp_push_double(r);
// CHECK-NEXT:          err = fabs(next - r);
// CHECK-NEXT:          r = next;
// CHECK-NEXT:          it = it + 1;
// CHECK-NEXT:          trips = trips + 1;
// CHECK-NEXT:      }
// CHECK:           /* loops.c:{{[0-9]+}}: while (err > tol && it < 100) { */
// CHECK-NEXT:      double {{d_x_[0-9]+}} = 0.0;
// CHECK-NEXT:      for (int trip = trips; trip-- > 0;) {
// CHECK-NEXT:          double [[R2:r_[0-9]+]] = bp_pop_double();
BP_GRAD(x)
double sqrt_iter(double x, double tol) {
    double r = x, err = 1;
    int it = 0;
    while (err > tol && it < 100) {
        double next = 0.5 * (r + x / r);
        err = fabs(next - r);
        r = next;
        it++;
    }
    return r;
}

// Softmax cross-entropy: the max saves which branch each step took; the
// sum saves its exponentials (cheaper to keep than to compute again).
// CHECK-LABEL: double xent_grad(const double *z, double *d_z, int n, int label)
// CHECK:           for (int i = 1; i < n; i++) {
// CHECK-NEXT:          int [[T:t[0-9]+]] = z[i] > m;
// CHECK-NEXT:          m = [[T]] ? z[i] : m;
// CHECK-NEXT:          saved[i - 1] = (double)[[T]];
// CHECK:           d_z[label] -= d_xent;
// CHECK:           d_z[0] += d_m;
BP_GRAD(z)
double xent(const double *z, int n, int label) {
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(z[i] - m);
    return log(s) + m - z[label];
}

// Arrays a store overwrites: the reverse of x[i] = v moves d_x[i] into v's
// adjoint and clears it; values read before the store are saved.
// CHECK-LABEL: double scale_in_place_grad(double *x, double *d_x, int n)
// CHECK:           x[i] = [[A:t[0-9]+]] * [[B:t[0-9]+]] + sin([[A]]);
// CHECK-NEXT:      int [[K:t[0-9]+]] = [[I:t[0-9]+]] * 2;
// CHECK-NEXT:      saved[[[K]]] = [[A]];
// CHECK-NEXT:      saved[[[K]] + 1] = [[B]];
// CHECK:           double d_[[V:t[0-9]+]] = d_x[i];
// CHECK-NEXT:      d_x[i] = 0.0;
BP_GRAD(x)
double scale_in_place(double *x, int n) {
    for (int i = 1; i < n; i++)
        x[i] = x[i] * x[i - 1] + sin(x[i]);
    return x[n - 1];
}

// A scratch buffer gets a zeroed twin for its adjoints where the reverse
// sweep starts; both are given back after it, as the reverse sweep still
// reads the buffer.  They come from the thread's scratch (runtime/
// scratch.c), which allocates nothing once it has grown.
// CHECK-LABEL: double scratch_grad(const double *x, double *d_x, int n)
// CHECK-NEXT:  {
// CHECK-NEXT:      size_t scratch = bp_scratch_mark();
// CHECK-NEXT:      double *sq = bp_scratch_alloc(n * sizeof(double));
// CHECK:           /* reverse sweep: adjoints, last operation first */
// CHECK-NEXT:      double *d_sq = bp_scratch_calloc(1, n * sizeof(double));
// CHECK-NOT:       free(
// CHECK:           bp_scratch_release(scratch);
// CHECK-NEXT:      return s;
BP_GRAD(x)
double scratch(const double *x, int n) {
    double *sq = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++)
        sq[i] = x[i] * x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sq[i] * x[i];
    free(sq);
    return s;
}

// Local arrays get a zeroed twin; a loop that returns early records how it
// left, and the function returns what the loop returned.
// CHECK-LABEL: double first_negative_grad(const double *x, double *d_x, int n)
// CHECK:           int exit_kind = 0;
// CHECK:           double first_negative = exit_kind == 3 ? retval : p;
BP_GRAD(x)
double first_negative(const double *x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
        if (x[i] < 0)
            return p * x[i];
        p *= x[i];
    }
    return p;
}
