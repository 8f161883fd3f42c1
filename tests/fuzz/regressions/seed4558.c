/* bpgen fuzz regression: seed 4558, fail_grad+taylor:
 *   FAIL grad pt=0 seeded=0 q.v: gradient -3.9563216818, finite differences -2.01481157074
 * (A wrong gradient in bpgen 2b516a4 and before: g1 got y + 1 as both its output and a const
 * input; bpgen now says so with an error (tests/errors/call_same_array_twice.c), which the
 * fuzzer tallies as unsupported.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g3", "g5"], "mode": "double", "n": 5, "params": [{"kind": "pair", "name": "q", "named": true, "type": "struct fz_pair", "writable": false}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 4558}
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

void g1(double *out, const double *w, int m, double u)
{
    double r0 = (out[0]) * (w[1]);
    for (int i2 = 0; i2 < m; i2++)
        out[i2] = tanh(u) * w[i2] + sin(u);
    r0 += (-1.67) * (pow(1.5 + sin((w[0] + u)), 1.5 + 0.5 * tanh(tanh(r0))));
    r0 += (-0.36) * (1.93 / (1.0 + r0 * r0) - 1.17);
    out[0] = fma((out[1]) / (1.0 + (-0.56) * (-0.56)), (w[1]) * r0, r0 * (-0.17));
    r0 -= (atan(cbrt(2.0 + sin((-0.34)))));
    r0 = (0.5 * r0 + sqrt(1.0 + (-0.90) * (-0.90)));
    out[m - 1] += r0;
}

static double g3(struct fz_pair q, double u)
{
    double r0 = ((-1.46) + 0.49);
    r0 -= q.u;
    r0 += 0.91;
    r0 *= 0.9 + 0.1 * tanh(exp(0.5 * cos(pow((-1.95), 3.0))));
    double t4 = (sin(r0)) * (tanh(q.v));
    switch (3 % 3) {
    case 0: {
        t4 = (FZ_T((tanh(r0)) * t4 <= (-0.65)) ? ((-1.20) - u) : (-0.82));
        --r0;
    }
    /* fall through */
    case 1: {
        if (FZ_T(fabs(sin(q.u)) > 0.75)) {
            return r0 + (FZ_T(sqrt(1.0 + q.v * q.v) <= 0.59) ? ((-0.73) + (-1.03)) : cos(1.99));
        }
        break;
    }
    case 2: {
        r0 -= (erf(t4));
        t4 += (1.04 * (-0.47) - (sin(r0)) * (tanh(r0)));
        break;
    }
    case 3: {
        r0 = (0.5 * r0 + ((-0.47) + (-1.73)) * (atan(0.52)));
        break;
    }
    default: {
        if (FZ_T((0.92 - tanh(r0)) > (-0.10))) {
            r0 = tanh(r0 + log(1.0 + (1.61 + 0.87) * (1.61 + 0.87)));
            break;
        }
        r0 = (0.5 * r0 + sqrt(1.0 + (hypot(1.01, 1.0)) * (hypot(1.01, 1.0))));
        break;
    }
    }
    return r0;
}

double g5(struct fz_pair q, double u)
{
    double r0 = exp(0.5 * cos(1.86));
    double u6[2];
    for (int q7 = 0; q7 < 2; q7++)
        u6[q7] = asin(0.9 * tanh(0.10 * (double)q7));
    u6[1] = tan(0.5 * sin(u * 0.91));
    if (FZ_T((q.u + u6[0]) < 0.61)) {
        u6[1] = tanh(u);
        u6[1] = (u6[0] - u) / (1.0 + (erfc(u6[0])) * (erfc(u6[0])));
    }
    return r0 + q.v;
}

BP_GRAD(q, x, b, y, c, a)
double model(struct fz_pair q, const double *x, double b, double *y, double c, double a, int n)
{
    double s0 = (-1.49);
    double s1 = y[1];
    double s2 = (-0.55);
    double u8[2];
    for (int q9 = 0; q9 < 2; q9++)
        u8[q9] = ((1.55 - x[(q9 + 3) % n]) + log2(1.5 + sin(x[(q9 * 2 + 0) % n])));
    double *p11 = y + 1;
    double u12[5] = {0};
    p11[1] = p11[1] * 0.5 + sin(y[0]);
    double *p14 = y + 1;
    b = (sin(y[0]));
    for (int i15 = 0; i15 < (n - 1); i15++) {
        for (int i16 = 0; i16 < 4; ++i16) {
            s2 += 0.25 * floor(2.0 * (0.45 / (1.0 + (u12[(i16 * 3 + 0) % 5]) * (u12[(i16 * 3 + 0) % 5]))));
        }
        switch ((i15) % 2) {
        case 1: {
            g1(p11, p14, (n - 1), g5(q, log2(1.5 + sin(x[(i15 + 2) % n]))));
            s1 += 0.77 * (y[(i15 + 2) % n]);
            break;
        }
        }
    }
    s2 = (p11[1]);
    s0 += g3(q, c);
    b += (-0.06) * (tanh(q.u));
    double u17[5];
    for (int q18 = 0; q18 < 5; q18++)
        u17[q18] = 1.58 * (log(1.0 + (p11[(q18 + 3) % (n - 1)]) * (p11[(q18 + 3) % (n - 1)])));
    u8[0] = u8[0] * 0.5 + sin(p11[0]);
    u17[0] = tanh(u17[0] * (x[0]) + (0.06 * (double)n + hypot((-0.17), 1.0)));
    return s0 + 1.28 * s1 + 0.89 * s2 + 0.26 * q.v + (-0.31) * b + (-1.27) * a + y[0] + u8[0] + p11[0] + u17[0] + 0.01 * (double)n;
}
