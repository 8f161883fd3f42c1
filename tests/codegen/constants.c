// Literals keep their shortest spelling; #define and enum constants are
// literals; a static const global is repeated in the output under its own
// name; const locals are constants.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

#define SCALE 0.1
enum { THREE = 3 };
static const double half = 0.5;

// CHECK:       static const double half = 0.5;
// CHECK-LABEL: double f_grad(double x, double *d_x)
// CHECK:           double [[H:t[0-9]+]] = half * x;
// CHECK-NEXT:      double f = [[H]] * x + 0.1 * x + 3.0 * x + 1e-8 * x;
// CHECK:           *d_x += d_f * 1e-8;
// CHECK-NEXT:      *d_x += d_f * 3.0;
// CHECK-NEXT:      *d_x += d_f * 0.1;
BP_GRAD(x)
double f(double x) {
    const double tiny = 1e-8;
    return half * x * x + SCALE * x + THREE * x + tiny * x;
}
