/* bpgen fuzz regression: seed 23, grad_warning:
 *   grad.c:49:63: error: ‘*u3[0]’ may be used uninitialized [-Werror=maybe-uninitialized]
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "mixed", "n": 5, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "x", "named": true, "writable": false}], "seed": 23}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

BP_GRAD(a, x)
double model(int n, double a, const double *x)
{
    double s0 = (-0.01);
    double s1 = 0.51;
    double s2 = 1.08;
    s1 = (0.5 * s1 + ((FZ_T(0.29 * (0.11 * (double)n) <= (-0.03))) && (n > 3) ? (FZ_T(tanh(s2) < 0.88) ? tanh(s1) : x[2]) : (0.30 * (double)n - s0)));
    s2 = (0.5 * s2 + ((a - x[0]) - s2));
    s0++;
    s1 += (-0.28) * (sqrt(1.0 + (log10(2.0 + s0 * s0)) * (log10(2.0 + s0 * s0))));
    for (int i1 = 0; i1 < n; ++i1) {
        s2 += 0.72 * 1.00;
        s2 = (exp2(sin(exp(sin(x[n - 1 - i1])))));
        double t2 = s1 / (1.5 + sin((-0.63) * (x[(i1 + 3) % n])));
        s0 += t2;
    }
    float u3[n];
    for (int q4 = 0; q4 < n; q4++)
        u3[q4] = (float)((tanh(a) + x[q4]) * (x[(q4 + 2) % n]));
    return s0 + 0.34 * s1 + 1.47 * s2 + u3[0] + 0.01 * (double)n;
}
