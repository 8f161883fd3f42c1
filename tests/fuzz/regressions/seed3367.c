/* bpgen fuzz regression: seed 3367, run_crash:
 *   ==23729==ERROR: AddressSanitizer: stack-buffer-overflow on address 0x7ffd3de22638 at pc 0x55c53ef64308 bp 0x7ffd3de22150 sp 0x7ffd3de22148
 * (Found in bpgen 40e5492: a loop's counter updated in place before an expression of the old
 * counter was printed, w[i + 1] read for w[i]; tests/exec/loop_break_order.c.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1"], "mode": "double", "n": 5, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "scalar", "name": "b", "named": false}, {"kind": "scalar", "name": "a", "named": false}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "array", "name": "z", "named": true, "writable": true}], "seed": 3367}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

static double g1(const double *w, int m, double u)
{
    double r0 = 0.96;
    switch ((int)floor(1.5 + 1.4 * tanh(expm1(0.5 * tanh(w[1]))))) {
    case 3: {
        r0 = (w[1]);
        break;
    }
    }
    if (FZ_T(sin(w[1]) <= 0.89)) {
        for (int i2 = 0; i2 < m; ++i2) {
            r0 = (erfc((w[i2]) * r0));
            if (i2 > 2) break;
        }
        r0 += ((-0.92) - (1.20 + 1.92));
    } else {
        r0 = tanh(r0 + exp(sin((m > 3 ? (-0.94) : sin(u)))));
        r0 += 0.08 * (erf((sin(r0) + tanh(r0))));
        r0 += (-0.63) * (w[0]);
    }
    return r0;
}

BP_GRAD(x, z)
double model(int n, double b, double a, const double x[n], double z[])
{
    double s0 = 1.28;
    double s1 = (-0.63);
    double s2 = b;
    double u3[3];
    for (int q4 = 0; q4 < 3; q4++)
        u3[q4] = sqrt(1.0 + (x[(q4 + 3) % n]) * (x[(q4 + 3) % n]));
    double t5 = fmin((FZ_T(s0 > (-0.42)) ? b : s1), ((-0.88) - 1.60));
    s1 *= 0.9 + 0.1 * tanh(log2(1.5 + sin(1.34)));
    double t6 = x[2];
    switch ((int)floor(1.5 + 1.4 * tanh(g1(u3, 3, tanh(s0))))) {
    case 0: {
        double u7[5];
        for (int q8 = 0; q8 < 5; q8++)
            u7[q8] = (z[(q8 + 3) % n]) * ((x[(q8 + 1) % n]) * t5);
        s0 += u7[1];
        break;
    }
    case 1: {
        s1 = 1.19;
        s0 = (0.5 * s0 + (!((FZ_T(z[2] >= 0.37)) && (n > 4)) ? 0.06 * (double)n : t6) * (exp(sin(z[0]))));
        break;
    }
    default: {
        int it9 = 0;
        double w10 = u3[0];
        do {
            it9++;
            w10 += 0.3 + 0.2 * sin(erf(tanh(a)));
            z[(it9 + 3) % n] *= 0.8 + 0.2 * cos(exp(-(log(1.0 + s0 * s0)) * (log(1.0 + s0 * s0))));
            if (FZ_T((u3[(it9 + 3) % 3] - u3[(it9 + 2) % 3]) >= (-0.47))) {
                u3[(it9 + 3) % 3] += cbrt(2.0 + sin((0.11 * (double)n) / (1.5 + sin(z[(it9 + 1) % n]))));
                if (FZ_T((b - u3[(it9 + 2) % 3]) >= (-0.76))) continue;
                for (int i11 = 0; i11 < n; i11 += 2) {
                    t5 = tanh(t5 + exp(sin((x[i11] + a))));
                    u3[(it9 + 0) % 3] = (x[(i11 + 0) % n]) * (z[(it9 + 1) % n] + w10);
                    z[i11] = exp(sin((u3[(it9 + 3) % 3]) / (1.5 + sin(w10))));
                    double u12[2] = {0};
                    s0 += u12[1];
                }
            }
        } while (FZ_T(w10 < 1.96) && it9 < 5);
        s0 += w10;
        break;
    }
    }
    double u13[4] = {0};
    u13[1] = u13[1] * 0.5 + sin(tanh((u3[0]) * (z[2])));
    return s0 + 1.47 * s1 + 1.32 * s2 + u13[1] + 0.01 * (double)n;
}
