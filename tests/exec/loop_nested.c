// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Nested loops and loops mixed with branches: a matrix-vector product
// W[j*D + i] x[i] through tanh, with the gradient in both W and x; three
// loops deep; ifs inside loops (if / else on the data, an if without else,
// continue, a ternary), loops inside the branches of an if, and a loop
// whose bound is chosen by an if.  Data-dependent branches are checked on
// boxes that keep every input on one side of its test.
//
// CHECK:      y0 + 2 y1 at W = (1 2 3; 4 5 6), x = (1, 1, 1): 36, d_x = (9, 12, 15), d_W = (1 1 1; 2 2 2)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: tanh(W x): ok
// CHECK-NEXT: three deep: ok
// CHECK-NEXT: if / else in a loop: ok
// CHECK-NEXT: if without else in a loop: ok
// CHECK-NEXT: continue: ok
// CHECK-NEXT: ternary in a loop: ok
// CHECK-NEXT: loops in branches, x0 > 0: ok
// CHECK-NEXT: loops in branches, x0 < 0: ok
// CHECK-NEXT: bound chosen by an if, x0 > 0: ok
// CHECK-NEXT: bound chosen by an if, x0 < 0: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { H = 3, D = 4, N = 6 };

/* sum_j y_j with y = W x (W is h×d, row-major) */
BP_GRAD(W, x)
double matvec_sum(const double *W, const double *x, int h, int d)
{
    double s = 0;
    for (int j = 0; j < h; j++) {
        double y = 0;
        for (int i = 0; i < d; i++)
            y += W[j * d + i] * x[i];
        s += y * (j + 1);
    }
    return s;
}

BP_GRAD(W, x)
double tanh_matvec(const double *W, const double *x, int h, int d)
{
    double s = 0;
    for (int j = 0; j < h; j++) {
        double y = 0;
        for (int i = 0; i < d; i++)
            y += W[j * d + i] * x[i];
        s += tanh(y) * tanh(y);
    }
    return s;
}

/* sum over i, j, k of x[i] x[j] x[k] (i + j - k) with cos */
BP_GRAD(x)
double three_deep(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double t = 0;
        for (int j = 0; j < n; j++) {
            double u = 0;
            for (int k = 0; k < n; k++)
                u += x[k] * (i + j - k);
            t += cos(u) * x[j];
        }
        s += t * x[i];
    }
    return s;
}

BP_GRAD(x)
double if_else(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0)
            s = s * 0.5 + x[i] * x[i];
        else
            s = s * x[i] - sin(x[i]);
    }
    return s;
}

BP_GRAD(x)
double if_only(const double *x, int n)
{
    double s = 1;
    for (int i = 0; i < n; i++) {
        double t = x[i] * 2;
        if (x[i] < 0) {
            t = t * t;
            s += 1;
        }
        s = s * t;
    }
    return s;
}

BP_GRAD(x)
double skip(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] < 0)
            continue;
        s = s * x[i] + exp(x[i]);
    }
    return s;
}

BP_GRAD(x)
double ternary(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] > 0 ? x[i] * s : x[i] * x[i];
    return s;
}

BP_GRAD(x)
double loops_in_branches(const double *x, int n)
{
    double s = 0;
    if (x[0] > 0) {
        for (int i = 1; i < n; i++)
            s += x[i] * x[i - 1];
    } else {
        for (int i = n - 1; i > 0; i--)
            s = s * 0.5 + sin(x[i]);
        s *= x[0];
    }
    return s + x[0];
}

BP_GRAD(x)
double bound_by_if(const double *x, int n)
{
    int m = n;
    if (x[0] < 0)
        m = n / 2;
    double s = 0;
    for (int i = 0; i < m; i++)
        s += x[i] * x[(i + 1) % m];
    return s;
}

double matvec_sum_grad(const double *W, double *d_W, const double *x, double *d_x, int h, int d);
double tanh_matvec_grad(const double *W, double *d_W, const double *x, double *d_x, int h,
                        int d);
