// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Small models written with loops, as a user would: softmax cross-entropy
// (the max subtracted with `if (z[i] > m) m = z[i];`, then exp, sum, log),
// ReLU `a > 0 ? a : 0` in a loop, a two-layer MLP written as nested loops
// with a local array for the hidden layer (tanh hidden units, the squared
// error of one output, the gradient in every weight, bias and input; the
// ReLU version is in loop_mlp_relu.c), Newton's iteration for sqrt
// r = 0.5 (r + x / r) for a fixed count from r = 1 (from r = x in
// loop_carry_in.c), and a logistic-regression loss over a small batch.
//
// CHECK:      xent of z = (0, 0, 0, 0) at label 2: 1.38629 (log 4), d_z = (0.25, 0.25, -0.75, 0.25)
// CHECK-NEXT: newton sqrt(2) in 6 steps: 1.41421356237, d/dx = 0.353553390593
// CHECK-NEXT: closed forms: ok
// CHECK-NEXT: softmax cross-entropy: ok
// CHECK-NEXT: softmax cross-entropy, large logits: ok
// CHECK-NEXT: relu in a loop: ok
// CHECK-NEXT: mlp, tanh hidden: ok
// CHECK-NEXT: newton sqrt: ok
// CHECK-NEXT: logistic loss over a batch: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { K = 5, D = 3, HID = 4 };

BP_GRAD(z)
double xent(const double *z, int n, int label)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] - m);
    return log(sum) + m - z[label];
}

/* sum_i w[i] relu(x[i]) */
BP_GRAD(x, w)
double relu_sum(const double *x, const double *w, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double a = x[i];
        s += w[i] * (a > 0 ? a : 0);
    }
    return s;
}

/* (W2 tanh(W1 x + b1) + b2 - y)^2, W1 HID×D, W2 1×HID */
BP_GRAD(W1, b1, W2, b2, x)
double mlp_tanh(const double *W1, const double *b1, const double *W2, double b2,
                const double *x, double y)
{
    double h[HID];
    for (int j = 0; j < HID; j++) {
        double a = 0;
        for (int i = 0; i < D; i++)
            a += W1[j * D + i] * x[i];
        h[j] = tanh(a + b1[j]);
    }
    double out = 0;
    for (int j = 0; j < HID; j++)
        out += W2[j] * h[j];
    double e = out + b2 - y;
    return e * e;
}

BP_GRAD(x)
double newton_sqrt(double x, int steps)
{
    double r = 1;
    for (int k = 0; k < steps; k++)
        r = 0.5 * (r + x / r);
    return r;
}

/* mean of log(1 + exp(-t w.x)) over m examples of dimension d */
BP_GRAD(w)
double logistic(const double *w, const double *X, const double *t, int m, int d)
{
    double loss = 0;
    for (int k = 0; k < m; k++) {
        double z = 0;
        for (int i = 0; i < d; i++)
            z += w[i] * X[k * d + i];
        loss += log1p(exp(-t[k] * z));
    }
    return loss / m;
}

double xent_grad(const double *z, double *d_z, int n, int label);
double relu_sum_grad(const double *x, double *d_x, const double *w, double *d_w, int n);
double mlp_tanh_grad(const double *W1, double *d_W1, const double *b1, double *d_b1,
                     const double *W2, double *d_W2, double b2, double *d_b2, const double *x,
                     double *d_x, double y);
double newton_sqrt_grad(double x, double *d_x, int steps);
double logistic_grad(const double *w, double *d_w, const double *X, const double *t, int m,
                     int d);

static double eval_xent(const double *p) { return xent(p, K, 3); }
static double grad_xent(const double *p, double *g) { return xent_grad(p, g, K, 3); }

/* p = (x0..x5, w0..w5) */
static double eval_relu(const double *p) { return relu_sum(p, p + 6, 6); }
static double grad_relu(const double *p, double *g) { return relu_sum_grad(p, g, p + 6, g + 6, 6); }

