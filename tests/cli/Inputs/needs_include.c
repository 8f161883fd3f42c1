/* Needs -I for offset.h. */
#include <bpgen.h>
#include "offset.h"

BP_GRAD(x)
double f(double x) {
    return x * x + OFFSET;
}
