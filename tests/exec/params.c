// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The generated prototypes must be the ones declared below: this file
// compiled together with the generated code says "conflicting types"
// otherwise.  (bpgen spells an array parameter `double w[3]` as `double *w`,
// the same type, which -Warray-parameter would point out.)
// RUN: %cc %fdcheck -Wno-array-parameter -fsyntax-only -include %s %t.grad.c
//
// Parameters: pointers read at constant and computed indexes (w[0],
// w[i + 1] with an int i, w[2 * i], *w, indexes of type long, unsigned and
// size_t); arrays declared `double w[3]` and `double w[]`; BP_GRAD() asking
// for every floating parameter (double, float, pointers to either, and not
// the int); a parameter named in BP_GRAD that the result does not depend on
// (its adjoint is left exactly as it was); parameters not named in BP_GRAD
// (no adjoint, and they still change the value); BP_GRAD naming the
// parameters in another order than they are declared (the adjoints follow
// the declaration); array elements the model never reads (their adjoints
// untouched); the same array passed for two parameters with the same
// adjoint array for both (the contributions add).
//
// CHECK:      all_mixed at (2, 0.5, w0 = 3, v = (0.25, 4), n = 7): f = 10.75
// CHECK-NEXT:   d/da = 0.5, d/db = 6, d/dw0 = 0.25, d/dv0 = 3, d/dv1 = 0.5
// CHECK-NEXT: BP_GRAD() with float parameters: ok
// CHECK-NEXT: unused adjoint stays 42: ok
// CHECK-NEXT: indexed (i = 0): ok
// CHECK-NEXT: indexed (i = 1): ok
// CHECK-NEXT: index types: ok
// CHECK-NEXT: double w[3]: ok
// CHECK-NEXT: double w[]: ok
// CHECK-NEXT: BP_GRAD() all double: ok
// CHECK-NEXT: unused parameter: ok
// CHECK-NEXT: partial (y = -1.5): ok
// CHECK-NEXT: partial (y = 2): ok
// CHECK-NEXT: BP_GRAD(w, x) on (x, w): ok
// CHECK-NEXT: same array twice: ok
#include <bpgen.h>
#include <math.h>
#include <stddef.h>

#include "fdcheck.h"

/* w has 6 elements; elements 4 and 5 are never read. */
BP_GRAD(w)
double indexed(const double *w, int i)
{
    return w[0] * w[i + 1] + *w * w[i] - w[2 * i] * w[3] + w[i + 1] * w[i + 1];
}

BP_GRAD(w)
double index_types(const double *w, long i, unsigned u)
{
    return w[i] * w[u] + w[(size_t)2] * w[0] + w[i + u];
}

BP_GRAD(w)
double fixed(double w[3])
{
    return w[0] * w[1] * w[2] + sin(w[1]);
}

BP_GRAD(w)
double open(double w[], int n)
{
    return w[n - 1] * w[0] + w[n / 2] * w[n / 2];
}

BP_GRAD()
double all_double(double a, const double *w, int n, double b)
{
    return a * b + w[0] * w[n - 1] * a + b * b * n;
}

BP_GRAD()
double all_mixed(double a, float b, const double *w, int n, const float *v)
{
    return a * b + w[0] * v[0] + n + v[1] * b;
}

BP_GRAD(a, unused)
double unused_param(double a, double unused, const double *data)
{
    (void)unused;
    return a * a * data[0] + data[1];
}

BP_GRAD(x)
double partial(double x, double y, const double *w)
{
    return x * y + w[0] * x * x;
}

/* Named in the other order: the adjoints still follow the parameters. */
BP_GRAD(w, x)
double reversed(double x, const double *w)
{
    return x * w[0] + w[1] * w[1] * x;
}

BP_GRAD(a, b)
double two_arrays(const double *a, const double *b, int n)
{
    return a[0] * b[1] + a[n - 1] * b[n - 1] + a[1] * a[1];
}

double indexed_grad(const double *w, double *d_w, int i);
double index_types_grad(const double *w, double *d_w, long i, unsigned u);
double fixed_grad(double w[3], double *d_w);
double open_grad(double w[], double *d_w, int n);
double all_double_grad(double a, double *d_a, const double *w, double *d_w, int n, double b,
                       double *d_b);
double all_mixed_grad(double a, double *d_a, float b, float *d_b, const double *w, double *d_w,
                      int n, const float *v, float *d_v);
double unused_param_grad(double a, double *d_a, double unused, double *d_unused,
                         const double *data);
double partial_grad(double x, double *d_x, double y, const double *w);
double reversed_grad(double x, double *d_x, const double *w, double *d_w);
double two_arrays_grad(const double *a, double *d_a, const double *b, double *d_b, int n);

