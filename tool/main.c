/*
 * main.c: the bpgen command line, and the pipeline as a flat list of passes.
 *
 *   bpgen [options] model.c -o model_grad.c
 *
 * The whole output is built in memory and written only when every function
 * has been differentiated, to a temporary file renamed over the target: an
 * error never leaves a partial or truncated model_grad.c behind.
 *
 * bpgen_main is the command after the process set-up main() does (crash
 * handlers, the derivative table), so that the front-door fuzzer
 * (tests/fuzz/frontdoor) can run it once per input, in process; it builds
 * this file with BPGEN_NO_MAIN.
 */
#define _XOPEN_SOURCE 700
#include "ir.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: bpgen [options] model.c [-o model_grad.c] [-- clang options]\n"
    "\n"
    "bpgen reads a C file whose functions are marked BP_GRAD(...) (from <bpgen.h>)\n"
    "and writes C functions computing their gradients by reverse-mode automatic\n"
    "differentiation.  For\n"
    "\n"
    "    BP_GRAD(x, w)\n"
    "    double f(double x, const double *w, int n) { ... }\n"
    "\n"
    "it writes\n"
    "\n"
    "    double f_grad(double x, double *d_x, const double *w, double *d_w, int n);\n"
    "\n"
    "which returns f(x, w, n) and adds df/dx into *d_x and df/dw[i] into d_w[i].\n"
    "\n"
    "example:\n"
    "    bpgen model.c -o model_grad.c\n"
    "    cc -c model_grad.c -I<prefix>/include\n"
    "\n"
    "options:\n"
    "  -o FILE          write the output to FILE ('-' for standard output);\n"
    "                   default: <model>_grad.c, or standard output for --emit=ssa\n"
    "                   and --emit=dot\n"
    "  --emit=c         emit C gradient functions (the default)\n"
    "  --emit=ssa       emit the SSA dataflow graph of each function and of its\n"
    "                   gradient, with activity, as text\n"
    "  --emit=dot       emit the computation graph of each function as Graphviz\n"
    "  --at X=V,...     with --emit=dot: evaluate the function at these parameter\n"
    "                   values (scalar code) and label each wire with its value\n"
    "                   and, in red, the gradient of the result with respect to it\n"
    "  --line-directives\n"
    "                   put #line directives in the C output, so that a debugger\n"
    "                   steps through model.c (without it, each block of adjoints\n"
    "                   starts with a comment naming the source line it reverses)\n"
    "  -I DIR, -D NAME[=VALUE], -U NAME, -include FILE, -isystem DIR, -std=...,\n"
    "  -W..., -f..., -m...\n"
    "                   passed to clang when parsing the model\n"
    "  -p BUILD_DIR     take the model's compile flags (-I, -D, -std ...) from\n"
    "                   BUILD_DIR/compile_commands.json, as clang tools do\n"
    "  -- ARGS          pass every following argument to clang\n"
    "  -MD              also write a Make depfile: the output's rule, depending on\n"
    "                   the model and every header it includes (<output>.d)\n"
    "  -MF FILE         write the depfile to FILE (implies -MD)\n"
    "  -MT TARGET       the rule's target (default: the output file)\n"
    "  -MP              add an empty rule for each header, so that deleting one\n"
    "                   does not break the build\n"
    "  --color=WHEN     colour diagnostics: auto (on a terminal), always, never\n"
    "  --version        print the version and exit\n"
    "  --help           print this help and exit\n"
    "\n"
    "exit status: 0 success, 1 the model cannot be differentiated (with a\n"
    "file:line:col: error), 2 usage or I/O error (the model cannot be read or the\n"
    "output cannot be written), 4 internal error.\n";

typedef struct {
    const char *input;
    const char *output;
    const char *build_dir;                   /* -p */
    const char *depfile;                     /* -MD / -MF: where, or NULL */
    const char *dep_target;                  /* -MT */
    bool dep_phony;                          /* -MP */
    bool line_directives;
    bool emit_ssa, emit_dot;
    const char *at;                          /* --at */
    const char **clang_args;
    int nclang_args, clang_args_cap;
} Options;

static void add_clang_arg(Options *o, const char *arg) {
    o->clang_args = array_grow(o->clang_args, o->nclang_args, &o->clang_args_cap,
                               sizeof *o->clang_args);
    o->clang_args[o->nclang_args++] = arg;
}

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Options clang takes with a separate argument, and those passed as one. */
static bool is_clang_pair(const char *a) {
    return streq(a, "-I") || streq(a, "-D") || streq(a, "-U") || streq(a, "-include") ||
           streq(a, "-isystem") || streq(a, "-iquote") || streq(a, "-idirafter");
}

