// Arrays of structs: p[i].w and p[i].v[k] for a parameter, o->b[i].v[k]
// for an array of structs inside a struct, read and written, in loops and
// out.  p[i] stands for the element's address, as a struct member does, so
// that a store into p[i].w reaches the array (it went into a copy before,
// printed as `(null).w`; found with the front-door fuzzer).
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CODE-LABEL: double points_grad(
// CODE:     p[1].w = t1;
// CODE:         double t3 = sin(p[i].v[i]);
// CODE-NOT: (null)
// CODE-LABEL: double nested_grad(
// CODE:     d_o->b[0].v[0] += d_nested * s;
// CODE:         d_o->b[i].v[2] += d_t3 * o->scale;
// CODE-NOT: (null)
// CHECK: array of structs: ok
// CHECK: arrays of structs in a struct: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

struct point {
    double v[3];
    double w;
};

struct cloud {
    struct point b[3];
    double scale;
};

BP_GRAD(x, p)
double points(double x, struct point *p)
{
    p[1].w = x * x;
    double s = x * p[1].w + p[0].v[1] * p[1].w;
    for (int i = 0; i < 3; i++)
        s += sin(p[i].v[i]) * p[(i + 1) % 3].w;
    return s;
}

BP_GRAD(o, x)
double nested(const struct cloud *o, double x)
{
    double s = 0;
    for (int i = 0; i < 3; i++)
        s += o->scale * o->b[i].v[2] * tanh(x * o->b[i].w);
    return s * o->b[0].v[0];
}

double points_grad(double x, double *d_x, struct point *p, struct point *d_p);
double nested_grad(const struct cloud *o, struct cloud *d_o, double x, double *d_x);

/* The inputs: x, then the 12 numbers of p[0..2] (v[0..2], w).  The model
 * writes p[1].w, so each call starts from a copy, and d_p (its seed zero:
 * the return only) is added into g after the call, as the contract for
 * written arrays has it (tests/exec/array_inplace.c). */
static void unpack(const double *q, struct point *p)
{
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++)
            p[i].v[k] = q[1 + 4 * i + k];
        p[i].w = q[1 + 4 * i + 3];
    }
}

static double eval_points(const double *q)
{
    struct point p[3];
    unpack(q, p);
    return points(q[0], p);
}

static double grad_points(const double *q, double *g)
{
    struct point p[3], d_p[3] = {0};
    unpack(q, p);
    double r = points_grad(q[0], &g[0], p, d_p);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++)
            g[1 + 4 * i + k] += d_p[i].v[k];
        g[1 + 4 * i + 3] += d_p[i].w;
    }
    return r;
}

/* The inputs: o's 12 point numbers and scale, then x. */
static void unpack_cloud(const double *q, struct cloud *o)
{
    unpack(q - 1, o->b);
    o->scale = q[12];
}

static double eval_nested(const double *q)
{
    struct cloud o;
    unpack_cloud(q, &o);
    return nested(&o, q[13]);
}

static double grad_nested(const double *q, double *g)
{
    struct cloud o, d_o;
    unpack_cloud(q, &o);
    unpack_cloud(g, &d_o);
    double r = nested_grad(&o, &d_o, q[13], &g[13]);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++)
            g[4 * i + k] = d_o.b[i].v[k];
        g[4 * i + 3] = d_o.b[i].w;
    }
    g[12] = d_o.scale;
    return r;
}

int main(void)
{
    double lo[14], hi[14];
    for (int i = 0; i < 14; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("array of structs", 13, eval_points, grad_points, lo, hi, 10, 1);
    fd_check("arrays of structs in a struct", 14, eval_nested, grad_nested, lo, hi, 10, 2);
    return fd_failures != 0;
}
