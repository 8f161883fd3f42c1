// sizeof(double) * LLONG_MAX, folded through a double (7.4e19) by ir.c ir_cast.
#include <bpgen.h>
#include <stdlib.h>
BP_GRAD(x)
double f(double x) {
    double *a = malloc(sizeof(double) * 9223372036854775807LL);
    a[0] = x;
    double r = a[0] * x;
    free(a);
    return r;
}
