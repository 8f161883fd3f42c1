/* bpgen fuzz regression: seed 8358, run_crash:
 *   ==17842==ERROR: AddressSanitizer: SEGV on unknown address 0x603306ee4108 (pc 0x5565aad848ed bp 0x7ffe431d1420 sp 0x7ffe431d1360 T0)
 * (Found in bpgen e2f0194: an inner loop carried its counter in the outer for's counter;
 * tests/exec/loop_inner_from_counter.c.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g3"], "mode": "double", "n": 4, "params": [{"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "z", "named": true, "writable": false}, {"k": 5, "kind": "layer", "name": "p", "named": true, "writable": false, "z": false}, {"kind": "int", "name": "n", "named": false}], "seed": 8358}
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

static void g1(double *w, int m, double u)
{
    double r0 = u * u;
    for (int i2 = 0; i2 < m; i2++)
        w[i2] = tanh((1.86 - 0.33)) * w[i2] + sin(u);
    r0 = (0.5 * r0 + exp2(sin((w[1]) / (1.0 + (-0.05) * (-0.05)))));
    w[0] += r0;
    w[m - 1] += r0;
}

static void g3(double *w, int m, double u)
{
    double r0 = (-0.60);
    for (int i4 = 0; i4 < m; i4++)
        w[i4] = tanh(u) * w[i4] + sin(u);
    r0 *= 0.9 + 0.1 * tanh(exp(0.5 * sin(tanh(r0))));
    for (int i5 = 0; i5 < m; ++i5) {
        for (int i6 = i5; i6 < m; i6 += 2) {
            r0 += (-1.33) * (cosh(tanh((u + w[i6]))));
        }
        r0 += (-0.19) * (cos((tanh(u) + u)));
        r0++;
    }
    w[m - 1] += r0;
}

BP_GRAD(y, a, z, p)
double model(double y[], double a, const double z[], const struct fz_layer *p, int n)
{
    double s0 = 0.74;
    if (FZ_T(exp(0.5 * tanh(z[2])) <= 0.47)) {
        for (int i7 = 0; i7 < n; i7++) {
            --s0;
            for (int i8 = i7; i8 < n; i8++) {
                double u9[3];
                for (int q10 = 0; q10 < 3; q10++)
                    u9[q10] = fma(a, atan(a), y[n - 1 - i8]);
                for (int i11 = 0; i11 < n; i11 += 2) {
                    u9[(i11 + 0) % 3] += ((z[i8] + s0) + a / (1.0 + (0.24 * (double)i11) * (0.24 * (double)i11)));
                    y[(i11 * 2 + 1) % n] = erf((u9[(i7 + 0) % 3]) * (p->b));
                }
            }
            if (FZ_T((p->w[(i7 * 2 + 1) % 5] + s0) <= (-0.09))) break;
        }
        s0 *= 0.9 + 0.1 * tanh(exp(sin(log(1.0 + (y[2]) * (y[2])))));
    } else {
        g1(y, n, erf(y[0]));
    }
    g3(y, n, exp(sin(z[2])));
    if ((FZ_T((z[0]) * (p->w[1]) <= (-0.19))) || (FZ_T(0.10 * (double)n > (-0.62)))) {
        y[1] = erf(s0 * (p->b));
    } else {
        switch (n % 2) {
        case 1: {
            for (int i12 = 0; i12 < n; i12 += 2) {
                s0 = (atan(p->w[2]) + cos((-0.77)));
                int it13 = 0;
                double w14 = s0;
                do {
                    it13++;
                    w14 += 0.3 + 0.2 * sin((a + y[i12]));
                    w14 += 0.86 * (z[(it13 + 3) % n] + p->w[(i12 + 0) % 5]);
                    y[i12] = tanh(y[i12] * (0.08 * (double)i12) + 1.90 * (exp(0.5 * tanh(s0))));
                    y[(i12 * 3 + 1) % n] = y[(i12 * 3 + 1) % n] * 0.5 + sin((pow(1.5 + sin(s0), 1.5 + 0.5 * tanh(0.12 * (double)n))) * (a - tanh(s0)));
                } while (FZ_T(w14 < 0.95) && it13 < 3);
                s0 += w14;
                y[(i12 + 2) % n] += (log2(1.5 + sin(z[(i12 * 3 + 2) % n])) + p->w[(i12 + 2) % 5]);
            }
            break;
        }
        case 3: {
            y[0] = (tanh(y[1])) / (1.5 + sin((sin(s0)) / (1.0 + s0 * s0)));
            if ((FZ_T(p->b >= 0.78)) || (n > 5)) {
                return s0 + 1.54;
            }
            break;
        }
        default: {
            if (FZ_T(fabs(a) > 0.97)) break;
            break;
        }
        }
        double t15 = hypot(cosh(tanh(z[1])), 1.0);
        s0 += t15;
    }
    return s0 + y[1] + 0.02 * (double)p->m + 0.01 * (double)n;
}
