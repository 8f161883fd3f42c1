// A syntax error is clang's own diagnostic, in clang's form, and nothing is written.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    return x + ;
}
// CHECK: syntax.c:[[@LINE-2]]:16: error: expected expression
// CHECK-NEXT: return x + ;
// CHECK-NEXT: {{^ +}}^
