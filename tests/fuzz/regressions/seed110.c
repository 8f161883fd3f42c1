/* bpgen fuzz regression: seed 110, grad_compile:
 *   grad.c:551:5: error: too many arguments to function ‘g1_rev’
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g4"], "mode": "mixed", "n": 6, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "b", "named": false}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 110}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

double g1(double u, double v)
{
    double r0 = 0.11;
    r0 += (1.42 * (-0.68)) / (1.5 + sin(fmod(r0, 1.7)));
    int it2 = 0;
    double w3 = (tanh(u) + r0);
    while (it2 < 6 && FZ_T(w3 > (-0.11))) {
        it2++;
        w3 = 0.6 * w3 + 0.3 * tanh(exp(0.5 * tanh(1.48)));
    }
    r0 += w3;
    r0 = ((v + 0.22) + log2(1.5 + sin(0.02)));
    return r0;
}

double g4(const double *w, int m, double u)
{
    double r0 = u;
    r0 += 0.89 * (tanh(r0));
    for (int i5 = 0; i5 < m; ++i5) {
        r0 = (0.5 * r0 + sqrt(1.0 + (log1p(u * u)) * (log1p(u * u))));
        int it6 = 0;
        double w7 = w[m - 1 - i5];
        do {
            it6++;
            w7 = 0.6 * w7 + 0.3 * tanh((0.46 * (double)i5 - w[i5]));
            double t8 = fmax((sin(w7) + w[i5]), pow(1.5 + sin(w[i5]), 1.5 + 0.5 * tanh(tanh(r0))));
            r0 += t8;
        } while (FZ_T(w7 > 0.08) && it6 < 5);
        r0 += w7;
        double u9[3];
        for (int q10 = 0; q10 < 3; q10++)
            u9[q10] = (r0 - log10(2.0 + u * u));
        u9[(i5 * 2 + 1) % 3] += (FZ_T((w[i5] - 1.05) < (-0.22)) ? w7 * (u9[(i5 + 2) % 3]) : w[i5]);
    }
    return r0;
}

BP_GRAD(y, c, a)
double model(double *y, double b, double c, double a, int n)
{
    double s0 = (-1.46);
    c += fma(b, (tanh(c) - sin(b)), g1((y[2]) * s0, fmax(b, 0.35 * (double)n)));
    double *p12 = y + 1;
    y[2] += sin((-0.33));
    c += 0.61 * (log10(2.0 + (y[2] - y[0]) * (y[2] - y[0])));
    double t13 = exp(0.5 * sin(exp(0.5 * cos(s0))));
    if (n > 3) {
        switch ((int)floor(1.5 + 1.4 * tanh(p12[1]))) {
        case 0: {
            if (FZ_T(t13 * (p12[1]) >= 0.93)) {
                return s0 + atan(erf(s0));
            }
            if (FZ_T(hypot(p12[0], 1.0) <= (-0.51))) {
                s0 *= 0.9 + 0.1 * tanh(exp(0.5 * sin(exp(0.5 * sin(y[2])))));
                t13 -= (exp(0.5 * cos(fmax(y[1], 0.26 * (double)n))));
            }
            break;
        }
        case 1: {
            int it14 = 0;
            double w15 = (p12[1] + sin(s0));
            do {
                it14++;
                w15 += 0.3 + 0.2 * sin(sqrt(1.0 + 1.38 * 1.38));
                if (!((it14 % 2 == 0) || (FZ_T(1.52 * a >= 0.66)))) {
                    p12[(it14 + 1) % (n - 1)] *= 0.8 + 0.2 * cos(tan(0.5 * sin(atan(y[(it14 * 3 + 0) % n]))));
                    double t16 = exp(0.5 * cos(1.98 * w15));
                    s0 += t16;
                }
                s0 = tanh(s0 + y[(it14 + 2) % n]);
            } while (FZ_T(w15 < 0.33) && it14 < 5);
            s0 += w15;
        }
        /* fall through */
        case 2: {
            if (FZ_T((-1.02) * t13 > (-0.65))) {
                double t17 = ((sin(b) - a) + (1.23 + y[1]));
                s0 += t17;
            }
        }
        /* fall through */
        case 3: {
            if ((FZ_T((tanh(c) + t13) >= (-0.18))) || (n > 5)) {
                return s0 + hypot((-1.16) * (p12[1]), 1.0);
            }
            double u18[4];
            for (int q19 = 0; q19 < 4; q19++)
                u18[q19] = (p12[(q19 + 0) % (n - 1)]) / (1.0 + (0.09 * (double)n - 0.12 * (double)n) * (0.09 * (double)n - 0.12 * (double)n));
            s0 += u18[0];
            break;
        }
        }
        p12[0] = g4(p12, (n - 1), (p12[0] + (-0.07)));
    } else {
        float t20 = (float)((-1.39) * (atan(tanh(c))));
        p12[0] = p12[0] * 0.5 + sin((cos(b) - atan(p12[0])));
        s0 += t20;
    }
    return s0 + 0.01 * (double)n;
}
