// A loop that carries no variable: emit.c print_next offset NULL by 0 (fixed).
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
