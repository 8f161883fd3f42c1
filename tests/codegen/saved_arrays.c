// A helper's small local array of doubles that its reverse half reads is
// saved in the one span its forward half claims, after the values it
// saves: one tape reservation a call.  The forward half copies the array
// in at its end; the reverse half reads it where it lies, through a const
// pointer into the span that it also passes on to the reverse halves of
// the helpers it calls.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>
#include <math.h>

// CHECK-LABEL: static double unit_fwd(const double *x, const double *y){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      double u[3];
// CHECK:           double *saved = bp_push_span(6 * sizeof(double));
// CHECK-NEXT:      saved[0] = n;
// CHECK-NEXT:      saved[1] = unit_1;
// CHECK-NEXT:      saved[2] = [[T:t[0-9]+]];
// CHECK-NEXT:      for (int i = 0; i < 3; i++) {
// CHECK-NEXT:          saved[3 + i] = u[i];
// CHECK-NEXT:      }
// CHECK-NEXT:      return unit_1;
// CHECK-NEXT:  }
// CHECK-LABEL: static void unit_rev(
// CHECK-NOT:       bp_pop_array
// CHECK:           const double *saved = bp_pop_span(6 * sizeof(double));
// CHECK-NEXT:      const double *u = saved + 3;
// CHECK-NEXT:      double {{t[0-9]+}} = saved[2];
// CHECK-NEXT:      double unit_1 = saved[1];
// CHECK-NEXT:      double n = saved[0];
// CHECK:           dot_rev(u, d_u, y, d_y, d_t{{[0-9]+}});
// CHECK-LABEL: static double spread_fwd(
// CHECK:           double *saved = bp_push_span(4 * sizeof(double));
// CHECK-NEXT:      for (int i = 0; i < 2; i++) {
// CHECK-NEXT:          saved[i] = a[i];
// CHECK-NEXT:      }
// CHECK-NEXT:      for (int i = 0; i < 2; i++) {
// CHECK-NEXT:          saved[2 + i] = b[i];
// CHECK-NEXT:      }
// CHECK-LABEL: static void spread_rev(
// CHECK-NEXT:  {
// CHECK-NOT:       bp_pop_array
// CHECK:           const double *saved = bp_pop_span(4 * sizeof(double));
// CHECK-NEXT:      const double *a = saved;
// CHECK-NEXT:      const double *b = saved + 2;
// CHECK-NOT:   bp_push_array
// CHECK-NOT:   bp_pop_array

__attribute__((noinline)) static double dot(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* cos of the angle between x and y: u, x made a unit vector, is read by
 * dot's reverse half. */
static double unit(const double *x, const double *y)
{
    double u[3];
    double n = sqrt(dot(x, x));
    for (int i = 0; i < 3; i++)
        u[i] = x[i] / n;
    return sin(dot(u, y)) / n;
}

/* Two arrays, no values, saved: a and b are read in reverse loops. */
static double spread(const double *x)
{
    double a[2], b[2];
    for (int i = 0; i < 2; i++) {
        a[i] = sin(x[i]);
        b[i] = cos(x[i + 1]);
    }
    double s = 0;
    for (int i = 0; i < 2; i++)
        s += a[i] * b[(i + 1) % 2] * a[(i + 1) % 2];
    return s;
}

BP_GRAD(x, y)
double both(const double *x, const double *y, int n)
{
    double s = 0;
    for (int k = 0; k < n; k++)
        s += unit(&x[k], y) + spread(&x[k]);
    return s;
}
