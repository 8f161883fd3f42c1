// A constant loop bound of LLONG_MAX with <=: emit.c print_for_header adds 1 to it.
#include <bpgen.h>
BP_GRAD(x)
double f(double x, const double *a) {
    double s = 0;
    for (long long i = 9223372036854775806LL; i <= 9223372036854775807LL; i++)
        s += a[0] * x;
    return s;
}
