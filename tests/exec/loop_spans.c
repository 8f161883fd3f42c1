// A counted loop that saves values of its own, and nothing else on the
// tape, claims a span of doubles in front of the loop (bp_push_span) and
// writes saved[2 * i] = x; its reverse reads them back where they lie
// (bp_pop_span): no check a value.  An int goes through double, exactly
// (run here from an empty tape, over 50,000 trips, so that it grows).  A loop with an inner loop that saves (which claims its own
// spans) keeps its pushes.  A function of the model called in a loop saves
// what its reverse half needs the same way, in spans of constant length;
// a loop calling one that saves nothing still claims a span of its own.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// CODE-LABEL: static double rotate_fwd(double a, double b){{$}}
// CODE:         double *saved = bp_push_span(2 * sizeof(double));
// CODE-NEXT:    saved[0] = s;
// CODE-NEXT:    saved[1] = c;
// CODE-LABEL: static void rotate_rev(double a, double *d_a, double b, double *d_b, double d_rotate){{$}}
// CODE:         const double *saved = bp_pop_span(2 * sizeof(double));
// CODE-NEXT:    double c = saved[1];
// CODE-NEXT:    double s = saved[0];
// CODE-LABEL: double mixed_grad(const double *x, double *d_x, int n)
// CODE:         double *saved = bp_push_span((n > 0 ? n : 0) * 2 * sizeof(double));
// CODE:         for (int i = 0; i < n; i++) {
// CODE-NOT:       bp_push_
// CODE:           saved[[[K:t[0-9]+]]] = (double)idx;
// CODE-NEXT:      saved[[[K]] + 1] = s;
// CODE:         }
// CODE:         const double *[[S:saved_[0-9]+]] = bp_pop_span((n > 0 ? n : 0) * 2 * sizeof(double));
// CODE-NEXT:    for (int i = n; i-- > 0;) {
// CODE-NOT:       bp_pop_
// CODE:           int idx_1 = (int)[[S]][{{t[0-9]+}}];
// CODE:         }
// CODE-LABEL: double nested_grad(
// CODE:         for (int i = 0; i < n; i++) {
// CODE:             double *saved = bp_push_span(
// CODE:             bp_push_double(
// CODE-LABEL: float floats_grad(
// CODE:         double *saved = bp_push_span(
// CODE-LABEL: double pure_calls_grad(
// CODE:         double *saved = bp_push_span(
// CODE:         for (int i = 0; i < n; i++) {
// CODE:             square_fwd(
//
// CHECK: mixed, 4 trips: ok
// CHECK: mixed, 50000 trips: ok
// CHECK: nested: ok
// CHECK: helper: ok
// CHECK: pure calls: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x)
double mixed(const double *x, int n)
{
    double s = 0;
    int idx = 0;
    for (int i = 0; i < n; i++) {
        s += 1e-4 * sin(s + x[0] * (i % 7)) + 1e-9 * x[1] * idx * s;
        idx += i % 3;
    }
    return s;
}
double mixed_grad(const double *x, double *d_x, int n);

BP_GRAD(x)
double nested(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double t = s;
        for (int j = 0; j < 3; j++)
            t = sin(t + x[j % 2]);
        s = s * t + x[1];
    }
    return s;
}
double nested_grad(const double *x, double *d_x, int n);

BP_GRAD(x)
float floats(const float *x, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += sinf(s * x[i % 2]);
    return s;
}

__attribute__((noinline)) static double rotate(double a, double b)
{
    double c = cos(a), s = sin(a);
    if (b > 0)
        return c * b - s * a;
    return s * b + c;
}

BP_GRAD(x)
double helper(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += rotate(x[0] * s, x[1] - 0.3 * i);
    return s;
}
double helper_grad(const double *x, double *d_x, int n);

__attribute__((noinline)) static double square(double u) { return u * u; }

BP_GRAD(x)
double pure_calls(const double *x, int n)
{
    double s = 1;
    for (int i = 0; i < n; i++)
        s = sin(s) + square(x[i % 2] * s);
    return s;
}
double pure_calls_grad(const double *x, double *d_x, int n);

static int trips;
static double eval_mixed(const double *p) { return mixed(p, trips); }
static double grad_mixed(const double *p, double *g)
{
    bp_tape_release();                       /* the claims grow the tape */
    return mixed_grad(p, g, trips);
}
static double eval_nested(const double *p) { return nested(p, 6); }
static double grad_nested(const double *p, double *g) { return nested_grad(p, g, 6); }

static double eval_helper(const double *p) { return helper(p, 5); }
static double grad_helper(const double *p, double *g) { return helper_grad(p, g, 5); }

static double eval_pure(const double *p) { return pure_calls(p, 5); }
static double grad_pure(const double *p, double *g) { return pure_calls_grad(p, g, 5); }

int main(void)
{
    static const double lo[2] = {0.5, 0.5}, hi[2] = {1, 1};
    trips = 4;
    fd_check("mixed, 4 trips", 2, eval_mixed, grad_mixed, lo, hi, 5, 1);
    trips = 50000;
    fd_check("mixed, 50000 trips", 2, eval_mixed, grad_mixed, lo, hi, 3, 2);
    fd_check("nested", 2, eval_nested, grad_nested, lo, hi, 10, 3);
    fd_check("helper", 2, eval_helper, grad_helper, lo, hi, 10, 4);
    fd_check("pure calls", 2, eval_pure, grad_pure, lo, hi, 10, 5);
    return fd_failures != 0;
}
