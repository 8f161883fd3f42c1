/*
 * The loop benchmarks of the loops-and-memory issue, written as plain C
 * loops: a dot product, Horner's rule, softmax cross-entropy, and a small
 * two-layer network (ReLU hidden layer, squared error).
 */
#include <math.h>
#include <bpgen.h>

BP_GRAD(x, y)
double dot(const double *x, const double *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

BP_GRAD(x, c)
double horner(double x, const double *c, int n)
{
    double p = 0;
    for (int i = n - 1; i >= 0; i--)
        p = p * x + c[i];
    return p;
}

BP_GRAD(z)
double softmax_xent(const double *z, int n, int label)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(z[i] - m);
    return log(s) + m - z[label];
}

#define MAX_HIDDEN 256

/* y = W2 relu(W1 x + b1) + b2, loss = |y - t|^2 / 2 */
BP_GRAD(W1, b1, W2, b2)
double mlp(const double *W1, const double *b1, const double *W2, const double *b2,
           const double *x, const double *t, int D, int H, int C)
{
    double h[MAX_HIDDEN];
    for (int j = 0; j < H; j++) {
        double a = b1[j];
        for (int i = 0; i < D; i++)
            a += W1[j * D + i] * x[i];
        h[j] = a > 0 ? a : 0;
    }
    double loss = 0;
    for (int k = 0; k < C; k++) {
        double y = b2[k];
        for (int j = 0; j < H; j++)
            y += W2[k * H + j] * h[j];
        loss += 0.5 * (y - t[k]) * (y - t[k]);
    }
    return loss;
}
