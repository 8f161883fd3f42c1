/* bpgen fuzz regression: seed 771, fail_grad:
 *   FAIL grad pt=0 seeded=0 p->w[2]: gradient 0, finite differences 0.556437609668
 * (Found in bpgen 714bcd0, reduced as float_element_update; passes since c0a4070.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "mixed", "n": 4, "params": [{"kind": "array", "name": "x", "named": true, "writable": false}, {"k": 4, "kind": "layer", "name": "p", "named": true, "writable": true, "z": true}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 771}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

struct fz_layer {
    double w[4];
    double b;
    double *z;
    int m;
};

BP_GRAD(x, p, y, a)
double model(const double x[], struct fz_layer *p, double *y, double a, int n)
{
    double s0 = 1.91;
    double s1 = 0.64;
    double s2 = (-1.56);
    float *h2 = malloc(n * sizeof *h2);
    for (int q3 = 0; q3 < n; q3++)
        h2[q3] = (float)(exp(0.5 * sin(p->w[(q3 + 2) % 4])));
    s2 = tanh(s2 + ((sin(s1)) / (1.5 + sin(p->w[1]))) * (s1 - s2));
    if (FZ_T((s2 + x[1]) > 0.30)) {
        float t4 = (float)(n > 3 ? tan(0.5 * sin(x[2])) : cbrt(2.0 + sin(y[0])));
        s0 += t4;
    } else {
        if (n > 2) {
            s1 += ((0.34 * (double)n) / (1.5 + sin(p->b)) + sqrt(1.0 + (0.05 * (double)n) * (0.05 * (double)n)));
            for (int i5 = 0; i5 < n; i5++) {
                if (FZ_T(exp(0.5 * cos(h2[i5])) < 0.15)) {
                    s0 = (i5 % 2 == 1 ? sqrt(1.0 + (p->b) * (p->b)) : 0.53 * s2);
                    double r6 = s0 + p->b;
                    free(h2);
                    return r6;
                }
                s1 = tanh(s1 + (atan2((-1.80), 1.5 + sin(tanh(s1))) + exp(0.5 * sin(p->w[(i5 * 2 + 2) % 4]))));
                s2 *= 0.9 + 0.1 * tanh(expm1(0.5 * tanh(sin(p->b))));
            }
        }
        p->w[2] = (-1.16);
    }
    float u7[2];
    for (int q8 = 0; q8 < 2; q8++)
        u7[q8] = (float)((p->z[(q8 + 2) % n] - sin(s1)) / (1.5 + sin(p->w[(q8 + 0) % 4])));
    if (FZ_T((p->b + 1.75) <= 0.33)) {
        u7[0] *= 0.8 + 0.2 * cos((-1.42) * (tanh(sin(s0))));
        if (FZ_T(log(1.0 + (y[0]) * (y[0])) >= (-0.43))) {
            s1++;
            double r9 = s0 + (((-1.41) + p->z[2]) - (p->w[2] + x[2]));
            free(h2);
            return r9;
        }
        s1 += 0.63 * ((exp2(sin(h2[2]))) * (sqrt(1.0 + (0.22 * (double)n) * (0.22 * (double)n))));
    } else {
        s1 -= ((sqrt(1.0 + s0 * s0)) / (1.5 + sin(s1)));
        s0 *= 0.9 + 0.1 * tanh((0.63 * (0.20 * (double)n) + (-0.55) / (1.5 + sin(s0))));
        h2[0] += a;
    }
    double ret = s0 + 0.43 * s1 + 1.37 * s2 + h2[0] + u7[0] + 0.04 * (double)p->m + 0.01 * (double)n;
    free(h2);
    return ret;
}
