/*
 * bpgen.h: the public header of bpgen, the reverse-mode automatic
 * differentiation compiler for C.
 *
 * Two things live here.  BP_GRAD marks a forward function for bpgen:
 *
 *     #include <bpgen.h>
 *
 *     BP_GRAD(x, w)
 *     double f(double x, const double *w, int n) { ... }
 *
 * and `bpgen model.c -o model_grad.c` then writes
 *
 *     double f_grad(double x, double *d_x, const double *w, double *d_w, int n);
 *
 * which returns f(x, w, n) and ADDS df/dx into *d_x and df/dw[i] into d_w[i]
 * (the caller zeroes the adjoints).  BP_GRAD() with no names asks for every
 * parameter of floating type.  Under compilers other than clang the macro
 * expands to nothing, so model.c compiles anywhere.
 *
 * The rest is libbpgen, the runtime the generated code calls: dense
 * row-major matrix primitives on BLAS, each with its vector-Jacobian product
 * (`_vjp`), in double and (suffix f) float.  Sizes are int, outputs come last,
 * and the runtime never prints, exits or keeps memory it does not hand back.
 */
#ifndef BPGEN_H
#define BPGEN_H

#define BPGEN_VERSION "0.1.0"

#if defined(__clang__)
#define BP_GRAD(...) __attribute__((annotate("bpgen.grad:" #__VA_ARGS__)))
#else
#define BP_GRAD(...)
#endif

#include <math.h>
#include <stddef.h>
#include <string.h>

/*
 * BP_ADJOINT(f, f_adj) gives bpgen the adjoint of f, so that it calls f_adj
 * instead of differentiating f (or to differentiate through a function
 * whose body it cannot see).  For
 *
 *     double f(double a, const double *w, int n);
 *
 * f_adj takes the parameters of f, each floating-point one followed by its
 * adjoint pointer, and last the adjoint of f's result:
 *
 *     void f_adj(double a, double *d_a, const double *w, double *d_w, int n,
 *                double d_f);
 *
 * and ADDS d_f * df/da into *d_a and d_f * df/dw[i] into d_w[i].  An
 * adjoint pointer is NULL when that argument needs no derivative.  A void f
 * has no d_f.  For an array f writes, its adjoint comes in holding the
 * adjoints of what f wrote; f_adj reads them and sets them to zero (the
 * values f overwrote reach nothing through that array).  The arrays f_adj
 * is passed hold what they held when f was called (what f left, for one
 * it writes): bpgen reports an error where the model changes one before
 * the reverse sweep.  The runtime's own primitives (bp_matmul ...) need
 * no BP_ADJOINT: bpgen knows their adjoints (tool/prims.def).
 * Written at file scope, it expands to a static assertion, and to nothing
 * a compiler keeps.
 */
#if defined(__cplusplus)
#define BP_ADJOINT(f, adjoint) static_assert(1, "bpgen adjoint " #f " " #adjoint)
#else
#define BP_ADJOINT(f, adjoint) _Static_assert(1, "bpgen adjoint " #f " " #adjoint)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Dense matrix primitives: C[m×n] = A[m×k]·B[k×n] and friends. */
void   bp_matmul(int m, int k, int n, const double *A, const double *B, double *C);
void   bp_add_bias(int m, int n, const double *X, const double *b, double *Y);
void   bp_relu(int len, const double *X, double *Y);
void   bp_sigmoid(int len, const double *X, double *Y);
void   bp_tanh(int len, const double *X, double *Y);
double bp_softmax_xent(int m, int n, const double *logits, const int *labels);
double bp_mse(int len, const double *Y, const double *T);
double bp_sumsq(int len, const double *X);

void  bp_matmulf(int m, int k, int n, const float *A, const float *B, float *C);
void  bp_add_biasf(int m, int n, const float *X, const float *b, float *Y);
void  bp_reluf(int len, const float *X, float *Y);
void  bp_sigmoidf(int len, const float *X, float *Y);
void  bp_tanhf(int len, const float *X, float *Y);
float bp_softmax_xentf(int m, int n, const float *logits, const int *labels);
float bp_msef(int len, const float *Y, const float *T);
float bp_sumsqf(int len, const float *X);

