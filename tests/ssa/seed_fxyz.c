// --emit=ssa shows each function as the dataflow graph bpgen built, with
// activity, and then its gradient: the forward sweep, the adjoint slots,
// and the reverse sweep, last operation first.
// RUN: %bpgen --emit=ssa %s | FileCheck %s
#include <bpgen.h>

// CHECK-LABEL: func @f(double %x active, double %y active, double %z active) -> double {
// CHECK-NEXT:    %q = add %x, %y : double  ; active
// CHECK-NEXT:    %f = mul %q, %z : double  ; active
// CHECK-NEXT:    return %f
// CHECK-NEXT:  }
// CHECK-LABEL: func @f_grad(double %x, double * %d_x, double %y, double * %d_y, double %z, double * %d_z) -> double {
// CHECK-NEXT:    slot $d_f : double
// CHECK-NEXT:    slot $d_q : double
// CHECK-NEXT:    %q = add %x, %y : double
// CHECK-NEXT:    %f = mul %q, %z : double
// CHECK-NEXT:    adj.add $d_f, 1.0
// CHECK-NEXT:    [[DF:%[0-9]+]] = adj.read $d_f : double
// CHECK-NEXT:    [[A:%[0-9]+]] = mul [[DF]], %z : double
// CHECK-NEXT:    adj.add $d_q, [[A]]
// CHECK-NEXT:    [[B:%[0-9]+]] = mul [[DF]], %q : double
// CHECK-NEXT:    acc %d_z, [[B]]
// CHECK-NEXT:    [[DQ:%[0-9]+]] = adj.read $d_q : double
// CHECK-NEXT:    acc %d_x, [[DQ]]
// CHECK-NEXT:    acc %d_y, [[DQ]]
// CHECK-NEXT:    return %f
// CHECK-NEXT:  }
BP_GRAD(x, y, z)
double f(double x, double y, double z) {
    double q = x + y;
    return q * z;
}
