// A model without BP_GRAD: having nothing to do is an error, with the fix.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double f(double x) {
    return x;
}
// CHECK: no_grad.c: error: no function is marked BP_GRAD; write 'BP_GRAD(x, y)' before a function definition (with #include <bpgen.h>)
