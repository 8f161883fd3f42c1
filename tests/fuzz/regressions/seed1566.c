/* bpgen fuzz regression: seed 1566, fail_grad:
 *   FAIL grad pt=1 seeded=0 y[0]: gradient -nan, finite differences -3.10467550266e-15
 * (Failed through bpgen 2b516a4: the primal overflows to inf in values of y that later stores
 * overwrite, so the output is finite, and the reverse sweep multiplies their zero adjoint by inf
 * (0 * inf = NaN), as reverse mode does.  Such a point has no derivative to check: fuzz_check.h now
 * skips points where the primal raises overflow, invalid or division by zero.  Kept to hold that.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "double", "n": 3, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "pair", "name": "q", "named": true, "type": "struct fz_pair", "writable": false}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "array", "name": "z", "named": true, "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 1566}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

struct fz_pair {
    double u;
    double v;
};

double g1(double u, double v)
{
    double r0 = exp(sin(1.38));
    u *= 0.9 + 0.1 * tanh((-1.19) / (1.0 + (1.83 / (1.0 + (sin(v)) * (sin(v)))) * (1.83 / (1.0 + (sin(v)) * (sin(v))))));
    u -= (((-0.55) * 0.47) / (1.5 + sin(log1p(0.56 * 0.56))));
    r0 += 0.55 * (fma(erf((-1.60)), 1.50 * 0.50, r0 / (1.5 + sin(tanh(v)))));
    double t2 = sin(u);
    r0 += t2;
    return r0;
}

BP_GRAD(y, q, a, b, c, z)
double model(double *y, struct fz_pair q, double a, double b, double c, const double *z, int n)
{
    double s0 = (-1.47);
    double s1 = atan(y[2]);
    double s2 = (-1.02);
    struct fz_pair pq3 = {0};
    pq3.u = y[1];
    pq3.v = g1(sqrt(1.0 + (z[2]) * (z[2])), exp(sin(0.24 * (double)n)));
    for (int i4 = 0; i4 < n; i4 += 2) {
        if (FZ_T(log(1.0 + (0.10 * (double)i4) * (0.10 * (double)i4)) > (-0.14))) {
            y[i4] *= 0.8 + 0.2 * cos(z[n - 1 - i4]);
            continue;
        }
    }
    for (int i5 = 1; i5 < n - 1; i5++) {
        if (FZ_T(b > 0.43)) {
            if (FZ_T(y[i5 + 1] < 0.92)) {
                switch ((i5) % 3) {
                case 1: {
                    int it6 = 0;
                    double w7 = atan(0.09 * (double)n);
                    while (it6 < 9 && FZ_T(w7 > (-0.15))) {
                        it6++;
                        w7 = 0.6 * w7 + 0.3 * tanh(s1 / (1.0 + (0.33 * (double)i5) * (0.33 * (double)i5)));
                        w7 += y[i5];
                        y[(it6 + 0) % n] = (w7 * (y[i5]) + y[i5]);
                        y[(it6 + 2) % n] += ((-1.39) * (y[(it6 * 2 + 2) % n])) * (y[(it6 + 0) % n]);
                    }
                    pq3.v += w7;
                    break;
                }
                }
                y[i5] = sin((tanh(pq3.u)) / (1.5 + sin(tanh(s1))));
            } else {
                s1 = tanh(s1 + (s0 * (z[i5]) - s2));
                if (FZ_T(q.v * (y[i5 - 1]) > (-0.28))) {
                    double u8[7] = {0};
                    double u9[7];
                    for (int q10 = 0; q10 < 7; q10++)
                        u9[q10] = log(1.0 + (0.55 * (z[i5 - 1])) * (0.55 * (z[i5 - 1])));
                    s2 = ((u8[(i5 + 1) % 7]) / (1.5 + sin((u8[(i5 + 3) % 7] - a))));
                    s0 += u9[0];
                } else {
                    double t11 = (sin(s1) + (y[i5]) * (sin(c)));
                    s0 += t11;
                }
            }
        } else if (FZ_T((sin(pq3.v)) * (y[i5 - 1]) > (-0.55))) {
            s1 *= 0.9 + 0.1 * tanh(exp(0.5 * tanh(erfc(pq3.v))));
            s1 += ((FZ_T(y[(i5 + 0) % n] <= (-0.16)) ? y[i5] : y[i5]) + fma(q.u, z[i5], (-1.13)));
        } else {
            pq3.u = tanh(pq3.u + asin(0.9 * tanh((pq3.u - z[1]))));
            s2 = (0.5 * s2 + (sin(y[(i5 + 3) % n]) + sqrt(1.0 + (y[i5 + 1]) * (y[i5 + 1]))));
        }
        if (FZ_T(sqrt(1.0 + b * b) >= (-0.34))) break;
        pq3.u = (0.5 * pq3.u + pow((y[i5] + 1.67), 2.0));
        y[i5] *= 0.8 + 0.2 * cos(((FZ_T(z[1] >= 0.48) ? 0.43 * (double)i5 : (-1.41)) - (y[(i5 + 3) % n] + z[i5])));
    }
    return s0 + 0.76 * s1 + 1.15 * s2 + 0.01 * (double)n;
}
