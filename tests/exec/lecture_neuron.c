// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The sigmoid neuron of the lecture notes: f(w, x) = σ(w0·x0 + w1·x1 + w2)
// with σ(a) = 1/(1 + e^-a), weights and inputs passed as arrays.  At
// w = (2, -3, -3), x = (-1, -2) the dot product is 1, f = σ(1) ≈ 0.73 and
// df/d(dot) = f(1 - f) ≈ 0.20, so the notes give dw ≈ (-0.20, -0.39, 0.20)
// and dx ≈ (0.39, -0.59).  Those are printed to two decimals; every value
// is also compared to 1e-12 with the closed form, here and at random points,
// and the gradient with finite differences.
//
// CHECK:      f = 0.73
// CHECK-NEXT: dw = [-0.20, -0.39, 0.20]
// CHECK-NEXT: dx = [0.39, -0.59]
// CHECK-NEXT: closed form at the notes' point: ok
// CHECK-NEXT: closed form at random points: ok
// CHECK-NEXT: neuron: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(w, x)
double neuron(const double *w, const double *x)
{
    double dot = w[0] * x[0] + w[1] * x[1] + w[2];
    return 1.0 / (1.0 + exp(-dot));
}

double neuron_grad(const double *w, double *d_w, const double *x, double *d_x);

/* p = (w0, w1, w2, x0, x1); g in the same order. */
static double eval(const double *p)
{
    return neuron(p, p + 3);
}

static double grad(const double *p, double *g)
{
    return neuron_grad(p, g, p + 3, g + 3);
}

/* The notes' formulas: with s = f(1 - f), dwi = xi·s, dxi = wi·s, dw2 = s.
 * Returns the largest error relative to max(1, |value|). */
static double closed_form_error(const double *p)
{
    double g[5] = {0};
    double f = grad(p, g);
    double a = p[0] * p[3] + p[1] * p[4] + p[2];
    double sig = 1 / (1 + exp(-a)), s = sig * (1 - sig);
    double want[6] = {p[3] * s, p[4] * s, s, p[0] * s, p[1] * s, sig};
    double got[6] = {g[0], g[1], g[2], g[3], g[4], f};
    double err = 0;
    for (int i = 0; i < 6; i++)
        err = fd_worse(err, fabs(got[i] - want[i]) / fmax(1, fabs(want[i])));
    return err;
}

int main(void)
{
    double w[3] = {2, -3, -3}, x[2] = {-1, -2};
    double dw[3] = {0}, dx[2] = {0};
    double f = neuron_grad(w, dw, x, dx);
    printf("f = %.2f\n", f);
    printf("dw = [%.2f, %.2f, %.2f]\n", dw[0], dw[1], dw[2]);
    printf("dx = [%.2f, %.2f]\n", dx[0], dx[1]);

    double p[5] = {2, -3, -3, -1, -2};
    fd_expect("closed form at the notes' point", closed_form_error(p), 1e-12);
    double worst = 0;
    for (int k = 0; k < 50; k++) {
        for (int i = 0; i < 5; i++)
            p[i] = 3 * fd_uniform();
        worst = fd_worse(worst, closed_form_error(p));
    }
    fd_expect("closed form at random points", worst, 1e-12);

    static const double lo[] = {-3, -3, -3, -3, -3}, hi[] = {3, 3, 3, 3, 3};
    fd_check("neuron", 5, eval, grad, lo, hi, 20, 2);
    return fd_failures != 0;
}
