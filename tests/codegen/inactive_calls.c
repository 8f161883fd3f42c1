// A function of the model whose arguments carry no derivative runs as it
// is, through its forward half; no reverse half is written for it.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <bpgen.h>
#include <stdio.h>

// CHECK-NOT:   _rev
// CHECK:       static int clampi_fwd(int k, int n);
// CHECK-NEXT:  static double scale_fwd(double s);
// CHECK-NOT:   _rev
// CHECK:       printf("%d\n", k);
// CHECK:       return f;
__attribute__((noinline)) int clampi(int k, int n) { return k < 0 ? 0 : k >= n ? n - 1 : k; }
__attribute__((noinline)) double scale(double s) { return 2 * s; }

BP_GRAD(x)
double f(const double *x, int k, int n, double c) {
    printf("%d\n", k);
    return x[clampi(k, n)] * scale(c);
}
