/* A model whose gradient uses the tape: Horner's rule over n coefficients. */
#include <bpgen.h>

BP_GRAD(x, c)
double horner(double x, const double *c, int n)
{
    double p = 0;
    for (int i = n - 1; i >= 0; i--)
        p = p * x + c[i] * p + c[i];
    return p;
}
