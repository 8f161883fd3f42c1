// Structs: members by pointer (p->w[i], p->b), nested structs
// (p->l1.w[i]), a pointer member whose adjoint is the adjoint struct's
// same member, a struct passed by value (its adjoint: a pointer), a local
// struct, and a struct pointer handed to a function of the model.
// RUN: %bpgen %s -o %t.grad.c
// RUN: %cc %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s
// CHECK: structs: ok
#include <bpgen.h>
#include <math.h>
#include <stdio.h>

struct dense {
    double w[4];
    double b;
};

typedef struct {
    struct dense l1;
    double scale;
    double *extra;
} net;

static double layer(const struct dense *d, const double *x) {
    double s = d->b;
    for (int i = 0; i < 4; i++)
        s += d->w[i] * x[i];
    return tanh(s);
}

BP_GRAD(p, x, q)
double f(const net *p, const double *x, struct dense q) {
    struct dense tmp = {0};
    for (int i = 0; i < 4; i++)
        tmp.w[i] = p->l1.w[i] * q.w[i];
    tmp.b = p->l1.b + p->extra[1];
    return p->scale * layer(&tmp, x) + layer(&p->l1, x) * q.b;
}

double f_grad(const net *p, net *d_p, const double *x, double *d_x, struct dense q,
              struct dense *d_q);

int main(void) {
    int bad = 0;
    double h = 1e-6;
    double extra[3] = {0.1, 0.2, 0.3}, d_extra[3] = {0};
    net p = {{{0.1, -0.2, 0.3, 0.5}, 0.05}, 1.3, extra};
    net d_p = {{{0}, 0}, 0, d_extra};
    double x[4] = {0.4, -0.3, 0.9, 0.2}, d_x[4] = {0};
    struct dense q = {{0.7, 0.1, -0.4, 1.2}, 0.6}, d_q = {{0}, 0};
    if (f_grad(&p, &d_p, x, d_x, q, &d_q) != f(&p, x, q))
        bad = printf("FAIL: the primal\n");
    double *in[9] = {&p.l1.w[0], &p.l1.w[3], &p.l1.b, &p.scale, &extra[1], &x[1], &x[2],
                     &q.w[2], &q.b};
    double *grad[9] = {&d_p.l1.w[0], &d_p.l1.w[3], &d_p.l1.b, &d_p.scale, &d_extra[1],
                       &d_x[1], &d_x[2], &d_q.w[2], &d_q.b};
    for (int k = 0; k < 9; k++) {
        double old = *in[k];
        *in[k] = old + h;
        double up = f(&p, x, q);
        *in[k] = old - h;
        double down = f(&p, x, q);
        *in[k] = old;
        double fd = (up - down) / (2 * h);
        if (fabs(fd - *grad[k]) > 1e-7 * (1 + fabs(fd)))
            bad = printf("FAIL input %d: %g, finite differences %g\n", k, *grad[k], fd);
    }
    printf(bad ? "structs: FAILED\n" : "structs: ok\n");
    return bad != 0;
}
