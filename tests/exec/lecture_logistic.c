// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Univariate logistic least squares with an L2 term, as in the lecture
// notes: z = wx + b, y = σ(z), L = ½(y − t)², R = ½w², Lreg = L + λR, with
// the gradient taken in w and b only (x, t and λ are data).  The notes
// derive dw = (y − t)σ'(z)x + λw and db = (y − t)σ'(z), σ'(z) = y(1 − y);
// the generated gradient is compared with that to 1e-12 at random points
// and data, then with finite differences for three settings of the data.
// The data parameters get no adjoint.
//
// CHECK:      w = 0.5, b = -1, x = 2, t = 1, lambda = 0.1
// CHECK-NEXT: Lreg = 0.1375
// CHECK-NEXT: dw = -0.2
// CHECK-NEXT: db = -0.125
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: logistic data 0: ok
// CHECK-NEXT: logistic data 1: ok
// CHECK-NEXT: logistic data 2: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(w, b)
double logistic_loss(double w, double b, double x, double t, double lambda)
{
    double z = w * x + b;
    double y = 1 / (1 + exp(-z));
    double L = 0.5 * (y - t) * (y - t);
    double R = 0.5 * w * w;
    double Lreg = L + lambda * R;
    return Lreg;
}

double logistic_loss_grad(double w, double *d_w, double b, double *d_b, double x,
                          double t, double lambda);

/* The data of the current check. */
static double data_x, data_t, data_lambda;

static double eval(const double *p)
{
    return logistic_loss(p[0], p[1], data_x, data_t, data_lambda);
}

static double grad(const double *p, double *g)
{
    return logistic_loss_grad(p[0], &g[0], p[1], &g[1], data_x, data_t, data_lambda);
}

/* The notes' closed form against the generated gradient, relative error. */
static double closed_form_error(double w, double b, double x, double t, double lambda)
{
    double dw = 0, db = 0;
    logistic_loss_grad(w, &dw, b, &db, x, t, lambda);
    double z = w * x + b, y = 1 / (1 + exp(-z)), dsig = y * (1 - y);
    double want_dw = (y - t) * dsig * x + lambda * w, want_db = (y - t) * dsig;
    return fd_worse(fabs(dw - want_dw) / fmax(1, fabs(want_dw)),
                    fabs(db - want_db) / fmax(1, fabs(want_db)));
}

int main(void)
{
    /* z = 0, y = 1/2, σ' = 1/4: every number below is exact. */
    double dw = 0, db = 0;
    double L = logistic_loss_grad(0.5, &dw, -1, &db, 2, 1, 0.1);
    printf("w = 0.5, b = -1, x = 2, t = 1, lambda = 0.1\n");
    printf("Lreg = %.17g\ndw = %.17g\ndb = %.17g\n", L, dw, db);

    double worst = closed_form_error(0.5, -1, 2, 1, 0.1);
    for (int k = 0; k < 100; k++)
        worst = fd_worse(worst, closed_form_error(3 * fd_uniform(), 3 * fd_uniform(),
                                                  3 * fd_uniform(), (fd_uniform() + 1) / 2,
                                                  (fd_uniform() + 1) / 2));
    fd_expect("closed form", worst, 1e-12);

    static const double data[3][3] = {{2, 1, 0.1}, {-1.5, 0, 0.01}, {0.3, 0.8, 1}};
    static const char *names[3] = {"logistic data 0", "logistic data 1", "logistic data 2"};
    static const double lo[] = {-3, -3}, hi[] = {3, 3};
    for (int i = 0; i < 3; i++) {
        data_x = data[i][0];
        data_t = data[i][1];
        data_lambda = data[i][2];
        fd_check(names[i], 2, eval, grad, lo, hi, 10, 10 + i);
    }
    return fd_failures != 0;
}
