// Loops are regions that carry values: a counted for loop (FOR, its
// counter and bounds explicit) and any other loop (LOOP, whose body yields
// whether to go on).  In the gradient a LOOP counts its trips, saves what
// its reverse needs with push, and the reverse is a FOR running backward
// that pops them; the adjoint of a carried value is set at the end of each
// reverse trip (adj.set).
// RUN: %bpgen --emit=ssa %s | FileCheck %s
#include <bpgen.h>

// CHECK-LABEL: func @f(const double * %x active, int %n) -> double {
// CHECK-NEXT:    %s = for %i = 0 while LT %n step +1, carry %s.1 = 0.0 {
// CHECK-NEXT:      [[X:%[0-9]+]] = load %x, %i : double  ; active
// CHECK-NEXT:      [[SQ:%[0-9]+]] = mul [[X]], [[X]] : double  ; active
// CHECK-NEXT:      %s.2 = add %s.1, [[SQ]] : double  ; active
// CHECK-NEXT:      yield %s.2
// CHECK-NEXT:    }  ; active
// CHECK-NEXT:    %p, %k, %trips = loop carry %p.1 = 1.0, %k.1 = 0, %trips.1 = 0 {
// CHECK-NEXT:      [[T:%[0-9]+]] = lt %k.1, %n : int
// CHECK-NEXT:      %p.2, %k.2, {{.*}} = if [[T]] : double, int,
// CHECK:         yield %again, %p.2, %k.2,
// CHECK-LABEL: func @f_grad(const double * %x, double * %d_x, int %n) -> double {
// The counted loop needs nothing saved: its reverse reloads x[i].
// CHECK:         %s = for %i = 0 while LT %n step +1, carry %s.1 = 0.0 {
// CHECK-NOT:       push
// CHECK:         }
// CHECK:         %p, %k, %trips = loop
// CHECK:           push %p.1
// CHECK-NEXT:      push %k.1
// CHECK:         for %trip = 0 while LT %trips step +1 backward {
// CHECK-NEXT:      slot $d_p.1 : double
// CHECK-NEXT:      %k.4 = pop : int
// CHECK-NEXT:      %p.4 = pop : double
// CHECK:           adj.set $d_p, {{%[0-9]+}}
// CHECK:         for %i.1 = 0 while LT %n step +1 backward {
// CHECK-NOT:       pop
// CHECK:           acc %d_x, {{%[0-9]+}}, %i.1
BP_GRAD(x)
double f(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    double p = 1;
    int k = 0;
    while (k < n) {
        p *= x[k];
        k++;
    }
    return s + p;
}
