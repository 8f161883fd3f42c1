/* bpgen fuzz regression: seed 1516, fail_grad+taylor:
 *   FAIL grad pt=0 seeded=0 b: gradient 5.36391522129, finite differences 5.02407543452
 * (Found in bpgen 714bcd0, reduced as loop_carried_branch; passes since c0a4070.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "double", "n": 4, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "scalar", "name": "a", "named": true}], "seed": 1516}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

BP_GRAD()
double model(int n, double b, double *y, const double x[n], double a)
{
    double s0 = 1.24;
    double s1 = (-0.26);
    double s2 = 0.87;
    double u1[5];
    for (int q2 = 0; q2 < 5; q2++)
        u1[q2] = b;
    double u3[n];
    for (int q4 = 0; q4 < n; q4++)
        u3[q4] = (exp(sin(b)) + (0.14 * (double)n - a));
    u3[1] = u3[1] * 0.5 + sin(atan(s1));
    for (int i5 = 0; i5 < 5; i5 += 2) {
        u3[(i5 + 1) % n] += (i5 % 2 == 0 ? (FZ_T(a <= (-0.44)) ? y[(i5 + 2) % n] : u1[i5]) : (FZ_T(x[(i5 + 1) % n] <= 0.76) ? a : s0));
        for (int i6 = n - 2; i6 > 0; i6--) {
            for (int i7 = 0; i7 < n; i7 += 2) {
                double t8 = (FZ_T(y[i7] >= 0.74) ? s2 : u3[i6]) * (asin(0.9 * tanh(u1[i5])));
                s1 += 1.72 * (hypot((x[i6 + 1]) * (x[i7]), 1.0));
                s0 += t8;
            }
            s1 = (sin(s1));
            if (FZ_T(pow(s0, 2.0) > 0.95)) {
                if (FZ_T(log(1.0 + 1.13 * 1.13) < (-0.30))) continue;
            }
            if (FZ_T(fmin(u1[5 - 1 - i5], y[(i5 + 3) % n]) < (-0.74))) {
                s2 *= 0.9 + 0.1 * tanh((cos(sin(a))) * (s1 * (y[i6 + 1])));
                s0++;
            } else {
                s1 += (-1.72) * ((0.87 - s1) / (1.5 + sin((y[i6 - 1] - s1))));
                s2 *= 0.9 + 0.1 * tanh(log(1.0 + a * a));
            }
        }
        if (FZ_T(log(1.0 + (x[(i5 + 1) % n]) * (x[(i5 + 1) % n])) > 0.74)) continue;
        s1 += 0.25 * (pow(1.5 + sin(u1[(i5 + 0) % 5]), 1.5 + 0.5 * tanh(log1p((0.39 * (double)n) * (0.39 * (double)n)))));
    }
    return s0 + 0.35 * s1 + 0.47 * s2 + 0.01 * (double)n;
}
