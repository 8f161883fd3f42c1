/* bpgen fuzz regression: seed 2671, fail_grad:
 *   FAIL grad pt=0 seeded=0 x[0]: gradient 12653328.5977, finite differences 12159313.6511
 * (Not a bpgen bug: the oracle's.  s0 grows to 6e6 and moves 1.2e7 per unit of x, so the
 * returned exp(0.5 * cos(sin(s0))) oscillates with a period of 5e-7 in x.  Finite differences at
 * steps 1e-2 to 8e-6 average it out and agree with each other on a slope 4% to 15% off the
 * derivative; in long double, at steps 1e-8 to 1e-11, they agree with bpgen's gradient to 1e-8.
 * The oracle now looks again at finer steps, in a long double twin, at an entry that does not
 * match.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g6", "g9"], "mode": "double", "n": 5, "params": [{"kind": "int", "name": "n", "named": false}, {"kind": "array", "name": "x", "named": true, "writable": false}, {"kind": "scalar", "name": "a", "named": false}], "seed": 2671}
 * fuzz-expect: pass
 */
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

/* The harness redefines FZ_T to record the way each comparison went. */
#ifndef FZ_T
#define FZ_T(c) (c)
#endif

static void g1(double *out, const double *w, int m, double u)
{
    double r0 = (FZ_T(u > (-0.56)) ? 1.40 : w[0]);
    for (int i2 = 0; i2 < m; i2++)
        out[i2] = tanh((r0 - w[i2])) * w[i2] + sin(u);
    double t3 = erf(sqrt(1.0 + u * u));
    out[0] = (erfc(w[1]) - ((FZ_T(out[1] < 0.86)) || (m > 2) ? sin(u) : out[1]));
    out[1] = out[1] * 0.5 + sin(tanh((w[1]) * (-0.86)));
    for (int i4 = 0; i4 < 4; i4 += 3) {
        t3 *= 0.9 + 0.1 * tanh(0.25);
        r0 = (0.5 * r0 + sqrt(1.0 + ((w[(i4 + 1) % m]) * (0.13 * (double)i4)) * ((w[(i4 + 1) % m]) * (0.13 * (double)i4))));
        r0 = tanh(r0 + fmod((w[(i4 + 3) % m]) / (1.5 + sin(w[(i4 + 0) % m])), 1.7));
        double t5 = ((0.34 + out[(i4 + 2) % m]) - u / (1.0 + 1.90 * 1.90));
        r0 += t5;
    }
    r0 += t3;
    out[m - 1] += r0;
}

double g6(double u, double v)
{
    double r0 = 0.40;
    r0 = (fma(1.13, v, r0) + fmin((-1.78), u));
    if (FZ_T(fabs(1.29) >= 0.87)) {
        if (FZ_T(v < 0.46)) {
            double t7 = (sin(0.18)) * u;
            r0 += t7;
        }
    } else {
        switch ((int)floor(1.5 + 1.4 * tanh(((-1.23) + tanh(v))))) {
        case 0: {
            u -= (-0.41);
            u = (0.5 * u + (0.03 * 0.46 - sin(u)));
            break;
        }
        case 1: {
            r0 += (-1.64) * ((r0 - 1.39) * (sin(v)));
            break;
        }
        }
        double t8 = (-0.23) * (-0.10);
        r0 += 1.83;
        r0 += t8;
    }
    return r0;
}

static double g9(double u, double v)
{
    double r0 = (-0.29);
    u += ((-1.99) * (-1.30) - (tanh(r0) + 1.95));
    u += 1.26 * (g6((FZ_T((-1.47) > (-0.59)) ? 0.26 : (-1.68)), erfc((-1.92))));
    double t10 = (erfc(tanh(r0))) * (exp(sin(r0)));
    r0 += t10;
    return r0 + u + v;
}

BP_GRAD(x)
double model(int n, const double x[n], double a)
{
    double s0 = (-0.55);
    double s1 = (x[2] - 0.44);
    double s2 = (-1.22);
    double u11[7] = {0};
    for (unsigned long i12 = 0; i12 < (unsigned long)7; ++i12) {
        for (int i13 = 0; i13 < n; i13 += 3) {
            for (int i14 = i13; i14 < n; i14 += 3) {
                u11[i12] += (i12 == 3 ? s0 : u11[i12]) * (g9((s0 + u11[i12]), (0.44 * (double)i12 + 0.43 * (double)i14)));
                switch ((int)floor(1.5 + 1.4 * tanh(tanh(s1)))) {
                case 0: {
                    s2 = (0.5 * s2 + cosh(tanh(sin((-0.38)))));
                    double t15 = x[(i12 + 0) % n];
                    s0 += t15;
                    break;
                }
                case 1: {
                    if (FZ_T(x[n - 1 - i13] < 0.86)) {
                        if (FZ_T(tanh(s1) <= 0.21)) {
                            s1 = tanh(s1 + x[i13]);
                            u11[7 - 1 - i12] += a;
                        } else if (i12 > 1) {
                            double t16 = g9(sqrt(1.0 + (u11[(i13 * 3 + 0) % 7]) * (u11[(i13 * 3 + 0) % 7])), (-1.62) / (1.0 + (x[i13]) * (x[i13])));
                            s0 += t16;
                        } else {
                            s0 = tanh(s0 + exp2(sin(g9(expm1(0.5 * tanh(0.46 * (double)i13)), (x[n - 1 - i14]) * (u11[(i14 + 1) % 7])))));
                            s2 -= ((u11[i12] - tanh(s0)) - (tanh(s2) + u11[(i12 + 1) % 7]));
                            if (FZ_T((s0 + (-1.88)) <= (-0.71))) break;
                        }
                    } else {
                        s2 = tanh(s2 + log10(2.0 + (erfc(x[n - 1 - i14])) * (erfc(x[n - 1 - i14]))));
                        u11[i12] *= 0.8 + 0.2 * cos(exp(0.5 * sin((x[(i13 * 3 + 1) % n] + x[i14]))));
                    }
                    break;
                }
                case 3: {
                    s0 *= 0.9 + 0.1 * tanh(g9((0.16 * (double)n + 0.15 * (double)n), (a + x[(i14 + 0) % n])));
                    s0 *= 0.9 + 0.1 * tanh(x[(i13 * 3 + 1) % n]);
                }
                /* fall through */
                default: {
                    s2 += (exp(sin(0.36 * (double)n)) - x[(i14 + 0) % n]);
                    if (i13 % 2 == 1) continue;
                    break;
                }
                }
                double t17 = (FZ_T(exp(0.5 * sin(0.16 * (double)i12)) <= (-0.50)) ? sqrt(1.0 + (x[(i13 + 2) % n]) * (x[(i13 + 2) % n])) : (0.41 * (double)i12) * s0);
                s0 += t17;
            }
            s0 += 0.74 * s1;
            u11[(i13 + 0) % 7] = tanh(u11[(i13 + 0) % 7] * (x[(i12 + 3) % n]) + sin(fmod(sin(s1), 1.7)));
        }
        if (FZ_T(hypot(u11[7 - 1 - i12], 1.0) <= 0.11)) continue;
        double u18[5] = {0};
        s0 += u18[0];
    }
    double u19[6];
    for (int q20 = 0; q20 < 6; q20++)
        u19[q20] = exp(0.5 * cos(sin(s0)));
    return s0 + 1.17 * s1 + 1.25 * s2 + u19[0] + 0.01 * (double)n;
}
