// A struct passed by value is the function's own copy: the function may
// change its members and read them again.  The caller's d_q holds the
// adjoint of the caller's q, so the reverse of such a store must not
// clear it: the function keeps an adjoint of its own (d_q_own, zeroed,
// its pointer members the caller's) and adds it into *d_q at the end.
// Before, both cases were errors.  Checked against finite differences,
// which fd_check also makes sure add into a gradient set beforehand.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CODE-LABEL: double changed_grad(
// CODE:           struct pair d_q_own = {0};
// CODE:           d_q_own.v = 0.0;
// CODE:           d_q->u += d_q_own.u;
// CODE-NEXT:      d_q->v += d_q_own.v;
// CODE-LABEL: double layer_grad(
// CODE:           struct layer d_q_own = {0};
// CODE-NEXT:      d_q_own.w = d_q->w;
// CODE:           for (int i = 0; i < 2; i++) {
// CODE-NEXT:          d_q->b[i] += d_q_own.b[i];
// CHECK: changed and read again: ok
// CHECK: a helper changes its own copy: ok
// CHECK: with arrays and a pointer in it: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

struct pair {
    double u, v;
};

struct layer {
    double *w;                               /* the caller's weights */
    double b[2];
    struct pair p;
};

enum { N = 4 };

BP_GRAD(z, q)
double changed(const double *z, struct pair q, int n)
{
    double s = q.v * q.u;
    q.v = z[0] * q.u;
    for (int i = 0; i < n; i++)
        s += sin(q.v * z[i]);
    q.u = q.u * q.v;
    return s + q.u;
}

static double shift(struct pair q, double u)
{
    q.u += u;
    q.u = q.u * q.v;
    return q.u + tanh(q.u);
}

BP_GRAD(z)
double helper(const double *z, struct pair q, int n)
{
    return shift(q, z[0]) * n + shift(q, z[1] * z[2]);
}

BP_GRAD(x, q)
double layer(double x, struct layer q)
{
    q.b[0] = q.b[0] * x + q.w[1];
    q.p.u = sin(q.b[0]) * q.w[0];
    double s = 0;
    for (int i = 0; i < 2; i++)
        s += q.b[i] * q.p.u + q.w[i] * q.p.v;
    return s;
}

double changed_grad(const double *z, double *d_z, struct pair q, struct pair *d_q, int n);
double helper_grad(const double *z, double *d_z, struct pair q, int n);
double layer_grad(double x, double *d_x, struct layer q, struct layer *d_q);

/* p: z[0..N), q.u, q.v */
static double eval_changed(const double *p) { return changed(p, (struct pair){p[N], p[N + 1]}, N); }
static double grad_changed(const double *p, double *g)
{
    struct pair d_q = {g[N], g[N + 1]};
    double r = changed_grad(p, g, (struct pair){p[N], p[N + 1]}, &d_q, N);
    g[N] = d_q.u;
    g[N + 1] = d_q.v;
    return r;
}

static const struct pair fixed = {0.4, -0.9};
static double eval_helper(const double *p) { return helper(p, fixed, N); }
static double grad_helper(const double *p, double *g) { return helper_grad(p, g, fixed, N); }

/* p: x, w[0..2), b[0..2), p.u, p.v */
static double eval_layer(const double *p)
{
    double w[2] = {p[1], p[2]};
    struct layer q = {w, {p[3], p[4]}, {p[5], p[6]}};
    return layer(p[0], q);
}
static double grad_layer(const double *p, double *g)
{
    double w[2] = {p[1], p[2]};
    struct layer q = {w, {p[3], p[4]}, {p[5], p[6]}};
    struct layer d_q = {g + 1, {g[3], g[4]}, {g[5], g[6]}};
    double r = layer_grad(p[0], g, q, &d_q);
    g[3] = d_q.b[0], g[4] = d_q.b[1], g[5] = d_q.p.u, g[6] = d_q.p.v;
    return r;
}

int main(void)
{
    double lo[8], hi[8];
    for (int i = 0; i < 8; i++)
        lo[i] = -1.2, hi[i] = 1.2;
    fd_check("changed and read again", N + 2, eval_changed, grad_changed, lo, hi, 20, 1);
    fd_check("a helper changes its own copy", N, eval_helper, grad_helper, lo, hi, 20, 2);
    fd_check("with arrays and a pointer in it", 7, eval_layer, grad_layer, lo, hi, 20, 3);
    return fd_failures != 0;
}
