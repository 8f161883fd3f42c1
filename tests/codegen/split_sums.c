// A reverse loop that sums an adjoint over its trips takes them two at a
// time, the second of each pair adding into a second sum, and the last trip
// alone when their number is odd (split.c): the sum's additions need not
// wait on each other.  x[i] in the loop over j, and a scalar parameter,
// are such sums; two in one loop split together.  Not split: a loop whose
// trips wait on each other anyway (newton's d_r, read and set every trip),
// a loop of a few known trips, a loop with a branch, a char counter.
// RUN: %bpgen %s -o %t.c
// RUN: FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <bpgen.h>
#include <math.h>

// CHECK-LABEL: double tri_grad(
// CHECK:           for (int i = d; i-- > 0;) {
// CHECK:               int [[A:t[0-9]+]] = i + 1;
// CHECK-NEXT:          int [[SPAN:t[0-9]+]] = d - [[A]];
// CHECK-NEXT:          const double *[[S:saved_[0-9]+]] = bp_pop_span(([[SPAN]] > 0 ? [[SPAN]] : 0) * sizeof(double));
// CHECK-NEXT:          int [[N:t[0-9]+]] = d > [[A]] ? [[SPAN]] : 0;
// CHECK-NEXT:          double [[D:d_t[0-9]+]] = 0.0;
// CHECK-NEXT:          double [[D]]_2nd = 0.0;
// CHECK-NEXT:          /* two trips a turn; the second adds into sums of its own (_2nd), so that additions need not wait */
// CHECK-NEXT:          for (int pair = 0; pair < [[N]] / 2; pair++) {
// CHECK-NEXT:              int j = d - 1 - 2 * pair;
// CHECK:                   [[D]] += {{.*}};
// CHECK-NEXT:              int j_1 = j - 1;
// CHECK:                   double {{t[0-9]+}} = [[S]][j_1 - [[A]]];
// CHECK:                   [[D]]_2nd += {{.*}};
// CHECK-NEXT:          }
// CHECK-NEXT:          /* the last trip, when their number is odd */
// CHECK-NEXT:          if ([[N]] % 2 != 0) {
// CHECK:                   double {{t[0-9]+}} = [[S]][0];
// CHECK:                   d_x[[[A]]] +=
// CHECK:                   [[D]] += {{.*}};
// CHECK-NEXT:          }
// CHECK-NEXT:          [[D]] += [[D]]_2nd;
// CHECK-NEXT:          /* split_sums.c:{{[0-9]+}}: for (int j = i + 1; j < d; j++) */
// CHECK-NEXT:          if ([[A]] < d) {
// CHECK-NEXT:              /* split_sums.c:{{[0-9]+}}: s += l[i * d + j] * x[i] * x[j]; */
// CHECK-NEXT:              d_x[i] += [[D]];
BP_GRAD(l, x)
double tri(const double *l, const double *x, int d)
{
    double s = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++)
            s += l[i * d + j] * x[i] * x[j];
    return s;
}

// CHECK-LABEL: double two_sums_grad(
// CHECK:           double d_b_1 = 0.0;
// CHECK-NEXT:      double d_a_1 = 0.0;
// CHECK-NEXT:      double d_b_1_2nd = 0.0;
// CHECK-NEXT:      double d_a_1_2nd = 0.0;
// CHECK:           for (int pair = 0; pair < {{t[0-9]+}} / 2; pair++) {
// CHECK:               d_b_1 += d_s * w[i];
// CHECK:               d_a_1 += {{d_t[0-9]+}} * w[i];
// CHECK:               d_b_1_2nd += d_s * w[i_1];
// CHECK:               d_a_1_2nd += {{d_t[0-9]+_1}} * w[i_1];
// CHECK:           if ({{t[0-9]+}} % 2 != 0) {
// CHECK:               d_b_1 += d_s * w[0];
// CHECK:           d_b_1 += d_b_1_2nd;
// CHECK-NEXT:      d_a_1 += d_a_1_2nd;
// CHECK-NEXT:      *d_b += d_b_1;
// CHECK-NEXT:      *d_a += d_a_1;
BP_GRAD(w, a, b)
double two_sums(const double *w, double a, double b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(w[i] * a) + w[i] * b;
    return s;
}

// Known trips: the pairs' bound and counter are constants, and the odd
// trip is there (nine trips) or not (twelve), with no test.
// CHECK-LABEL: double nine_grad(
// CHECK:           for (int pair = 0; pair < 4; pair++) {
// CHECK-NEXT:          int i = 10 - 2 * pair;
// CHECK:           }
// CHECK-NEXT:      d_w[2] += d_s * a;
// CHECK-NEXT:      d_a_1 += d_s * w[2];
// CHECK-NEXT:      d_a_1 += d_a_1_2nd;
BP_GRAD(w, a)
double nine(const double *w, double a)
{
    double s = 0;
    for (int i = 2; i < 11; i++)
        s += w[i] * a;
    return s;
}

// CHECK-LABEL: double twelve_grad(
// CHECK:           for (int pair = 0; pair < 6; pair++) {
// CHECK-NEXT:          int i = 11 - 2 * pair;
// CHECK:           }
// CHECK-NEXT:      d_a_1 += d_a_1_2nd;
BP_GRAD(w, a)
double twelve(const double *w, double a)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += w[i] * a;
    return s;
}

// CHECK-LABEL: double newton_grad(
// CHECK-NOT:       pair
// CHECK:           for (int it = iters; it-- > 0;) {
// CHECK-NOT:       pair
// CHECK:           return r;
BP_GRAD(x)
double newton(double x, int iters)
{
    double r = x;
    for (int it = 0; it < iters; it++)
        r = 0.5 * (r + x / r);
    return r;
}

// CHECK-LABEL: double few_grad(
// CHECK-NOT:       pair
// CHECK:           for (int i = 4; i-- > 0;) {
// CHECK-NOT:       pair
// CHECK:           return s;
BP_GRAD(w, a)
double few(const double *w, double a)
{
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += w[i] * a;
    return s;
}

// CHECK-LABEL: double branchy_grad(
// CHECK-NOT:       pair
// CHECK:           for (int i = n; i-- > 0;) {
// CHECK-NOT:       pair
// CHECK:           return s;
BP_GRAD(w, a)
double branchy(const double *w, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i] > 0 ? w[i] * a : a;
    return s;
}

// CHECK-LABEL: double narrow_grad(
// CHECK-NOT:       pair
// CHECK:           return s;
BP_GRAD(w, a)
double narrow(const double *w, double a, signed char n)
{
    double s = 0;
    for (signed char i = 0; i < n; i++)
        s += w[i] * a;
    return s;
}

// The odd trip of a loop counting down to 0 runs with the counter at 0,
// and a counter made floating there is the constant 0.0, not (double)0.
// CHECK-LABEL: double ramp_grad(double a, double *d_a, int n)
// CHECK:           if ({{t[0-9]+}} % 2 != 0) {
// CHECK-NOT:       (double)0
// CHECK:               cos(a * 0.0)
BP_GRAD(a)
double ramp(double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(a * i);
    return s;
}
