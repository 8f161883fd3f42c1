// switch becomes the segment it enters at, and each segment under a test
// of that entry point and of how the segments before it ended: falling
// through runs the next one, break skips the rest.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

// CHECK-LABEL: double f_grad(double x, double *d_x, int k)
// CHECK:           int entry = k == 0 ? 0 : k == 1 ? 0 : k == 2 ? 1 : 2;
// CHECK-NEXT:      double y = entry <= 0 ? x * x : x;
// CHECK:           if (entry <= 1) {
// CHECK-NEXT:          y_1 = y * 3.0;
// CHECK-NEXT:          exit_kind = 2;
// CHECK:           double y_2 = entry <= 2 && exit_kind == 0 ? -y_1 : y_1;
BP_GRAD(x)
double f(double x, int k) {
    double y = x;
    switch (k) {
    case 0:
    case 1:
        y = y * y;
    case 2:
        y *= 3;
        break;
    default:
        y = -y;
    }
    return y * x;
}
