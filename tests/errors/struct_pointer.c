// Struct parameters are not differentiated yet.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
struct p { double w; };
BP_GRAD(x)
double f(double x, const struct p *q) {
    return x * q->w;
}
// CHECK: struct_pointer.c:[[@LINE-3]]:36: error: parameter 'q' has type 'const struct p *'; bpgen supports pointers and arrays of scalars only
