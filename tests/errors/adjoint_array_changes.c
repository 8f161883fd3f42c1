// A BP_ADJOINT function reads an array that the model changes after the
// call: bpgen cannot save it (it does not know its length), and says what
// to do instead.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
void scale_into(int n, double k, const double *x, double *y);
void scale_into_adj(int n, double k, double *d_k, const double *x, double *d_x, double *y,
                    double *d_y);
BP_ADJOINT(scale_into, scale_into_adj);
BP_GRAD(k)
double f(double k, double *x) {
    double y[2];
    scale_into(2, k, x, y);
    x[0] = 0;
    return y[0] + y[1];
}
// CHECK: adjoint_array_changes.c:[[@LINE-4]]:5: error: the array passed to 'scale_into' as argument 3 changes before the reverse sweep, where its adjoint 'scale_into_adj' would read it changed, and bpgen cannot save an array whose length it does not know; pass 'scale_into' a copy that stays as it is
