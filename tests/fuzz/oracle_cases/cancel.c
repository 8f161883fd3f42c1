/* An oracle case (tests/fuzz/oracles.test), not a regression: x0^3 written
 * as (x0 + 300)^3 less the terms it expands to, so that the value is small
 * while every evaluation rounds at the size of 300^3 = 2.7e7.  Finite
 * differences of the double twin are noisy here, and its Taylor remainders
 * sit on that noise: the oracles must still pass the right gradient and
 * fail one planted 1e-4 off (review found both ways wrong once).
 * fuzz-meta: {"functions": ["model"], "mode": "double", "n": 3, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "array", "name": "x", "named": true, "writable": false}], "seed": 300}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

#ifndef FZ_T
#define FZ_T(c) (c)
#endif

BP_GRAD(x)
double model(int n, const double x[n])
{
    double a = x[0] + 300;
    double s = a * a * a - 27000000.0 - 270000.0 * x[0] - 900.0 * x[0] * x[0];
    return s + 0.001 * sin(x[1]) + 0.5 * x[2];
}
