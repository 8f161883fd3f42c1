/* bpgen fuzz regression: seed 442, bpgen_crash:
 *   status 4: bpgen: internal error: malformed IR in model_grad: operand used outside the scope of its definition (op SIN, line 35)
 * (Found in bpgen 714bcd0, reduced as loop_dead_carry_ir; passes since c0a4070.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "double", "n": 6, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "b", "named": false}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 442}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

BP_GRAD(y, a, c, x)
double model(double *y, double a, double c, double b, const double *x, int n)
{
    double s0 = (-0.85);
    double u1[n];
    for (int q2 = 0; q2 < n; q2++)
        u1[q2] = log(1.0 + (fmod(c, 1.7)) * (fmod(c, 1.7)));
    double t3 = (-0.19) * ((0.10 * (double)n) * (y[1]));
    u1[0] = u1[0] * 0.5 + sin(log10(2.0 + (sin(u1[0])) * (sin(u1[0]))));
    y[2] += y[2];
    s0 += erf((0.37 * (double)n - u1[1]));
    u1[0] = (cos(0.91) + 0.26 * (double)n);
    switch ((int)floor(1.5 + 1.4 * tanh(s0))) {
    case 1: {
        t3 += cos((x[2]) * (0.31 * (double)n));
        break;
    }
    case 3: {
        t3 = (0.5 * t3 + log(1.0 + (fma(u1[2], y[1], (-0.04))) * (fma(u1[2], y[1], (-0.04)))));
        for (int i4 = 0; i4 < n; i4 += 2) {
            double t5 = (i4 > 3 ? sqrt(1.0 + 1.51 * 1.51) : cos((-1.23)));
            int it6 = 0;
            double w7 = 0.25 * (double)i4;
            while (it6 < 9 && FZ_T(w7 > (-0.04))) {
                it6++;
                w7 = 0.6 * w7 + 0.3 * tanh((y[1] - sin(t3)));
                s0 += 1.92 * (sqrt(1.0 + (erf(sin(c))) * (erf(sin(c)))));
            }
            t3 += w7;
            y[i4] = y[i4] * 0.5 + sin(tanh((u1[i4] - tanh(s0))));
            double t8 = (atan(y[(i4 * 3 + 1) % n]) - tan(0.5 * sin(x[(i4 + 0) % n])));
            s0 += t5;
            s0 += t8;
        }
        break;
    }
    default: {
        s0++;
        s0 += ((-1.38) + 0.25 * (double)n) * ((-0.84) * (sin(s0)));
        break;
    }
    }
    return s0 + 0.28 * a + (-0.56) * b + 0.01 * (double)n;
}
