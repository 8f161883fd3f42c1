// A double out of the range of long long cast to int: ir.c ir_cast converts it.
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    int n = 1e300;
    return x * n;
}
