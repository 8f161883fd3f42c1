/*
 * diag.c: every message bpgen prints about the user's input or its own
 * state.  User errors look like clang's (file:line:col: error: message, then
 * the source line and a caret under the column), in colour only on a
 * terminal, and end the run with status 1 before any output is written.
 * Usage errors end with 2, and bpgen's own bugs with 4 and a request for a
 * bug report, including the crashes a signal handler catches: never a bare
 * crash.
 */
#define _XOPEN_SOURCE 700
#include "ir.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool use_color;

void diag_set_color(bool on) {
    use_color = on;
}

/* Copies line `line` of `path` into buf; false if it cannot be read. */
static bool read_line(const char *path, int line, char *buf, size_t size) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    int n = 1, c;
    while (n < line && (c = getc(f)) != EOF)
        if (c == '\n')
            n++;
    size_t len = 0;
    while ((c = getc(f)) != EOF && c != '\n' && c != '\r' && len + 1 < size)
        buf[len++] = (char)c;
    buf[len] = '\0';
    fclose(f);
    return n == line;
}

void diag_print(SrcLoc loc, const char *severity, const char *msg) {
    const char *bold = use_color ? "\033[1m" : "";
    const char *reset = use_color ? "\033[0m" : "";
    const char *color = !use_color ? ""
                        : streq(severity, "error") ? "\033[1;31m"
                        : streq(severity, "warning") ? "\033[1;35m"
                                                     : "\033[1;30m";
    if (loc.file && loc.line > 0)
        fprintf(stderr, "%s%s:%d:%d: %s", bold, loc.file, loc.line, loc.col, reset);
    else if (loc.file)
        fprintf(stderr, "%s%s: %s", bold, loc.file, reset);
    else
        fprintf(stderr, "%sbpgen: %s", bold, reset);
    fprintf(stderr, "%s%s:%s %s%s%s\n", color, severity, reset, bold, msg, reset);

    char line[4096];
    if (!loc.file || loc.line <= 0 || !read_line(loc.file, loc.line, line, sizeof line))
        return;
    fprintf(stderr, "%s\n", line);
    /* Keep tabs so that the caret lines up under the column. */
    int col = loc.col > 0 ? loc.col : 1;
    for (int i = 0; i < col - 1 && line[i]; i++)
        fputc(line[i] == '\t' ? '\t' : ' ', stderr);
    fprintf(stderr, "%s^%s\n", use_color ? "\033[1;32m" : "", reset);
}

static void vreport(SrcLoc loc, const char *severity, const char *fmt, va_list ap) {
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_print(loc, severity, msg);
}

void error_at(SrcLoc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vreport(loc, "error", fmt, ap);
    va_end(ap);
    exit(EXIT_INPUT);
}

void usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vreport((SrcLoc){0}, "error", fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'bpgen --help' for more information.\n");
    exit(EXIT_USAGE);
}

static const char bug_report[] =
    "bpgen: this is a bug in bpgen, not in your code; please report it with the "
    "model file and the command line that triggered it.\n";

void internal_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bpgen: internal error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", bug_report);
    va_end(ap);
    exit(EXIT_INTERNAL);
}

/* Async-signal-safe: only write(2) and _exit(2). */
static void on_crash(int sig) {
    static const char head[] = "bpgen: internal error: crashed (signal ";
    char num[8];
    int n = 0;
    for (int s = sig; s > 0 && n < 7; s /= 10)
        n++;
    for (int i = n - 1, s = sig; i >= 0; i--, s /= 10)
        num[i] = (char)('0' + s % 10);
    ssize_t ignored = write(2, head, sizeof head - 1);
    ignored = write(2, num, (size_t)n);
    ignored = write(2, ")\n", 2);
    ignored = write(2, bug_report, sizeof bug_report - 1);
    (void)ignored;
    _exit(EXIT_INTERNAL);
}

/* A separate stack, so that even a stack overflow reaches the handler. */
static char alt_stack[1 << 16];

/* libclang's crash recovery would put its own handlers in front of these
 * (clang_createIndex), and they run on the stack that overflowed; and it
 * parses on a thread of its own, which has no alternate stack.  So a model
 * nested deeper than bpgen's recursion, or clang's, can go ended in a bare
 * SIGSEGV.  Without them, a crash in clang is reported here too. */
void diag_install_crash_handlers(void) {
    setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1", 1);
    setenv("LIBCLANG_NOTHREADS", "1", 1);
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
}
