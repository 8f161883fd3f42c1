/* bpgen fuzz regression: seed 29, fail_grad+taylor:
 *   FAIL grad pt=0 seeded=0 p->w[3]: gradient 0.0747006459095, finite differences 0.074700469123
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "double", "n": 5, "params": [{"k": 5, "kind": "layer", "name": "p", "named": true, "writable": false, "z": false}, {"kind": "array", "name": "z", "named": true, "writable": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "pair", "name": "q", "named": true, "type": "pair_t", "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 29}
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
    double w[5];
    double b;
    int m;
};

typedef struct fz_pair {
    double u;
    double v;
} pair_t;

double g1(const struct fz_layer *p, double u)
{
    double r0 = (-1.12);
    for (int i2 = 0; i2 < 5; i2 += 3) {
        int it3 = 0;
        double w4 = (FZ_T(p->w[i2] < (-0.17)) ? p->w[i2] : p->w[(i2 + 2) % 5]);
        do {
            it3++;
            w4 += 0.3 + 0.2 * sin(((-1.81) + 0.19 * (double)i2));
        } while (FZ_T(w4 < 2.36) && it3 < 6);
        r0 += w4;
        w4 = ((sin(u)) * 0.59 - (p->w[(i2 + 2) % 5]) * u);
    }
    return r0 + p->b + 0.05 * (double)p->m;
}

BP_GRAD(p, z, a, c, b, x, q)
double model(const struct fz_layer *p, double z[], double a, double c, double b, const double *x, pair_t q, int n)
{
    double s0 = 0.48;
    double s1 = 0.05;
    pair_t pq5 = {0};
    pq5.u = p->w[1];
    pq5.v = exp(-(sin(q.v)) * (sin(q.v)));
    double u6[7];
    for (int q7 = 0; q7 < 7; q7++)
        u6[q7] = g1(p, ((-1.07) + sin(pq5.v)));
    double u8[4] = {0};
    double u9[4];
    for (int q10 = 0; q10 < 4; q10++)
        u9[q10] = z[(q10 * 3 + 1) % n];
    u8[0] *= 0.8 + 0.2 * cos(log2(1.5 + sin((0.09 * (double)n + tanh(p->b)))));
    z[2] += ((-0.53) * (-1.50) - b / (1.5 + sin(1.22)));
    for (int i11 = p->m - 1; i11 >= 0; i11--) {
        double t12 = sqrt(1.0 + (log(1.0 + b * b)) * (log(1.0 + b * b)));
        int it13 = 0;
        double w14 = (p->w[i11]) * pq5.v;
        while (it13 < 5 && FZ_T(w14 > (-0.20))) {
            it13++;
            w14 = 0.6 * w14 + 0.3 * tanh((FZ_T(p->w[i11] < (-0.66)) ? 0.45 * (double)i11 : 0.17));
            pq5.v = tanh(pq5.v + sin(0.82 * (0.40 * (double)it13)));
        }
        s0 += w14;
        s0 += t12;
    }
    double u15[n];
    for (int q16 = 0; q16 < n; q16++)
        u15[q16] = (0.27 * (u8[(q16 + 1) % 4])) * ((-1.05) * (0.14 * (double)q16));
    return s0 + 1.23 * s1 + (-1.99) * a + 1.80 * c + (-0.55) * q.u + 0.02 * pq5.u + z[0] + x[0] + u6[1] + u9[0] + u15[0] + 0.07 * (double)p->m + 0.01 * (double)n;
}
