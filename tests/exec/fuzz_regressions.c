// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Programs random-program testing found miscompiled, cut down by hand, each
// checked for its value and its gradient against finite differences:
//   a load printed past a later store to its array, through the sum that
//     used it (in a loop, and in a branch);
//   a loop that only copies an element on: its adjoint went nowhere;
//   a return two ifs deep, then nested loops: the loops carried a variable
//     their body declares (an internal error);
//   a value printed past a branch that reassigns a variable it reads;
//   a carried variable started, in every trip of an outer loop, from a
//     value defined outside it, which the inner loop then overwrote;
//   a variable a loop reassigns in a branch and nobody reads afterwards:
//     carried around only through the branch, it was kept, set but never
//     used (which -Werror rejects);
//   a function of the model that returns a constant: its reverse half did
//     not take the result's adjoint its caller passed;
//   a member of a local struct read, then overwritten: the reverse sweep
//     printed the read after the overwrite;
//   a store through a struct's pointer member: the loaded pointer was
//     given an adjoint of its own (did not compile);
//   a local struct passed by value: printed as a cast of its address, and
//     not seen as active;
//   a struct parameter by value whose member is set and never read: the
//     store stayed, setting a parameter nothing reads (-Werror);
//   a variable an outer loop carries that decides an inner loop's trips
//     but reaches the result only through them: dropped as dead (an
//     internal error);
//   a local struct member read by a branch, then overwritten: the struct
//     went, a member address stayed (an internal error);
//   a called function whose reverse half adds into a value of its forward
//     half: the adjoint was named d_(null);
//   a variable an outer loop carries through an inner loop and a branch,
//     saved at the end of the trip: the inner loop's result shared the
//     variable the branch then overwrote, and the saved value was the new;
//   u[1] += e on a float element then read back: taken for an increment
//     while the stored value was also read, whose adjoint was lost;
//   a helper whose loop overwrites the variable it carries, called so that
//     the loop runs no trip: the result was taken for what the body
//     yields only, and the helper's reverse half dropped the adjoint of
//     the value the loop started from (seed 649);
//   a loop calling a recursive function: asking whether its halves use
//     the tape recursed for ever (a crash).
//
// CHECK:      load past a store, loop: ok
// CHECK-NEXT: load past a store, branch: ok
// CHECK-NEXT: bare copy in a loop: ok
// CHECK-NEXT: bare copy of a local array: ok
// CHECK-NEXT: return two ifs deep, then loops: ok
// CHECK-NEXT: return two ifs deep, then loops: ok
// CHECK-NEXT: value past a branch that reassigns: ok
// CHECK-NEXT: carried from outside an outer loop: ok
// CHECK-NEXT: dead carry through a branch: ok
// CHECK-NEXT: callee returning a constant: ok
// CHECK-NEXT: local struct member overwritten: ok
// CHECK-NEXT: store through a pointer member: ok
// CHECK-NEXT: local struct passed by value: ok
// CHECK-NEXT: by-value struct member set, unread: ok
// CHECK-NEXT: carry deciding an inner loop: ok
// CHECK-NEXT: struct member read by a branch: ok
// CHECK-NEXT: forward half's value in the reverse: ok
// CHECK-NEXT: carried through an inner loop and a branch: ok
// CHECK-NEXT: float element incremented, read back: ok
// CHECK-NEXT: loop calling a recursive function: ok
// CHECK-NEXT: loop of no trip over its carried value: ok
#include <math.h>
#include <bpgen.h>

#include "fdcheck.h"

enum { N = 4 };

BP_GRAD(x)
double load_store_loop(double *x, int n)
{
    double s = 0;
    for (int j = 0; j < n; j++) {
        s += x[j] * x[j];
        x[0] = 2 * x[0];
    }
    return s;
}

BP_GRAD(y)
double load_store_branch(double *y, double b)
{
    double s = 0;
    if (b > 0) {
        s -= y[1] * y[2];
        y[1] = 2 * y[1];
    }
    return s + y[1];
}

BP_GRAD(x)
double bare_copy(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s = x[i];
    return s * s;
}

BP_GRAD(x)
double bare_copy_local(const double *x, int n)
{
    double u[8];
    for (int i = 0; i < 8; i++)
        u[i] = x[i % n] * x[i % n];
    double s = 0;
    for (int i = 0; i < n; i++)
        s = u[i];
    return s;
}

BP_GRAD(x)
double nested_return(double x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (s > 5) {
            if (i > 1)
                return s;
        }
        for (int j = 0; j < n; j++) {
            int k = 0;
            k++;
            s += x * k;
        }
    }
    return s;
}

