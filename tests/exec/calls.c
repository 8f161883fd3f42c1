// Calls of the model's own functions against central finite differences:
// a helper returning a value, one writing an output array, one reading an
// array and called in a loop, recursion, and a BP_ADJOINT for a function
// from another file.
// RUN: %bpgen %s -o %t.grad.c
// RUN: %cc %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s
// CHECK: calls: ok
#include <bpgen.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

double logsumexp(const double *x, int n) {
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    return m + log(s);
}

void scale_into(const double *a, double k, double *out, int n) {
    for (int i = 0; i < n; i++)
        out[i] = k * a[i];
}

double power(double x, int n) {
    if (n == 0)
        return 1.0;
    return x * power(x, n - 1);
}

/* From "another file": bpgen sees only its declaration and its adjoint. */
double softplus(double x);
void softplus_adj(double x, double *d_x, double d_f);
BP_ADJOINT(softplus, softplus_adj);

enum { N = 5 };

BP_GRAD(w, x)
double f(const double *w, const double *x) {
    double y[N];
    scale_into(x, w[0], y, N);
    double s = 0;
    for (int i = 0; i < N; i++)
        s += sigmoid(w[i] * y[i]) + softplus(y[i]);
    return s + logsumexp(y, N) + power(w[1], 3);
}

double f_grad(const double *w, double *d_w, const double *x, double *d_x);

double softplus(double x) { return log1p(exp(x)); }
void softplus_adj(double x, double *d_x, double d_f) {
    if (d_x)
        *d_x += d_f / (1 + exp(-x));
}

int main(void) {
    int bad = 0;
    double h = 1e-6;
    double w[N] = {0.3, -0.5, 0.8, 0.1, -0.9}, x[N] = {1.0, 0.4, -0.7, 0.2, 0.5};
    for (int round = 0; round < 2; round++) {
        double dw[N] = {0}, dx[N] = {0};
        if (f_grad(w, dw, x, dx) != f(w, x))
            bad = printf("FAIL: the primal\n");
        for (int i = 0; i < N; i++) {
            double p[N], m[N];
            memcpy(p, w, sizeof w);
            memcpy(m, w, sizeof w);
            p[i] += h;
            m[i] -= h;
            double fd = (f(p, x) - f(m, x)) / (2 * h);
            if (fabs(fd - dw[i]) > 1e-6 * (1 + fabs(fd)))
                bad = printf("FAIL d/dw[%d]: %g, finite differences %g\n", i, dw[i], fd);
            memcpy(p, x, sizeof x);
            memcpy(m, x, sizeof x);
            p[i] += h;
            m[i] -= h;
            fd = (f(w, p) - f(w, m)) / (2 * h);
            if (fabs(fd - dx[i]) > 1e-6 * (1 + fabs(fd)))
                bad = printf("FAIL d/dx[%d]: %g, finite differences %g\n", i, dx[i], fd);
        }
        w[2] += 0.37;
        x[3] -= 0.21;
    }
    if (bp_the_tape.top != 0)
        bad = printf("FAIL: the tape is not empty after the gradient\n");
    printf(bad ? "calls: FAILED\n" : "calls: ok\n");
    return bad != 0;
}
