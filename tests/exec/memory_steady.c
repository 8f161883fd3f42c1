// No allocation per call in steady state: a model with scratch buffers
// (malloc and calloc, freed before it returns, one of them on an early
// return's path too) and a loop that saves on the tape.  Its gradient
// takes the buffers and their adjoints from the thread's scratch stack,
// so after a first call has grown the scratch and the tape, a second call
// makes no malloc, calloc or realloc at all: counted by wrapping them
// (-Wl,--wrap), which reaches libbpgen's too.  Built with ASan the runtime
// mallocs each buffer on purpose (runtime/scratch.c), so there the count
// is not checked.  The gradient is checked against finite differences.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CHECK: first call: {{[0-9]+}} allocations
// CHECK: second call: no allocation
// CHECK: steady: ok
#include <bpgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fdcheck.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
static int allocations;
void *__wrap_malloc(size_t n) { allocations++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { allocations++; return __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { allocations++; return __real_realloc(p, n); }

enum { N = 6 };

BP_GRAD(x)
double steady(const double *x, int n)
{
    double *h = malloc(n * sizeof *h);
    double *acc = calloc(n, sizeof(double));
    for (int i = 0; i < n; i++)
        h[i] = tanh(x[i]) * x[(i + 1) % n];
    double s = 0;
    for (int i = 0; i < n; i++) {
        s = s * 0.5 + sin(h[i]);
        acc[i] += s * h[i];
    }
    if (s > 10) {
        free(acc);
        free(h);
        return s;
    }
    double r = 0;
    for (int i = 0; i < n; i++)
        r += acc[i] * acc[i];
    free(acc);
    free(h);
    return r;
}

double steady_grad(const double *x, double *d_x, int n);

static double eval(const double *p) { return steady(p, N); }
static double grad(const double *p, double *g) { return steady_grad(p, g, N); }

int main(void)
{
#if defined(__SANITIZE_ADDRESS__)
    const int sanitized = 1;
#else
    const int sanitized = 0;
#endif
    double x[N] = {0.3, -0.7, 1.1, 0.5, -1.3, 0.9}, d[N] = {0};
    allocations = 0;
    steady_grad(x, d, N);
    printf("first call: %d allocations\n", allocations);
    allocations = 0;
    steady_grad(x, d, N);
    printf("second call: %s\n", allocations == 0 || sanitized ? "no allocation" : "FAIL: allocates");
    double lo[N], hi[N];
    for (int i = 0; i < N; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("steady", N, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}
