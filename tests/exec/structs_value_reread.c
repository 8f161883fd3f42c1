// A local struct passed by value, changed, and passed again: each call
// gets the struct as it is then.  The value of a struct read whole is a
// read of memory, which a store in between changes; bpgen had merged the
// two reads into one, before the store (a wrong value as well as a wrong
// gradient; found by random programs, tests/fuzz/regressions/seed1568.c).
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CHECK: changed between two calls: ok
// CHECK: changed in a loop between calls: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

struct pair {
    double u, v;
};

static double g(struct pair q, double t) { return sin(q.v) * t + q.u * q.v; }

BP_GRAD(b)
double twice(double b)
{
    struct pair p = {0};
    p.v = b;
    double s = g(p, 2.0);
    p.v = b * b;
    p.u = 0.5 * b;
    s += g(p, 3.0);
    return s;
}

BP_GRAD(b, c)
double looped(double b, double c, int n)
{
    struct pair p = {0};
    p.u = c;
    p.v = b;
    double s = g(p, 1.0);
    int it = 0;
    do {
        it++;
        s += g(p, 0.5) * c;
        p.v += 0.25 * sin(s);
    } while (it < n);
    return s + g(p, 2.0);
}

double twice_grad(double b, double *d_b);
double looped_grad(double b, double *d_b, double c, double *d_c, int n);

static double eval_twice(const double *p) { return twice(p[0]); }
static double grad_twice(const double *p, double *g) { return twice_grad(p[0], g); }
static double eval_looped(const double *p) { return looped(p[0], p[1], 5); }
static double grad_looped(const double *p, double *g) { return looped_grad(p[0], &g[0], p[1], &g[1], 5); }

int main(void)
{
    double lo[2] = {-2, -2}, hi[2] = {2, 2};
    fd_check("changed between two calls", 1, eval_twice, grad_twice, lo, hi, 20, 1);
    fd_check("changed in a loop between calls", 2, eval_looped, grad_looped, lo, hi, 20, 2);
    return fd_failures != 0;
}
