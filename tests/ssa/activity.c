// Activity: varied values depend on a BP_GRAD parameter, useful ones reach
// the result; only values that are both are active, and only active values
// get adjoints.  Conditions are never useful: derivatives do not flow
// through control.
// RUN: %bpgen --emit=ssa %s | FileCheck %s
#include <math.h>
#include <bpgen.h>

// CHECK-LABEL: func @f(double %x active, double %c, int %n) -> double {
// CHECK-NEXT:    %wasted = exp %x : double  ; varied
// CHECK-NEXT:    [[CN:%[0-9]+]] = cast %n : double  ; useful
// CHECK-NEXT:    [[P:%[0-9]+]] = mul %c, [[CN]] : double  ; useful
// CHECK-NEXT:    %k = cos [[P]] : double  ; useful
// CHECK-NEXT:    [[T:%[0-9]+]] = gt %x, 0.0 : int
// CHECK-NEXT:    %f = if [[T]] : double {
// CHECK-NEXT:      [[M:%[0-9]+]] = mul %x, %k : double  ; active
// CHECK-NEXT:      yield [[M]]
// CHECK-NEXT:    } else {
// CHECK-NEXT:      yield %k
// CHECK-NEXT:    }  ; active
// CHECK-NEXT:    return %f
// The gradient keeps no trace of %wasted, and no adjoint for %k.
// CHECK-LABEL: func @f_grad(
// CHECK-NOT:     exp
// CHECK-NOT:     $d_k
// CHECK:         return %f
BP_GRAD(x)
double f(double x, double c, int n) {
    double wasted = exp(x);
    double k = cos(c * n);
    (void)wasted;
    return x > 0 ? x * k : k;
}
