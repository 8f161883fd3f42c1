/* A small model for the command-line tests. */
#include <math.h>
#include <bpgen.h>
#include "scale.h"

BP_GRAD(x)
double f(double x, double y) {
#ifdef SQUARE
    x = x * x;
#endif
    return SCALE * sin(x) * y;
}
