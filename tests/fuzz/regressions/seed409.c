/* bpgen fuzz regression: seed 409, grad_warning:
 *   grad.c:72:53: error: ‘h4[1]’ may be used uninitialized [-Werror=maybe-uninitialized]
 * (gcc -Wmaybe-uninitialized in grad.c, not in model.c, a guess of gcc's: valgrind sees no unset read, so it passes as ok_maybe_uninit.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "float", "n": 6, "params": [{"kind": "array", "name": "z", "named": true, "writable": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 409}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

static float g1(const float *w, int m, float u)
{
    float r0 = w[0];
    for (int i2 = m - 2; i2 > 0; --i2) {
        r0 *= 0.9f + 0.1f * tanhf(r0);
    }
    r0 = tanhf(r0 + tanhf(u));
    return r0;
}

BP_GRAD(z, a, x)
float model(float *z, float a, const float *x, int n)
{
    float s0 = (-1.43f);
    float s1 = 0.75f * (-0.97f);
    float s2 = 1.23f;
    float *h4 = malloc(n * sizeof *h4);
    for (int q5 = 0; q5 < n; q5++)
        h4[q5] = s1;
    z[0] *= 0.8f + 0.2f * cosf(fmodf(cosf(a), 1.7f));
    float u6[7] = {0};
    float t7 = 0.50f * (fabsf(tanhf(s2)));
    float *h9 = malloc(n * sizeof *h9);
    for (int q10 = 0; q10 < n; q10++)
        h9[q10] = 1.16f;
    for (int i11 = 0; i11 < n; i11++) {
        if (i11 > 3) {
            float u12[7];
            for (int q13 = 0; q13 < 7; q13++)
                u12[q13] = ((u6[q13] - z[(i11 * 3 + 0) % n]) - z[(q13 + 0) % n]);
            int it14 = 0;
            float w15 = erff(s1);
            while (it14 < 2 && FZ_T(w15 > 0.28f)) {
                it14++;
                w15 = 0.6f * w15 + 0.3f * tanhf(erfcf(x[i11]));
            }
            s0 += w15;
            int it16 = 0;
            float w17 = g1(h4, n, sqrtf(1.0f + s1 * s1));
            while (it16 < 5 && FZ_T(w17 < 0.25f)) {
                it16++;
                w17 += 0.3f + 0.2f * sinf((h4[i11] + t7));
            }
            s0 += w17;
            s0 += u12[0];
        }
    }
    int it18 = 0;
    float w19 = logf(1.0f + (z[1]) * (z[1]));
    while (it18 < 2 && FZ_T(w19 < 0.61f)) {
        it18++;
        w19 += 0.3f + 0.2f * sinf((FZ_T((-0.37f) >= (-0.81f)) ? z[1] : s1));
    }
    t7 += w19;
    t7 *= 0.9f + 0.1f * tanhf(sinf(a));
    float ret = s0 + 1.45f * s1 + 0.65f * s2 + h4[1] + h9[0] + 0.01f * (float)n;
    free(h4);
    free(h9);
    return ret;
}
