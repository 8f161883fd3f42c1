/* bpgen fuzz regression: seed 19, grad_compile:
 *   grad.c:433:25: error: incompatible types when initializing type ‘double *’ using type ‘double’
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "double", "n": 3, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"k": 5, "kind": "layer", "name": "p", "named": true, "writable": true, "z": true}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "pair", "name": "q", "named": true, "type": "pair_t", "writable": false}, {"kind": "scalar", "name": "c", "named": true}], "seed": 19}
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
    double *z;
    int m;
};

typedef struct fz_pair {
    double u;
    double v;
} pair_t;

double g1(const double *w, int m, double u)
{
    double r0 = 1.21 * (w[1]);
    r0 = tanh(r0 + exp(0.5 * cos((w[0]) * u)));
    double u2[6];
    for (int q3 = 0; q3 < 6; q3++)
        u2[q3] = w[(q3 + 2) % m];
    r0 += u2[0];
    return r0;
}

BP_GRAD(y, p, b, a, q, c)
double model(int n, double *y, struct fz_layer *p, double b, double a, pair_t q, double c)
{
    double s0 = 0.94;
    double s1 = (-0.80);
    s1 *= 0.9 + 0.1 * tanh(atan(p->z[0]));
    double u4[5];
    for (int q5 = 0; q5 < 5; q5++)
        u4[q5] = (g1(p->w, 5, (-1.96) * (p->z[(q5 + 2) % n]))) * ((y[(q5 + 0) % n]) * q.v);
    for (int i6 = 0; i6 < n; i6 += 3) {
        for (int i7 = i6; i7 < n; i7 += 3) {
            s0 += (-1.85) * ((u4[(i6 + 2) % 5] + u4[(i7 * 3 + 1) % 5]) + cos(b));
            double t8 = (log(1.0 + (y[i7]) * (y[i7])) + (tanh(q.u) - p->w[0]));
            s0 += t8;
        }
        p->b = (0.5 * p->b + (g1(u4, 5, q.v)) * (p->w[(i6 + 1) % 5]));
        --s1;
    }
    double u9[3] = {0};
    if (FZ_T(y[2] < (-0.87))) {
        s0 += (1.13 + tanh(a)) / (1.5 + sin((sin(p->b)) * c));
    }
    double *h11 = malloc(n * sizeof *h11);
    for (int q12 = 0; q12 < n; q12++)
        h11[q12] = fmax((p->w[(q12 * 3 + 2) % 5] + u9[(q12 + 3) % 3]), (FZ_T(0.06 * (double)n < (-0.47)) ? s0 : u9[(q12 + 0) % 3]));
    int it13 = 0;
    double w14 = sqrt(1.0 + 0.25 * 0.25);
    do {
        it13++;
        w14 = 0.6 * w14 + 0.3 * tanh(asin(0.9 * tanh(u9[2])));
        for (int i15 = 0; i15 < n; i15++) {
            h11[i15] = tanh(h11[i15] * (u4[(i15 * 3 + 1) % 5]) + ((-1.95) / (1.5 + sin(u4[(it13 + 2) % 5])) + (b + s1)));
            u4[(i15 + 0) % 5] = (-0.71);
            u9[(i15 + 3) % 3] = tanh(u9[(i15 + 3) % 3] * s1 + 0.79);
            w14 += 0.70 * (g1(p->z, n, fma(sin(s0), (-1.30), u4[(i15 + 2) % 5])));
        }
        s1 = tanh(s1 + exp(0.5 * tanh(sqrt(1.0 + b * b))));
        h11[(it13 + 1) % n] = tanh(h11[(it13 + 1) % n] * a + exp2(sin(log10(2.0 + q.u * q.u))));
    } while (FZ_T(w14 > (-0.21)) && it13 < 9);
    s0 += w14;
    double ret = s0 + 0.79 * s1 + u4[0] + h11[1] + 0.07 * (double)p->m + 0.01 * (double)n;
    free(h11);
    return ret;
}
