#!/usr/bin/env python3
"""fuzz.py: bpgen's random-program fuzzer.

In: seeds (gen.py writes one program per seed) or saved programs to replay.
Out: for each program a category, one line per program that did not pass,
and the tallies; exit status 1 when a program failed that was not expected
to.  A program that fails is saved as a regression file (printed), which
`--replay` runs again: tests/fuzz/regressions/ holds the ones kept, and
regressions.test replays them.

Each program goes through: bpgen model.c (status 1 with an `error:` is
"unsupported", tallied by message but no failure), the gradient compiled
with -Wall -Wextra -Werror and ASan/UBSan, then oracle.py's harness run:
value, outputs and tape against the model, the gradient against finite
differences of the model's double twin (and, for an entry that does not
match, finer ones of its long double twin), and the Taylor test
(fuzz_check.h).  --plant checks the checkers: it makes grad.c wrong.

Categories that are failures:
  bpgen_crash     bpgen died, timed out, or exited with a status other than 0 or 1
  bpgen_silent    status 1 with no error: message
  grad_compile    the generated C does not compile
  grad_warning    it compiles only with warnings the model itself does not have
                  (but for gcc's -Wmaybe-uninitialized alone, which gcc documents
                  as a guess: then valgrind's memcheck runs the gradient, and
                  only an uninitialised read it sees is a failure)
  grad_signature  model_grad's parameters are not the ones the README's contract gives
  fail_value / fail_state / fail_tape / fail_grad / fail_taylor
                  what the harness printed (see fuzz_check.h)
  run_crash       a sanitizer report, a signal, or a time-out while running
  harness_error   oracle.py wrote C that does not compile (a fuzzer bug)

Examples:
  python3 tests/fuzz/fuzz.py --seeds 1-10000 -j2
  python3 tests/fuzz/fuzz.py --seeds 42 --keep /tmp/s42     # all files of one program
  python3 tests/fuzz/fuzz.py --replay tests/fuzz/regressions
  python3 tests/fuzz/fuzz.py --show 42                      # print seed 42's model.c
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
import gen      # noqa: E402
import oracle   # noqa: E402

# The gradient must compile warning-free, optimized (some warnings need the
# optimizer).  The test program runs it unoptimized (that compiles faster),
# under AddressSanitizer and UBSan; the harness and the double twin need no
# instrumentation, since linked with -fsanitize=address their arrays still
# get the sanitizer's allocator and its red zones.  All of it is built with
# -fno-builtin: bpgen may carry a constant into a call (tanh(s) with s = 0.8
# becomes tanh(0.8)), which the C compiler would then evaluate itself,
# correctly rounded, where the model calls libm; model_grad must return the
# model's value bit for bit, so both call libm.
WARN_FLAGS = ['-std=c11', '-O1', '-Wall', '-Wextra', '-Werror']
SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer']
RUN_FLAGS = ['-std=c11', '-O0', '-g', '-fno-builtin']
FAILURES = ('bpgen_crash', 'bpgen_silent', 'grad_compile', 'grad_warning', 'grad_uninit', 'grad_signature', 'fail_',
            'run_crash', 'harness_error')


class Tools:
    """Where bpgen, its header, libbpgen, BLAS and the C compiler are, from
    a build directory (its CMakeCache.txt names BLAS and the compiler)."""

    def __init__(self, build_dir):
        self.bpgen = os.path.join(build_dir, 'bin', 'bpgen')
        self.include = os.path.join(build_dir, 'include')   # the build tree's copy of bpgen.h
        if not os.path.exists(os.path.join(self.include, 'bpgen.h')):
            self.include = os.path.join(ROOT, 'include')
        self.libbpgen = os.path.join(build_dir, 'lib', 'libbpgen.a')
        cache = read_cache(os.path.join(build_dir, 'CMakeCache.txt'))
        self.blas = cache.get('BLAS_LIBRARY', '-lopenblas')
        self.cc = cache.get('CMAKE_C_COMPILER', 'cc')
        self.plant = None       # --plant: the relative error planted in grad.c
        for path in (self.bpgen, self.libbpgen):
            if not os.path.exists(path):
                sys.exit('fuzz.py: %s is missing; build bpgen first (scripts/build.sh)' % path)


def read_cache(path):
    values = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r'^(\w+):\w+=(.*)$', line.strip())
            if m:
                values[m.group(1)] = m.group(2)
    return values


class Result:
    """A program's outcome: category, a one-line detail, and timings."""

    def __init__(self, name, meta):
        self.name = name
        self.meta = meta
        self.category = 'ok'
        self.detail = ''
        self.summary = ''
        self.seconds = 0.0
        self.maybe_uninit = False                # grad_warning: only -Wmaybe-uninitialized

    def failed(self):
        return self.category.startswith(FAILURES)


