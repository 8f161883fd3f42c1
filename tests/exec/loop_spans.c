// A counted loop that saves values of its own, and nothing else on the
// tape, claims one span a type in front of the loop (bp_push_span) and
// writes saved[i] = x; its reverse reads them back where they lie
// (bp_pop_span): no check a value.  With two spans, room for both is
// reserved first: claiming the second must not move the tape under the
// first (run here from an empty tape, over 50,000 trips, so that it
// grows).  A loop with an inner loop that saves (which claims its own
// spans) keeps its pushes.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %t | FileCheck %s --implicit-check-not=FAIL
//
// CODE-LABEL: double mixed_grad(const double *x, double *d_x, int n)
// CODE:         bp_tape_reserve([[C:t[0-9]+]] * 16);
// CODE-NEXT:    double *[[D:saved]] = bp_push_span([[C]] * sizeof(double));
// CODE-NEXT:    int *[[I:saved_1]] = bp_push_span([[C]] * sizeof(int));
// CODE:         for (int i = 0; i < n; i++) {
// CODE-NOT:       bp_push_
// CODE:           [[I]][i] = idx;
// CODE:         }
// CODE:         const int *[[RI:saved_[0-9]+]] = bp_pop_span([[C]] * sizeof(int));
// CODE-NEXT:    const double *[[RD:saved_[0-9]+]] = bp_pop_span([[C]] * sizeof(double));
// CODE-NEXT:    for (int i = n; i-- > 0;) {
// CODE-NOT:       bp_pop_
// CODE:           = [[RI]][i];
// CODE:         }
// CODE-LABEL: double nested_grad(
// CODE:         for (int i = 0; i < n; i++) {
// CODE:             double *saved = bp_push_span(
// CODE:             bp_push_double(
// CODE-LABEL: float floats_grad(
// CODE:         float *saved = bp_push_span(
//
// CHECK: mixed, 4 trips: ok
// CHECK: mixed, 50000 trips: ok
// CHECK: nested: ok
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

static int trips;
static double eval_mixed(const double *p) { return mixed(p, trips); }
static double grad_mixed(const double *p, double *g)
{
    bp_tape_release();                       /* the claims grow the tape */
    return mixed_grad(p, g, trips);
}
static double eval_nested(const double *p) { return nested(p, 6); }
static double grad_nested(const double *p, double *g) { return nested_grad(p, g, 6); }

int main(void)
{
    static const double lo[2] = {0.5, 0.5}, hi[2] = {1, 1};
    trips = 4;
    fd_check("mixed, 4 trips", 2, eval_mixed, grad_mixed, lo, hi, 5, 1);
    trips = 50000;
    fd_check("mixed, 50000 trips", 2, eval_mixed, grad_mixed, lo, hi, 3, 2);
    fd_check("nested", 2, eval_nested, grad_nested, lo, hi, 10, 3);
    return fd_failures != 0;
}
