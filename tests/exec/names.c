// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Names and scopes the generated code must not confuse: locals named like
// bpgen's own temporaries and adjoints (t1, d_y, the function's name), a
// parameter named d_x next to x, a block-scoped variable shadowing an outer
// one, chained and embedded assignments (a = b = ..., (a += 1) * b), a
// double used as a condition (if (x), y ? : , !y), and a comparison used as
// a number ((x > 0) * x).  Checked against finite differences.
//
// CHECK:      temporaries' names: ok
// CHECK-NEXT: parameter named d_x: ok
// CHECK-NEXT: shadowing: x > 0: ok
// CHECK-NEXT: shadowing: x < 0: ok
// CHECK-NEXT: assignment expressions: ok
// CHECK-NEXT: truth values: x > 0, y != 0: ok
// CHECK-NEXT: truth values: x < 0, y != 0: ok
// CHECK-NEXT: truth values: x > 0, y == 0: ok
// CHECK-NEXT: truth values: x < 0, y == 0: ok
// CHECK-NEXT: function's name: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x, y)
double temporaries(double x, double y)
{
    double t1 = x * y;
    double d_y = sin(t1);
    double t2 = d_y * x;
    double d_t1 = t2 - t1;
    return t2 + exp(t1 * d_y) * d_t1;
}

BP_GRAD(x, d_x)
double adjoint_name(double x, double d_x)
{
    return x * d_x + sin(x) * d_x * d_x;
}

BP_GRAD(x)
double shadowing(double x)
{
    double y = x * 2;
    if (x > 0) {
        double y = x * x;
        x = y + 1;
    }
    {
        double x2 = y * 3;
        y = x2 - x;
    }
    return x * y;
}

BP_GRAD(x)
double assignments(double x)
{
    double a, b;
    a = b = x * 2;
    double c = (a += 1) * b;
    double d = (b *= x) + a;
    return c * d + (a = x) * b;
}

BP_GRAD(x)
double truth(double x, double y)
{
    double r = (x > 0) * x + (y ? x : 2 * x) + !y * x;
    if (x)
        r += x * x;
    return r;
}

BP_GRAD(x)
double named(double x)
{
    double named_1 = x * 2;
    double named = named_1 * x;
    return named + named_1;
}

double temporaries_grad(double x, double *d_x, double y, double *d_y);
double adjoint_name_grad(double x, double *d_x, double d_x_param, double *d_d_x);
double shadowing_grad(double x, double *d_x);
double assignments_grad(double x, double *d_x);
double truth_grad(double x, double *d_x, double y);
double named_grad(double x, double *d_x);

static double eval_temporaries(const double *p) { return temporaries(p[0], p[1]); }
static double grad_temporaries(const double *p, double *g)
{
    return temporaries_grad(p[0], &g[0], p[1], &g[1]);
}
static double eval_adjoint_name(const double *p) { return adjoint_name(p[0], p[1]); }
static double grad_adjoint_name(const double *p, double *g)
{
    return adjoint_name_grad(p[0], &g[0], p[1], &g[1]);
}
static double eval_shadowing(const double *p) { return shadowing(p[0]); }
static double grad_shadowing(const double *p, double *g) { return shadowing_grad(p[0], g); }
static double eval_assignments(const double *p) { return assignments(p[0]); }
static double grad_assignments(const double *p, double *g) { return assignments_grad(p[0], g); }
static double truth_y;  /* of the current truth check */
static double eval_truth(const double *p) { return truth(p[0], truth_y); }
static double grad_truth(const double *p, double *g) { return truth_grad(p[0], g, truth_y); }
static double eval_named(const double *p) { return named(p[0]); }
static double grad_named(const double *p, double *g) { return named_grad(p[0], g); }

int main(void)
{
    static const double lo[] = {-2, -2}, hi[] = {2, 2};
    static const double pos[] = {0.05}, pos_hi[] = {2}, neg[] = {-2}, neg_hi[] = {-0.05};
    fd_check("temporaries' names", 2, eval_temporaries, grad_temporaries, lo, hi, 20, 1);
    fd_check("parameter named d_x", 2, eval_adjoint_name, grad_adjoint_name, lo, hi, 20, 2);
    fd_check("shadowing: x > 0", 1, eval_shadowing, grad_shadowing, pos, pos_hi, 20, 3);
    fd_check("shadowing: x < 0", 1, eval_shadowing, grad_shadowing, neg, neg_hi, 20, 4);
    fd_check("assignment expressions", 1, eval_assignments, grad_assignments, lo, hi, 20, 5);
    truth_y = 0.5;
    fd_check("truth values: x > 0, y != 0", 1, eval_truth, grad_truth, pos, pos_hi, 20, 6);
    fd_check("truth values: x < 0, y != 0", 1, eval_truth, grad_truth, neg, neg_hi, 20, 7);
    truth_y = 0;
    fd_check("truth values: x > 0, y == 0", 1, eval_truth, grad_truth, pos, pos_hi, 20, 9);
    fd_check("truth values: x < 0, y == 0", 1, eval_truth, grad_truth, neg, neg_hi, 20, 10);
    fd_check("function's name", 1, eval_named, grad_named, lo, hi, 20, 8);
    return fd_failures != 0;
}
