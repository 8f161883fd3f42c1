/* A model as a user writes it: C library headers, clang's stddef.h and
 * bpgen.h, no -I anywhere. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <bpgen.h>

BP_GRAD(x, w)
double f(double x, const double *w, size_t n) {
    double s = w[0] * sin(x) + w[1] * cos(2 * x) + w[2] * x * x;
    return n > 0 ? s * x : s;
}
