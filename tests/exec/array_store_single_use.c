// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Stores whose adjoint has one use: t[i] = sin(x[i]) and t[i] = 3 * x[i]
// into a variable-length array.
//
// CHECK:      sin stored at x = (0, pi/2): d = (2, 0)
// CHECK-NEXT: closed forms: ok
// CHECK-NEXT: t[i] = sin(x[i]): ok
// CHECK-NEXT: t[i] = 3 * x[i]: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 4 };

BP_GRAD(x)
double store_sin(int n, const double *x)
{
    double t[n];
    for (int i = 0; i < n; i++)
        t[i] = sin(x[i]);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[(i + 1) % n];
    return s;
}

BP_GRAD(x)
double store_scaled(int n, const double *x)
{
    double t[n];
    for (int i = 0; i < n; i++)
        t[i] = 3 * x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[n - 1 - i] * x[i];
    return s;
}

double store_sin_grad(int n, const double *x, double *d_x);
double store_scaled_grad(int n, const double *x, double *d_x);

static double eval_sin(const double *p) { return store_sin(N, p); }
static double grad_sin(const double *p, double *g) { return store_sin_grad(N, p, g); }
static double eval_scaled(const double *p) { return store_scaled(N, p); }
static double grad_scaled(const double *p, double *g) { return store_scaled_grad(N, p, g); }

int main(void)
{
    /* n = 2: 2 sin x0 sin x1, at (0, pi/2) d = (2 cos 0 sin(pi/2), 0) = (2, 0) */
    const double h[2] = {0, 1.5707963267948966};
    double dh[2] = {0};
    store_sin_grad(2, h, dh);
    printf("sin stored at x = (0, pi/2): d = (%.6g, %.6g)\n", dh[0], fabs(dh[1]));
    int ok = fabs(dh[0] - 2) < 1e-15 && fabs(dh[1]) < 1e-15;

    fd_expect_true("closed forms", ok);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5}, hi[] = {1.5, 1.5, 1.5, 1.5};
    fd_check("t[i] = sin(x[i])", N, eval_sin, grad_sin, lo, hi, 20, 1);
    fd_check("t[i] = 3 * x[i]", N, eval_scaled, grad_scaled, lo, hi, 20, 2);
    return fd_failures != 0;
}
