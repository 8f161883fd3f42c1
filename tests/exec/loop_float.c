// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Float versions of loop models: float arrays give float adjoint arrays
// and a float return.  A sum of squares counted down, a dot product, a
// softmax cross-entropy with expf and logf, a matrix-vector product
// through tanhf in nested loops, Newton's iteration for sqrtf for a fixed
// count, and a float accumulator with a double parameter mixed in.  Each
// gradient against the finite differences of the model's double twin
// (written here by hand) to 1e-4; the returned primal must equal the float
// model's value exactly.
//
// CHECK:      sum of squares of (1, 2, 3) in float: 14, d = (2, 4, 6)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: sum of squares: ok
// CHECK-NEXT: dot: ok
// CHECK-NEXT: softmax cross-entropy: ok
// CHECK-NEXT: tanhf(W x): ok
// CHECK-NEXT: newton sqrtf: ok
// CHECK-NEXT: float and double: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5, H = 2, D = 3 };

BP_GRAD(x)
float sumsq(const float *x, int n)
{
    float s = 0;
    for (int i = n - 1; i >= 0; i--)
        s += x[i] * x[i];
    return s;
}

BP_GRAD(a, b)
float dotf(const float *a, const float *b, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

BP_GRAD(z)
float xentf(const float *z, int n, int label)
{
    float m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    float sum = 0;
    for (int i = 0; i < n; i++)
        sum += expf(z[i] - m);
    return logf(sum) + m - z[label];
}

BP_GRAD(W, x)
float matvecf(const float *W, const float *x, int h, int d)
{
    float s = 0;
    for (int j = 0; j < h; j++) {
        float y = 0;
        for (int i = 0; i < d; i++)
            y += W[j * d + i] * x[i];
        s += tanhf(y) * (j + 1);
    }
    return s;
}

BP_GRAD(x)
float newtonf(float x, int steps)
{
    float r = 1;
    for (int k = 0; k < steps; k++)
        r = 0.5f * (r + x / r);
    return r;
}

BP_GRAD(x, c)
float mixed(const float *x, double c, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += (float)(x[i] * c) * x[i];
    return s;
}

float sumsq_grad(const float *x, float *d_x, int n);
float dotf_grad(const float *a, float *d_a, const float *b, float *d_b, int n);
float xentf_grad(const float *z, float *d_z, int n, int label);
float matvecf_grad(const float *W, float *d_W, const float *x, float *d_x, int h, int d);
float newtonf_grad(float x, float *d_x, int steps);
float mixed_grad(const float *x, float *d_x, double c, double *d_c, int n);

static float evalf_sumsq(const float *p) { return sumsq(p, N); }
static float gradf_sumsq(const float *p, float *g) { return sumsq_grad(p, g, N); }
static double twin_sumsq(const double *p) { return fd_dot(p, p, N); }

static float evalf_dot(const float *p) { return dotf(p, p + N, N); }
static float gradf_dot(const float *p, float *g) { return dotf_grad(p, g, p + N, g + N, N); }
static double twin_dot(const double *p) { return fd_dot(p, p + N, N); }

static float evalf_xent(const float *p) { return xentf(p, N, 1); }
static float gradf_xent(const float *p, float *g) { return xentf_grad(p, g, N, 1); }
static double twin_xent(const double *p)
{
    double sum = 0;
    for (int i = 0; i < N; i++)
        sum += exp(p[i]);
    return log(sum) - p[1];
}

static float evalf_matvec(const float *p) { return matvecf(p, p + H * D, H, D); }
static float gradf_matvec(const float *p, float *g)
{
    return matvecf_grad(p, g, p + H * D, g + H * D, H, D);
}
static double twin_matvec(const double *p)
{
    double s = 0;
    for (int j = 0; j < H; j++)
        s += tanh(fd_dot(p + j * D, p + H * D, D)) * (j + 1);
    return s;
}

static float evalf_newton(const float *p) { return newtonf(p[0], 8); }
static float gradf_newton(const float *p, float *g) { return newtonf_grad(p[0], g, 8); }
static double twin_newton(const double *p) { return sqrt(p[0]); }

/* p = (x (4), c): c's adjoint is a double, gathered through a copy */
static float evalf_mixed(const float *p) { return mixed(p, p[4], 4); }
static float gradf_mixed(const float *p, float *g)
{
    double dc = g[4];
    float f = mixed_grad(p, g, p[4], &dc, 4);
    g[4] = (float)dc;
    return f;
}
static double twin_mixed(const double *p) { return fd_dot(p, p, 4) * p[4]; }

int main(void)
{
    const float x[3] = {1, 2, 3};
    float d[3] = {0};
    float f = sumsq_grad(x, d, 3);
    printf("sum of squares of (1, 2, 3) in float: %g, d = (%g, %g, %g)\n", f, d[0], d[1], d[2]);
    fd_expect_true("closed form", f == 14 && d[0] == 2 && d[1] == 4 && d[2] == 6);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check_float("sum of squares", N, evalf_sumsq, gradf_sumsq, twin_sumsq, lo, hi, 20, 1);
    fd_check_float("dot", 2 * N, evalf_dot, gradf_dot, twin_dot, lo, hi, 20, 2);
    fd_check_float("softmax cross-entropy", N, evalf_xent, gradf_xent, twin_xent, lo, hi, 20, 3);
    fd_check_float("tanhf(W x)", H * D + D, evalf_matvec, gradf_matvec, twin_matvec, lo, hi, 20,
                   4);
    static const double nlo[] = {0.25}, nhi[] = {4};
    fd_check_float("newton sqrtf", 1, evalf_newton, gradf_newton, twin_newton, nlo, nhi, 20, 5);
    fd_check_float("float and double", 5, evalf_mixed, gradf_mixed, twin_mixed, lo, hi, 20, 6);
    return fd_failures != 0;
}
