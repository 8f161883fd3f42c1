// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The memory rewrites bpgen makes before differentiating (tests/codegen/
// memory_opt.c), against finite differences where they could go wrong:
// a hoisted load whose loop does not run (d = 1: x[i] is then read past
// the end, so it must not be read), w[j] -= e into float memory, an
// increment whose addend reads the element it adds to, a load after a
// store through an index that may or may not be the same element, and a
// stored value read back across stores into other elements.
//
// CHECK:      hoisted load, d = 4: ok
// CHECK-NEXT: hoisted load, d = 1: ok
// CHECK-NEXT: -= into float memory: ok
// CHECK-NEXT: x[j] += x[j] * c and x[j] += x[0]: ok
// CHECK-NEXT: store then load, k = 0: ok
// CHECK-NEXT: store then load, k = 1: ok
// CHECK-NEXT: read back across stores: ok
#include <bpgen.h>

#include "fdcheck.h"

BP_GRAD(l, x)
double tri(const double *l, const double *x, int d)
{
    double out[4] = {0};
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++)
            out[j] += l[i * d + j] * x[i] * x[i];
    double s = 0;
    for (int j = 0; j < d; j++)
        s += out[j] * out[j] + x[j];
    return s;
}

BP_GRAD(x)
double minus_float(const double *x, int n)
{
    float acc[4] = {1, 2, 3, 4};
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < n; j++)
            acc[j] -= x[j] * x[(j + k) % n];
    double s = 0;
    for (int j = 0; j < n; j++)
        s += acc[j] * acc[j];
    return s;
}

/* minus_float's smooth twin, for the differences */
static double minus_double(const double *x, int n)
{
    double acc[4] = {1, 2, 3, 4};
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < n; j++)
            acc[j] -= x[j] * x[(j + k) % n];
    double s = 0;
    for (int j = 0; j < n; j++)
        s += acc[j] * acc[j];
    return s;
}

BP_GRAD(x)
double self_increment(double *x, int n)
{
    for (int j = 0; j < n; j++)
        x[j] += x[j] * 0.5;
    for (int j = 0; j < n; j++)
        x[j] += x[0] * x[j];
    return x[0] * x[n - 1] + x[1];
}

BP_GRAD(x)
double store_then_load(const double *x, int k)
{
    double p[2];
    p[0] = x[0] * x[1];
    p[1] = x[1];
    p[k] = x[2] * x[2];
    return p[0] * p[1];
}

BP_GRAD(x)
double read_back(const double *x)
{
    double p[3];
    p[0] = x[0] * x[1];
    p[2] = x[2];
    p[1] = p[0] + p[2];
    p[2] = p[2] * p[1];
    return p[0] * p[1] + p[2];
}

double tri_grad(const double *l, double *d_l, const double *x, double *d_x, int d);
double minus_float_grad(const double *x, double *d_x, int n);
double self_increment_grad(double *x, double *d_x, int n);
double store_then_load_grad(const double *x, double *d_x, int k);
double read_back_grad(const double *x, double *d_x);

/* p = (l (d*d), x (d)) */
static int dim;
static double eval_tri(const double *p) { return tri(p, p + dim * dim, dim); }
static double grad_tri(const double *p, double *g)
{
    return tri_grad(p, g, p + dim * dim, g + dim * dim, dim);
}
static double eval_minus(const double *p) { return minus_float(p, 4); }
static double twin_minus(const double *p) { return minus_double(p, 4); }
static double grad_minus(const double *p, double *g) { return minus_float_grad(p, g, 4); }
static double eval_self(const double *p)
{
    double x[4] = {p[0], p[1], p[2], p[3]};
    return self_increment(x, 4);
}
static double grad_self(const double *p, double *g)
{
    /* x is written, so it is an output too: d_x comes in as the seed of
     * its final values, zero here, and leaves as the gradient. */
    double x[4] = {p[0], p[1], p[2], p[3]}, d_x[4] = {0};
    double f = self_increment_grad(x, d_x, 4);
    for (int i = 0; i < 4; i++)
        g[i] += d_x[i];
    return f;
}
static int which;
static double eval_stl(const double *p) { return store_then_load(p, which); }
static double grad_stl(const double *p, double *g) { return store_then_load_grad(p, g, which); }
static double eval_rb(const double *p) { return read_back(p); }
static double grad_rb(const double *p, double *g) { return read_back_grad(p, g); }

int main(void)
{
    static double lo[20], hi[20];
    for (int i = 0; i < 20; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    dim = 4;
    fd_check("hoisted load, d = 4", 20, eval_tri, grad_tri, lo, hi, 20, 1);
    dim = 1;
    fd_check("hoisted load, d = 1", 2, eval_tri, grad_tri, lo, hi, 20, 2);
    fd_check_twin("-= into float memory", 4, eval_minus, grad_minus, twin_minus, lo, hi, 20, 3,
                  1e-4);
    fd_check("x[j] += x[j] * c and x[j] += x[0]", 4, eval_self, grad_self, lo, hi, 20, 4);
    which = 0;
    fd_check("store then load, k = 0", 3, eval_stl, grad_stl, lo, hi, 20, 5);
    which = 1;
    fd_check("store then load, k = 1", 3, eval_stl, grad_stl, lo, hi, 20, 6);
    fd_check("read back across stores", 3, eval_rb, grad_rb, lo, hi, 20, 7);
    return fd_failures != 0;
}
