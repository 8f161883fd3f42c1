// BP_GRAD naming a parameter that does not exist: the message lists the real ones.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x, q)
double f(double x, double y) {
    return x * y;
}
// CHECK: grad_unknown.c:[[@LINE-4]]:1: error: BP_GRAD names 'q', which is not a parameter of 'f' (its parameters: 'x', 'y')
