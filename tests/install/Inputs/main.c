#include <bpgen.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>

double f(double x, const double *w, size_t n);
double f_grad(double x, double *d_x, const double *w, double *d_w, size_t n);

int main(void) {
    double w[3] = {0.3, -1.2, 0.7}, d_w[3] = {0}, x = 0.8, d_x = 0, h = 1e-6;
    double v = f_grad(x, &d_x, w, d_w, 3);
    double fd = (f(x + h, w, 3) - f(x - h, w, 3)) / (2 * h);
    int bad = v != f(x, w, 3) || fabs(d_x - fd) > 1e-7;
    printf("runtime %s, header %s: %s\n", bp_version(), BPGEN_VERSION, bad ? "FAILED" : "ok");
    return bad;
}
