// Small straight-line functions of the model are inlined where they are
// called (inline.c): their operations become the caller's, saved in the
// caller's span when a loop needs them, named as the caller names the
// result, and quoted by their own source lines.  A function with a branch
// or a loop, one writing memory, one taking a struct by value, and one
// marked __attribute__((noinline)) stay calls, with forward and reverse
// halves.
// RUN: %bpgen %s -o %t.c
// RUN: FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <bpgen.h>
#include <math.h>

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }
static double ident(double v) { return v; }
static double relu(double v) {
    if (v > 0)
        return v;
    return 0;
}
__attribute__((noinline)) static double square(double u) { return u * u; }

// CHECK-NOT: sigmoid_fwd
// CHECK-NOT: ident_fwd
// CHECK: static double relu_fwd(double v);
// CHECK: static double square_fwd(double u);

// CHECK-LABEL: double gates_grad(const double *x, double *d_x, int n)
// CHECK:           double *saved = bp_push_span((n > 0 ? n : 0) * 6 * sizeof(double));
// CHECK:               double [[E:t[0-9]+]] = exp(-(x[i] * s + 1.0));
// CHECK-NEXT:          double [[D:t[0-9]+]] = 1.0 + [[E]];
// CHECK-NEXT:          double gate = 1.0 / [[D]];
// CHECK-NEXT:          double {{t[0-9]+}} = relu_fwd(gate);
// CHECK-NEXT:          double {{t[0-9]+}} = square_fwd(x[i]);
// CHECK:           /* reverse sweep: adjoints, last operation first */
// CHECK:               square_rev(x[i], d_x + i, {{d_t[0-9]+}});
// CHECK:               relu_rev(gate_1, &d_gate, {{d_t[0-9]+}});
// CHECK-NEXT:          /* inline.c:14: static double sigmoid(double z) { return 1.0 / (1.0 +... */
// CHECK-NEXT:          double [[DD:d_t[0-9]+]] = -(d_gate / {{t[0-9]+}}) * gate_1;
BP_GRAD(x)
double gates(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
        double gate = sigmoid(x[i] * s + 1.0);
        s += relu(gate) * square(ident(x[i]));
    }
    return s;
}
