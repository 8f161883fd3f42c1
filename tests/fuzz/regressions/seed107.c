/* bpgen fuzz regression: seed 107, grad_warning:
 *   grad.c:23:12: error: variable ‘u_2’ set but not used [-Werror=unused-but-set-variable]
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g5"], "mode": "double", "n": 6, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 107}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

void g1(double *out, const double *w, int m, double u)
{
    double r0 = cbrt(2.0 + sin(sin(u)));
    for (int i2 = 0; i2 < m; i2++)
        out[i2] = tanh(out[m - 1 - i2]) * w[i2] + sin(u);
    switch ((int)floor(1.5 + 1.4 * tanh((w[0] + w[0])))) {
    case 1: {
        double t3 = 0.74 * (hypot(tanh(r0), 1.0));
        r0 += t3;
    }
    /* fall through */
    case 2: {
        if ((m > 5) && (m > 5)) {
            r0 = (0.5 * r0 + erf(sin(sin(u))));
            break;
        }
        r0++;
    }
    /* fall through */
    case 3: {
        double t4 = out[1];
        t4 += 1.74;
        r0 += t4;
        break;
    }
    default: {
        out[0] = tanh(r0 / (1.5 + sin((-1.22))));
        break;
    }
    }
    out[m - 1] += r0;
}

static double g5(double u, double v)
{
    double r0 = u * (-0.94);
    r0 -= ((r0 + v) + cos(1.52));
    for (int i6 = 0; i6 < 3; i6++) {
        u += 0.04 * ((tanh(r0) - v) + tanh(r0));
    }
    r0 = tanh(r0 + (-0.74));
    u += 0.93;
    int it7 = 0;
    double w8 = log(1.0 + (-0.45) * (-0.45));
    while (it7 < 8 && FZ_T(w8 > 0.24)) {
        it7++;
        w8 = 0.6 * w8 + 0.3 * tanh(exp(0.5 * tanh(r0)));
        double u9[5] = {0};
        u = (log2(1.5 + sin(sin(r0))));
        w8 += (-0.03) * (((-0.10) * (u9[(it7 * 2 + 2) % 5])) / (1.5 + sin((u9[(it7 + 2) % 5] - sin(w8)))));
    }
    u += w8;
    return r0;
}

BP_GRAD(y, x, b, a)
double model(double y[], const double *x, double b, double a, int n)
{
    double s0 = (-1.07);
    double u10[7];
    for (int q11 = 0; q11 < 7; q11++)
        u10[q11] = sin(b);
    u10[1] += ((u10[2] - b) + (x[0] + a));
    double t12 = (hypot(u10[0], 1.0) - (y[1] + x[2]));
    a += y[0];
    u10[1] = g5(tanh(0.10 * (double)n), u10[1]);
    s0 = (0.5 * s0 + (u10[1]) * a);
    int it13 = 0;
    double w14 = (0.11 * (double)n) * t12;
    while (FZ_T(w14 < 1.36) && it13 < 8) {
        it13++;
        w14 += 0.3 + 0.2 * sin((y[0] + 0.33 * (double)n));
        s0++;
        double u15[4];
        for (int q16 = 0; q16 < 4; q16++)
            u15[q16] = (0.15 * (double)q16) / (1.0 + ((-1.03) * (0.35 * (double)n)) * ((-1.03) * (0.35 * (double)n)));
        for (int i17 = 0; i17 < 4; i17++) {
            u10[(it13 + 1) % 7] *= 0.8 + 0.2 * cos(g5((y[(i17 + 1) % n] - 1.41), exp(0.5 * cos(u15[(it13 + 2) % 4]))));
            for (int i18 = 0; i18 < n; i18 += 3) {
                if (FZ_T(fmax(u10[(i18 + 0) % 7], u10[(i18 + i17) % 7]) <= (-0.34))) {
                    y[(i18 + 0) % n] *= 0.8 + 0.2 * cos(((u10[(i18 + 2) % 7] - 0.37 * (double)it13) + atan2(1.80, 1.5 + sin(u10[(i17 + 2) % 7]))));
                    continue;
                }
            }
            u15[i17] += (0.20 * (double)n) * (exp(sin(b)));
        }
    }
    s0 += w14;
    double u19[3] = {0};
    double t20 = sqrt(1.0 + (log2(1.5 + sin(b))) * (log2(1.5 + sin(b))));
    return s0 + (-1.44) * t20 + u19[0] + 0.01 * (double)n;
}
