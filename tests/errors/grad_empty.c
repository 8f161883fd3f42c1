// BP_GRAD() on a function with no floating-point parameter.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD()
double f(int n) {
    return n * 0.5;
}
// CHECK: grad_empty.c:[[@LINE-4]]:1: error: BP_GRAD() asks for every floating-point parameter of 'f', but it has none
