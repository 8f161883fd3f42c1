// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The multivariate chain rule of the lecture notes: f(x, y) = y + e^{xy}
// with x = cos t and y = t², written as a function of t.  t reaches f along
// two paths, and the notes' total derivative is
//     df/dt = (∂f/∂x)(dx/dt) + (∂f/∂y)(dy/dt)
//           = y e^{xy} (−sin t) + (1 + x e^{xy}) 2t.
// The generated gradient is compared with it to 1e-12 at random t, printed
// at t = 0 (where it is 0) and t = 1 (values from Python), and checked with
// finite differences.
//
// CHECK:      t = 0: f = 1, df/dt = 0
// CHECK-NEXT: t = 1: f = 2.7165, df/dt = 2.4105
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: y + exp(xy): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(t)
double chain(double t)
{
    double x = cos(t);
    double y = t * t;
    return y + exp(x * y);
}

double chain_grad(double t, double *d_t);

static double eval(const double *p)
{
    return chain(p[0]);
}

static double grad(const double *p, double *g)
{
    return chain_grad(p[0], &g[0]);
}

static double closed_form(double t)
{
    double x = cos(t), y = t * t, e = exp(x * y);
    return y * e * -sin(t) + (1 + x * e) * 2 * t;
}

int main(void)
{
    for (int t = 0; t <= 1; t++) {
        double dt = 0;
        double f = chain_grad(t, &dt);
        printf("t = %d: f = %.5g, df/dt = %.5g\n", t, f, dt);
    }

    double worst = 0;
    for (int k = 0; k < 100; k++) {
        double t = 3 * fd_uniform(), dt = 0, want = closed_form(t);
        chain_grad(t, &dt);
        worst = fd_worse(worst, fabs(dt - want) / fmax(1, fabs(want)));
    }
    fd_expect("closed form", worst, 1e-12);

    static const double lo[] = {-3}, hi[] = {3};
    fd_check("y + exp(xy)", 1, eval, grad, lo, hi, 30, 4);
    return fd_failures != 0;
}