static bool is_clang_single(const char *a) {
    return (has_prefix(a, "-I") || has_prefix(a, "-D") || has_prefix(a, "-U") ||
            has_prefix(a, "-std=") || has_prefix(a, "-W") || has_prefix(a, "-f") ||
            has_prefix(a, "-m") || has_prefix(a, "-O") || has_prefix(a, "-g") ||
            has_prefix(a, "-isystem") || streq(a, "-w") || streq(a, "-pedantic")) &&
           strlen(a) > 2;
}

static Options parse_args(int argc, char **argv) {
    Options o = {0};
    const char *color = "auto";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (streq(a, "--help") || streq(a, "-h")) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (streq(a, "--version")) {
            printf("bpgen %s (libclang %s)\n", BPGEN_TOOL_VERSION, "19");
            exit(0);
        } else if (streq(a, "-o")) {
            if (++i == argc)
                usage_error("-o needs a file name");
            o.output = argv[i];
        } else if (has_prefix(a, "-o") && a[2]) {
            o.output = a + 2;
        } else if (has_prefix(a, "--emit=")) {
            if (streq(a + 7, "ssa"))
                o.emit_ssa = true;
            else if (streq(a + 7, "dot"))
                o.emit_dot = true;
            else if (!streq(a + 7, "c"))
                usage_error("unknown --emit kind '%s'; use --emit=c, --emit=ssa or --emit=dot",
                            a + 7);
        } else if (streq(a, "--at") || has_prefix(a, "--at=")) {
            if (!a[4] && ++i == argc)
                usage_error("--at needs values: --at x=1,y=2");
            o.at = a[4] ? a + 5 : argv[i];
        } else if (streq(a, "-MD")) {
            o.depfile = o.depfile ? o.depfile : "";
        } else if (streq(a, "-MF") || streq(a, "-MT")) {
            if (++i == argc)
                usage_error("%s needs an argument", a);
            *(a[2] == 'F' ? &o.depfile : &o.dep_target) = argv[i];
        } else if (streq(a, "-p")) {
            if (++i == argc)
                usage_error("-p needs a build directory (one with compile_commands.json)");
            o.build_dir = argv[i];
        } else if (streq(a, "--line-directives")) {
            o.line_directives = true;
        } else if (streq(a, "-MP")) {
            o.dep_phony = true;
        } else if (has_prefix(a, "--color=")) {
            color = a + 8;
        } else if (streq(a, "--")) {
            for (i++; i < argc; i++)
                add_clang_arg(&o, argv[i]);
        } else if (is_clang_pair(a)) {
            if (++i == argc)
                usage_error("%s needs an argument", a);
            add_clang_arg(&o, a);
            add_clang_arg(&o, argv[i]);
        } else if (is_clang_single(a)) {
            add_clang_arg(&o, a);
        } else if (a[0] == '-' && a[1]) {
            usage_error("unknown option '%s'; pass clang options after '--'", a);
        } else if (o.input) {
            usage_error("more than one input file ('%s' and '%s'); bpgen reads one model at a "
                        "time", o.input, a);
        } else {
            o.input = a;
        }
    }
    if (!o.input)
        usage_error("no input file");
    if (streq(color, "always") || (streq(color, "auto") && isatty(2)))
        diag_set_color(true);
    else if (!streq(color, "never") && !streq(color, "auto"))
        usage_error("unknown --color '%s'; use auto, always or never", color);
    if (o.at && !o.emit_dot)
        usage_error("--at goes with --emit=dot");
    if (!o.output && (o.emit_ssa || o.emit_dot))
        o.output = "-";
    if (!o.output) {
        char *stem = arena_strdup(o.input), *base = strrchr(stem, '/');
        base = base ? base + 1 : stem;
        char *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        o.output = format("%s_grad.c", base);
    }
    if (o.depfile && !*o.depfile) {
        if (streq(o.output, "-"))
            usage_error("-MD needs -MF FILE when the output is standard output");
        o.depfile = format("%s.d", o.output);
    }
    if (o.depfile && !o.dep_target && streq(o.output, "-"))
        usage_error("the depfile needs -MT TARGET when the output is standard output");
    return o;
}

/* Appends s to a depfile line, escaping what Make would split on. */
static void put_dep_name(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '#')
            fputc('\\', f);
        else if (*s == '$')
            fputc('$', f);
        fputc(*s, f);
    }
}

