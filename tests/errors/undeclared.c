// An unknown identifier.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    return x * scale;
}
// CHECK: undeclared.c:[[@LINE-2]]:16: error: use of undeclared identifier 'scale'
