// float functions get float adjoints, a float return, float literals and
// the f-suffixed math.h functions, in both sweeps.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <math.h>
#include <bpgen.h>

// CHECK-LABEL: float f_grad(float x, float *d_x, const float *w, float *d_w)
// CHECK:           float [[S:t[0-9]+]] = sinf(x);
// CHECK-NEXT:      float [[H:t[0-9]+]] = 0.5f * x;
// CHECK-NEXT:      float f = w[0] * [[S]] + [[H]] * x;
// CHECK:           float d_f = 1.0f;
// CHECK:           *d_x += d_[[H]] * 0.5f;
// CHECK:           *d_x += d_[[S]] * cosf(x);
// CHECK:           return f;
BP_GRAD(x, w)
float f(float x, const float *w) {
    return w[0] * sinf(x) + 0.5f * x * x;
}

// A double literal promotes a float operand, as C does; the adjoint is
// converted back when it reaches the float.
// CHECK-LABEL: float g_grad(float x, float *d_x)
// CHECK:           double [[E:t[0-9]+]] = exp((double)x * 2.5);
// CHECK-NEXT:      float g = (float)[[E]];
// CHECK:           float d_g = 1.0f;
// CHECK-NEXT:      /* float.c:{{[0-9]+}}: return exp(x * 2.5); */
// CHECK-NEXT:      double d_[[E]] = (double)d_g;
// CHECK-NEXT:      *d_x += (float)(d_[[E]] * [[E]] * 2.5);
BP_GRAD(x)
float g(float x) {
    return exp(x * 2.5);
}
