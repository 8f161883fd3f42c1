/*
 * fuzz_bpgen.c: the front-door fuzzer.  libFuzzer hands it arbitrary bytes;
 * it writes them to model.c in a directory of its own and runs the whole
 * bpgen command on that file, in process:
 *
 *   bpgen model.c -o /dev/null $BPGEN_FUZZ_ARGS
 *
 * (parse, activity, reverse, emit; the output text is built in memory and
 * thrown away).  A model bpgen rejects, with a file:line:col error and
 * status 1, is a good outcome.  Anything else is a finding, for libFuzzer
 * to save and report: an internal error (status 4) or a usage or I/O error
 * (2, which no model should cause) abort here, with the stack of the call
 * that exited; a crash, a sanitizer report (ASan, UBSan, a leak), a run
 * over libFuzzer's -timeout or over its -rss_limit_mb are reported by
 * libFuzzer itself.
 *
 * bpgen is a batch tool: it stops at the first error with exit(), and never
 * frees.  To run it again and again in one process, the build
 * (CMakeLists.txt here) links it with --wrap for a few functions:
 *
 *   exit            during a run, jumps back here with the status (parse.c
 *                   and main.c exit too, not only diag.c);
 *   clang_createIndex, clang_parseTranslationUnit2 and their disposers
 *                   are tracked, so that the index and the translation unit
 *                   a run ended by an error leaves behind are disposed of;
 *
 * and after each run the arena goes back to a mark taken after the one-time
 * set-up (rules_init, the derivative table).  reverse.c's state is reset by
 * ad_begin at each run.  emit.c caches the lines of the last file it read
 * in function statics (source_line): a cache in freed memory would be read
 * at the next run, so the set-up runs one model at the very path the inputs
 * are written to, before the mark; the cache then stays in memory that is
 * never released.  (The comments naming source lines in the thrown-away
 * output come from that first model.  A model whose gradient reverses code
 * of another file, a function of an included header, moves the cache into
 * released memory; until emit.c clears it at each emit_program, the run
 * after such a model reads freed memory.)
 *
 * Build and run: scripts/fuzz-frontdoor.sh [SECONDS]; replay files through
 * it with `build-fuzz/bin/fuzz_bpgen FILE...`.
 */
#define _XOPEN_SOURCE 700
#include "ir.h"

#include <clang-c/Index.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bpgen_main(int argc, char **argv);      /* main.c */

/* UBSan stops at its first report, as ASan does, but for the known bugs
 * ubsan.supp lists; both name functions in their stacks, with LLVM's
 * symbolizer.  ASAN_OPTIONS and UBSAN_OPTIONS still win. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) {
    return "external_symbolizer_path=" FRONTDOOR_SYMBOLIZER;
}

const char *__ubsan_default_options(void) {
    return "halt_on_error=1:print_stacktrace=1:suppressions=" FRONTDOOR_UBSAN_SUPP
           ":external_symbolizer_path=" FRONTDOOR_SYMBOLIZER;
}

/* ---- exit(), caught during a run ---- */

static jmp_buf *catcher;                     /* set while bpgen runs */
static int caught_status;

_Noreturn void __real_exit(int status);

_Noreturn void __wrap_exit(int status) {
    if (!catcher)
        __real_exit(status);
    if (status != 0 && status != EXIT_INPUT) {
        fprintf(stderr, "fuzz_bpgen: bpgen exited with status %d: a finding\n", status);
        abort();
    }
    caught_status = status;
    longjmp(*catcher, 1);
}

/* ---- libclang objects, disposed of when an error skips parse.c's disposal ---- */

static CXIndex live_index;
static CXTranslationUnit live_unit;

CXIndex __real_clang_createIndex(int exclude_pch, int display_diagnostics);
void __real_clang_disposeIndex(CXIndex index);
enum CXErrorCode __real_clang_parseTranslationUnit2(CXIndex, const char *, const char *const *,
                                                    int, struct CXUnsavedFile *, unsigned,
                                                    unsigned, CXTranslationUnit *);
void __real_clang_disposeTranslationUnit(CXTranslationUnit unit);

CXIndex __wrap_clang_createIndex(int exclude_pch, int display_diagnostics) {
    return live_index = __real_clang_createIndex(exclude_pch, display_diagnostics);
}