/*
 * Vector-Jacobian products.  Each takes the primal inputs (and, where it is
 * cheaper, the primal output), the adjoint of the output, and ADDS the
 * adjoints of the inputs: for C = A·B, dA += dC·Bᵀ and dB += Aᵀ·dC, two GEMMs.
 * A null adjoint pointer means "not needed" and skips that work.
 */
void bp_matmul_vjp(int m, int k, int n, const double *A, const double *B,
                   const double *dC, double *dA, double *dB);
void bp_add_bias_vjp(int m, int n, const double *dY, double *dX, double *db);
void bp_relu_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_sigmoid_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_tanh_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_softmax_xent_vjp(int m, int n, const double *logits, const int *labels,
                         double dL, double *dlogits);
void bp_mse_vjp(int len, const double *Y, const double *T, double dL,
                double *dY, double *dT);
void bp_sumsq_vjp(int len, const double *X, double dL, double *dX);

void bp_matmulf_vjp(int m, int k, int n, const float *A, const float *B,
                    const float *dC, float *dA, float *dB);
void bp_add_biasf_vjp(int m, int n, const float *dY, float *dX, float *db);
void bp_reluf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_sigmoidf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_tanhf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_softmax_xentf_vjp(int m, int n, const float *logits, const int *labels,
                          float dL, float *dlogits);
void bp_msef_vjp(int len, const float *Y, const float *T, float dL,
                 float *dY, float *dT);
void bp_sumsqf_vjp(int len, const float *X, float dL, float *dX);

/* The library's version string, BPGEN_VERSION when header and library match. */
const char *bp_version(void);

/*
 * The tape: a last-in first-out stack of bytes, one per thread, where the
 * forward sweep of a loop saves the values its reverse sweep needs and the
 * reverse sweep takes them back, last saved first.  It keeps its memory
 * from call to call, so a gradient in steady state allocates nothing;
 * bp_tape_release() gives the memory back (bpgen also registers it with
 * atexit for the main thread).  If memory runs out the tape stops saving,
 * bp_tape_failed() turns true, and every value taken back is NaN, so that
 * the gradient shows the failure instead of being silently wrong.
 */
typedef struct {
    unsigned char *data;                 /* the bytes */
    size_t top, cap;                     /* bytes in use, bytes allocated */
    int failed;                          /* out of memory since the last release */
} bp_tape;

/* A gradient compiled into a shared object (-fPIC) would reach the tape
 * through __tls_get_addr at every push and pop (twice as slow for GMM);
 * the initial-exec model reaches it directly.  It asks that libbpgen's
 * tape sit in the static TLS block, where it is when libbpgen is loaded
 * with the program, and, being small, also when it is loaded later with
 * dlopen (glibc keeps room for that). */
#if defined(__GNUC__)
#define BP_TAPE_TLS __attribute__((tls_model("initial-exec")))
#else
#define BP_TAPE_TLS
#endif
#if defined(__cplusplus)
extern thread_local bp_tape bp_the_tape BP_TAPE_TLS;
#else
extern _Thread_local bp_tape bp_the_tape BP_TAPE_TLS;
#endif

int  bp_tape_reserve(size_t bytes);      /* room for `bytes` more; 0, or -1 if out of memory */
void bp_tape_release(void);
int  bp_tape_failed(void);

/* Every entry takes a multiple of 8 bytes, so that what the tape holds
 * stays aligned for doubles (bp_pop_span hands out pointers into it).  The
 * pushes and pops name bp_the_tape directly rather than through a pointer,
 * which GCC 12's -fsanitize=undefined misreads at -O1. */
#define BP_TAPE_SLOT 8
#define BP_TAPE_OPS(suffix, type, nan)                                         \
    static inline void bp_push_##suffix(type v) {                             \
        if (bp_the_tape.cap - bp_the_tape.top < BP_TAPE_SLOT &&                \
            bp_tape_reserve(BP_TAPE_SLOT) != 0)                                \
            return;                                                            \
        *(type *)(void *)(bp_the_tape.data + bp_the_tape.top) = v;             \
        bp_the_tape.top += BP_TAPE_SLOT;                                       \
    }                                                                          \
    static inline type bp_pop_##suffix(void) {                                 \
        type v;                                                                \
        if (bp_the_tape.top < BP_TAPE_SLOT)      /* empty, or failed */        \
            return nan;                                                        \
        bp_the_tape.top -= BP_TAPE_SLOT;                                       \
        v = *(const type *)(const void *)(bp_the_tape.data + bp_the_tape.top); \
        return v;                                                              \
    }
