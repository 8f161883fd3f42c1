// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Arrays the function writes, named in BP_GRAD: the contract says their
// adjoint array is read as the seed for the values written there and,
// after the call, holds the adjoint of the values they had on entry.
//
// In place: x[i] = x[i] * x[i-1] + sin(x[i]) for i = 1..n-1, returning
// x[n-1].  Checked twice: with the seed zero, d_x is the gradient of the
// returned value with respect to x on entry (finite differences of the
// return); and with the seed w (random weights), d_x is the gradient of
// f + <w, x on exit> with respect to x on entry (finite differences of
// that sum).  The same for an output y written through a non-const pointer
// parameter (y[i] = tanh(x[i] x[i+1]), read back for the return), whose
// entry values do not matter (d_y after the call is 0 where y was written);
// an output written only in part (y[0] written, y[1] only read: d_y[1]
// keeps its seed plus what the reads add).  Outputs that the returned
// value does not read back are in array_output_only.c.
//
// CHECK:      in place at x = (1, 2): x = (1, 2.9093), f = 2.9093
// CHECK-NEXT: seed (0.5, 3): d_x = (8.5, 2.3354)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: in place, the return: ok
// CHECK-NEXT: in place, seeded with w: ok
// CHECK-NEXT: y written, the return: ok
// CHECK-NEXT: y written, seeded with w: ok
// CHECK-NEXT: d_y after the call: ok
// CHECK-NEXT: y written in part, seeded with w: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double inplace(double *x, int n)
{
    for (int i = 1; i < n; i++)
        x[i] = x[i] * x[i - 1] + sin(x[i]);
    return x[n - 1];
}

BP_GRAD(x, y)
double layer(const double *x, double *y, int n)
{
    for (int i = 0; i < n - 1; i++)
        y[i] = tanh(x[i] * x[i + 1]);
    double s = 0;
    for (int i = 0; i < n - 1; i++)
        s += y[i] * y[i] * x[i];
    return s;
}

/* y[0] is written, y[1] only read */
BP_GRAD(x, y)
double part(const double *x, double *y)
{
    y[0] = x[0] * y[1] + x[1];
    return y[0] * x[1] + y[1] * y[1];
}

double inplace_grad(double *x, double *d_x, int n);
double layer_grad(const double *x, double *d_x, double *y, double *d_y, int n);
double part_grad(const double *x, double *d_x, double *y, double *d_y);

/* Random weights for the seeds, drawn once. */
static double w[2 * N];

/* The return only: x copied, seed 0, the adjoint added into g. */
static double eval_inplace(const double *p)
{
    double x[N];
    fd_copy(x, p, N);
    return inplace(x, N);
}
static double grad_inplace(const double *p, double *g)
{
    double x[N], d[N] = {0};
    fd_copy(x, p, N);
    double f = inplace_grad(x, d, N);
    for (int i = 0; i < N; i++)
        g[i] += d[i];
    return f;
}

/* f + <w, x on exit>, and its gradient from the seed d_x = w */
static double eval_inplace_w(const double *p)
{
    double x[N];
    fd_copy(x, p, N);
    double f = inplace(x, N);
    return f + fd_dot(w, x, N);
}
static double grad_inplace_w(const double *p, double *g)
{
    double x[N], d[N];
    fd_copy(x, p, N);
    fd_copy(d, w, N);
    double f = inplace_grad(x, d, N);
    for (int i = 0; i < N; i++)
        g[i] += d[i];
    return f + fd_dot(w, x, N);
}

/* p = x (N); y starts as garbage that must not matter */
static double eval_layer(const double *p)
{
    double y[N] = {7, 7, 7, 7, 7};
    return layer(p, y, N);
}
static double grad_layer(const double *p, double *g)
{
    double y[N] = {7, 7, 7, 7, 7}, dy[N] = {0};
    return layer_grad(p, g, y, dy, N);
}

static int layer_dy_ok = 1;  /* d_y is 0 after the call where y was written */
static double eval_layer_w(const double *p)
{
    double y[N] = {7, 7, 7, 7, 7};
    double f = layer(p, y, N);
    return f + fd_dot(w, y, N - 1);
}
static double grad_layer_w(const double *p, double *g)
{
    double y[N] = {7, 7, 7, 7, 7}, dy[N];
    fd_copy(dy, w, N);
    double f = layer_grad(p, g, y, dy, N);
    for (int i = 0; i < N - 1; i++)
        layer_dy_ok &= dy[i] == 0;
    layer_dy_ok &= dy[N - 1] == w[N - 1];
    return f + fd_dot(w, y, N - 1);
}

/* p = (x0, x1, y0, y1): y0's entry value is overwritten, y1 is read */
static double eval_part(const double *p)
{
    double y[2] = {p[2], p[3]};
    double f = part(p, y);
    return f + w[0] * y[0] + w[1] * y[1];
}
static double grad_part(const double *p, double *g)
{
    double y[2] = {p[2], p[3]}, dy[2] = {w[0], w[1]};
    double f = part_grad(p, g, y, dy);
    g[2] += dy[0];
    g[3] += dy[1];
    return f + w[0] * y[0] + w[1] * y[1];
}

int main(void)
{
    /* x1 = 2 * 1 + sin 2 = 2.9093 on exit; with the seed s the objective is
     * f + s0 x0 + s1 x1 = (1 + s1) (x1 x0 + sin x1) + s0 x0 on entry values:
     * d_x0 = s0 + (1 + s1) x1 = 8.5, d_x1 = (1 + s1) (x0 + cos x1) */
    double x[2] = {1, 2}, d[2] = {0.5, 3};
    double f = inplace_grad(x, d, 2);
    printf("in place at x = (1, 2): x = (%g, %g), f = %g\n", x[0], x[1], f);
    printf("seed (0.5, 3): d_x = (%g, %.5g)\n", d[0], d[1]);
    double want1 = 4 * (1 + cos(2.0));
    fd_expect_true("closed form", x[0] == 1 && x[1] == 2 + sin(2.0) && f == x[1] &&
                                      d[0] == 0.5 + 4 * 2 && fabs(d[1] - want1) < 1e-15);

    for (int i = 0; i < 2 * N; i++)
        w[i] = fd_uniform();
    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, hi[] = {1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("in place, the return", N, eval_inplace, grad_inplace, lo, hi, 20, 1);
    fd_check("in place, seeded with w", N, eval_inplace_w, grad_inplace_w, lo, hi, 20, 2);
    fd_check("y written, the return", N, eval_layer, grad_layer, lo, hi, 20, 3);
    fd_check("y written, seeded with w", N, eval_layer_w, grad_layer_w, lo, hi, 20, 4);
    fd_expect_true("d_y after the call", layer_dy_ok);
    fd_check("y written in part, seeded with w", 4, eval_part, grad_part, lo, hi, 20, 5);
    return fd_failures != 0;
}
