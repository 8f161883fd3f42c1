"""oracle.py: the C around a fuzzed model that checks its generated gradient.

In: a model.c's text and its meta (gen.py: precision, n, the parameters and
which BP_GRAD names).  Out: two translation units that, linked with
bpgen's model_grad.c and libbpgen, make the test program:
  harness.c  includes fuzz_trace.h and model.c (the model in its own
             precision, branch-traced), glue that loads the parameters from
             a flat vector and calls model and model_grad, and fuzz_check.h
             (the oracles and main);
  ref.c      the model's double twin (float types and literals made double,
             every function renamed *_ref), traced, and fz_ref_eval;
  ref_ld.c   its long double twin (the double twin's text with double made
             long double, its constants unchanged: the same function, computed
             with 11 more bits), for finite differences at steps double
             cannot resolve, and fz_ref_eval_ld.

Key idea: every number the parameters hold is a slot, a C lvalue in a
struct fz_args (`x_v[2]`, `p_v->w[0]`, `q_v.u`) with its twin in a second
fz_args for the adjoints (`d.x_v[2]`).  Arrays and the struct pointed to
are allocated one by one, so that AddressSanitizer sees an access past
any of them.  Slots of parameters BP_GRAD names
come from the point P and make the gradient; the others come from FIX;
slots of arrays the model writes are outputs, seeded with W.  The same slot
list writes the loads, calls and comparisons in both units, so harness and
twin cannot disagree about the layout.
"""
import re

MATH = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'exp',
        'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'cbrt', 'pow', 'hypot', 'fabs',
        'fmin', 'fmax', 'erf', 'erfc', 'fmod', 'fma', 'floor', 'ceil', 'trunc', 'round']
HOOKS = ['FZ_T', 'fabs', 'fmax', 'fmin', 'floor', 'fmod', 'fabsf', 'fmaxf', 'fminf', 'floorf', 'fmodf',
         'fabsl', 'fmaxl', 'fminl', 'floorl', 'fmodl']


class Slot:
    """One number of the parameters: its lvalue in fz_args, its parameter,
    whether BP_GRAD names it (it is in P, else in FIX) and whether the
    model may write it (an output when named)."""

    def __init__(self, path, shown, named, writable):
        self.path = path          # lvalue in struct fz_args: x_v[2], p_v->w[0], p_z[1], q_v.u
        self.shown = shown        # as the model spells it: x[2], p->w[0], p->z[1], q.u
        self.named = named
        self.writable = writable
        self.output = named and writable


def slots(meta):
    n = meta['n']
    out = []
    for p in meta['params']:
        name, kind, named = p['name'], p['kind'], p['named']
        w = bool(p.get('writable'))
        if kind == 'scalar':
            out.append(Slot('%s_v' % name, name, named, False))
        elif kind == 'array':
            out += [Slot('%s_v[%d]' % (name, k), '%s[%d]' % (name, k), named, w) for k in range(n)]
        elif kind == 'layer':
            out += [Slot('%s_v->w[%d]' % (name, k), '%s->w[%d]' % (name, k), named, w)
                    for k in range(p['k'])]
            out.append(Slot('%s_v->b' % name, '%s->b' % name, named, w))
            if p['z']:
                out += [Slot('%s_z[%d]' % (name, k), '%s->z[%d]' % (name, k), named, w)
                        for k in range(n)]
        elif kind == 'pair':
            out += [Slot('%s_v.u' % name, '%s.u' % name, named, False),
                    Slot('%s_v.v' % name, '%s.v' % name, named, False)]
    return out


def args_struct(meta, real):
    """struct fz_args: every parameter, in the given real type, and the
    functions that allocate, fill and free one."""
    fields, alloc, free = [], [], []
    for p in meta['params']:
        name, kind = p['name'], p['kind']
        if kind == 'scalar':
            fields.append('%s %s_v;' % (real, name))
        elif kind == 'array':
            fields.append('%s *%s_v;' % (real, name))
            alloc.append('s->%s_v = calloc(%d, sizeof(%s));' % (name, meta['n'], real))
            free.append('free(s->%s_v);' % name)
        elif kind == 'layer':
            fields.append('struct fz_layer *%s_v;' % name)
            alloc += ['s->%s_v = calloc(1, sizeof(struct fz_layer));' % name,
                      's->%s_v->m = %d;' % (name, p['k'])]
            free.append('free(s->%s_v);' % name)
            if p['z']:
                fields.append('%s *%s_z;' % (real, name))
                alloc += ['s->%s_z = calloc(%d, sizeof(%s));' % (name, meta['n'], real),
                          's->%s_v->z = s->%s_z;' % (name, name)]
                free.append('free(s->%s_z);' % name)
        elif kind == 'pair':
            fields.append('%s %s_v;' % (p['type'], name))
    body = lambda lines: ''.join('    %s\n' % l for l in lines)
    return ('struct fz_args {\n' + body(fields or ['int unused;']) + '};\n\n'
            'static void fz_alloc(struct fz_args *s)\n{\n    memset(s, 0, sizeof *s);\n'
            + body(alloc) + '}\n\n'
            'static void fz_free(struct fz_args *s)\n{\n    (void)s;\n' + body(free) + '}\n')


