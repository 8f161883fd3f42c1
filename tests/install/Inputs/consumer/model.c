/* f(x, w) = SCALE * w * x^POWER, SCALE from params.h (found through the
 * target's include directories), POWER a definition of the target. */
#include "params.h"
#include <bpgen.h>

#if defined(__BPGEN__) && !defined(CONSUMER_OPTIONS_PASSED)
#error "bpgen_generate did not pass OPTIONS to bpgen"
#endif

BP_GRAD(x, w)
double f(double x, double w) {
    double p = 1.0;
    for (int i = 0; i < POWER; i++)
        p *= x;
    return SCALE * w * p;
}
