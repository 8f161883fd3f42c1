// Local arrays are not differentiated yet.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    double v[2];
    v[0] = x;
    return v[0];
}
// CHECK: local_array.c:[[@LINE-4]]:12: error: 'v' is a local array, which bpgen does not support yet
