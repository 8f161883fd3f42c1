// Taking an address.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double g(const double *p);
BP_GRAD(x)
double f(double x) {
    return g(&x);
}
// CHECK: address_of.c:[[@LINE-2]]:14: error: taking the address of a variable (&) is not supported; make it an array, or pass its value
