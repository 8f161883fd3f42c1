// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// A two-layer MLP with ReLU hidden units written as nested loops, the
// hidden layer accumulated in place in a zero-initialized local array
// (h[j] += W1[j][i] x[i]; h[j] += b1[j]; h[j] = h[j] > 0 ? h[j] : 0), the
// output started from the bias, in one file with the tanh MLP of
// loop_models.c (two functions with local arrays in one file once stopped
// bpgen with "malformed IR").
//
// CHECK:      mlp, tanh hidden: ok
// CHECK-NEXT: mlp, relu hidden: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { D = 3, HID = 4 };

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

/* the same with ReLU, the hidden layer accumulated in place in the array */
BP_GRAD(W1, b1, W2, b2, x)
double mlp_relu(const double *W1, const double *b1, const double *W2, double b2,
                const double *x, double y)
{
    double h[HID] = {0};
    for (int j = 0; j < HID; j++) {
        for (int i = 0; i < D; i++)
            h[j] += W1[j * D + i] * x[i];
        h[j] += b1[j];
        h[j] = h[j] > 0 ? h[j] : 0;
    }
    double out = b2;
    for (int j = 0; j < HID; j++)
        out += W2[j] * h[j];
    return 0.5 * (out - y) * (out - y);
}

double mlp_tanh_grad(const double *W1, double *d_W1, const double *b1, double *d_b1,
                     const double *W2, double *d_W2, double b2, double *d_b2, const double *x,
                     double *d_x, double y);
double mlp_relu_grad(const double *W1, double *d_W1, const double *b1, double *d_b1,
                     const double *W2, double *d_W2, double b2, double *d_b2, const double *x,
                     double *d_x, double y);

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
static double eval_mlp_relu(const double *p)
{
    return mlp_relu(p + W1_AT, p + B1_AT, p + W2_AT, p[B2_AT], p + X_AT, target);
}
static double grad_mlp_relu(const double *p, double *g)
{
    return mlp_relu_grad(p + W1_AT, g + W1_AT, p + B1_AT, g + B1_AT, p + W2_AT, g + W2_AT,
                         p[B2_AT], &g[B2_AT], p + X_AT, g + X_AT, target);
}

/* The ReLU MLP's hidden pre-activations are kinks: keep the sampled points
 * where none of them is within 0.05 of 0 (the steps are 1e-3 at most), by
 * drawing the biases large and of the sign of the unit. */
static void mlp_relu_box(double *lo, double *hi)
{
    for (int i = 0; i < MLP_N; i++) {
        lo[i] = -0.3;
        hi[i] = 0.3;
    }
    for (int j = 0; j < HID; j++) {
        lo[B1_AT + j] = j % 2 ? 0.6 : -1.5;
        hi[B1_AT + j] = j % 2 ? 1.5 : -0.6;
        lo[W2_AT + j] = -1.5;
        hi[W2_AT + j] = 1.5;
    }
}

int main(void)
{
    double lo[MLP_N], hi[MLP_N];
    for (int i = 0; i < MLP_N; i++) {
        lo[i] = -1.5;
        hi[i] = 1.5;
    }
    fd_check("mlp, tanh hidden", MLP_N, eval_mlp_tanh, grad_mlp_tanh, lo, hi, 20, 4);
    mlp_relu_box(lo, hi);
    fd_check("mlp, relu hidden", MLP_N, eval_mlp_relu, grad_mlp_relu, lo, hi, 20, 5);
    return fd_failures != 0;
}