def run(cmd, cwd, timeout, env=None):
    """(status, stdout, stderr); status 'timeout' when it ran too long."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
                           errors='replace')
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', '', ''


def first_error(text):
    for line in text.splitlines():
        if 'error:' in line or 'warning:' in line:
            return line.strip()
    return text.strip().splitlines()[-1] if text.strip() else ''


def check_program(text, meta, tools, work):
    """Run one program in the directory work; return its Result."""
    res = Result(str(meta['seed']), meta)
    files = {'model.c': text, 'harness.c': oracle.harness_c(meta), 'ref.c': oracle.ref_c(text, meta),
             'ref_ld.c': oracle.ref_c(text, meta, 'long double')}
    for name, body in files.items():
        with open(os.path.join(work, name), 'w') as f:
            f.write(body)
    if not generate_gradient(res, tools, work):
        return res
    if tools.plant:
        plant_error(work, meta, tools.plant)
    if not compile_gradient(res, tools, work):
        return res
    if not build_harness(res, tools, work):
        return res
    run_harness(res, work)
    if res.category == 'grad_warning' and res.maybe_uninit:
        memcheck_gradient(res, tools, work)
    return res


def generate_gradient(res, tools, work):
    rc, out, err = run([tools.bpgen, 'model.c', '-o', 'grad.c'], work, 120)
    if rc == 0:
        return True
    if rc == 1 and 'error:' in err:
        res.category = 'unsupported'
        res.detail = unsupported_key(err)
    elif rc == 1:
        res.category, res.detail = 'bpgen_silent', err.strip()[:300]
    else:
        res.category = 'bpgen_crash'
        res.detail = 'status %s: %s' % (rc, first_error(err) or err.strip()[-300:])
    return False


def plant_error(work, meta, rel):
    """For --plant: every statement of grad.c that adds into the adjoint of
    a parameter BP_GRAD names (`d_x[i] += e;`, `*d_a -= e;`) adds (1 + rel)
    times as much, a wrong gradient the oracles must catch."""
    names = '|'.join(re.escape(p['name']) for p in meta['params'] if p['named']) or '$^'
    target = re.compile(r'^(\s*(?:\*d_(?:%s)|d_(?:%s)(?:\[[^;=]*\]|->\w+(?:\[[^;=]*\])?)))'
                        r' ([+-])= (.*);$' % (names, names), re.M)
    path = os.path.join(work, 'grad.c')
    with open(path) as f:
        text = f.read()
    with open(path, 'w') as f:
        f.write(target.sub(lambda m: '%s %s= (1 + %r) * (%s);' % (m.group(1), m.group(2), rel, m.group(3)),
                           text))


def unsupported_key(err):
    """An error message with names and numbers taken out, to tally by."""
    line = next((l for l in err.splitlines() if 'error:' in l), err)
    msg = line.split('error:', 1)[1].strip()
    msg = re.sub(r"'[^']*'", "'_'", msg)
    return re.sub(r'\d+', 'N', msg)


def compile_gradient(res, tools, work):
    """grad.c with -Werror; when it only warns, the model compiled alike
    tells whether bpgen added the warning (the run goes on either way).
    The object goes to a file of the work directory: an assembler that
    fails deletes its output, and as root that was once /dev/null."""
    base = [tools.cc, '-I', tools.include, '-c', '-o', 'warnings.o']
    rc, out, err = run(base + WARN_FLAGS + ['grad.c'], work, 120)
    if rc == 0:
        return True
    rc2, _, err2 = run(base + WARN_FLAGS + ['-w', '-Wno-error', 'grad.c'], work, 120)
    if rc2 != 0:
        res.category, res.detail = 'grad_compile', first_error(err2)
        return False
    rc3, _, _ = run(base + WARN_FLAGS + ['model.c'], work, 120)
    if rc3 == 0:
        res.category, res.detail = 'grad_warning', first_error(err)
        res.maybe_uninit = only_maybe_uninitialized(err)
    return True


def only_maybe_uninitialized(err):
    """Are all of gcc's complaints -Wmaybe-uninitialized?"""
    errors = [l for l in err.splitlines() if 'error:' in l and 'all warnings being treated' not in l]
    return bool(errors) and all('[-Werror=maybe-uninitialized]' in l for l in errors)


