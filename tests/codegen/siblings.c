// A rule's math function of an operand the primal already applies to it
// is the primal's value: sin(t)' reads the cos(t) the rotation computed,
// and cos(t)' its sin(t), with no second call.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

// CHECK-LABEL: double rotate_grad(
// CHECK:           double c = cos(t);
// CHECK-NEXT:      double s = sin(t);
// CHECK-NOT:       {{^ *[^/ ].*}}cos(
// CHECK-NOT:       {{^ *[^/ ].*}}sin(
// CHECK:           *d_t += d_s * c;
// CHECK-NEXT:      *d_t += -d_c * s;
// CHECK-NEXT:      return rotate;
BP_GRAD(t)
double rotate(double t, double x, double y)
{
    double c = cos(t), s = sin(t);
    return (c * x - s * y) * (s * x + c * y);
}

// Alone, sin(t)' calls cos.
// CHECK-LABEL: double alone_grad(
// CHECK:           *d_t += d_alone * cos(t);
BP_GRAD(t)
double alone(double t)
{
    return sin(t);
}
