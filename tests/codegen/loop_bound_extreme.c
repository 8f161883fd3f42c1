// A counted loop up to LLONG_MAX inclusive: its reverse runs from the bound
// down, and `bound + 1` would overflow (gcc -Werror=overflow; bpgen itself
// computed LLONG_MAX + 1, found by the front-door fuzzer).  The reverse
// tests the other way round instead.  (The model's own loop never ends:
// this is about the generated code compiling, and bpgen staying defined.)
// RUN: %bpgen %s -o %t.c
// RUN: FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <bpgen.h>
BP_GRAD(x)
double up_to_max(double x, const double *a) {
    double s = 0;
    for (long long i = 9223372036854775806LL; i <= 9223372036854775807LL; i++)
        s += a[0] * x;
    return s;
}
// CHECK-LABEL: double up_to_max_grad(
// CHECK: for (long long i = 9223372036854775807LL; i >= 9223372036854775806LL; i--) {

BP_GRAD(x)
double down_to(double x, const double *a) {
    double s = 0;
    for (int i = 10; i >= 3; i--)
        s += a[i] * x;
    return s;
}
// CHECK-LABEL: double down_to_grad(
// CHECK: for (int i = 2; i++ < 10;) {