def memcheck_gradient(res, tools, work):
    """gcc's -Wmaybe-uninitialized is a guess (its manual says it warns
    where it cannot prove a variable is set, and gets it wrong in both
    directions).  The harness built without sanitizers runs under
    valgrind's memcheck, which sees every read of an unset value: clean,
    the program passes as ok_maybe_uninit; a read, it fails as
    grad_uninit.  Without valgrind the warning stays a failure."""
    valgrind = shutil.which('valgrind')
    if not valgrind:
        return
    inc = ['-I', HERE, '-I', tools.include]
    rc, out, err = run([tools.cc] + RUN_FLAGS + ['-w'] + inc +
                       ['grad_check.c', 'harness.o', 'ref.o', 'ref_ld.o', '-o', 'harness_vg', tools.libbpgen,
                        tools.blas, '-lm'], work, 180)
    if rc != 0:
        return
    env = dict(os.environ, OPENBLAS_NUM_THREADS='1')
    rc, out, err = run([valgrind, '-q', '--error-exitcode=87', '--undef-value-errors=yes',
                        './harness_vg'], work, 600, env)
    if rc == 0:
        res.category, res.detail = 'ok_maybe_uninit', res.detail
    elif rc == 87:
        res.category = 'grad_uninit'
        res.detail = next((l.strip() for l in err.splitlines() if 'uninitialised' in l), res.detail)


def build_harness(res, tools, work):
    """harness.c and the twins plain, grad.c instrumented, linked with the
    sanitizers.  grad.c is compiled through grad_check.c, which declares
    model_grad again as the README's contract says it is: a different
    signature is a conflicting declaration."""
    inc = ['-I', HERE, '-I', tools.include]
    with open(os.path.join(work, 'grad_check.c'), 'w') as f:
        f.write('#include "grad.c"\n' + oracle.grad_prototype(res.meta))
    rc, out, err = run([tools.cc] + RUN_FLAGS + ['-w'] + inc + ['-c', 'harness.c', 'ref.c', 'ref_ld.c'], work, 180)
    if rc == 0:
        rc, out, err = run([tools.cc] + RUN_FLAGS + SANITIZE + ['-w'] + inc +
                           ['grad_check.c', 'harness.o', 'ref.o', 'ref_ld.o', '-o', 'harness', tools.libbpgen,
                            tools.blas, '-lm'], work, 180)
        if rc != 0 and 'conflicting types' in err:
            res.category, res.detail = 'grad_signature', first_error(err)
            return False
    if rc != 0:
        res.category, res.detail = 'harness_error', first_error(err)
        return False
    return True


def run_harness(res, work):
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=1:exitcode=86',
               UBSAN_OPTIONS='print_stacktrace=1', OPENBLAS_NUM_THREADS='1')
    rc, out, err = run(['./harness'], work, 120, env)
    lines = out.strip().splitlines()
    res.summary = lines[-1] if lines else ''
    fails = [l for l in lines if l.startswith('FAIL ')]
    if rc == 0 and res.summary.startswith('OK'):
        return
    if rc == 1 and res.summary.startswith('FAILED') and fails:
        kinds = sorted(set(l.split()[1] for l in fails))
        category = 'fail_' + '+'.join(kinds)
        detail = fails[0]
    elif rc == 'timeout':
        category, detail = 'run_crash', 'timed out'
    else:
        category = 'run_crash'
        detail = next((l.strip() for l in err.splitlines()
                       if 'ERROR:' in l or 'runtime error' in l), 'status %s' % rc)
    if res.category == 'grad_warning':
        detail = '%s (and %s)' % (detail, res.detail)
    res.category, res.detail = category, detail


