/* script.c — see script.h. */
#include "repl/script.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "repl/commands.h"
#include "repl/lexer.h"

#define MAX_DEPTH 32

/* Replace $N by argument N.  Returns the new text (caller frees), or
 * NULL after reporting a missing argument. */
static char *substitute(Session *s, const char *line) {
    if (!strchr(line, '$')) return xstrdup(line);
    Buf b = {0};
    buf_add(&b, "", 0);
    char q = 0;
    for (const char *p = line; *p; p++) {
        if (q) {   /* inside quotes: copied as is, $N still replaced */
            if (*p == q) q = 0;
        } else if (*p == '"' || *p == '\'') {
            q = *p;
        } else if (*p == '#') {   /* a comment: no arguments there */
            buf_puts(&b, p);
            break;
        }
        if (*p == '\\' && p[1] == '$') { buf_add(&b, "$", 1); p++; continue; }
        if (*p == '$' && isdigit((unsigned char)p[1])) {
            char *end;
            long k = strtol(p + 1, &end, 10);
            if (k < 1 || (size_t)k > s->args.n) {
                if (k == 0) rgx_error(s, "$0 is not an argument; arguments start at $1");
                else rgx_error(s, "this script uses $%ld but was given %zu argument%s", k, s->args.n,
                               s->args.n == 1 ? "" : "s");
                buf_free(&b);
                return NULL;
            }
            buf_puts(&b, s->args.v[k - 1]);
            p = end - 1;
            continue;
        }
        buf_add(&b, p, 1);
    }
    return b.s;
}

int exec_line(Session *s, const char *line) {
    char *text = s->interactive ? xstrdup(line) : substitute(s, line);
    if (!text) return 1;
    LexCmd *cmds;
    size_t n;
    Buf err = {0};
    int rc = 0;
    if (lex_line(text, &cmds, &n, &err) < 0) {
        rgx_error(s, "%s", err.s);
        buf_free(&err);
        free(text);
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
    free(text);
    return rc;
}

int run_stream(Session *s, FILE *f, const char *name, int keep_going) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int failed = 0;
    Buf logical = {0};
    const char *save_file = s->file;
    long save_line = s->line;
    s->file = name;
    while (!s->quit) {
        logical.len = 0;
        buf_add(&logical, "", 0);
        long first = 0;
        int more = 0;
        while ((len = getline(&line, &cap, f)) >= 0) {
            lineno++;
            if (!first) first = lineno;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
            /* a trailing backslash (outside a comment) continues the line */
            size_t l = (size_t)len;
            while (l && (line[l - 1] == ' ' || line[l - 1] == '\t')) l--;
            more = l && line[l - 1] == '\\' && !strchr(line, '#');
            if (more) line[l - 1] = ' ';
            buf_add(&logical, line, more ? l : (size_t)len);
            if (!more) break;
        }
        if (!first) break;   /* end of input */
        s->line = first;
        if (exec_line(s, logical.s)) {
            failed = 1;
            if (!keep_going) break;
        }
        if (len < 0) break;
    }
    if (ferror(f)) {
        rgx_error(s, "cannot read %s: %s", name, strerror(errno));
        failed = 1;
    }
    free(line);
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
