// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Loops whose carried value starts from an active value: a scalar
// parameter (s = a; s *= 2; Newton's iteration for sqrt from r = x, 3
// steps), an array element (Horner's rule starting at
// c[n-1], a recurrence starting at x[0]), the result of an earlier loop
// (two loops in a row on one accumulator), and the outer accumulator of a
// triangular nested loop (j < i) flowing into the inner loop.
//
// CHECK:      s = a; s *= 2 four times at a = 3: 48, d_a = 16
// CHECK-NEXT: horner 1 + 2x + 3x^2 at x = 2: 17, d/dx = 14, d/dc = (1, 2, 4)
// CHECK-NEXT: closed forms: ok
// CHECK-NEXT: s = a, then a loop: ok
// CHECK-NEXT: horner: ok
// CHECK-NEXT: recurrence from x[0]: ok
// CHECK-NEXT: two loops on one accumulator: ok
// CHECK-NEXT: triangular j < i: ok
// CHECK-NEXT: triangular with the row sums: ok
// CHECK-NEXT: newton sqrt from r = x: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(a)
double doubling(double a, int n)
{
    double s = a;
    for (int i = 0; i < n; i++)
        s = s * 2;
    return s;
}

BP_GRAD(a, x)
double scale_by(double a, const double *x, int n)
{
    double s = a;
    for (int i = 0; i < n; i++)
        s = s * x[i] + sin(s);
    return s;
}

/* c[0] + c[1] x + ... + c[n-1] x^(n-1) */
BP_GRAD(c, x)
double horner(const double *c, int n, double x)
{
    double y = c[n - 1];
    for (int i = n - 2; i >= 0; i--)
        y = y * x + c[i];
    return y;
}

BP_GRAD(a, x)
double recurrence(double a, const double *x, int n)
{
    double t = x[0];
    for (int i = 1; i < n; i++) {
        double u = t * a;
        t = u + x[i] * t - a * a * 0.125;
    }
    return t;
}

BP_GRAD(x)
double two_loops(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    for (int i = 0; i < n; i++)
        s = s * 0.5 + cos(x[i] * s);
    return s;
}

BP_GRAD(x)
double triangular(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            s += x[i] * x[j] * (j + 1);
    return s;
}

/* L = sum_i (sum_{j<=i} x[j] x[i])^2 / 2, the row sums carried on */
BP_GRAD(x)
double triangular_rows(const double *x, int n)
{
    double s = 0, row = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++)
            row += x[j] * x[i];
        s += 0.5 * row * row;
        row *= 0.5;
    }
    return s;
}

/* Newton's iteration for sqrt from r = x */
BP_GRAD(x)
double newton_sqrt(double x, int steps)
{
    double r = x;
    for (int k = 0; k < steps; k++)
        r = 0.5 * (r + x / r);
    return r;
}

double newton_sqrt_grad(double x, double *d_x, int steps);
double doubling_grad(double a, double *d_a, int n);
double scale_by_grad(double a, double *d_a, const double *x, double *d_x, int n);
double horner_grad(const double *c, double *d_c, int n, double x, double *d_x);
double recurrence_grad(double a, double *d_a, const double *x, double *d_x, int n);
double two_loops_grad(const double *x, double *d_x, int n);
double triangular_grad(const double *x, double *d_x, int n);
double triangular_rows_grad(const double *x, double *d_x, int n);

/* p = (a, x0..x4) */
static double eval_scale(const double *p) { return scale_by(p[0], p + 1, N) + doubling(p[0], 3); }
static double grad_scale(const double *p, double *g)
{
    return scale_by_grad(p[0], &g[0], p + 1, g + 1, N) + doubling_grad(p[0], &g[0], 3);
}

/* p = (c0..c3, x) */
static double eval_horner(const double *p) { return horner(p, 4, p[4]); }
static double grad_horner(const double *p, double *g) { return horner_grad(p, g, 4, p[4], &g[4]); }

static double eval_rec(const double *p) { return recurrence(p[0], p + 1, N); }
static double grad_rec(const double *p, double *g)
{
    return recurrence_grad(p[0], &g[0], p + 1, &g[1], N);
}

static double eval_newton(const double *p) { return newton_sqrt(p[0], 3); }
static double grad_newton(const double *p, double *g) { return newton_sqrt_grad(p[0], g, 3); }
static double eval_two(const double *p) { return two_loops(p, N); }
static double grad_two(const double *p, double *g) { return two_loops_grad(p, g, N); }
static double eval_tri(const double *p) { return triangular(p, N); }
static double grad_tri(const double *p, double *g) { return triangular_grad(p, g, N); }
static double eval_rows(const double *p) { return triangular_rows(p, N); }
static double grad_rows(const double *p, double *g) { return triangular_rows_grad(p, g, N); }

int main(void)
{
    double da = 0;
    double f = doubling_grad(3, &da, 4);
    printf("s = a; s *= 2 four times at a = 3: %g, d_a = %g\n", f, da);
    int ok = f == 48 && da == 16;

    const double c[3] = {1, 2, 3};
    double dc[3] = {0}, dx = 0;
    f = horner_grad(c, dc, 3, 2, &dx);
    printf("horner 1 + 2x + 3x^2 at x = 2: %g, d/dx = %g, d/dc = (%g, %g, %g)\n", f, dx, dc[0],
           dc[1], dc[2]);
    ok &= f == 17 && dx == 14 && dc[0] == 1 && dc[1] == 2 && dc[2] == 4;
    fd_expect_true("closed forms", ok);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("s = a, then a loop", N + 1, eval_scale, grad_scale, lo, hi, 20, 1);
    fd_check("horner", 5, eval_horner, grad_horner, lo, hi, 20, 2);
    fd_check("recurrence from x[0]", N + 1, eval_rec, grad_rec, lo, hi, 20, 3);
    fd_check("two loops on one accumulator", N, eval_two, grad_two, lo, hi, 20, 4);
    fd_check("triangular j < i", N, eval_tri, grad_tri, lo, hi, 20, 5);
    fd_check("triangular with the row sums", N, eval_rows, grad_rows, lo, hi, 20, 6);
    static const double nlo[] = {0.25}, nhi[] = {4};
    fd_check("newton sqrt from r = x", 1, eval_newton, grad_newton, nlo, nhi, 20, 7);
    return fd_failures != 0;
}