def load_function(meta, real, point='double'):
    """fz_load: allocate an fz_args and fill it from P (named slots, of type
    point) and FIX (the others)."""
    lines = ['static void fz_load(struct fz_args *s, const %s *P, const double *FIX)' % point, '{',
             '    fz_alloc(s);', '    (void)P;', '    (void)FIX;']
    ip = ifix = 0
    for s in slots(meta):
        if s.named:
            lines.append('    s->%s = (%s)P[%d];' % (s.path, real, ip))
            ip += 1
        else:
            lines.append('    s->%s = (%s)FIX[%d];' % (s.path, real, ifix))
            ifix += 1
    return '\n'.join(lines + ['}', ''])


def call_args(meta, s, d=None):
    """The argument list of model (d None) or model_grad (d the adjoints)."""
    args = []
    for p in meta['params']:
        name, kind = p['name'], p['kind']
        if kind == 'int':
            args.append(str(meta['n']))
            continue
        args.append('%s%s_v' % (s, name))
        if d is not None and p['named']:
            args.append(('%s%s_v' if kind in ('array', 'layer') else '&%s%s_v') % (d, name))
    return ', '.join(args)


def grad_prototype(meta, real=None):
    """model_grad's declaration as the contract says it is: each parameter
    BP_GRAD names followed by its adjoint."""
    real = real or real_type(meta)
    ps = []
    for p in meta['params']:
        name, kind = p['name'], p['kind']
        if kind == 'int':
            ps.append('int n')
            continue
        if kind == 'scalar':
            t, dt = '%s %s' % (real, name), '%s *d_%s' % (real, name)
        elif kind == 'array':
            t = '%s%s *%s' % ('' if p['writable'] else 'const ', real, name)
            dt = '%s *d_%s' % (real, name)
        elif kind == 'layer':
            t = '%sstruct fz_layer *%s' % ('' if p['writable'] else 'const ', name)
            dt = 'struct fz_layer *d_%s' % name
        else:   # by the tag: grad.c repeats the struct, not a typedef of it
            t, dt = 'struct fz_pair %s' % name, 'struct fz_pair *d_%s' % name
        ps.append(t)
        if p['named']:
            ps.append(dt)
    return '%s model_grad(%s);\n' % (real, ', '.join(ps))


def counts(meta):
    ss = slots(meta)
    return (sum(s.named for s in ss), sum(not s.named for s in ss), sum(s.output for s in ss))


def real_type(meta):
    return 'float' if meta['mode'] == 'float' else 'double'


def unhook():
    return ''.join('#undef %s\n' % h for h in HOOKS)


def seeded_sum(meta, target, cast=''):
    """When seeded, W times the outputs (the slots of fz_args s) added to
    target."""
    L = ['    (void)W;', '    if (seeded) {']
    outputs = [s for s in slots(meta) if s.output]
    L += ['        %s += W[%d] * %ss.%s;' % (target, iw, cast, s.path) for iw, s in enumerate(outputs)]
    return L + ['    }']


def harness_c(meta):
    """harness.c: the model in its own precision, model_grad, the glue."""
    real = real_type(meta)
    ss = slots(meta)
    named = [s for s in ss if s.named]
    npar, nfix, nw = counts(meta)
    L = ['/* harness.c for fuzzed seed %s, written by tests/fuzz/oracle.py */' % meta['seed'],
         '#include "fuzz_trace.h"', '#include "model.c"', unhook(),
         '#include <stdio.h>', '#include <string.h>', '',
         '#define FZ_NP %d' % max(npar, 1), '#define FZ_NFIX %d' % nfix, '#define FZ_NW %d' % nw,
         '#define FZ_DOUBLE %d' % (meta['mode'] == 'double'), '#define FZ_SEED %dULL' % meta['seed'],
         '', args_struct(meta, real), load_function(meta, real), grad_prototype(meta, real)]
    L.append('static const char *const fz_names[FZ_NP] = {%s};' % ', '.join(
        '"%s"' % s.shown for s in named) if named else 'static const char *const fz_names[1] = {""};')
    L.append('static const int fz_is_output[FZ_NP] = {%s};' % (
        ', '.join(str(int(s.output)) for s in named) or '0'))
    L += ['', 'static unsigned long long fz_model_trace(const double *P, const double *FIX, const double *W,',
          '                                         int seeded, double *value)',
          '{', '    struct fz_args s;', '    fz_load(&s, P, FIX);', '    fz_trace = 0;',
          '    *value = (double)model(%s);' % call_args(meta, 's.')]
    L += seeded_sum(meta, '*value', '(double)')
    L += ['    fz_free(&s);', '    return fz_trace;', '}', '']
    L += run_grad(meta, real, ss)
    L.append('#include "fuzz_check.h"')
    return '\n'.join(L) + '\n'


