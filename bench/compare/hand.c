/*
 * Gradients by hand of the lectures' scalar models (examples/neuron):
 * what a person writes with pencil and paper, the baseline of "is the
 * generated gradient as cheap as a hand-written one" for scalar code.
 * (The MLP's is examples/mlp/backward.c.)  Same contract as bpgen's
 * gradients: return the function's value and ADD the derivatives into the
 * adjoints.
 */
#include <math.h>

/* f = sigmoid(s), s = w0 x0 + w1 x1 + w2, and df/ds = f (1 - f). */
double neuron_by_hand(double w0, double *d_w0, double x0, double *d_x0, double w1,
                      double *d_w1, double x1, double *d_x1, double w2, double *d_w2)
{
    double f = 1.0 / (1.0 + exp(-(w0 * x0 + w1 * x1 + w2)));
    double d_s = f * (1.0 - f);
    *d_w0 += d_s * x0;
    *d_x0 += d_s * w0;
    *d_w1 += d_s * x1;
    *d_x1 += d_s * w1;
    *d_w2 += d_s;
    return f;
}

/* L = (y - t)^2 / 2 with y = sigmoid(w x + b), plus lambda w^2 / 2:
 * dL/dz = (y - t) y (1 - y). */
double logistic_loss_by_hand(double w, double *d_w, double b, double *d_b, double x, double t,
                             double lambda)
{
    double y = 1.0 / (1.0 + exp(-(w * x + b)));
    double d_z = (y - t) * y * (1.0 - y);
    *d_w += d_z * x + lambda * w;
    *d_b += d_z;
    return 0.5 * (y - t) * (y - t) + 0.5 * lambda * w * w;
}
