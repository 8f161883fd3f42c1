// switch with fall-through, break, default, a return inside, and continue
// in a switch inside a loop: every entry value against central finite
// differences.
// RUN: %bpgen %s -o %t.grad.c
// RUN: %cc %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s
// CHECK: switch: ok
#include <bpgen.h>
#include <math.h>
#include <stdio.h>

BP_GRAD(x)
double f(double x, int k) {
    double y = x;
    switch (k) {
    case 0:
    case 1:
        y = y * y;           /* falls through */
    case 2:
        y += sin(x);
        break;
    case 3:
        return exp(x);
    default:
        y = -y;
    }
    return y * x;
}

BP_GRAD(x)
double g(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
        switch (i % 3) {
        case 0:
            s += x[i];
            break;
        case 1:
            continue;
        default:
            s += x[i] * x[i];
        }
        s *= 1.5;
    }
    return s;
}

double f_grad(double x, double *d_x, int k);
double g_grad(const double *x, double *d_x, int n);

int main(void) {
    int bad = 0;
    double h = 1e-6;
    for (int k = -1; k <= 5; k++) {
        double d = 0, v = f_grad(0.7, &d, k);
        double fd = (f(0.7 + h, k) - f(0.7 - h, k)) / (2 * h);
        if (fabs(d - fd) > 1e-7 * (1 + fabs(fd)) || v != f(0.7, k)) {
            printf("FAIL f, k = %d: %g, finite differences %g\n", k, d, fd);
            bad = 1;
        }
    }
    double x[7] = {0.3, 0.5, -0.2, 0.9, 1.1, -0.4, 0.8}, d[7] = {0};
    g_grad(x, d, 7);
    for (int i = 0; i < 7; i++) {
        double xp[7], xm[7];
        for (int j = 0; j < 7; j++)
            xp[j] = xm[j] = x[j];
        xp[i] += h;
        xm[i] -= h;
        double fd = (g(xp, 7) - g(xm, 7)) / (2 * h);
        if (fabs(d[i] - fd) > 1e-7 * (1 + fabs(fd))) {
            printf("FAIL g, d/dx[%d]: %g, finite differences %g\n", i, d[i], fd);
            bad = 1;
        }
    }
    printf(bad ? "switch: FAILED\n" : "switch: ok\n");
    return bad;
}
