// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Casts and integers.  A double model may round through float ((float)x,
// sinf of a float): its gradient is checked against the differences of the
// same model without the float step, to 1e-5.  A float model may compute
// in double and round back.  (int) truncation is piecewise constant, so
// its derivative is 0 and the adjoint must not flow through it: the boxes
// stay inside one integer cell.  Integer parameters and locals are
// inactive: they index arrays (w[n - 1], w[(i + 1) % n], w[n / 2]), scale
// by integer division, and convert to double implicitly and explicitly.
//
// CHECK:      (int) truncation at 1.25: df/dx = 2.2
// CHECK-NEXT: by hand: ok
// CHECK-NEXT: through float: ok
// CHECK-NEXT: sinf in double: ok
// CHECK-NEXT: double inside float: ok
// CHECK-NEXT: (int) truncation: ok
// CHECK-NEXT: (int) truncation (x < 0): ok
// CHECK-NEXT: integer index math (n = 5, i = 1): ok
// CHECK-NEXT: integer index math (n = 4, i = 3): ok
// CHECK-NEXT: integer locals: ok
// CHECK-NEXT: (unsigned)m < (unsigned)n at m = -1: ok
// CHECK-NEXT: (long)m + (long)n past INT_MAX: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

/* f² with f = (float)x, computed in float, plus x in double. */
BP_GRAD(x)
double through_float(double x)
{
    float f = (float)x;
    return f * f + x + (double)(float)(x * x);
}

BP_GRAD(x, y)
double sinf_in_double(double x, double y)
{
    float s = sinf((float)(x * y));
    return s * y;
}

BP_GRAD(x, y)
float double_inside(float x, float y)
{
    double t = (double)x * y;
    double u = t + exp(t);
    return (float)u - x;
}

BP_GRAD(x)
double truncation(double x)
{
    int k = (int)x;
    return k * x + (int)(x * 3) + x * (long)(x * 10) / 10;
}

BP_GRAD(w)
double index_math(const double *w, int n, int i)
{
    int j = n - 1;
    int k = (i + 1) % n;
    double s = w[j] * w[k] + w[i * 2 - i];
    return s * n / 2 + (double)n * w[0] + w[n / 2] * (n / 2);
}

BP_GRAD(x)
double int_locals(double x, int n)
{
    int m = n * 2;
    m += 1;
    m++;
    int q = m / 3, r = m % 3;
    double scale = q;
    return x * m + scale * x * x + r * sin(x) - (m > 5 ? x : 0);
}

/* Both operands cast: C compares (unsigned)-1 < 5u, false; printed
 * without either cast it compared -1 < 5 (found in review). */
BP_GRAD(a)
double unsigned_compare(double a, int m, int n)
{
    double s = a;
    if ((unsigned)m < (unsigned)n)
        s = a * a;
    return s;
}

/* And a sum in long of two ints, which is no int sum. */
BP_GRAD(a)
double long_sum(double a, int m, int n)
{
    long t = (long)m + (long)n;
    return t > 2147483647L ? a * 3 : a;
}

double through_float_grad(double x, double *d_x);
double sinf_in_double_grad(double x, double *d_x, double y, double *d_y);
float double_inside_grad(float x, float *d_x, float y, float *d_y);
double truncation_grad(double x, double *d_x);
double index_math_grad(const double *w, double *d_w, int n, int i);
double int_locals_grad(double x, double *d_x, int n);

static double eval_tf(const double *p) { return through_float(p[0]); }
static double grad_tf(const double *p, double *g) { return through_float_grad(p[0], g); }
static double twin_tf(const double *p) { return 2 * p[0] * p[0] + p[0]; }

static double eval_sd(const double *p) { return sinf_in_double(p[0], p[1]); }
static double grad_sd(const double *p, double *g)
{
    return sinf_in_double_grad(p[0], &g[0], p[1], &g[1]);
}
static double twin_sd(const double *p) { return sin(p[0] * p[1]) * p[1]; }

static float evalf_di(const float *p) { return double_inside(p[0], p[1]); }
static float gradf_di(const float *p, float *g)
{
    return double_inside_grad(p[0], &g[0], p[1], &g[1]);
}
static double twin_di(const double *p)
{
    double t = p[0] * p[1];
    return t + exp(t) - p[0];
}

static double eval_tr(const double *p) { return truncation(p[0]); }
static double grad_tr(const double *p, double *g) { return truncation_grad(p[0], g); }

/* The integers of the current index_math check. */
static int im_n, im_i;
static double eval_im(const double *p) { return index_math(p, im_n, im_i); }
static double grad_im(const double *p, double *g) { return index_math_grad(p, g, im_n, im_i); }

static int il_n;
static double eval_il(const double *p) { return int_locals(p[0], il_n); }
static double grad_il(const double *p, double *g) { return int_locals_grad(p[0], g, il_n); }

double unsigned_compare_grad(double a, double *d_a, int m, int n);
double long_sum_grad(double a, double *d_a, int m, int n);
static double eval_uc(const double *p) { return unsigned_compare(p[0], -1, 5); }
static double grad_uc(const double *p, double *g) { return unsigned_compare_grad(p[0], g, -1, 5); }
static double eval_ls(const double *p) { return long_sum(p[0], 2147483647, 2); }
static double grad_ls(const double *p, double *g) { return long_sum_grad(p[0], g, 2147483647, 2); }

int main(void)
{
    /* At 1.25, k = 1 and (long)(12.5) = 12: f = x + 3 + 1.2x, f' = 2.2. */
    double dx = 0;
    truncation_grad(1.25, &dx);
    printf("(int) truncation at 1.25: df/dx = %g\n", dx);
    fd_expect_near("by hand", dx, 2.2, 1e-15);

    static const double lo[] = {-2, -2}, hi[] = {2, 2};
    fd_check_twin("through float", 1, eval_tf, grad_tf, twin_tf, lo, hi, 20, 1, 1e-5);
    fd_check_twin("sinf in double", 2, eval_sd, grad_sd, twin_sd, lo, hi, 20, 2, 1e-5);
    static const double dlo[] = {-1, -1}, dhi[] = {1, 1};
    fd_check_float("double inside float", 2, evalf_di, gradf_di, twin_di, dlo, dhi, 20, 3);

    /* x in (1.21, 1.29): (int)x = 1, (int)(3x) = 3, (long)(10x) = 12;
     * and the mirror cell below 0. */
    static const double tlo[] = {1.21}, thi[] = {1.29};
    fd_check("(int) truncation", 1, eval_tr, grad_tr, tlo, thi, 20, 4);
    static const double nlo[] = {-1.29}, nhi[] = {-1.21};
    fd_check("(int) truncation (x < 0)", 1, eval_tr, grad_tr, nlo, nhi, 20, 5);

    static const double wlo[] = {-2, -2, -2, -2, -2}, whi[] = {2, 2, 2, 2, 2};
    im_n = 5, im_i = 1;
    fd_check("integer index math (n = 5, i = 1)", 5, eval_im, grad_im, wlo, whi, 20, 6);
    im_n = 4, im_i = 3;
    fd_check("integer index math (n = 4, i = 3)", 4, eval_im, grad_im, wlo, whi, 20, 7);

    il_n = 3;
    fd_check("integer locals", 1, eval_il, grad_il, lo, hi, 20, 8);
    fd_check("(unsigned)m < (unsigned)n at m = -1", 1, eval_uc, grad_uc, lo, hi, 20, 9);
    fd_check("(long)m + (long)n past INT_MAX", 1, eval_ls, grad_ls, lo, hi, 20, 10);
    return fd_failures != 0;
}
