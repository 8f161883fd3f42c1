// Compound assignments, ++ and --, several declarations in one statement,
// casts that end the derivative ((int) truncates) and integer arithmetic
// that stays inactive.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>

// CHECK-LABEL: double f_grad(double x, double *d_x, double y, double *d_y, int n)
// CHECK:           double b = y * 2.0;
// CHECK-NEXT:      double a = x + b;
// CHECK-NEXT:      double a_1 = a - y;
// CHECK-NEXT:      double a_2 = a_1 * x;
// CHECK-NEXT:      double a_3 = a_2 / y;
// CHECK-NEXT:      double c = a_3 + 1.0;
// CHECK-NEXT:      double c_1 = c - 1.0;
// CHECK-NEXT:      int k = (int)(x * 10.0) + n % 3;
// CHECK-NOT:       d_k
// CHECK:           double d_c_1 = d_f * [[K:t[0-9]+]];
// CHECK-NEXT:      /* compound.c:{{[0-9]+}}: a /= y; */
// CHECK-NEXT:      double d_a_2 = d_c_1 / y;
// CHECK-NEXT:      *d_y += -(d_c_1 / y) * a_3;
// CHECK-NEXT:      /* compound.c:{{[0-9]+}}: a *= x; */
// CHECK-NEXT:      double d_a_1 = d_a_2 * x;
// CHECK-NEXT:      *d_x += d_a_2 * a_1;
// CHECK-NEXT:      /* compound.c:{{[0-9]+}}: a -= y; */
// CHECK-NEXT:      *d_y -= d_a_1;
// CHECK-NEXT:      /* compound.c:{{[0-9]+}}: a += b; */
// CHECK-NEXT:      *d_x += d_a_1;
// CHECK-NEXT:      /* compound.c:{{[0-9]+}}: double a = x, b = y * 2, c; */
// CHECK-NEXT:      *d_y += d_a_1 * 2.0;
// CHECK-NEXT:      return f;
BP_GRAD(x, y)
double f(double x, double y, int n) {
    double a = x, b = y * 2, c;
    a += b;
    a -= y;
    a *= x;
    a /= y;
    c = a;
    c++;
    --c;
    int k = (int)(x * 10) + n % 3;   /* truncation: no derivative through k */
    return c * k;
}
