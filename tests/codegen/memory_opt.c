// What bpgen does to memory before differentiating, and what it buys in
// the gradient:
//   - a load a counted loop repeats (x[i] inside the loop over j) is done
//     once in front of the loop, under the loop's first test, so its
//     adjoint adds up in a scalar and d_x[i] is written once per loop;
//   - w[j] += e is reversed as d_e += d_w[j], leaving d_w[j] alone;
//   - a[1] read twice between stores to another array is read once;
//   - a value stored into out[k] and read back is used directly, also
//     across stores into other elements of out, and an array that is then
//     only written is not made at all.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

// CHECK-LABEL: double tri_grad(
// CHECK:           for (int i = 0; i < d; i++) {
// CHECK-NEXT:          int [[T:t[0-9]+]] = i + 1;
// CHECK-NEXT:          double [[XI:t[0-9]+]] = 0.0;
// CHECK-NEXT:          if ([[T]] < d) {
// CHECK-NEXT:              [[XI]] = x[i];
// CHECK-NEXT:          }
// CHECK-NEXT:          for (int j = [[T]]; j < d; j++) {
// CHECK-NEXT:              out[j] = out[j] + l[i * d + j] * [[XI]];
// CHECK-NEXT:          }
// CHECK-NEXT:          saved[i] = [[XI]];
// CHECK-NEXT:      }
// The reverse: d_out[j] is read, not zeroed and added back; d_x[i] once,
// its sum split in two (split.c: tests/codegen/split_sums.c).
// CHECK:           /* memory_opt.c:{{[0-9]+}}: for (int i = 0; i < d; i++) */
// CHECK-NEXT:      const double *[[S:saved_[0-9]+]] = bp_pop_span({{.*}});
// CHECK-NEXT:      for (int i = d; i-- > 0;) {
// CHECK-NEXT:          double [[XI2:t[0-9]+]] = [[S]][i];
// CHECK-NEXT:          /* memory_opt.c:{{[0-9]+}}: for (int j = i + 1; j < d; j++) */
// CHECK-NEXT:          int [[T2:t[0-9]+]] = i + 1;
// CHECK:               double d_[[XI]] = 0.0;
// CHECK-NEXT:          double d_[[XI]]_2nd = 0.0;
// CHECK:               for (int pair = 0; pair < {{t[0-9]+}} / 2; pair++) {
// CHECK:                   double [[DO:d_t[0-9]+]] = d_out[j];
// CHECK-NOT:               d_out[j] =
// CHECK:                   d_[[XI]] += [[DO]] * l[{{t[0-9]+}}];
// CHECK:                   d_[[XI]]_2nd += {{d_t[0-9]+_1}} * l[{{t[0-9]+}}];
// CHECK-NEXT:          }
// CHECK:               d_[[XI]] += d_[[XI]]_2nd;
// CHECK-NEXT:          /* memory_opt.c:{{[0-9]+}}: for (int j = i + 1; j < d; j++) */
// CHECK-NEXT:          if ([[T2]] < d) {
// CHECK-NEXT:              /* memory_opt.c:{{[0-9]+}}: out[j] += l[i * d + j] * x[i]; */
// CHECK-NEXT:              d_x[i] += d_[[XI]];
// CHECK-NEXT:          }
// CHECK-NEXT:      }
BP_GRAD(l, x)
double tri(const double *l, const double *x, int d)
{
    double out[8] = {0};
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++)
            out[j] += l[i * d + j] * x[i];
    double s = 0;
    for (int j = 0; j < d; j++)
        s += out[j] * out[j];
    return s;
}

// A loop that writes x keeps its loads of x where they are.
// CHECK-LABEL: double shift_grad(
// CHECK:           for (int j = 1; j < n; j++) {
// CHECK-NEXT:          x[j] = x[j] + x[0] * 0.5;
BP_GRAD(x)
double shift(double *x, int n)
{
    for (int j = 1; j < n; j++)
        x[j] += x[0] * 0.5;
    return x[n - 1];
}

// CHECK-LABEL: double cross_grad(
// CHECK-NEXT:  {
// CHECK-NEXT:      double [[C0:t[0-9]+]] = a[1] * b[2] - a[2] * b[1];
// CHECK-NEXT:      double [[C1:t[0-9]+]] = a[2] * b[0] - a[0] * b[2];
// CHECK-NEXT:      double [[C2:t[0-9]+]] = a[0] * b[1] - a[1] * b[0];
// CHECK-NEXT:      double [[P:t[0-9]+]] = [[C0]] * [[C1]];
// CHECK-NEXT:      double cross = [[P]] * [[C2]];
BP_GRAD(a, b)
double cross(const double *a, const double *b)
{
    double out[3];
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
    return out[0] * out[1] * out[2];
}
