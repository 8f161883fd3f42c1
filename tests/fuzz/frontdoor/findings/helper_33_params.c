// A helper of 33 parameters: 32-bit masks in activity.c and reverse.c shift by 32.
#include <bpgen.h>
static double g(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32) {
    return p0 * p1 * p2 * p3 * p4 * p5 * p6 * p7 * p8 * p9 * p10 * p11 * p12 * p13 * p14 * p15 * p16 * p17 * p18 * p19 * p20 * p21 * p22 * p23 * p24 * p25 * p26 * p27 * p28 * p29 * p30 * p31 * p32;
}
BP_GRAD(x)
double f(double x) {
    return g(x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x);
}
