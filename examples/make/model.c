/* f(x) = sum_i a_i x_i^2, whose gradient bpgen writes: df/dx_i = 2 a_i x_i. */
#include <bpgen.h>
#include "model.h"

BP_GRAD(x)
double quadratic(const double *x, const double *a) {
    double f = 0;
    for (int i = 0; i < N; i++)
        f += a[i] * x[i] * x[i];
    return f;
}
