/* bpgen fuzz regression: seed 1568, fail_grad+value:
 *   FAIL value pt=1 seeded=0: model -1.4793210052950823, model_grad -3.5669708720832629
 * (Found in bpgen c0a4070: two whole reads of a struct merged across a store; tests/exec/structs_value_reread.c.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "mixed", "n": 6, "params": [{"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "z", "named": true, "writable": true}, {"kind": "pair", "name": "q", "named": true, "type": "struct fz_pair", "writable": false}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "int", "name": "n", "named": false}], "seed": 1568}
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

static double g1(struct fz_pair q, double u)
{
    double r0 = 0.44 * q.v;
    double u2[2];
    for (int q3 = 0; q3 < 2; q3++)
        u2[q3] = tanh(q.v);
    r0 += ((u2[0]) * 1.69) * (tanh(tanh(r0)));
    float t4 = (float)((FZ_T(sqrt(1.0 + (tanh(u)) * (tanh(u))) < (-0.28))) && (FZ_T((u2[1] + (-0.69)) > 0.79)) ? (u2[0] - u2[0]) : (-0.44));
    r0 += t4;
    return r0 + q.u;
}

BP_GRAD(b, c, a, z, q, x)
double model(double b, double c, double a, double *z, struct fz_pair q, const double *x, int n)
{
    double s0 = 0.66;
    struct fz_pair pq5 = {0};
    pq5.u = x[0];
    pq5.v = (z[1]) / (1.0 + s0 * s0);
    float u6[n];
    for (int q7 = 0; q7 < n; q7++)
        u6[q7] = (float)((tanh((-1.41))) / (1.5 + sin(0.84 * (x[(q7 + 2) % n]))));
    int it8 = 0;
    double w9 = u6[1];
    do {
        it8++;
        w9 = 0.6 * w9 + 0.3 * tanh(g1(pq5, (0.06 * (double)n - sin(b))));
        if (it8 > 0) {
            a += 1.34 * w9;
            break;
        }
        double u10[4];
        for (int q11 = 0; q11 < 4; q11++)
            u10[q11] = (fmax(tanh(a), x[(q11 * 2 + 0) % n]) - (tanh(a) + pq5.v));
        s0 += u10[1];
    } while (it8 < 7 && FZ_T(w9 > (-0.12)));
    s0 += w9;
    if (!((FZ_T(((-1.12) - b) >= (-0.67))) || (FZ_T((z[0] - 0.25 * (double)n) >= 0.38)))) {
        u6[0] = g1(pq5, hypot(w9, 1.0));
    } else if (FZ_T(0.72 * (tanh(c)) >= 0.86)) {
        double u12[4] = {0};
        int it13 = 0;
        double w14 = sin(q.v);
        while (FZ_T(w14 < 2.09) && it13 < 2) {
            it13++;
            w14 += 0.3 + 0.2 * tanh(g1(q, (-0.04) * (u12[1])));
        }
        s0 += w14;
        a += 1.89 * (0.12 * (double)n);
    } else {
        pq5.v -= (tanh(exp(0.5 * cos(0.30 * (double)n))));
        float t15 = (float)(sinh(tanh((-1.66))) + log10(2.0 + (x[2]) * (x[2])));
        double t16 = fmin((-1.90), (x[2] - (-1.32)));
        s0 += t15;
        s0 += t16;
    }
    float t17 = (float)((exp(0.5 * cos(0.41))) * (x[2]));
    z[1] = z[1] * 0.5 + sin(exp(-(g1(pq5, (z[1]) * (u6[1]))) * (g1(pq5, (z[1]) * (u6[1])))));
    double u18[5] = {0};
    s0 *= 0.9 + 0.1 * tanh(tanh(pq5.v));
    double u19[4];
    for (int q20 = 0; q20 < 4; q20++)
        u19[q20] = 0.61 * (expm1(0.5 * tanh((-1.41))));
    switch ((int)floor(1.5 + 1.4 * tanh(((-1.06) - u6[1])))) {
    case 1: {
        float t21 = (float)((log(1.0 + (-0.45) * (-0.45))) * (sin(q.u) + t17));
        int it22 = 0;
        double w23 = tan(0.5 * sin(q.v));
        do {
            it22++;
            w23 += 0.3 + 0.2 * sin(w9);
            int it24 = 0;
            double w25 = 0.25 * floor(2.0 * (u18[(it22 + 1) % 5]));
            do {
                it24++;
                w25 = 0.6 * w25 + 0.3 * tanh(g1(pq5, u18[(it22 + 3) % 5]));
                pq5.v += ((q.v - (-0.35)) + hypot(u6[(it22 * 3 + 0) % n], 1.0));
                u6[(it22 * 2 + 1) % n] = u6[(it22 * 2 + 1) % n] * 0.5 + sin(log(1.0 + (erfc(tanh(pq5.v))) * (erfc(tanh(pq5.v)))));
                u19[(it22 + 3) % 4] += (z[(it24 + 2) % n]) * ((-1.30) + x[(it22 * 3 + 1) % n]);
            } while (it24 < 6 && FZ_T(w25 > 0.09));
            s0 += w25;
            u18[(it22 * 2 + 2) % 5] = u18[(it22 * 2 + 2) % 5] * 0.5 + sin(w9);
        } while (it22 < 7 && FZ_T(w23 < 0.99));
        s0 += w23;
        s0 += t21;
    }
    /* fall through */
    case 3: {
        if (FZ_T(g1(pq5, s0) >= 0.59)) {
            t17 = (float)(0.5 * t17 + sqrt(1.0 + (s0 * q.v) * (s0 * q.v)));
            break;
        }
        pq5.u = (expm1(0.5 * tanh(sin(pq5.u))));
        break;
    }
    }
    return s0 + u6[1] + u19[0] + 0.01 * (double)n;
}
