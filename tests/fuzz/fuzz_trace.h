/*
 * fuzz_trace.h: the branch trace of a fuzzed program (tests/fuzz/).
 *
 * In: included by the two translation units the oracle builds around a
 * generated model.c, before the model's text: harness.c (the model in its
 * own precision), ref.c (its double twin) and ref_ld.c (its long double
 * twin).  Out: FZ_T(c), which the generator wraps around every comparison
 * of real values, and hooks for the math.h functions with kinks or jumps
 * (fabs, fmax, fmin, floor, fmod, and their float and long double
 * versions), each folding which way it went into fz_trace.
 *
 * Key idea: two evaluations with the same trace ran the same branches on
 * the same sides of every kink, so the function is smooth on the segment
 * between them (the generator guards everything else); a finite difference
 * or a Taylor step whose trace differs from the centre's crosses a switch,
 * and the oracle skips it instead of reporting a mismatch.  The glue after
 * the model's text #undefs the hooks, so the oracle's own fabs is the real one.
 */
#ifndef FUZZ_TRACE_H
#define FUZZ_TRACE_H

#include <math.h>
#include <stdlib.h>
#include <bpgen.h>

static unsigned long long fz_trace;     /* hash of the ways taken so far */

static inline void fz_mix(unsigned long long v) { fz_trace = fz_trace * 1000003ULL + v; }
static inline int fz_t(int c) { fz_mix(c ? 2 : 1); return c; }
static inline void fz_mix_int(double v) { fz_mix((unsigned long long)(long long)v + 7); }

static inline double fz_fabs(double x) { fz_t(x >= 0); return fabs(x); }
static inline double fz_fmax(double a, double b) { fz_t(a >= b); return fmax(a, b); }
static inline double fz_fmin(double a, double b) { fz_t(a <= b); return fmin(a, b); }
static inline double fz_floor(double x) { fz_mix_int(floor(x)); return floor(x); }
static inline double fz_fmod(double x, double y) { fz_mix_int(trunc(x / y)); return fmod(x, y); }
static inline float fz_fabsf(float x) { fz_t(x >= 0); return fabsf(x); }
static inline float fz_fmaxf(float a, float b) { fz_t(a >= b); return fmaxf(a, b); }
static inline float fz_fminf(float a, float b) { fz_t(a <= b); return fminf(a, b); }
static inline float fz_floorf(float x) { fz_mix_int(floorf(x)); return floorf(x); }
static inline float fz_fmodf(float x, float y) { fz_mix_int(truncf(x / y)); return fmodf(x, y); }
static inline long double fz_fabsl(long double x) { fz_t(x >= 0); return fabsl(x); }
static inline long double fz_fmaxl(long double a, long double b) { fz_t(a >= b); return fmaxl(a, b); }
static inline long double fz_fminl(long double a, long double b) { fz_t(a <= b); return fminl(a, b); }
static inline long double fz_floorl(long double x) { fz_mix_int(floorl(x)); return floorl(x); }
static inline long double fz_fmodl(long double x, long double y) { fz_mix_int(truncl(x / y)); return fmodl(x, y); }

#define FZ_T(c) fz_t(c)
#define fabs(x) fz_fabs(x)
#define fmax(a, b) fz_fmax(a, b)
#define fmin(a, b) fz_fmin(a, b)
#define floor(x) fz_floor(x)
#define fmod(x, y) fz_fmod(x, y)
#define fabsf(x) fz_fabsf(x)
#define fmaxf(a, b) fz_fmaxf(a, b)
#define fminf(a, b) fz_fminf(a, b)
#define floorf(x) fz_floorf(x)
#define fmodf(x, y) fz_fmodf(x, y)
#define fabsl(x) fz_fabsl(x)
#define fmaxl(a, b) fz_fmaxl(a, b)
#define fminl(a, b) fz_fminl(a, b)
#define floorl(x) fz_floorl(x)
#define fmodl(x, y) fz_fmodl(x, y)

#endif
