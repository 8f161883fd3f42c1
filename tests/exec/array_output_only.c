// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Outputs the return value does not read: an in-place doubling that
// returns 0 (seed s must give 2 s), a scalar output *out next to a
// returned value, and an in-place recurrence returning a constant (the
// adjoint after the call against finite differences of <w, x on exit>).
//
// CHECK:      x[i] = 2 * x[i] with seed (1, 3): x = (2, -2), d_x = (2, 6)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: scalar output, seeded: ok
// CHECK-NEXT: in place, output only, seeded with w: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double twice_in_place(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = 2 * x[i];
    return 0;
}

BP_GRAD(x, out)
double scalar_out(const double *x, double *out, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    *out = s * x[0];
    return sqrt(s);
}

BP_GRAD(x)
double recurrence_out(double *x, int n)
{
    for (int i = 1; i < n; i++)
        x[i] = x[i] * x[i - 1] + sin(x[i]);
    return 1;
}

double twice_in_place_grad(double *x, double *d_x, int n);
double scalar_out_grad(const double *x, double *d_x, double *out, double *d_out, int n);
double recurrence_out_grad(double *x, double *d_x, int n);

static double w[N];

static double eval_scalar(const double *p)
{
    double out = 0;
    double f = scalar_out(p, &out, 3);
    return f + w[0] * out;
}
static double grad_scalar(const double *p, double *g)
{
    double out = 0, dout = w[0];
    double f = scalar_out_grad(p, g, &out, &dout, 3);
    return f + w[0] * out;
}

static double eval_rec(const double *p)
{
    double x[N];
    fd_copy(x, p, N);
    double f = recurrence_out(x, N);
    return f + fd_dot(w, x, N);
}
static double grad_rec(const double *p, double *g)
{
    double x[N], d[N];
    fd_copy(x, p, N);
    fd_copy(d, w, N);
    double f = recurrence_out_grad(x, d, N);
    for (int i = 0; i < N; i++)
        g[i] += d[i];
    return f + fd_dot(w, x, N);
}

int main(void)
{
    double x[2] = {1, -1}, dx[2] = {1, 3};
    twice_in_place_grad(x, dx, 2);
    printf("x[i] = 2 * x[i] with seed (1, 3): x = (%g, %g), d_x = (%g, %g)\n", x[0], x[1], dx[0],
           dx[1]);
    fd_expect_true("closed form", x[0] == 2 && x[1] == -2 && dx[0] == 2 && dx[1] == 6);

    for (int i = 0; i < N; i++)
        w[i] = fd_uniform();
    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, hi[] = {1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("scalar output, seeded", 3, eval_scalar, grad_scalar, lo, hi, 20, 1);
    fd_check("in place, output only, seeded with w", N, eval_rec, grad_rec, lo, hi, 20, 2);
    return fd_failures != 0;
}
