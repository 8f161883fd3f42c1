// if/else becomes a region whose results replace phi nodes: each variable
// bound differently by the two branches is a result, yielded by each
// branch.  In the gradient, a value the reverse of a branch needs is
// carried out as one more result (undef on the other path).
// RUN: %bpgen --emit=ssa %s | FileCheck %s
#include <math.h>
#include <bpgen.h>

// CHECK-LABEL: func @g(double %x active) -> double {
// CHECK:         %y.1 = if [[C:%[0-9]+]] : double {
// CHECK-NEXT:      [[E:%[0-9]+]] = exp %y : double  ; active
// CHECK-NEXT:      %y.2 = mul [[E]], 2.0 : double  ; active
// CHECK-NEXT:      yield %y.2
// CHECK-NEXT:    } else {
// CHECK-NEXT:      yield %y
// CHECK-NEXT:    }  ; active
// CHECK-LABEL: func @g_grad(
// CHECK:         %y.1, [[X:%[0-9]+]] = if [[C2:%[0-9]+]] : double, double {
// CHECK-NEXT:      [[E2:%[0-9]+]] = exp %y : double
// CHECK-NEXT:      %y.2 = mul [[E2]], 2.0 : double
// CHECK-NEXT:      yield %y.2, [[E2]]
// CHECK-NEXT:    } else {
// CHECK-NEXT:      yield %y, undef
// CHECK-NEXT:    }
// CHECK:         if [[C2]] {
// CHECK:           mul {{%[0-9]+}}, [[X]] : double
BP_GRAD(x)
double g(double x) {
    double y = x * x;
    if (x > 1) y = exp(y) * 2;
    return y;
}

// A value a branch already yields needs no second result: the reverse
// reads it on the path that yields it.
// CHECK-LABEL: func @g2_grad(
// CHECK:         %y.1 = if {{%[0-9]+}} : double {
BP_GRAD(x)
double g2(double x) {
    double y = x * x;
    if (x > 1) y = exp(y);
    return y;
}

// A return inside a branch takes the rest of the function into the other
// branch; the region then yields the returned value.
// CHECK-LABEL: func @h(double %x active) -> double {
// CHECK:         %h = if {{%[0-9]+}} : double {
// CHECK-NEXT:      yield 0.0
// CHECK-NEXT:    } else {
// CHECK-NEXT:      [[S:%[0-9]+]] = sqrt %x : double  ; active
// CHECK-NEXT:      yield [[S]]
// CHECK-NEXT:    }  ; active
// CHECK-NEXT:    return %h
BP_GRAD(x)
double h(double x) {
    if (x <= 0) return 0;
    return sqrt(x);
}
