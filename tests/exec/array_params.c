// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -Wno-array-parameter -Wno-vla-parameter -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Array parameters read in loops: `const double *x`, `double x[]`,
// `double x[n]` with n a parameter before it (a C99 variably modified
// parameter), `const double x[static 4]`; index arithmetic (2i + 1,
// n - 1 - i, i * stride + offset, i % n, an index computed in an int
// local); two arrays of different lengths named in BP_GRAD with one left
// out; elements read more than once per iteration.  (A matrix parameter
// `const double A[][3]` is rejected with a diagnostic in this version.)
//
// CHECK:      x[n] at x = (1, 2, 3): 14, d = (2, 4, 6)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: const double *x: ok
// CHECK-NEXT: double x[]: ok
// CHECK-NEXT: double x[n]: ok
// CHECK-NEXT: double x[static 4]: ok
// CHECK-NEXT: index arithmetic: ok
// CHECK-NEXT: stride and offset: ok
// CHECK-NEXT: index in a local: ok
// CHECK-NEXT: two arrays, one left out: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 6 };

BP_GRAD(x)
double by_pointer(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * x[i] - x[i];
    return s;
}

BP_GRAD(x)
double by_open_array(double x[], int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] * 0.5) * x[(i + 1) % n];
    return s;
}

BP_GRAD(x)
double by_vla(int n, double x[n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

BP_GRAD(x)
double by_static(const double x[static 4])
{
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += x[i] * x[3 - i] + cos(x[i]);
    return s;
}

/* reads x[2i + 1], x[n - 1 - i], x[2i] */
BP_GRAD(x)
double index_arith(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n / 2; i++)
        s += x[2 * i + 1] * x[n - 1 - i] - x[2 * i] * x[2 * i] * 0.5;
    return s;
}

BP_GRAD(x)
double stride(const double *x, int rows, int stride, int offset)
{
    double s = 0;
    for (int i = 0; i < rows; i++)
        s += sin(x[i * stride + offset]) * x[i * stride];
    return s;
}

BP_GRAD(x)
double index_local(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        int k = (i * 5 + 2) % n;
        int m = n - 1 - k;
        s += x[k] * x[m] + x[k];
    }
    return s;
}

BP_GRAD(a, c)
double two_arrays(const double *a, int na, const double *b, const double *c, int nc)
{
    double s = 0;
    for (int i = 0; i < na; i++)
        s += a[i] * b[i] * c[i % nc];
    double t = 0;
    for (int j = 0; j < nc; j++)
        t += c[j] * c[j] * b[j];
    return s - t;
}

double by_pointer_grad(const double *x, double *d_x, int n);
double by_open_array_grad(double x[], double *d_x, int n);
double by_vla_grad(int n, double x[n], double *d_x);
double by_static_grad(const double x[static 4], double *d_x);
double index_arith_grad(const double *x, double *d_x, int n);
double stride_grad(const double *x, double *d_x, int rows, int stride, int offset);
double index_local_grad(const double *x, double *d_x, int n);
double two_arrays_grad(const double *a, double *d_a, int na, const double *b, const double *c,
                       double *d_c, int nc);

static double eval_ptr(const double *p) { return by_pointer(p, N); }
static double grad_ptr(const double *p, double *g) { return by_pointer_grad(p, g, N); }

/* non-const parameters: copies */
static double eval_open(const double *p)
{
    double x[N];
    fd_copy(x, p, N);
    return by_open_array(x, N);
}
static double grad_open(const double *p, double *g)
{
    double x[N];
    fd_copy(x, p, N);
    return by_open_array_grad(x, g, N);
}
static double eval_vla(const double *p)
{
    double x[N];
    fd_copy(x, p, N);
    return by_vla(N, x);
}
static double grad_vla(const double *p, double *g)
{
    double x[N];
    fd_copy(x, p, N);
    return by_vla_grad(N, x, g);
}

static double eval_static(const double *p) { return by_static(p); }
static double grad_static(const double *p, double *g) { return by_static_grad(p, g); }
static double eval_arith(const double *p) { return index_arith(p, N); }
static double grad_arith(const double *p, double *g) { return index_arith_grad(p, g, N); }
/* 3 rows of stride 4, column 2: reads x[0, 2, 4, 6, 8, 10] */
static double eval_stride(const double *p) { return stride(p, 3, 4, 2); }
static double grad_stride(const double *p, double *g) { return stride_grad(p, g, 3, 4, 2); }
static double eval_local(const double *p) { return index_local(p, N); }
static double grad_local(const double *p, double *g) { return index_local_grad(p, g, N); }

/* p = (a (5), c (3)); b is data */
static const double b_data[5] = {0.5, -1, 2, 0.25, -0.75};
static double eval_two(const double *p) { return two_arrays(p, 5, b_data, p + 5, 3); }
static double grad_two(const double *p, double *g)
{
    return two_arrays_grad(p, g, 5, b_data, p + 5, g + 5, 3);
}

int main(void)
{
    double x[3] = {1, 2, 3}, d[3] = {0};
    double f = by_vla_grad(3, x, d);
    printf("x[n] at x = (1, 2, 3): %g, d = (%g, %g, %g)\n", f, d[0], d[1], d[2]);
    fd_expect_true("closed form", f == 14 && d[0] == 2 && d[1] == 4 && d[2] == 6);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5,
                                -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("const double *x", N, eval_ptr, grad_ptr, lo, hi, 20, 1);
    fd_check("double x[]", N, eval_open, grad_open, lo, hi, 20, 2);
    fd_check("double x[n]", N, eval_vla, grad_vla, lo, hi, 20, 3);
    fd_check("double x[static 4]", 4, eval_static, grad_static, lo, hi, 20, 4);
    fd_check("index arithmetic", N, eval_arith, grad_arith, lo, hi, 20, 5);
    fd_check("stride and offset", 12, eval_stride, grad_stride, lo, hi, 20, 6);
    fd_check("index in a local", N, eval_local, grad_local, lo, hi, 20, 7);
    fd_check("two arrays, one left out", 8, eval_two, grad_two, lo, hi, 20, 8);
    return fd_failures != 0;
}
