/* bpgen fuzz regression: seed 11, fail_grad+taylor:
 *   FAIL grad pt=0 seeded=0 z[2]: gradient -0.295738075494, finite differences -0.89149026596
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model"], "mode": "double", "n": 6, "params": [{"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "pair", "name": "q", "named": true, "type": "struct fz_pair", "writable": false}, {"kind": "scalar", "name": "a", "named": false}, {"kind": "scalar", "name": "b", "named": false}, {"kind": "array", "name": "z", "named": true, "writable": true}, {"kind": "int", "name": "n", "named": false}], "seed": 11}
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

BP_GRAD(x, q, z)
double model(const double *x, struct fz_pair q, double a, double b, double z[], int n)
{
    double s0 = (-1.76);
    struct fz_pair pq1 = {0};
    pq1.u = (z[2] + a);
    pq1.v = tanh(x[2]);
    double u2[4] = {0};
    pq1.v = (0.5 * pq1.v + tanh(hypot(q.u, 1.0)));
    pq1.v = (0.5 * pq1.v + (fabs(sin(pq1.u)) - (z[2] + 0.20 * (double)n)));
    u2[0] = tanh(u2[0] * (tanh(q.v)) + 0.41);
    double u3[n];
    for (int q4 = 0; q4 < n; q4++)
        u3[q4] = sin(x[n - 1 - q4]);
    pq1.v = (0.5 * pq1.v + sqrt(1.0 + (q.v + z[2]) * (q.v + z[2])));
    z[0] += (atan(0.26 * (double)n)) * (x[0] - x[1]);
    pq1.u = (z[0] + fmax((-0.10), u2[0]));
    z[0] = z[0] * 0.5 + sin(1.60 * (1.17 * (-0.59)));
    int it5 = 0;
    double w6 = (x[2] - x[0]);
    do {
        it5++;
        w6 = 0.6 * w6 + 0.3 * tanh(acos(0.9 * tanh(0.78)));
    } while (it5 < 8 && FZ_T(w6 > (-0.03)));
    s0 += w6;
    z[1] *= 0.8 + 0.2 * cos((-0.01) * (atan2((-0.53), 1.5 + sin(b))));
    z[1] *= 0.8 + 0.2 * cos((1.52 - u2[0]) * (x[2]));
    w6 = ((FZ_T(u3[1] <= 0.66) ? q.u : pq1.u) * (tanh(w6) + 0.33 * (double)n));
    return s0 + 0.62 * pq1.v + 0.01 * (double)n;
}