BP_GRAD(a, y)
double past_branch(double a, const double *y, int n)
{
    double t = cos(a);
    for (int i = 0; i < 4; ++i) {
        t = 0.5 * t + a;
        if (y[(i + 1) % n] <= -0.25) {
            a = exp(0.5) / 1.5;
            break;
        }
    }
    return t + a;
}

BP_GRAD(x, y)
double carried_outside(const double *x, const double *y, int n)
{
    double s0 = -0.79;
    for (int i = n - 2; i > 0; i--)
        for (int k = 0; k < 2; ++k) {
            int it = 0;
            double w = x[i];
            do {
                it++;
                w = 0.6 * w + 0.3 * tanh(y[(k + 1) % n] / (1.0 + s0 * s0));
            } while (w > -0.28 && it < 3);
            s0 += w;
        }
    return s0;
}

double load_store_loop_grad(double *x, double *d_x, int n);
double load_store_branch_grad(double *y, double *d_y, double b);
double bare_copy_grad(const double *x, double *d_x, int n);
double bare_copy_local_grad(const double *x, double *d_x, int n);
double nested_return_grad(double x, double *d_x, int n);
double past_branch_grad(double a, double *d_a, const double *y, double *d_y, int n);
double carried_outside_grad(const double *x, double *d_x, const double *y, double *d_y, int n);

/* In-place models: x is an output too, its seed zero here. */
static double eval_lsl(const double *p)
{
    double x[N] = {p[0], p[1], p[2], p[3]};
    return load_store_loop(x, N);
}
static double grad_lsl(const double *p, double *g)
{
    double x[N] = {p[0], p[1], p[2], p[3]}, d[N] = {0};
    double f = load_store_loop_grad(x, d, N);
    for (int i = 0; i < N; i++)
        g[i] += d[i];
    return f;
}
static double eval_lsb(const double *p)
{
    double y[N] = {p[0], p[1], p[2], p[3]};
    return load_store_branch(y, 1);
}
static double grad_lsb(const double *p, double *g)
{
    double y[N] = {p[0], p[1], p[2], p[3]}, d[N] = {0};
    double f = load_store_branch_grad(y, d, 1);
    for (int i = 0; i < N; i++)
        g[i] += d[i];
    return f;
}
static double eval_bc(const double *p) { return bare_copy(p, N); }
static double grad_bc(const double *p, double *g) { return bare_copy_grad(p, g, N); }
static double eval_bcl(const double *p) { return bare_copy_local(p, N); }
static double grad_bcl(const double *p, double *g) { return bare_copy_local_grad(p, g, N); }
BP_GRAD(x, c)
double dead_carry(const double *x, double c, int n)
{
    double s = c;
    int i = 0;
    do {
        i++;
        s += sin(x[i % n]);
        if (s > 10)
            break;
        c = log(1.0 + x[(i + 1) % n] * x[(i + 1) % n]);
    } while (i < 3);
    return s;
}
double dead_carry_grad(const double *x, double *d_x, double c, double *d_c, int n);

static double half(double u) { (void)u; return 0.5; }

BP_GRAD(z)
double constant_callee(const double *z, int n) { return z[0] * half(z[1]) * n; }
double constant_callee_grad(const double *z, double *d_z, int n);

struct pair { double u, v; };

BP_GRAD(z)
double member_overwrite(const double *z, int n)
{
    struct pair t = {0};
    t.u = z[0];
    t.v = sin(t.u);
    t.u = z[1];
    return t.v * n + t.u;
}
double member_overwrite_grad(const double *z, double *d_z, int n);

struct layer { double *z; };

BP_GRAD(p)
double pointer_member(struct layer *p)
{
    p->z[1] = p->z[0] * p->z[0];
    return p->z[1] + p->z[2];
}
double pointer_member_grad(struct layer *p, struct layer *d_p);

static double pair_product(struct pair q) { return q.u * q.v; }

BP_GRAD(z)
double struct_by_value(const double *z, int n)
{
    struct pair t = {0};
    t.u = z[0];
    t.v = z[1];
    return pair_product(t) * n;
}
double struct_by_value_grad(const double *z, double *d_z, int n);

BP_GRAD(z, q)
double member_set_unread(const double *z, struct pair q, int n)
{
    q.v = z[0];
    return q.v * q.v + q.u * n;
}
double member_set_unread_grad(const double *z, double *d_z, struct pair q, struct pair *d_q, int n);

