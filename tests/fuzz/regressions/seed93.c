/* bpgen fuzz regression: seed 93, grad_compile:
 *   grad.c:147:5: error: function ‘d_’ is initialized like a variable
 * (Found in bpgen f15053c; passes since 714bcd0.)
 * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]
 * fuzz-meta: {"functions": ["model", "g1", "g4"], "mode": "mixed", "n": 6, "params": [{"k": 3, "kind": "layer", "name": "p", "named": true, "writable": true, "z": true}, {"kind": "array", "name": "y", "named": true, "writable": true}, {"kind": "scalar", "name": "c", "named": true}, {"kind": "scalar", "name": "a", "named": false}, {"kind": "array", "name": "z", "named": true, "writable": false}, {"kind": "scalar", "name": "b", "named": true}, {"kind": "int", "name": "n", "named": false}], "seed": 93}
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
    double w[3];
    double b;
    double *z;
    int m;
};

void g1(double *w, int m, double u)
{
    double r0 = (tanh(u)) * (w[0]);
    r0 *= 0.9 + 0.1 * tanh(((1.25 + w[1]) - log2(1.5 + sin(w[0]))));
    int it2 = 0;
    double w3 = exp(0.5 * sin(w[0]));
    do {
        it2++;
        w3 += 0.3 + 0.2 * tanh(fmin(1.32, 1.83));
        r0 += w3 / (1.5 + sin(sqrt(1.0 + (w[(it2 + 3) % m]) * (w[(it2 + 3) % m]))));
        if (FZ_T(sqrt(1.0 + w3 * w3) <= 0.18)) {
            w[(it2 * 3 + 2) % m] = w[(it2 * 3 + 2) % m] * 0.5 + sin(exp2(sin((-1.43))));
        }
    } while (it2 < 7 && FZ_T(w3 < 0.81));
    r0 += w3;
    r0 = (cos(cos(w[0])));
    r0 = tanh(r0 + log10(2.0 + (w[0]) * (w[0])));
    w[m - 1] += r0;
}

static void g4(double *out, const double *w, int m, double u)
{
    double r0 = (-0.61) * u;
    for (int i5 = 0; i5 < m; i5++)
        out[i5] = tanh(((-0.90) + 0.60)) * w[i5] + sin(u);
    out[1] = 0.56;
    int it6 = 0;
    double w7 = sqrt(1.0 + u * u);
    while (it6 < 7 && FZ_T(w7 < 0.51)) {
        it6++;
        w7 += 0.3 + 0.2 * sin(log(1.0 + 1.82 * 1.82));
        r0 = (0.5 * r0 + w[(it6 + 1) % m]);
    }
    r0 += w7;
    out[m - 1] += r0;
}

BP_GRAD(p, y, c, z, b)
double model(struct fz_layer *p, double *y, double c, double a, const double *z, double b, int n)
{
    double s0 = (-1.94);
    double s1 = (-1.38);
    double s2 = 0.30 * (double)n;
    double u8[n];
    for (int q9 = 0; q9 < n; q9++)
        u8[q9] = a;
    const double *p11 = z + 1;
    double u12[n];
    for (int q13 = 0; q13 < n; q13++)
        u12[q13] = sqrt(1.0 + b * b);
    s1 += u12[0];
    int it14 = 0;
    double w15 = (z[2] - tanh(p->b));
    do {
        it14++;
        w15 = 0.6 * w15 + 0.3 * tanh((0.88 - 0.08 * (double)n));
        g4(u8, y, n, s0 * (p11[0]));
        if (it14 == 1) {
            u8[(it14 * 3 + 2) % n] = tanh(u8[(it14 * 3 + 2) % n] * w15 + tanh(atan(p->w[(it14 + 2) % 3])));
            continue;
        }
        u8[(it14 + 1) % n] *= 0.8 + 0.2 * cos(((0.50 * (double)it14 - sin(c)) + (sin(p->b) + sin(b))));
    } while (it14 < 6 && FZ_T(w15 > 0.08));
    s0 += w15;
    int it16 = 0;
    double w17 = u12[2];
    while (FZ_T(w17 > (-0.05)) && it16 < 8) {
        it16++;
        w17 = 0.6 * w17 + 0.3 * tanh(s1);
        double u18[2];
        for (int q19 = 0; q19 < 2; q19++)
            u18[q19] = ((1.54 - c) - log(1.0 + (u8[(it16 + 3) % n]) * (u8[(it16 + 3) % n])));
        s0 += u18[0];
    }
    s0 += w17;
    double u20[5] = {0};
    y[2] = 1.82 * (w15 * c);
    c *= 0.9 + 0.1 * tanh((z[0]) * ((u12[2]) * (p->b)));
    float u21[7] = {0};
    double t22 = (FZ_T(z[1] >= (-0.50)) ? z[2] : (-0.23)) * (hypot(c, 1.0));
    for (int i23 = 0; i23 < n; i23 += 2) {
        if ((i23 > 3) && (i23 % 2 == 0)) {
            int it24 = 0;
            double w25 = sqrt(1.0 + (u20[(i23 * 2 + 1) % 5]) * (u20[(i23 * 2 + 1) % 5]));
            while (it24 < 8 && FZ_T(w25 > 0.27)) {
                it24++;
                w25 = 0.6 * w25 + 0.3 * tanh(log(1.0 + (u21[(i23 + 0) % 7]) * (u21[(i23 + 0) % 7])));
                for (int i26 = i23; i26 < n; i26 += 3) {
                    p->w[(i26 + 2) % 3] += (y[n - 1 - i23]) / (1.0 + (u8[i26]) * (u8[i26]));
                    if ((FZ_T(u20[(i26 + 1) % 5] < (-0.25))) && (FZ_T(0.42 * (double)i26 <= 0.37))) {
                        p->w[(i23 * 2 + 0) % 3] += cos(s2);
                        continue;
                    }
                }
                int it27 = 0;
                double w28 = s2;
                while (FZ_T(w28 < 1.44) && it27 < 9) {
                    it27++;
                    w28 += 0.3 + 0.2 * tanh(w15);
                    y[n - 1 - i23] = tanh(y[n - 1 - i23] * (0.37 * (double)n) + log2(1.5 + sin(log2(1.5 + sin(sin(s2))))));
                    s1++;
                }
                c += w28;
                float t29 = (float)(0.72 * (sin(s1) - y[i23]));
                s0 += t29;
            }
            s0 += w25;
        } else {
            s0 = (hypot(fabs(w15), 1.0));
            if (FZ_T((0.30 * (double)n) * (0.17 * (double)i23) < 0.60)) {
                return s0 + log(1.0 + (b * a) * (b * a));
            }
        }
        if (i23 == 3) {
            p->b = (0.33 * (double)i23);
            break;
        }
        g1(u20, 5, (p->z[i23] - u21[(i23 + 1) % 7]));
        p->w[(i23 * 3 + 1) % 3] *= 0.8 + 0.2 * cos(atan((u8[i23] + u8[i23])));
    }
    double u30[2] = {0};
    return s0 + 0.77 * s1 + 0.29 * s2 + 0.74 * t22 + u30[1] + 0.09 * (double)p->m + 0.01 * (double)n;
}