double three_deep_grad(const double *x, double *d_x, int n);
double if_else_grad(const double *x, double *d_x, int n);
double if_only_grad(const double *x, double *d_x, int n);
double skip_grad(const double *x, double *d_x, int n);
double ternary_grad(const double *x, double *d_x, int n);
double loops_in_branches_grad(const double *x, double *d_x, int n);
double bound_by_if_grad(const double *x, double *d_x, int n);

/* p = (W (H×D), x (D)) */
static double eval_tanh(const double *p) { return tanh_matvec(p, p + H * D, H, D); }
static double grad_tanh(const double *p, double *g)
{
    return tanh_matvec_grad(p, g, p + H * D, g + H * D, H, D);
}

#define WRAP(name, ...)                                                                  \
    static double eval_##name(const double *p) { return name(p, __VA_ARGS__); }        \
    static double grad_##name(const double *p, double *g)                              \
    {                                                                                  \
        return name##_grad(p, g, __VA_ARGS__);                                         \
    }
WRAP(three_deep, 4)
WRAP(if_else, N)
WRAP(if_only, N)
WRAP(skip, N)
WRAP(ternary, N)
WRAP(loops_in_branches, N)
WRAP(bound_by_if, N)

int main(void)
{
    const double W[6] = {1, 2, 3, 4, 5, 6}, x[3] = {1, 1, 1};
    double dW[6] = {0}, dx[3] = {0};
    /* y = (6, 15), s = y0 + 2 y1 = 36, d_x = row 0 + 2 row 1, d_W = (x; 2 x) */
    double f = matvec_sum_grad(W, dW, x, dx, 2, 3);
    printf("y0 + 2 y1 at W = (1 2 3; 4 5 6), x = (1, 1, 1): %g, d_x = (%g, %g, %g), "
           "d_W = (%g %g %g; %g %g %g)\n",
           f, dx[0], dx[1], dx[2], dW[0], dW[1], dW[2], dW[3], dW[4], dW[5]);
    fd_expect_true("closed form", f == 36 && dx[0] == 9 && dx[1] == 12 && dx[2] == 15 &&
                                      dW[0] == 1 && dW[1] == 1 && dW[2] == 1 && dW[3] == 2 &&
                                      dW[4] == 2 && dW[5] == 2);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5,
                                -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5,
                                1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("tanh(W x)", H * D + D, eval_tanh, grad_tanh, lo, hi, 20, 1);
    fd_check("three deep", 4, eval_three_deep, grad_three_deep, lo, hi, 20, 2);

    /* signs alternate: +, -, +, -, +, - */
    static const double alo[] = {0.1, -1.5, 0.1, -1.5, 0.1, -1.5},
                        ahi[] = {1.5, -0.1, 1.5, -0.1, 1.5, -0.1};
    fd_check("if / else in a loop", N, eval_if_else, grad_if_else, alo, ahi, 20, 3);
    fd_check("if without else in a loop", N, eval_if_only, grad_if_only, alo, ahi, 20, 4);
    fd_check("continue", N, eval_skip, grad_skip, alo, ahi, 20, 5);
    fd_check("ternary in a loop", N, eval_ternary, grad_ternary, alo, ahi, 20, 6);
    static const double plo[] = {0.1, -1.5, -1.5, -1.5, -1.5, -1.5},
                        phi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    static const double nlo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        nhi[] = {-0.1, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("loops in branches, x0 > 0", N, eval_loops_in_branches, grad_loops_in_branches,
             plo, phi, 20, 7);
    fd_check("loops in branches, x0 < 0", N, eval_loops_in_branches, grad_loops_in_branches,
             nlo, nhi, 20, 8);
    fd_check("bound chosen by an if, x0 > 0", N, eval_bound_by_if, grad_bound_by_if, plo, phi,
             20, 9);
    fd_check("bound chosen by an if, x0 < 0", N, eval_bound_by_if, grad_bound_by_if, nlo, nhi,
             20, 10);
    return fd_failures != 0;
}