BP_GRAD(z)
double inner_trips(const double *z, int n)
{
    double s = 0, t = z[1];
    for (int i = 0; i < n; i++) {
        double w = 0.25 * i;
        int k = 0;
        while (k < 9 && w > -0.04) {
            k++;
            w = 0.6 * w + 0.3 * sin(t);
            s += 1.92;
        }
        t += w;
    }
    return s + z[0] * z[2];
}
double inner_trips_grad(const double *z, double *d_z, int n);

BP_GRAD(z)
double member_branch(const double *z, int n)
{
    struct pair t = {0};
    t.u = z[0];
    double s = 0;
    if (t.u > 0)
        s = z[1] * z[1];
    t.u = -1;
    return s * n + t.u;
}
double member_branch_grad(const double *z, double *d_z, int n);

static void bump_last(double *w, int m, double u)
{
    double v = -0.13;
    while (v > 0.04)
        w[0] = w[0] * w[1];
    w[m - 1] += 0.41 + u;
}

BP_GRAD(z)
double forward_value(const double *z, int n)
{
    double u[7] = {0};
    u[0] = z[0];
    bump_last(u, 7, u[0] * z[1]);
    return u[6] * n;
}
double forward_value_grad(const double *z, double *d_z, int n);

BP_GRAD(z)
double carried_branch(const double *z, int n)
{
    double s = 0;
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++)
            s += z[j];
        s = sin(s);
        if (n > 2)
            s += s * z[2];
    }
    return s;
}
double carried_branch_grad(const double *z, double *d_z, int n);

BP_GRAD(z)
double float_increment(const double *z, int n)
{
    float u[2];
    for (int q = 0; q < 2; q++)
        u[q] = (float)(z[q] * z[q]);
    u[1] += 0.5 * n;
    return u[1];
}
double float_increment_grad(const double *z, double *d_z, int n);
static double nest_sin(double x, int k) { return k == 0 ? x : sin(nest_sin(x, k - 1)); }

BP_GRAD(z)
double recursive_in_loop(const double *z, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += nest_sin(z[i] * s + z[0], 3);
    return s;
}
double recursive_in_loop_grad(const double *z, double *d_z, int n);

/* Its smooth twin, for the finite differences: float rounding aside. */
static double float_increment_twin(const double *p) { return p[1] * p[1] + 0.5 * N; }

static double eval_nr(const double *p) { return nested_return(p[0], N); }
static double grad_nr(const double *p, double *g) { return nested_return_grad(p[0], g, N); }
static double eval_pb(const double *p) { return past_branch(p[0], p + 1, N); }
static double grad_pb(const double *p, double *g) { return past_branch_grad(p[0], g, p + 1, g + 1, N); }
static double eval_co(const double *p) { return carried_outside(p, p + N, N); }
static double grad_co(const double *p, double *g)
{
    return carried_outside_grad(p, g, p + N, g + N, N);
}
static double eval_dc(const double *p) { return dead_carry(p, p[N], N); }
static double grad_dc(const double *p, double *g) { return dead_carry_grad(p, g, p[N], g + N, N); }
static double eval_cc(const double *p) { return constant_callee(p, N); }
static double grad_cc(const double *p, double *g) { return constant_callee_grad(p, g, N); }
static double eval_mo(const double *p) { return member_overwrite(p, N); }
static double grad_mo(const double *p, double *g) { return member_overwrite_grad(p, g, N); }
/* pointer_member writes p->z[1]: each call works on a copy. */
static double eval_pm(const double *p)
{
    double z[3] = {p[0], p[1], p[2]};
    struct layer l = {z};
    return pointer_member(&l);
}
static double grad_pm(const double *p, double *g)
{
    double z[3] = {p[0], p[1], p[2]}, d[3] = {0};
    struct layer l = {z}, dl = {d};
    double f = pointer_member_grad(&l, &dl);
    for (int i = 0; i < 3; i++)
        g[i] += d[i];
    return f;
}
static double eval_sv(const double *p) { return struct_by_value(p, N); }
static double grad_sv(const double *p, double *g) { return struct_by_value_grad(p, g, N); }
static double eval_su(const double *p) { return member_set_unread(p, (struct pair){p[1], p[2]}, N); }
static double grad_su(const double *p, double *g)
{
    struct pair d = {0};
    double f = member_set_unread_grad(p, g, (struct pair){p[1], p[2]}, &d, N);
    g[1] += d.u;
    g[2] += d.v;
    return f;
}
static double eval_it(const double *p) { return inner_trips(p, N); }
static double grad_it(const double *p, double *g) { return inner_trips_grad(p, g, N); }
static double eval_mb(const double *p) { return member_branch(p, N); }
static double grad_mb(const double *p, double *g) { return member_branch_grad(p, g, N); }
static double eval_fv(const double *p) { return forward_value(p, N); }
static double grad_fv(const double *p, double *g) { return forward_value_grad(p, g, N); }
static double eval_cb(const double *p) { return carried_branch(p, N); }
static double grad_cb(const double *p, double *g) { return carried_branch_grad(p, g, N); }
static double eval_fi(const double *p) { return float_increment(p, N); }
static double grad_fi(const double *p, double *g) { return float_increment_grad(p, g, N); }
static double eval_ril(const double *p) { return recursive_in_loop(p, N); }
static double grad_ril(const double *p, double *g) { return recursive_in_loop_grad(p, g, N); }

