/* bpgen fuzz regression: seed 649, fail_grad+taylor:
 *   FAIL grad pt=0 seeded=1 y[2]: gradient 0.139668686602, finite differences -0.0861926727219
 * (A wrong gradient in bpgen 0c5d781 and before: g1's loop overwrites its carried r0 with values
 * of w alone, and g1 is called with m = 2, so that the loop runs no trip and returns r0 = f(u);
 * activity analysis took the loop's result for a function of what its body yields only, and
 * g1_rev dropped u's adjoint.  A for loop's results now follow its carried values, start
 * included.  tests/exec/fuzz_regressions.c has it cut down.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g3"], "mode": "double", "n": 4, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 649}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

double g1(const double *w, int m, double u)
{
    double r0 = (tanh(u)) / (1.5 + sin(u));
    for (int i2 = m - 2; i2 > 0; --i2) {
        r0 = (erf(w[i2 - 1]) - w[i2 + 1]);
        switch ((i2) % 2) {
        case 1: {
            if (i2 % 2 == 1) continue;
        }
        /* fall through */
        default: {
            r0 -= (sinh(tanh(0.12 / (1.0 + (w[i2]) * (w[i2])))));
            if (FZ_T(sin(0.32) >= 0.48)) continue;
            break;
        }
        }
        r0 = tanh(r0 + hypot(w[i2 - 1], 1.0));
    }
    return r0;
}

static void g3(double *w, int m, double u)
{
    double r0 = erfc(u);
    for (int i4 = 0; i4 < m; i4++)
        w[i4] = tanh(r0) * w[i4] + sin(u);
    double t5 = (atan(w[1]) - (r0 - w[0]));
    for (int i6 = 1; i6 < m - 1; i6++) {
        if ((FZ_T((FZ_T(w[i6] > 0.46) ? t5 : 0.32) >= (-0.81))) || (i6 > 1)) {
            t5 *= 0.9 + 0.1 * tanh(g1(w, m, w[i6 - 1]));
            break;
        }
        w[i6 - 1] *= 0.8 + 0.2 * cos(fabs(w[(i6 + 0) % m]));
        t5 = tanh(t5 + w[i6]);
        w[i6 + 1] = w[i6 + 1] * 0.5 + sin(exp(0.5 * cos(pow(sin(t5), 3.0))));
    }
    w[m - 1] += r0;
}

BP_GRAD(y, b, a, x)
double model(double *y, double b, double a, const double *x, int n)
{
    double s0 = (-1.06);
    double s1 = (y[0] - 0.54);
    for (int i7 = 1; i7 < n - 1; i7 += 3) {
        if (FZ_T(exp2(sin(a)) > 0.82)) {
            y[(i7 + 3) % n] = tanh(y[(i7 + 3) % n] * (y[i7]) + expm1(0.5 * tanh((FZ_T(b >= (-0.14)) ? s1 : (-0.97)))));
            continue;
        }
        for (int i8 = n - 2; i8 > 0; i8 -= 2) {
            for (int i9 = n - 1; i9 >= 0; --i9) {
                y[i8] = s0;
                y[i7] = fma(log1p((tanh(s0)) * (tanh(s0))), 0.35 * (double)n, x[i8 - 1]);
                if (FZ_T(sqrt(1.0 + a * a) > 0.70)) {
                    s0 = (0.5 * s0 + (fmin(x[i7], y[(i7 * 3 + 2) % n])) / (1.5 + sin(fmod(x[i8 + 1], 1.7))));
                    break;
                }
            }
            for (int i10 = 0; i10 < n; i10++) {
                if (FZ_T((-0.87) * (0.38 * (double)n) <= (-0.43))) {
                    s1 -= (y[i8 - 1]);
                    break;
                }
                y[i7 - 1] = (-0.90) * (y[i10] - b);
            }
            y[i8] *= 0.8 + 0.2 * cos(pow(1.5 + sin((i7 == 0 ? 1.19 : x[i8 + 1])), 1.5 + 0.5 * tanh((y[i8 - 1]) / (1.5 + sin(0.33 * (double)n)))));
            g3(y, n, a);
        }
    }
    double u11[2] = {0};
    y[0] = y[0] * 0.5 + sin(g1(u11, 2, (FZ_T(s0 <= 0.20) ? y[2] : 0.96)));
    for (int i12 = 2 - 1; i12 >= 0; i12--) {
        if (i12 > 2) break;
    }
    s0 *= 0.9 + 0.1 * tanh(((x[2] - a) - (-0.32)));
    double u13[7];
    for (int q14 = 0; q14 < 7; q14++)
        u13[q14] = (atan(0.13 * (double)n) + (s1 + x[(q14 * 3 + 2) % n]));
    s0 = (asin(0.9 * tanh(log(1.0 + 1.90 * 1.90))));
    return s0 + 0.88 * s1 + u13[0] + 0.01 * (double)n;
}
