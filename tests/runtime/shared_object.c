// A gradient compiled into a shared object (-fPIC), as a Python extension
// or a plug-in ships it: its tape pushes and pops reach the thread-local
// tape directly (bpgen.h's initial-exec model), not through a call to
// __tls_get_addr each, which made such a gradient twice as slow; and the
// object works when loaded later with dlopen, from two threads.
// RUN: rm -rf %t && mkdir %t
// RUN: %bpgen %S/Inputs/horner.c -o %t/horner_grad.c
// RUN: %cc -fPIC -shared %t/horner_grad.c -o %t/libhorner.so -L%libdir -lbpgen -Wl,-rpath,%libdir
// RUN: objdump -d %t/libhorner.so | FileCheck %s --check-prefix=ASM
// ASM-NOT: __tls_get_addr
// RUN: %cc -pthread %s -o %t/load -ldl
// RUN: %t/load %t/libhorner.so | FileCheck %s
// CHECK: thread 0: ok
// CHECK: thread 1: ok
// REQUIRES: !sanitize
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>

typedef double grad_fn(double x, double *d_x, const double *c, double *d_c, int n);
static grad_fn *horner_grad;

enum { N = 50 };

/* The gradient against the same sums written out by hand, for x in
 * (0.5, 0.6) and all c = 0.01: p_{i} = p_{i+1} * (x + c) + c. */
static void *run(void *arg)
{
    int id = (int)(long)arg;
    double c[N], d_c[N] = {0}, d_x = 0, x = 0.5 + 0.01 * id;
    for (int i = 0; i < N; i++)
        c[i] = 0.01;
    double p = 0, dp_dx = 0;
    for (int k = 0; k < 1000; k++) {
        d_x = 0;
        p = horner_grad(x, &d_x, c, d_c, N);
    }
    double q = 0;
    for (int i = N - 1; i >= 0; i--) {
        dp_dx = dp_dx * (x + c[i]) + q;
        q = q * (x + c[i]) + c[i];
    }
    int ok = fabs(p - q) < 1e-12 * fabs(q) && fabs(d_x - dp_dx) < 1e-9 * fabs(dp_dx);
    printf("thread %d: %s\n", id, ok ? "ok" : "FAILED");
    return NULL;
}

int main(int argc, char **argv)
{
    void *lib = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
    if (!lib || !(horner_grad = (grad_fn *)(void (*)(void))dlsym(lib, "horner_grad"))) {
        printf("cannot load: %s\n", dlerror());
        return 1;
    }
    for (long id = 0; id < 2; id++) {
        pthread_t t;
        pthread_create(&t, NULL, run, (void *)id);
        pthread_join(t, NULL);
    }
    return 0;
}
