// Inlined helpers (inline.c) against finite differences: a sigmoid and an
// identity inlined in a loop that saves their values in its span, next to
// a helper with a branch and one marked noinline that stay calls; a leaf
// reading an array through a pointer; a chain of leaves, each inlined into
// the next.  (The generated code: tests/codegen/inline.c.)
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CHECK: gates: ok
// CHECK: leaves: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }
static double ident(double v) { return v; }
static double relu(double v) {
    if (v > 0)
        return v;
    return 0;
}
__attribute__((noinline)) static double square(double u) { return u * u; }
static double dot2(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }
static double twice(double v) { return 2 * sigmoid(v) - 1; }
static double nested(double v) { return twice(v) * twice(v * v); }

BP_GRAD(x)
double gates(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
        double gate = sigmoid(x[i] * s + 1.0);
        s += relu(gate) * square(ident(x[i]));
    }
    return s;
}

BP_GRAD(x)
double leaves(const double *x, int n) {
    double s = 0;
    for (int i = 0; i + 1 < n; i++)
        s += dot2(x + i, x) * nested(x[i + 1]);
    return s;
}

double gates_grad(const double *x, double *d_x, int n);
double leaves_grad(const double *x, double *d_x, int n);

static double eval_gates(const double *p) { return gates(p, N); }
static double grad_gates(const double *p, double *g) { return gates_grad(p, g, N); }
static double eval_leaves(const double *p) { return leaves(p, N); }
static double grad_leaves(const double *p, double *g) { return leaves_grad(p, g, N); }

int main(void)
{
    double lo[N], hi[N];
    for (int i = 0; i < N; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("gates", N, eval_gates, grad_gates, lo, hi, 20, 1);
    fd_check("leaves", N, eval_leaves, grad_leaves, lo, hi, 20, 2);
    return fd_failures != 0;
}