# ---- programs: from seeds, or saved ----

def parse_seeds(spec):
    seeds = []
    for part in spec.split(','):
        part = part.strip()
        if '-' in part:
            a, b = part.split('-')
            seeds += range(int(a), int(b) + 1)
        elif part:
            seeds.append(int(part))
    return seeds


def saved_program(path):
    """(text, meta, expect) of a regression file written by save()."""
    text = open(path).read()
    m = re.search(r'^ \* fuzz-meta: (.*)$', text, re.M)
    if not m:
        sys.exit('fuzz.py: %s has no fuzz-meta line' % path)
    e = re.search(r'^ \* fuzz-expect: (\w+)', text, re.M)
    return text, json.loads(m.group(1)), e.group(1) if e else 'pass'


def save(res, text, save_dir):
    """Write a failing program as a regression file; return its path."""
    os.makedirs(save_dir, exist_ok=True)
    path = os.path.join(save_dir, 'seed%s.c' % res.meta['seed'])
    header = ['/* bpgen fuzz regression: seed %s, %s:' % (res.meta['seed'], res.category),
              ' *   %s' % res.detail.replace('*/', '* /'),
              ' * Replay: python3 tests/fuzz/fuzz.py --replay THIS_FILE [--keep DIR]',
              ' * fuzz-meta: %s' % json.dumps(res.meta, sort_keys=True),
              ' * fuzz-expect: pass', ' */']
    with open(path, 'w') as f:
        f.write('\n'.join(header) + '\n' + text)
    return path


def known_failures(path):
    """seed -> note, from a file of lines `SEED  # note`."""
    known = {}
    if path and os.path.exists(path):
        for line in open(path):
            body = line.split('#', 1)
            if body[0].strip():
                known[int(body[0])] = body[1].strip() if len(body) > 1 else ''
    return known


# ---- the driver ----

def one(job, tools, args):
    """Run one job (name, text, meta, expect) in a fresh directory."""
    name, text, meta, expect = job
    work = tempfile.mkdtemp(prefix='bpfuzz-%s-' % name, dir=args.work)
    start = time.time()
    try:
        res = check_program(text, meta, tools, work)
    finally:
        if args.keep:
            dest = os.path.join(args.keep, name)
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(work, dest)
        shutil.rmtree(work, ignore_errors=True)
    res.name = name
    res.seconds = time.time() - start
    res.expect = expect
    return res, text


def jobs_from(args, known):
    if args.replay:
        files = []
        for p in args.replay:
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith('.c')) \
                if os.path.isdir(p) else [p]
        for f in files:
            text, meta, expect = saved_program(f)
            yield os.path.basename(f), text, meta, expect
        return
    for seed in parse_seeds(args.seeds):
        prog = gen.generate(seed)
        yield str(seed), prog.text, prog.meta, 'fail' if seed in known else 'pass'


