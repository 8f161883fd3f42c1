/* bpgen fuzz regression: seed 513, grad_compile:
 *   grad.c:44:9: error: function ‘d_’ is initialized like a variable
 * (Found in bpgen 714bcd0, reduced as null_adjoint_name; passes since c0a4070.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g6"], "mode": "double", "n": 4, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "scalar", "name": "a", "named": true}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "scalar", "name": "c", "named": false}], "seed": 513}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

void g1(double *w, int m, double u)
{
    double r0 = 1.24;
    for (int i2 = m - 1; i2 >= 0; i2--) {
        r0 = (0.5 * r0 + sqrt(1.0 + ((-0.43) - w[i2]) * ((-0.43) - w[i2])));
    }
    double u3[6] = {0};
    u3[1] *= 0.8 + 0.2 * cos(0.69 * (u3[2]));
    for (int i4 = m - 2; i4 > 0; i4--) {
        r0 = ((sin(u)) / (1.5 + sin((u3[(i4 + 2) % 6] + 0.53))));
        double t5 = (u3[(i4 + 1) % 6] - (w[i4] + r0));
        r0 += t5;
    }
    w[m - 1] += r0;
}

static double g6(double u, double v)
{
    double r0 = 0.93;
    double t7 = (-1.22) * (-1.88);
    switch ((int)floor(1.5 + 1.4 * tanh(t7 * (-0.40)))) {
    case 1: {
        for (int i8 = 2 - 1; i8 >= 0; i8--) {
            for (int i9 = 0; i9 < 5; ++i9) {
                if (FZ_T((0.35 * (double)i9) * u < 0.04)) {
                    u = tanh(u + log(1.0 + t7 * t7));
                    continue;
                }
                u += 0.75 * (0.29 * (double)i8);
                r0 -= ((FZ_T(0.10 * (double)i8 > (-0.46)) ? sin(u) : 0.24 * (double)i9) * ((FZ_T(tanh(v) <= (-0.24))) && (FZ_T(0.39 * (double)i8 <= (-0.43))) ? 0.10 * (double)i9 : 0.15 * (double)i9));
            }
        }
        break;
    }
    case 2: {
        r0 += 0.52;
        break;
    }
    case 3: {
        if (FZ_T(tan(0.5 * sin(0.53)) < 0.11)) {
            u += v;
            break;
        }
        double t10 = expm1(0.5 * tanh((4 > 5 ? (-1.20) : v)));
        r0 += t10;
        break;
    }
    default: {
        double t11 = 1.83;
        r0 += t11;
        break;
    }
    }
    return r0;
}

BP_GRAD(a, y, b)
double model(int n, double a, double y[], double b, double c)
{
    double s0 = 0.60;
    double s1 = (c - 0.78);
    double u12[5];
    for (int q13 = 0; q13 < 5; q13++)
        u12[q13] = log2(1.5 + sin((1.42 + s1)));
    for (int i14 = 0; i14 < n; i14++) {
        for (int i15 = 0; i15 < 5; i15 += 2) {
            if (FZ_T(y[n - 1 - i14] > (-0.24))) {
                a++;
                y[i14] += ((s1 + 0.37 * (double)i14) - (-0.96) * (y[i14]));
            }
            if (FZ_T((y[i14] - u12[(i15 + i14) % 5]) > (-0.23))) continue;
            for (int i16 = 0; i16 < n; i16++) {
                switch ((i14 + i15) % 4) {
                case 2: {
                    y[i14] = tanh(y[i14] * c + expm1(0.5 * tanh((s1 - c))));
                }
                /* fall through */
                case 3: {
                    g1(y, n, 1.15 * (u12[i15]));
                    a -= 0.34;
                    break;
                }
                }
                double t17 = log(1.0 + (1.33 * (0.27 * (double)n)) * (1.33 * (0.27 * (double)n)));
                s0 += t17;
            }
        }
        s1 = tanh(s1 + exp(0.5 * sin((sin(c) - c))));
        u12[(i14 + 2) % 5] = tanh(u12[(i14 + 2) % 5] * (0.11 * (double)i14) + (s0 - u12[(i14 + 1) % 5]) * 0.84);
        double t18 = exp(sin(y[n - 1 - i14]));
        s0 += t18;
    }
    return s0 + 0.14 * s1 + (-0.50) * a + 1.54 * b + y[0] + u12[0] + 0.01 * (double)n;
}
