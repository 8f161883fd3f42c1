// A helper of 40 parameters, each differentiated: the sets of written and
// differentiated parameters are not a 32-bit mask (the adjoints of
// parameters 32 and on were dropped, found by the front-door fuzzer:
// tests/fuzz/frontdoor/findings/helper_33_params.c).  The error for more
// than 128 is tests/errors/too_many_arguments.c.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CHECK: 40 parameters: ok
// CHECK: 40 parameters, only the last active: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

static double wide(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39)
{
    return sin(p0 * p39) + p31 * p32 * p33 + 0.1*p0 + 0.2*p1 + 0.3*p2 + 0.4*p3 + 0.5*p4 + 0.6*p5 + 0.7*p6 + 0.1*p7 + 0.2*p8 + 0.3*p9 + 0.4*p10 + 0.5*p11 + 0.6*p12 + 0.7*p13 + 0.1*p14 + 0.2*p15 + 0.3*p16 + 0.4*p17 + 0.5*p18 + 0.6*p19 + 0.7*p20 + 0.1*p21 + 0.2*p22 + 0.3*p23 + 0.4*p24 + 0.5*p25 + 0.6*p26 + 0.7*p27 + 0.1*p28 + 0.2*p29 + 0.3*p30 + 0.4*p31 + 0.5*p32 + 0.6*p33 + 0.7*p34 + 0.1*p35 + 0.2*p36 + 0.3*p37 + 0.4*p38 + 0.5*p39;
}

BP_GRAD(x)
double many(const double *x)
{
    return wide(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], x[16], x[17], x[18], x[19], x[20], x[21], x[22], x[23], x[24], x[25], x[26], x[27], x[28], x[29], x[30], x[31], x[32], x[33], x[34], x[35], x[36], x[37], x[38], x[39]);
}

/* Only parameter 39 carries a derivative: a specialization of its own. */
BP_GRAD(t)
double last_only(double t)
{
    return wide(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, t) * t;
}

double many_grad(const double *x, double *d_x);
double last_only_grad(double t, double *d_t);

static double eval_many(const double *p) { return many(p); }
static double grad_many(const double *p, double *g) { return many_grad(p, g); }
static double eval_last(const double *p) { return last_only(p[0]); }
static double grad_last(const double *p, double *g) { return last_only_grad(p[0], g); }

int main(void)
{
    double lo[40], hi[40];
    for (int i = 0; i < 40; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("40 parameters", 40, eval_many, grad_many, lo, hi, 10, 1);
    fd_check("40 parameters, only the last active", 1, eval_last, grad_last, lo, hi, 10, 2);
    return fd_failures != 0;
}
