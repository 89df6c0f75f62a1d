/* script.c — see script.h. */
#include "repl/script.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "repl/commands.h"
#include "repl/lexer.h"

#define MAX_DEPTH 32
/* The longest command line (continued lines included): a bound, so that a
 * binary or endless file (run /dev/zero) fails at once instead of
 * filling memory. */
#define MAX_LINE (1 << 20)

int exec_line(Session *s, const char *line) {
    if (strlen(line) > MAX_LINE) {
        rgx_error(s, "a command line longer than %d MB", MAX_LINE >> 20);
        return 1;
    }
    LexCmd *cmds;
    size_t n;
    Buf err = {0};
    int rc = 0;
    /* $N are the script's arguments, each put in as (part of) one word */
    if (lex_line_args(line, s->interactive ? NULL : &s->args, &cmds, &n, &err) < 0) {
        rgx_error(s, "%s", err.s);
        buf_free(&err);
        return 1;
    }
    int failed = 0;
    for (size_t i = 0; i < n && !s->quit; i++) {
        *s->cancel = 0;
        rc = command_dispatch(s, &cmds[i]);
        if (*s->cancel) {
            if (!rc) rgx_error(s, "interrupted");
            *s->cancel = 0;
            rc = 1;
        }
        if (rc) {
            failed = 1;
            if (!s->keep_going) break;
        }
    }
    rc = failed;
    lex_free(cmds, n);
    return rc;
}

/* Read one physical line of f into b (appended, without its line end).
 * Returns 1, 0 at the end of input, -1 on a read error, -2 when the
 * logical line would pass MAX_LINE bytes, -3 at a NUL byte. */
static int read_line(FILE *f, Buf *b) {
    int ch, got = 0;
    while ((ch = getc(f)) != EOF) {
        got = 1;
        if (ch == '\n') break;
        if (ch == '\0') return -3;
        if (b->len >= MAX_LINE) return -2;
        char c = (char)ch;
        buf_add(b, &c, 1);
    }
    if (ch == EOF && ferror(f)) return -1;
    return got;
}

int run_stream(Session *s, FILE *f, const char *name, int keep_going) {
    long lineno = 0;
    int failed = 0, rd = 1;
    Buf logical = {0};
    const char *save_file = s->file;
    long save_line = s->line;
    s->file = name;
    while (!s->quit) {
        logical.len = 0;
        buf_add(&logical, "", 0);
        long first = 0;
        int more = 0;
        for (;;) {
            /* the line is read onto the end of the logical line, so that
               the bound covers continued lines too */
            size_t at = logical.len;
            rd = read_line(f, &logical);
            if (rd == 0) break;
            lineno++;
            if (!first) first = lineno;
            if (rd < 0) break;
            size_t len = logical.len - at;
            char *l0 = logical.s + at;
            while (len && (l0[len - 1] == '\n' || l0[len - 1] == '\r')) l0[--len] = '\0';
            /* a trailing backslash (outside a comment) continues the line */
            size_t l = len;
            while (l && (l0[l - 1] == ' ' || l0[l - 1] == '\t')) l--;
            more = l && l0[l - 1] == '\\' && !lex_comment(l0);
            if (more) {
                l0[l - 1] = ' ';
                len = l;
            }
            logical.len = at + len;
            logical.s[logical.len] = '\0';
            if (!more) break;
        }
        if (rd == -2 || rd == -3) {   /* not a command file: stop, even with --keep-going */
            s->line = lineno;
            if (rd == -2)
                rgx_error(s, "a command line longer than %d MB; %s does not look like a command file", MAX_LINE >> 20,
                          name);
            else
                rgx_error(s, "a NUL byte: %s is a binary file, not a command file", name);
            failed = 1;
            break;
        }
        if (rd == -1) break;
        if (!first) break;   /* end of input */
        s->line = first;
        if (exec_line(s, logical.s)) {
            failed = 1;
            if (!keep_going) break;
        }
        if (rd == 0) break;
    }
    if (rd == -1) {
        s->line = lineno;
        if (errno == EINTR && *s->cancel) rgx_error(s, "interrupted while reading %s", name);
        else rgx_error(s, "cannot read %s: %s", name, strerror(errno));
        failed = 1;
    }
    buf_free(&logical);
    s->file = save_file;
    s->line = save_line;
    return failed;
}

int run_file(Session *s, const char *path, char *const *args, size_t nargs, int keep_going) {
    if (s->depth >= MAX_DEPTH) {
        rgx_error(s, "run: files call each other more than %d deep (a file that runs itself?)", MAX_DEPTH);
        return 1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        rgx_error(s, "cannot open %s: %s", path, strerror(errno));
        return 1;
    }
    StrList save_args = s->args;
    int save_interactive = s->interactive;
    s->args = (StrList){0};
    for (size_t i = 0; i < nargs; i++) strlist_add(&s->args, args[i]);
    s->interactive = 0;
    s->depth++;
    int rc = run_stream(s, f, path, keep_going);
    s->depth--;
    strlist_free(&s->args);
    s->args = save_args;
    s->interactive = save_interactive;
    fclose(f);
    return rc;
}
