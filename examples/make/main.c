/* Calls the gradient bpgen generated from model.c and compares it with the
 * closed form 2 a_i x_i. */
#include <math.h>
#include <stdio.h>

#include "model.h"

int main(void) {
    double x[N], a[N], d_x[N] = {0};
    for (int i = 0; i < N; i++) {
        x[i] = 0.5 + i;
        a[i] = 1.0 + 0.25 * i;
    }
    double f = quadratic_grad(x, d_x, a);
    int bad = f != quadratic(x, a);
    printf("f = %g, df/dx =", f);
    for (int i = 0; i < N; i++) {
        printf(" %g", d_x[i]);
        bad |= fabs(d_x[i] - 2 * a[i] * x[i]) > 1e-12;
    }
    printf(": %s\n", bad ? "FAILED" : "ok");
    return bad;
}
