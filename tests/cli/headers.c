// A model that includes the C library's headers, clang's own (stddef.h)
// and bpgen.h parses with no -I; the C library headers it includes are
// repeated in the output, so that what the forward sweep calls is declared.
// RUN: %bpgen %s -o %t.c
// RUN: FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
// CHECK: #include <math.h>
// CHECK-NEXT: #include <stdlib.h>
// CHECK-NEXT: #include <stddef.h>
// CHECK-NEXT: #include <stdio.h>
// CHECK: printf("%g\n", x);
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdio.h>
#include <bpgen.h>

BP_GRAD(x)
double f(double x, size_t n) {
    printf("%g\n", x);
    return x * (double)abs((int)n);
}