static double overwrites(const double *w, int m, double u)
{
    double r = tanh(u) / (1.5 + sin(u));
    for (int i = m - 2; i > 0; --i)
        r = erf(w[i - 1]) - w[i + 1];
    return r;
}

BP_GRAD(y)
double no_trip(const double *y)
{
    double w[2] = {0};
    return overwrites(w, 2, y[0] * y[1]) + y[2];
}

double no_trip_grad(const double *y, double *d_y);
static double eval_nt(const double *p) { return no_trip(p); }
static double grad_nt(const double *p, double *g) { return no_trip_grad(p, g); }

int main(void)
{
    static const double lo[8] = {-1, -1, -1, -1, -1, -1, -1, -1},
                        hi[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    fd_check("load past a store, loop", N, eval_lsl, grad_lsl, lo, hi, 10, 1);
    fd_check("load past a store, branch", N, eval_lsb, grad_lsb, lo, hi, 10, 2);
    fd_check("bare copy in a loop", N, eval_bc, grad_bc, lo, hi, 10, 3);
    fd_check("bare copy of a local array", N, eval_bcl, grad_bcl, lo, hi, 10, 4);
    static const double small[1] = {0.1}, big[1] = {0.3}, large[1] = {2}, huge[1] = {3};
    fd_check("return two ifs deep, then loops", 1, eval_nr, grad_nr, small, big, 5, 5);
    fd_check("return two ifs deep, then loops", 1, eval_nr, grad_nr, large, huge, 5, 5);
    /* y[i] > -0.25 everywhere: the loop runs its four trips */
    static const double plo[5] = {-1, 0, 0, 0, 0}, phi[5] = {1, 1, 1, 1, 1};
    fd_check("value past a branch that reassigns", 1 + N, eval_pb, grad_pb, plo, phi, 10, 6);
    /* the do-while's test decided by y and x far from -0.28 */
    static const double clo[8] = {0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1},
                        chi[8] = {1, 1, 1, 1, 2, 2, 2, 2};
    fd_check("carried from outside an outer loop", 2 * N, eval_co, grad_co, clo, chi, 10, 7);
    fd_check("dead carry through a branch", N + 1, eval_dc, grad_dc, lo, hi, 10, 8);
    fd_check("callee returning a constant", N, eval_cc, grad_cc, lo, hi, 10, 9);
    fd_check("local struct member overwritten", N, eval_mo, grad_mo, lo, hi, 10, 10);
    fd_check("store through a pointer member", 3, eval_pm, grad_pm, lo, hi, 10, 11);
    fd_check("local struct passed by value", N, eval_sv, grad_sv, lo, hi, 10, 12);
    fd_check("by-value struct member set, unread", N, eval_su, grad_su, lo, hi, 10, 13);
    fd_check("carry deciding an inner loop", N, eval_it, grad_it, lo, hi, 10, 14);
    static const double pos[4] = {0.2, 0.2, 0.2, 0.2}, one[4] = {1, 1, 1, 1};
    fd_check("struct member read by a branch", N, eval_mb, grad_mb, pos, one, 10, 15);
    fd_check("forward half's value in the reverse", N, eval_fv, grad_fv, lo, hi, 10, 16);
    fd_check("carried through an inner loop and a branch", N, eval_cb, grad_cb, lo, hi, 10, 17);
    fd_check_twin("float element incremented, read back", N, eval_fi, grad_fi,
                  float_increment_twin, lo, hi, 10, 18, 1e-5);
    fd_check("loop calling a recursive function", N, eval_ril, grad_ril, lo, hi, 10, 19);
    fd_check("loop of no trip over its carried value", 3, eval_nt, grad_nt, lo, hi, 10, 20);
    return fd_failures != 0;
}