def run_grad(meta, real, ss):
    """fz_run_grad: model and model_grad on copies of the same inputs; with
    fz_quiet set it says nothing of what differs (a run under another
    rounding mode, for the gradient only)."""
    L = ['static int fz_quiet;', '',
         'static int fz_run_grad(const double *P, const double *FIX, const double *W, int seeded,',
         '                       const double *D0, double *G, int pt)', '{',
         '    struct fz_args s, t, d;', '    int fails = 0;', '    (void)W;', '    (void)seeded;',
         '    (void)D0;', '    fz_load(&s, P, FIX);', '    fz_load(&t, P, FIX);', '    fz_alloc(&d);']
    ip = iw = 0
    for s in ss:
        if s.output:
            L.append('    d.%s = seeded ? (%s)W[%d] : 0;' % (s.path, real, iw))
            iw += 1
        elif s.named:
            L.append('    d.%s = (%s)D0[%d];' % (s.path, real, ip))
        ip += s.named
    L += ['    %s f0 = model(%s);' % (real, call_args(meta, 's.')),
          '    %s f1 = model_grad(%s);' % (real, call_args(meta, 't.', 'd.')),
          '    if (memcmp(&f0, &f1, sizeof f0) != 0 && !(isnan(f0) && isnan(f1))) {',
          '        if (!fz_quiet)',
          '            printf("FAIL value pt=%d seeded=%d: model %.17g, model_grad %.17g\\n", pt, seeded,'
          ' (double)f0, (double)f1);',
          '        fails++;', '    }']
    for s in ss:
        if s.writable:
            L += ['    if (memcmp(&s.%s, &t.%s, sizeof(%s)) != 0) {' % (s.path, s.path, real),
                  '        if (!fz_quiet)',
                  '            printf("FAIL state pt=%%d seeded=%%d: %s is %%.17g after model, %%.17g after '
                  'model_grad\\n", pt, seeded, (double)s.%s, (double)t.%s);' % (s.shown, s.path, s.path),
                  '        fails++;', '    }']
    L += ['    if (bp_the_tape.top != 0) {',
          '        if (!fz_quiet)',
          '            printf("FAIL tape pt=%d: %zu bytes left on the tape\\n", pt, bp_the_tape.top);',
          '        bp_the_tape.top = 0;', '        fails++;', '    }']
    ip = 0
    for s in ss:
        if s.named:
            L.append('    G[%d] = (double)d.%s - D0[%d];' % (ip, s.path, ip))
            ip += 1
    L += ['    fz_free(&s);', '    fz_free(&t);', '    fz_free(&d);', '    return fails;', '}', '']
    return L


def double_twin(text, meta, suffix='_ref'):
    """The model's text in double: float types and math functions made
    double, every function renamed *_ref.  A float literal keeps its float
    value, (double)0.89f, so that the twin computes the float model's
    function: the gradient of a model iterating a map can move by 6x when
    its constants move by 1e-8 (seed 8310)."""
    t = re.sub(r'\bfloat\b', 'double', text)
    t = re.sub(r'\b(\d+\.\d+)f\b', r'((double)\1f)', t)
    t = re.sub(r'\b(%s)f\(' % '|'.join(MATH), r'\1(', t)
    for f in meta['functions']:
        t = re.sub(r'\b%s\(' % f, '%s%s(' % (f, suffix), t)
    return t


def long_twin(text, meta):
    """The double twin in long double, functions renamed *_ld; its literals
    stay double constants, so that it computes the double twin's function."""
    t = re.sub(r'\bdouble\b', 'long double', double_twin(text, meta, '_ld'))
    return re.sub(r'\b(%s)\(' % '|'.join(MATH), r'\1l(', t)


def ref_c(text, meta, real='double'):
    """ref.c: the double twin and fz_ref_eval; with real 'long double',
    ref_ld.c: the long double twin and fz_ref_eval_ld."""
    ld = real == 'long double'
    name, suffix = ('ref_ld.c', '_ld') if ld else ('ref.c', '_ref')
    head = '%s fz_ref_eval%s(const %s *P, const double *FIX, const double *W, int seeded,' % (
        real, '_ld' if ld else '', real)
    L = ['/* %s for fuzzed seed %s, written by tests/fuzz/oracle.py */' % (name, meta['seed']),
         '#include "fuzz_trace.h"', long_twin(text, meta) if ld else double_twin(text, meta),
         unhook(), '#include <string.h>', '',
         args_struct(meta, real), load_function(meta, real, real),
         head, '                   unsigned long long *trace);',
         head, '                   unsigned long long *trace)', '{',
         '    struct fz_args s;', '    fz_load(&s, P, FIX);', '    fz_trace = 0;',
         '    %s r = model%s(%s);' % (real, suffix, call_args(meta, 's.'))]
    L += seeded_sum(meta, 'r')
    L += ['    fz_free(&s);', '    *trace = fz_trace;', '    return r;', '}']
    return '\n'.join(L) + '\n'