void __wrap_clang_disposeIndex(CXIndex index) {
    if (index == live_index)
        live_index = NULL;
    __real_clang_disposeIndex(index);
}

enum CXErrorCode __wrap_clang_parseTranslationUnit2(CXIndex index, const char *file,
                                                    const char *const *args, int nargs,
                                                    struct CXUnsavedFile *unsaved,
                                                    unsigned nunsaved, unsigned options,
                                                    CXTranslationUnit *out) {
    enum CXErrorCode rc = __real_clang_parseTranslationUnit2(index, file, args, nargs, unsaved,
                                                             nunsaved, options, out);
    live_unit = *out;
    return rc;
}

void __wrap_clang_disposeTranslationUnit(CXTranslationUnit unit) {
    if (unit == live_unit)
        live_unit = NULL;
    __real_clang_disposeTranslationUnit(unit);
}

static void dispose_leftovers(void) {
    if (live_unit)
        __wrap_clang_disposeTranslationUnit(live_unit);
    if (live_index)
        __wrap_clang_disposeIndex(live_index);
}

/* ---- one run ---- */

static char model_dir[4096];                 /* <tmp>/bpgen-fuzz.XXXXXX */
static char model_path[4096 + 16];           /* <model_dir>/model.c */
static char *run_argv[32];                   /* bpgen model.c -o /dev/null ... */
static int run_argc;
static ArenaMark after_setup;

static void write_model(const uint8_t *data, size_t size) {
    FILE *f = fopen(model_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(model_path);
        abort();
    }
}

/* bpgen on model_path: its status, 0 or EXIT_INPUT (others abort). */
static int run_bpgen(void) {
    jmp_buf here;
    caught_status = 0;
    if (setjmp(here) == 0) {
        catcher = &here;
        bpgen_main(run_argc, run_argv);
    }
    catcher = NULL;
    dispose_leftovers();
    return caught_status;
}

/* ---- set-up ---- */

static const char first_model[] =
    "#include <bpgen.h>\n"
    "BP_GRAD(x, y)\n"
    "double f(double x, double y) {\n"
    "    double q = x * y;\n"
    "    return q + x;\n"
    "}\n";

/* argv for bpgen: the model, -o /dev/null, then $BPGEN_FUZZ_ARGS split at
 * spaces (e.g. "--emit=ssa"). */
static void set_args(void) {
    run_argv[run_argc++] = "bpgen";
    run_argv[run_argc++] = model_path;
    run_argv[run_argc++] = "-o";
    run_argv[run_argc++] = "/dev/null";
    const char *env = getenv("BPGEN_FUZZ_ARGS");
    char *extra = env ? strdup(env) : NULL;
    for (char *a = extra ? strtok(extra, " ") : NULL; a && run_argc < 31; a = strtok(NULL, " "))
        run_argv[run_argc++] = a;
}

static void remove_model_dir(void) {
    unlink(model_path);
    rmdir(model_dir);
}

static void make_model_dir(void) {
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    if (snprintf(model_dir, sizeof model_dir, "%s/bpgen-fuzz.XXXXXX", tmp) >=
            (int)sizeof model_dir ||
        !mkdtemp(model_dir)) {
        fprintf(stderr, "fuzz_bpgen: cannot make a directory in %s\n", tmp);
        abort();
    }
    snprintf(model_path, sizeof model_path, "%s/model.c", model_dir);
    atexit(remove_model_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    /* libclang as bpgen's main() sets it up (diag_install_crash_handlers,
     * which would take libFuzzer's crash handlers away): a crash inside it
     * is a crash, not a parse that failed, and on this thread. */
    setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1", 1);
    setenv("LIBCLANG_NOTHREADS", "1", 1);
    make_model_dir();
    set_args();
    rules_init();
    write_model((const uint8_t *)first_model, sizeof first_model - 1);
    if (run_bpgen() != 0) {
        fprintf(stderr, "fuzz_bpgen: bpgen rejects the first model\n");
        abort();
    }
    after_setup = arena_mark();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    write_model(data, size);
    run_bpgen();
    arena_release(after_setup);
    return 0;
}
