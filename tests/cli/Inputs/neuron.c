/*
 * The models of the backprop lecture notes, written as plain C.  bpgen
 * writes their gradients into neuron_grad.c.
 */
#include <math.h>
#include <bpgen.h>

/* The sigmoid neuron: f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))). */
BP_GRAD()
double neuron(double w0, double x0, double w1, double x1, double w2)
{
    double s = w0 * x0 + w1 * x1 + w2;
    return 1.0 / (1.0 + exp(-s));
}