/* The depfile, as gcc -MD writes one: the output depends on the model and
 * each file it includes; with -MP, an empty rule for each header. */
static char *depfile_text(Options *o, Program *p, size_t *len) {
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f)
        internal_error("cannot allocate the depfile");
    put_dep_name(f, o->dep_target ? o->dep_target : o->output);
    fputc(':', f);
    for (int i = 0; i < p->nfiles; i++) {
        fputs(" \\\n  ", f);
        put_dep_name(f, p->files[i]);
    }
    fputc('\n', f);
    for (int i = 1; o->dep_phony && i < p->nfiles; i++) {
        fputc('\n', f);
        put_dep_name(f, p->files[i]);
        fputs(":\n", f);
    }
    fclose(f);
    return text;
}

/* Does a compile command's argument a, with its next one, only say what
 * to compile and where to put it (not how to read the source)? */
static int build_only(const char *a) {
    if (streq(a, "-o") || streq(a, "-MF") || streq(a, "-MT") || streq(a, "-MQ"))
        return 2;
    if (streq(a, "-c") || streq(a, "-MD") || streq(a, "-MMD") || streq(a, "-MP") ||
        streq(a, "-M") || streq(a, "-MM") || has_prefix(a, "-o"))
        return 1;
    return 0;
}

/* The flags the build compiles the model with, from BUILD_DIR's
 * compile_commands.json: all of its command but the compiler, the file and
 * where the output goes, run in the command's directory.  For a file the
 * database does not list, libclang infers the flags from its nearest
 * neighbour, as clang tools do. */
static void add_build_flags(Options *o, Options *clang) {
    CXCompilationDatabase_Error err;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(o->build_dir, &err);
    if (err != CXCompilationDatabase_NoError)
        usage_error("-p: no compile_commands.json in '%s' (CMake writes one with "
                    "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)", o->build_dir);
    char *path = realpath(o->input, NULL);
    CXCompileCommands cmds = path ? clang_CompilationDatabase_getCompileCommands(db, path) : NULL;
    if (!cmds || clang_CompileCommands_getSize(cmds) == 0)
        usage_error("-p: '%s/compile_commands.json' has no command for '%s'", o->build_dir,
                    o->input);
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
    CXString d = clang_CompileCommand_getDirectory(cmd);
    const char *dir = arena_strdup(clang_getCString(d));
    clang_disposeString(d);
    add_clang_arg(clang, "-working-directory");
    add_clang_arg(clang, dir);
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    for (unsigned i = 1; i < n; i++) {
        CXString s = clang_CompileCommand_getArg(cmd, i);
        const char *a = arena_strdup(clang_getCString(s));
        clang_disposeString(s);
        char *full = realpath(a[0] == '/' ? a : format("%s/%s", dir, a), NULL);
        bool is_input = full && streq(full, path);
        free(full);
        if (is_input || build_only(a) || streq(a, "--")) {
            i += build_only(a) == 2;
            continue;
        }
        add_clang_arg(clang, a);
    }
    clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(db);
    o->input = arena_strdup(path);
    free(path);
}

/* bpgen.h next to an installed bpgen (bin/../include), or in the build tree. */
static const char *find_bpgen_include(void) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const char *dir = format("%s/../include", dirname(exe));
        struct stat st;
        if (stat(format("%s/bpgen.h", dir), &st) == 0)
            return dir;
    }
#ifdef BPGEN_SOURCE_INCLUDE_DIR
    return BPGEN_SOURCE_INCLUDE_DIR;
#else
    return NULL;
#endif
}

