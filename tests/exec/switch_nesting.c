// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// A switch owns its case labels and breaks, a loop its breaks and
// continues: a continue in a loop inside a case, a switch inside a case,
// a break in a loop inside a case, and a switch in a loop that both
// returns and continues.
//
// CHECK:      continue of a loop inside a case: ok
// CHECK-NEXT: switch inside a case: ok
// CHECK-NEXT: break of a loop inside a case: ok
// CHECK-NEXT: return and continue in one switch: ok
// CHECK-NEXT: return and continue in one switch, returning: ok
#include <bpgen.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double inner_continue(const double *x, int n, int k)
{
    double s = 0;
    switch (k) {
    case 0:
        for (int i = 0; i < n; i++) {
            if (x[i] > 0)
                continue;
            s += x[i] * x[i];
        }
        break;
    default:
        s = x[0];
    }
    return s;
}

BP_GRAD(x)
double nested(const double *x, int k, int m)
{
    double s = x[0];
    switch (k) {
    case 0:
        switch (m) {
        case 1:
            s *= x[1];
            break;
        default:
            s += x[2];
        }
        s *= x[3];
        break;
    case 1:
        s = -s;
    }
    return s;
}

BP_GRAD(x)
double inner_break(const double *x, int n, int k)
{
    double s = 1;
    switch (k) {
    case 2:
        for (int i = 0; i < n; i++) {
            s *= x[i];
            if (i == 2)
                break;
        }
        s += 1;
        break;
    default:
        s = 0;
    }
    return s;
}

BP_GRAD(x)
double return_and_continue(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        switch (i % 3) {
        case 0:
            if (x[i] > 2)
                return s;
            break;
        case 1:
            continue;
        }
        s += x[i] * x[i];
    }
    return s;
}

double inner_continue_grad(const double *x, double *d_x, int n, int k);
double nested_grad(const double *x, double *d_x, int k, int m);
double inner_break_grad(const double *x, double *d_x, int n, int k);
double return_and_continue_grad(const double *x, double *d_x, int n);

static double eval_ic(const double *p) { return inner_continue(p, N, 0); }
static double grad_ic(const double *p, double *g) { return inner_continue_grad(p, g, N, 0); }
static double eval_ns(const double *p) { return nested(p, 0, 1); }
static double grad_ns(const double *p, double *g) { return nested_grad(p, g, 0, 1); }
static double eval_ib(const double *p) { return inner_break(p, N, 2); }
static double grad_ib(const double *p, double *g) { return inner_break_grad(p, g, N, 2); }
static double eval_rc(const double *p) { return return_and_continue(p, N); }
static double grad_rc(const double *p, double *g) { return return_and_continue_grad(p, g, N); }

int main(void)
{
    static const double lo[N] = {-1, -1, -1, -1, -1}, hi[N] = {1, 1, 1, 1, 1};
    /* x[i] away from 0, the continue's test: alternating signs */
    static const double slo[N] = {0.2, -1, 0.2, -1, 0.2}, shi[N] = {1, -0.2, 1, -0.2, 1};
    fd_check("continue of a loop inside a case", N, eval_ic, grad_ic, slo, shi, 10, 1);
    fd_check("switch inside a case", N, eval_ns, grad_ns, lo, hi, 10, 2);
    fd_check("break of a loop inside a case", N, eval_ib, grad_ib, lo, hi, 10, 3);
    fd_check("return and continue in one switch", N, eval_rc, grad_rc, lo, hi, 10, 4);
    /* x[3] > 2 returns at i = 3 */
    static const double rlo[N] = {-1, -1, -1, 2.5, -1}, rhi[N] = {1, 1, 1, 3, 1};
    fd_check("return and continue in one switch, returning", N, eval_rc, grad_rc, rlo, rhi, 10,
             5);
    return fd_failures != 0;
}