/* p = (W1 (12), b1 (4), W2 (4), b2, x (3)): 24 inputs */
enum { W1_AT = 0, B1_AT = HID * D, W2_AT = B1_AT + HID, B2_AT = W2_AT + HID, X_AT = B2_AT + 1,
       MLP_N = X_AT + D };
static const double target = 0.3;
static double eval_mlp_tanh(const double *p)
{
    return mlp_tanh(p + W1_AT, p + B1_AT, p + W2_AT, p[B2_AT], p + X_AT, target);
}
static double grad_mlp_tanh(const double *p, double *g)
{
    return mlp_tanh_grad(p + W1_AT, g + W1_AT, p + B1_AT, g + B1_AT, p + W2_AT, g + W2_AT,
                         p[B2_AT], &g[B2_AT], p + X_AT, g + X_AT, target);
}
static double eval_newton(const double *p) { return newton_sqrt(p[0], 8); }
static double grad_newton(const double *p, double *g) { return newton_sqrt_grad(p[0], g, 8); }

static const double batch_X[4 * 3] = {0.5, -1, 2, 1.5, 0.25, -0.5, -1, -1, 1, 0.75, 2, -0.25};
static const double batch_t[4] = {1, -1, 1, -1};
static double eval_logistic(const double *p) { return logistic(p, batch_X, batch_t, 4, 3); }
static double grad_logistic(const double *p, double *g)
{
    return logistic_grad(p, g, batch_X, batch_t, 4, 3);
}

int main(void)
{
    const double z[4] = {0, 0, 0, 0};
    double dz[4] = {0};
    double f = xent_grad(z, dz, 4, 2);
    printf("xent of z = (0, 0, 0, 0) at label 2: %g (log 4), d_z = (%g, %g, %g, %g)\n", f,
           dz[0], dz[1], dz[2], dz[3]);
    int ok = fabs(f - log(4)) < 1e-15 && dz[0] == 0.25 && dz[1] == 0.25 && dz[2] == -0.75 &&
             dz[3] == 0.25;
    double dx = 0;
    double r = newton_sqrt_grad(2, &dx, 6);
    printf("newton sqrt(2) in 6 steps: %.12g, d/dx = %.12g\n", r, dx);
    ok &= fabs(r - sqrt(2)) < 1e-15 && fabs(dx - 0.5 / sqrt(2)) < 1e-12;
    fd_expect_true("closed forms", ok);

    double lo[MLP_N], hi[MLP_N];
    for (int i = 0; i < MLP_N; i++) {
        lo[i] = -1.5;
        hi[i] = 1.5;
    }
    fd_check("softmax cross-entropy", K, eval_xent, grad_xent, lo, hi, 20, 1);
    double big_lo[K] = {30, 30, 30, 30, 30}, big_hi[K] = {40, 40, 40, 40, 40};
    fd_check("softmax cross-entropy, large logits", K, eval_xent, grad_xent, big_lo, big_hi, 20,
             2);

    /* x alternates in sign, away from the kink */
    static const double rlo[] = {0.1, -1.5, 0.1, -1.5, 0.1, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        rhi[] = {1.5, -0.1, 1.5, -0.1, 1.5, -0.1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("relu in a loop", 12, eval_relu, grad_relu, rlo, rhi, 20, 3);
    fd_check("mlp, tanh hidden", MLP_N, eval_mlp_tanh, grad_mlp_tanh, lo, hi, 20, 4);

    static const double nlo[] = {0.25}, nhi[] = {4};
    fd_check("newton sqrt", 1, eval_newton, grad_newton, nlo, nhi, 20, 6);
    static const double wlo[] = {-2, -2, -2}, whi[] = {2, 2, 2};
    fd_check("logistic loss over a batch", 3, eval_logistic, grad_logistic, wlo, whi, 20, 7);
    return fd_failures != 0;
}