static void check_not_input(const char *input, const char *output) {
    struct stat a, b;
    if (stat(input, &a) == 0 && stat(output, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        usage_error("the output '%s' is the input file; bpgen never overwrites the model", output);
}

/* Writes text to a file that is not a regular one (/dev/null, a pipe) in
 * place: renaming over it would replace the device with a file. */
static void write_in_place(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f)
        usage_error("cannot write '%s': %s", path, strerror(errno));
    bool ok = fwrite(text, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        usage_error("cannot write '%s': %s", path, strerror(errno));
}

/* Writes text to path atomically: a temporary file in the same directory,
 * renamed over path once complete.  A symbolic link is written through
 * (the file it names is replaced, the link stays), and a device or pipe
 * is written in place. */
static void write_output(const char *path, const char *text, size_t len) {
    if (streq(path, "-")) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
            usage_error("cannot write the output: %s", strerror(errno));
        return;
    }
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            usage_error("cannot write '%s': it is a directory", path);
        write_in_place(path, text, len);
        return;
    }
    char *target = exists ? realpath(path, NULL) : NULL;
    const char *dest = target ? target : path;
    char *tmp = format("%s.tmpXXXXXX", dest);
    int fd = mkstemp(tmp);
    if (fd < 0)
        usage_error("cannot write '%s': %s", path, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(text, 1, len, f) == len;
    ok = f && fclose(f) == 0 && ok;
    mode_t mask = umask(0);
    umask(mask);
    if (ok)
        chmod(tmp, exists ? st.st_mode & 07777 : 0666 & ~mask);
    if (!ok || rename(tmp, dest) != 0) {
        int err = errno;
        unlink(tmp);
        usage_error("cannot write '%s': %s", path, strerror(err));
    }
    free(target);
}

/* Replaces each LINE_RESET line of text with the #line that gives the
 * following lines their own numbers in file `name`. */
static char *resume_own_lines(char *text, size_t *len, const char *name) {
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    if (!f)
        internal_error("cannot allocate the output buffer");
    int line = 1;
    for (char *s = text; *s;) {
        char *end = strchr(s, '\n');
        size_t k = end ? (size_t)(end - s + 1) : strlen(s);
        if (strncmp(s, LINE_RESET "\n", strlen(LINE_RESET) + 1) == 0)
            fprintf(f, "#line %d \"%s\"\n", line + 1, name);
        else
            fwrite(s, 1, k, f);
        line++;
        s += k;
    }
    fclose(f);
    free(text);
    *len = n;
    return out;
}

/* Declared here rather than in ir.h: only main() and the fuzzer call it. */
int bpgen_main(int argc, char **argv);

/* The whole command: needs rules_init; returns 0 or exits with the status
 * of an error (diag.c). */
int bpgen_main(int argc, char **argv) {
    Options o = parse_args(argc, argv);
    if (!streq(o.output, "-"))
        check_not_input(o.input, o.output);

    ParseOptions popts = {o.input, NULL, 0};
    Options clang = {0};
    add_clang_arg(&clang, "-xc");
    add_clang_arg(&clang, "-D__BPGEN__=1");
    if (o.build_dir) {
        add_build_flags(&o, &clang);
        popts.input = o.input;
    }
    for (int i = 0; i < o.nclang_args; i++)
        add_clang_arg(&clang, o.clang_args[i]);
    const char *inc = find_bpgen_include();
    if (inc) {
        add_clang_arg(&clang, "-idirafter");
        add_clang_arg(&clang, inc);
    }
    popts.clang_args = clang.clang_args;
    popts.nclang_args = clang.nclang_args;

    Program *prog = parse_program(&popts);
    Func **grads = new_array(Func *, prog->nfuncs);
    for (int i = 0; i < prog->ncallees; i++)
        ir_verify(prog->callees[i]);
    if (!o.emit_dot)                         /* the graph shows the model's own calls */
        inline_calls(prog);
    ad_begin(prog);
    for (int i = 0; i < prog->nfuncs; i++) {
        Func *f = prog->funcs[i];
        if (getenv("BPGEN_DUMP_PARSE"))
            ir_print(stderr, f);
        ir_verify(f);
        ir_cse(f, false);
        if (!o.emit_dot)                     /* the graph shows the model's own loads */
            hoist_loads(f);
        ir_verify(f);
        analyze_activity(f, true);
        if (!o.emit_dot)
            grads[i] = ad_reverse(f);
    }

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        internal_error("cannot allocate the output buffer");
    if (o.emit_dot) {
        for (int i = 0; i < prog->nfuncs; i++)
            emit_dot(mem, prog->funcs[i], o.at);
    } else if (o.emit_ssa) {
        for (int i = 0; i < prog->nfuncs; i++) {
            fputs(i ? "\n" : "", mem);
            ir_print(mem, prog->funcs[i]);
            fputc('\n', mem);
            ir_print(mem, grads[i]);
        }
    } else {
        EmitOptions eopts = {o.input, o.line_directives};
        emit_program(mem, prog, grads, &eopts);
    }
    fclose(mem);
    if (o.line_directives)
        text = resume_own_lines(text, &len, streq(o.output, "-") ? "model_grad.c" : o.output);
    write_output(o.output, text, len);
    free(text);
    if (o.depfile) {
        char *deps = depfile_text(&o, prog, &len);
        write_output(o.depfile, deps, len);
        free(deps);
    }
    return 0;
}

#ifndef BPGEN_NO_MAIN
int main(int argc, char **argv) {
    diag_install_crash_handlers();
    rules_init();
    return bpgen_main(argc, argv);
}
#endif
