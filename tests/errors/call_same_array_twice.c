// A function of the model given the same array twice, writing through
// one of the two: bpgen differentiates a function as if the arrays it
// writes were apart from the others it gets, so it says so instead of
// writing a wrong gradient (found by the 10,000 random programs, seed 4558).
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
#include <math.h>
static void smooth(double *out, const double *w, int m) {
    for (int i = 1; i < m; i++)
        out[i] = 0.5 * (w[i] + w[i - 1]);
}
BP_GRAD(y)
double f(double *y, int n) {
    smooth(y, y, n);
    return y[n - 1] * y[n - 1];
}
// CHECK: call_same_array_twice.c:[[@LINE-3]]:5: error: 'smooth' gets the same array as its arguments 1 and 2 and writes through one of them; bpgen differentiates a function as if the arrays it writes were apart from the others it gets: pass a copy of one
