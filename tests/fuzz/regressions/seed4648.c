/* bpgen fuzz regression: seed 4648, fail_grad:
 *   FAIL grad pt=0 seeded=0 x[0]: gradient -6.35730171204, finite differences -6.55396567801
 * (Not a bpgen bug: at this point the float model's own value is 0.5% off its double twin's, the
 * case-1 loop amplifying rounding, and the gradient code bpgen wrote, compiled with float replaced
 * by double, agreed with finite differences to 1e-9.  The oracle now skips a point where the float
 * model's value strays more than FZ_PRECISE from the twin's; the other two points are checked.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "float", "n": 5, "params": [{"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 4648}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

BP_GRAD(x, a)
float model(const float *x, float a, int n)
{
    float s0 = 1.95f;
    float s1 = (-1.64f);
    float s2 = 1.77f;
    float *h2 = calloc(n, sizeof(float));
    h2[2] = tanhf(h2[2] * (x[2]) + sinf(s1));
    s1 += (-1.47f) * ((FZ_T((-1.33f) <= 0.65f) ? h2[0] : 0.59f) * (log10f(2.0f + s0 * s0)));
    float t3 = sqrtf(1.0f + ((tanhf(s0)) / (1.0f + (-1.19f) * (-1.19f))) * ((tanhf(s0)) / (1.0f + (-1.19f) * (-1.19f))));
    if (FZ_T((h2[0] + x[0]) <= (-0.63f))) {
        float r4 = s0 + (cosf(h2[2])) * (sinhf(tanhf(x[0])));
        free(h2);
        return r4;
    }
    h2[2] = (-0.73f) * (expf(-s1 * s1));
    float u5[7];
    for (int q6 = 0; q6 < 7; q6++)
        u5[q6] = 0.14f * (float)q6;
    for (unsigned long i7 = 0; i7 < (unsigned long)n; i7++) {
        switch ((int)floorf(1.5f + 1.4f * tanhf(logf(1.0f + (h2[(i7 * 3 + 2) % n]) * (h2[(i7 * 3 + 2) % n]))))) {
        case 1: {
            for (int i8 = 0; i8 < 7; i8++) {
                float t9 = sqrtf(1.0f + s0 * s0);
                s0 -= (((x[n - 1 - i7]) * (sinf(t9))) * t9);
            }
            break;
        }
        case 3: {
            for (int i10 = n - 2; i10 > 0; --i10) {
                if (FZ_T(logf(1.0f + (-1.90f) * (-1.90f)) < (-0.43f))) continue;
                if (FZ_T((0.58f + u5[(i10 + 1) % 7]) <= 0.70f)) break;
                if (FZ_T(erff(u5[(i7 + 0) % 7]) <= (-0.30f))) {
                    h2[i10 - 1] += u5[(i7 + i10) % 7];
                } else {
                    if (FZ_T(s1 * (-1.44f) < 0.92f)) {
                        h2[n - 1 - i7] = tanhf(h2[n - 1 - i7] * (u5[(i7 * 2 + 2) % 7]) + u5[(i10 * 2 + 0) % 7]);
                        continue;
                    }
                    if (FZ_T((0.20f * (float)i10 + h2[n - 1 - i7]) <= (-0.70f))) {
                        s0 += h2[i7];
                        break;
                    }
                    float t11 = tanhf(expf(0.5f * tanhf(h2[i10 - 1])));
                    s0 += t11;
                }
            }
            break;
        }
        default: {
            s1 *= 0.9f + 0.1f * tanhf((0.29f * (float)i7 - (tanhf(t3) + (-1.31f))));
            h2[i7] += (atanf(h2[i7])) / (1.0f + (u5[(i7 + 1) % 7] + sinf(a)) * (u5[(i7 + 1) % 7] + sinf(a)));
            break;
        }
        }
    }
    float ret = s0 + 1.21f * s1 + 1.01f * s2 + 0.01f * (float)n;
    free(h2);
    return ret;
}