static int index_i;  /* of the current indexed check */
static double eval_indexed(const double *p) { return indexed(p, index_i); }
static double grad_indexed(const double *p, double *g) { return indexed_grad(p, g, index_i); }

/* i = 1, u = 2: reads w[1], w[2], w[0], w[3]. */
static double eval_types(const double *p) { return index_types(p, 1L, 2u); }
static double grad_types(const double *p, double *g) { return index_types_grad(p, g, 1L, 2u); }

/* fixed and open take non-const arrays: copies, so p stays const. */
static double eval_fixed(const double *p)
{
    double w[3] = {p[0], p[1], p[2]};
    return fixed(w);
}

static double grad_fixed(const double *p, double *g)
{
    double w[3] = {p[0], p[1], p[2]};
    return fixed_grad(w, g);
}

static double eval_open(const double *p)
{
    double w[5];
    fd_copy(w, p, 5);
    return open(w, 5);
}

static double grad_open(const double *p, double *g)
{
    double w[5];
    fd_copy(w, p, 5);
    return open_grad(w, g, 5);
}

/* p = (a, w0, w1, w2, b), n = 3 */
static double eval_all(const double *p) { return all_double(p[0], p + 1, 3, p[4]); }
static double grad_all(const double *p, double *g)
{
    return all_double_grad(p[0], &g[0], p + 1, g + 1, 3, p[4], &g[4]);
}

static const double unused_data[2] = {1.5, -0.5};
static double eval_unused(const double *p) { return unused_param(p[0], p[1], unused_data); }
static double grad_unused(const double *p, double *g)
{
    return unused_param_grad(p[0], &g[0], p[1], &g[1], unused_data);
}

static double partial_y;
static const double partial_w[1] = {0.75};
static double eval_partial(const double *p) { return partial(p[0], partial_y, partial_w); }
static double grad_partial(const double *p, double *g)
{
    return partial_grad(p[0], g, partial_y, partial_w);
}

static double eval_reversed(const double *p) { return reversed(p[0], p + 1); }
static double grad_reversed(const double *p, double *g) { return reversed_grad(p[0], g, p + 1, g + 1); }

/* f(w, w) through both parameters, with one adjoint array. */
static double eval_twice(const double *p) { return two_arrays(p, p, 4); }
static double grad_twice(const double *p, double *g) { return two_arrays_grad(p, g, p, g, 4); }

int main(void)
{
    /* Every value below is exact in float. */
    double w[1] = {3}, dw[1] = {0}, da = 0;
    float v[2] = {0.25f, 4}, dv[2] = {0}, db = 0;
    double f = all_mixed_grad(2, &da, 0.5f, &db, w, dw, 7, v, dv);
    printf("all_mixed at (2, 0.5, w0 = 3, v = (0.25, 4), n = 7): f = %g\n", f);
    printf("  d/da = %g, d/db = %g, d/dw0 = %g, d/dv0 = %g, d/dv1 = %g\n", da, db, dw[0], dv[0],
           dv[1]);
    fd_expect_true("BP_GRAD() with float parameters",
                   f == 10.75 && da == 0.5 && db == 6 && dw[0] == 0.25 && dv[0] == 3 &&
                       dv[1] == 0.5);

    double d_a = 0, d_unused = 42;
    unused_param_grad(1, &d_a, 2, &d_unused, unused_data);
    fd_expect_true("unused adjoint stays 42", d_unused == 42 && d_a == 3);

    static const double lo[] = {-2, -2, -2, -2, -2, -2}, hi[] = {2, 2, 2, 2, 2, 2};
    index_i = 0;
    fd_check("indexed (i = 0)", 6, eval_indexed, grad_indexed, lo, hi, 20, 1);
    index_i = 1;
    fd_check("indexed (i = 1)", 6, eval_indexed, grad_indexed, lo, hi, 20, 2);
    fd_check("index types", 6, eval_types, grad_types, lo, hi, 20, 3);
    fd_check("double w[3]", 3, eval_fixed, grad_fixed, lo, hi, 20, 4);
    fd_check("double w[]", 5, eval_open, grad_open, lo, hi, 20, 5);
    fd_check("BP_GRAD() all double", 5, eval_all, grad_all, lo, hi, 20, 6);
    fd_check("unused parameter", 2, eval_unused, grad_unused, lo, hi, 20, 7);
    partial_y = -1.5;
    fd_check("partial (y = -1.5)", 1, eval_partial, grad_partial, lo, hi, 20, 8);
    partial_y = 2;
    fd_check("partial (y = 2)", 1, eval_partial, grad_partial, lo, hi, 20, 9);
    fd_check("BP_GRAD(w, x) on (x, w)", 3, eval_reversed, grad_reversed, lo, hi, 20, 11);
    fd_check("same array twice", 4, eval_twice, grad_twice, lo, hi, 20, 10);
    return fd_failures != 0;
}
