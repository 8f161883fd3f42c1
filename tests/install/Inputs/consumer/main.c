#include <bpgen.h>
#include <stdio.h>

double f(double x, double w);
double f_grad(double x, double *d_x, double w, double *d_w);

int main(void) {
    double d_x = 0, d_w = 0;
    double v = f_grad(2.0, &d_x, 0.5, &d_w);
    printf("%s (libbpgen %s): f = %g, df/dx = %g, df/dw = %g\n", GREETING, bp_version(), v,
           d_x, d_w);
    return v != f(2.0, 0.5);
}
