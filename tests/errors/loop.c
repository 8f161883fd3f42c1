// Loops are not differentiated yet.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    double s = 0;
    for (int i = 0; i < 3; i++)
        s += x;
    return s;
}
// CHECK: loop.c:[[@LINE-4]]:5: error: a 'for' loop is not supported yet
