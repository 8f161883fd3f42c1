// A pointer whose const the model casts away: to pass it to an old
// function that forgot const, or to write through it.  The IR keeps one
// pointer for both, so the generated code prints the cast where a write or
// a parameter of pointer to non-const needs it (it printed `a[0] = ...`
// into a const array, which does not compile; found with the front-door
// fuzzer).
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CODE-LABEL: double through_grad(
// CODE:     double s = sum_old{{(_fwd)?}}((double *)a, 3);
// CODE:     fill_fwd((double *)scratch, x);
// CODE:     fill_rev((double *)scratch, d_scratch, x, d_x);
// CODE-LABEL: double store_grad(
// CODE:     ((double *)a)[0] = t1;
// CHECK: through a cast: ok
// CHECK: stored through a cast: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

/* Old code: reads v only, but its signature says otherwise. */
double sum_old(double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void fill(double *out, double x)
{
    out[0] = x * x;
    out[1] = sin(x);
}

BP_GRAD(x, scratch)
double through(double x, const double *a, const double *scratch)
{
    double s = sum_old((double *)a, 3);
    double *w = (double *)scratch;
    fill(w, x);
    return s * x + w[0] * w[1];
}

BP_GRAD(x, a)
double store(double x, const double *a)
{
    double *w = (double *)a;
    w[0] = x * x;
    return w[0] * 2.0 + a[1] * x;
}

double through_grad(double x, double *d_x, const double *a, const double *scratch,
                    double *d_scratch);
double store_grad(double x, double *d_x, const double *a, double *d_a);

static const double fixed[3] = {0.5, -1.25, 2.0};

static double eval_through(const double *p)
{
    double scratch[2] = {0};
    return through(p[0], fixed, scratch);
}
static double grad_through(const double *p, double *g)
{
    double scratch[2] = {0}, d_scratch[2] = {0};
    return through_grad(p[0], g, fixed, scratch, d_scratch);
}
static double eval_store(const double *p)
{
    double a[2] = {0, 0.75};
    return store(p[0], a);
}
static double grad_store(const double *p, double *g)
{
    double a[2] = {0, 0.75}, d_a[2] = {0};
    return store_grad(p[0], g, a, d_a);
}

int main(void)
{
    double lo[1] = {-2}, hi[1] = {2};
    fd_check("through a cast", 1, eval_through, grad_through, lo, hi, 20, 1);
    fd_check("stored through a cast", 1, eval_store, grad_store, lo, hi, 20, 2);
    return fd_failures != 0;
}