def report(res, text, args, out):
    """One line for a program that did not pass (and its saving)."""
    if res.category.startswith('ok'):
        if res.expect == 'fail':
            out.append('XPASS %s: passes now; %s' % (res.name, 'mark it fuzz-expect: pass'
                       if args.replay else 'take it off the known failures'))
        return
    if res.category == 'unsupported':
        if args.verbose:
            print('%s: unsupported: %s' % (res.name, res.detail), flush=True)
        return
    tag = 'XFAIL' if res.expect == 'fail' else 'FAIL'
    line = '%s %s: %s: %s' % (tag, res.name, res.category, res.detail)
    if tag == 'FAIL' and args.save_dir and not args.replay:
        line += '\n    saved as %s' % save(res, text, args.save_dir)
    print(line, flush=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--seeds', help='seeds, e.g. 1-200,500 (default: $BPGEN_FUZZ_SEEDS, '
                    'else --default-seeds, else 1-200)')
    ap.add_argument('--default-seeds', help=argparse.SUPPRESS)
    ap.add_argument('--replay', nargs='+', metavar='PATH',
                    help='run saved regression files (or every .c in a directory) instead')
    ap.add_argument('-j', '--jobs', type=int, default=int(os.environ.get('BPGEN_FUZZ_JOBS', '2')))
    ap.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--save-dir', default=os.path.join(HERE, 'regressions'),
                    help='where failing programs are saved (default: tests/fuzz/regressions)')
    ap.add_argument('--no-save', dest='save_dir', action='store_const', const=None)
    ap.add_argument('--known-failures', default=os.path.join(HERE, 'known_failures.txt'),
                    help='seeds expected to fail, one per line with a # note')
    ap.add_argument('--update-known-failures', action='store_true',
                    help='rewrite the known failures of the seeds run with those that failed')
    ap.add_argument('--keep', metavar='DIR', help="keep every program's files in DIR/<name>")
    ap.add_argument('--work', help='directory for the temporary files')
    ap.add_argument('--log', metavar='FILE', help='append one JSON line per program')
    ap.add_argument('--show', type=int, metavar='SEED', help='print the program of SEED and exit')
    ap.add_argument('-v', '--verbose', action='store_true', help='also list unsupported programs')
    ap.add_argument('--plant', type=float, metavar='REL',
                    help='make every addition into a parameter\'s adjoint 1 + REL times too large, '
                    'to see the oracles catch it (implies --no-save)')
    args = ap.parse_args()
    args.seeds = args.seeds or os.environ.get('BPGEN_FUZZ_SEEDS') or args.default_seeds or '1-200'
    return args


def log_line(res):
    return json.dumps(dict(name=res.name, seed=res.meta['seed'], mode=res.meta['mode'],
                           category=res.category, detail=res.detail, summary=res.summary,
                           seconds=round(res.seconds, 2)))


def print_tallies(tally, unsupported, seconds):
    print('%d programs in %.0f s: %s' % (sum(tally.values()), seconds, ', '.join(
        '%s %d' % kv for kv in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))))
    for msg, k in unsupported.most_common():
        print('  unsupported %4d  %s' % (k, msg))


def update_known_failures(path, known, results):
    """Known failures: those of the seeds not run, and the seeds run that
    failed (a note kept, or the failure's first line)."""
    for res in results:
        if res.failed():
            known[int(res.name)] = known.get(int(res.name)) or '%s: %s' % (res.category, res.detail[:100])
        else:
            known.pop(int(res.name), None)
    header = [l for l in open(path) if l.startswith('#')] if os.path.exists(path) else []
    with open(path, 'w') as f:
        f.writelines(header)
        for seed in sorted(known):
            f.write('%d  # %s\n' % (seed, known[seed]))
    print('wrote %s' % path)


def main():
    args = parse_args()
    if args.show is not None:
        print(gen.generate(args.show).text, end='')
        return 0
    tools = Tools(os.path.abspath(args.build_dir))
    tools.plant = args.plant
    if args.plant:
        args.save_dir = None
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    known = known_failures(args.known_failures)
    tally, unsupported, notes, results = collections.Counter(), collections.Counter(), [], []
    unexpected = 0
    start = time.time()
    log = open(args.log, 'a') if args.log else None
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for res, text in pool.map(lambda j: one(j, tools, args), jobs_from(args, known)):
            results.append(res)
            tally[res.category] += 1
            if res.category == 'unsupported':
                unsupported[res.detail] += 1
            unexpected += res.failed() and res.expect != 'fail'
            report(res, text, args, notes)
            if log:
                log.write(log_line(res) + '\n')
                log.flush()
    for note in notes:
        print(note)
    print_tallies(tally, unsupported, time.time() - start)
    if args.update_known_failures and not args.replay:
        update_known_failures(args.known_failures, known, results)
    print('%s: %d unexpected failures' % ('FAILED' if unexpected else 'PASSED', unexpected))
    return 1 if unexpected else 0


if __name__ == '__main__':
    sys.exit(main())
