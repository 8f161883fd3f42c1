// On error an existing output file is left exactly as it was, and no
// temporary file is left next to it.
// RUN: rm -rf %t.dir && mkdir %t.dir && printf 'keep me\n' > %t.dir/out.c
// RUN: %bpgen %s -o %t.dir/out.c 2>/dev/null; test $? -eq 1
// RUN: printf 'keep me\n' | cmp - %t.dir/out.c
// RUN: ls %t.dir | FileCheck %s
// CHECK: out.c
// CHECK-NOT: tmp
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    return x + undefined_name;
}