BP_TAPE_OPS(double, double, (double)NAN)
BP_TAPE_OPS(float, float, NAN)
BP_TAPE_OPS(int, long long, 0)
#undef BP_TAPE_OPS

/* A whole array of `bytes` bytes, pushed in one piece, and taken back
 * into p (bp_pop_array) or where it lies on the tape (bp_pop_span: valid
 * until the next push).  A failed tape gives back bytes of all ones, NaN
 * as doubles or floats. */
static inline void bp_push_array(const void *p, size_t bytes) {
    size_t room = (bytes + BP_TAPE_SLOT - 1) & ~(size_t)(BP_TAPE_SLOT - 1);
    if (bp_the_tape.cap - bp_the_tape.top < room && bp_tape_reserve(room) != 0)
        return;
    if (bytes)
        memcpy(bp_the_tape.data + bp_the_tape.top, p, bytes);
    bp_the_tape.top += room;
}
void *bp_tape_nans(size_t bytes);           /* bytes of all ones, for a failed tape */
/* Room for `bytes` bytes on the tape, for a counted loop to write what it
 * saves into (saved[i] = x) and its reverse to read back from bp_pop_span:
 * one check for the loop instead of one a value.  A failed tape hands out
 * room of this thread's that is never read back (the pops give NaN); if
 * even that cannot be had, the program stops with a message.
 * (bp_tape_room is the slow path: the tape grows, or has failed.) */
void *bp_tape_room(size_t bytes);
static inline void *bp_push_span(size_t bytes) {
    size_t room = (bytes + BP_TAPE_SLOT - 1) & ~(size_t)(BP_TAPE_SLOT - 1);
    if (bp_the_tape.cap - bp_the_tape.top < room)
        return bp_tape_room(room);
    void *p = bp_the_tape.data + bp_the_tape.top;
    bp_the_tape.top += room;
    return p;
}
static inline const void *bp_pop_span(size_t bytes) {
    size_t room = (bytes + BP_TAPE_SLOT - 1) & ~(size_t)(BP_TAPE_SLOT - 1);
    if (bp_the_tape.top < room)             /* empty, or failed */
        return bp_tape_nans(bytes);
    bp_the_tape.top -= room;
    return bp_the_tape.data + bp_the_tape.top;
}
static inline void bp_pop_array(void *p, size_t bytes) {
    const void *span = bp_pop_span(bytes);
    if (bytes)
        memcpy(p, span, bytes);
}
/* The `bytes` of adjoints at d, moved to scratch room (this thread's,
 * valid until the next take) and cleared at d: for a primitive whose
 * output is also its input, whose adjoint it adds into. */
void *bp_tape_take(void *d, size_t bytes);

/* A gradient's scratch buffers (the model's own malloc'd buffers, which
 * live until the reverse sweep is done, and their adjoints): taken from
 * this thread's stack of chunks, kept between calls, and given back all at
 * once by bp_scratch_release(mark) with the mark the gradient took at its
 * start (runtime/scratch.c).  NULL when out of memory, as malloc. */
#if defined(__GNUC__)
#define BP_SCRATCH_ATTRS(...) __attribute__((malloc, alloc_size(__VA_ARGS__)))
#else
#define BP_SCRATCH_ATTRS(...)
#endif
/* (As malloc's, their buffers alias nothing else: the compiler may keep
 * what it read from one across stores into another.) */
size_t bp_scratch_mark(void);
void *bp_scratch_alloc(size_t bytes) BP_SCRATCH_ATTRS(1);
void *bp_scratch_calloc(size_t n, size_t size) BP_SCRATCH_ATTRS(1, 2);
void bp_scratch_release(size_t mark);

static inline void bp_push_pointer(const void *p) {
    bp_push_int((long long)(size_t)p);
}
static inline void *bp_pop_pointer(void) {
    return (void *)(size_t)bp_pop_int();
}

#ifdef __cplusplus
}
#endif

#endif /* BPGEN_H */
