/* script.c — see script.h. */
#include "repl/script.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "repl/commands.h"
#include "repl/lexer.h"
#include "repl/record.h"

#define MAX_DEPTH 32
/* The longest command line (continued lines included): a bound, so that a
 * binary or endless file (run /dev/zero) fails at once instead of
 * filling memory. */
#define MAX_LINE (1 << 20)

/* Is s[0..n) valid UTF-8 (no overlong form, no surrogate, at most U+10FFFF)? */
static int valid_utf8(const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        if (k == 9 || i + k >= n + (k == 0)) return 0;
        unsigned cp = k == 0 ? c : k == 1 ? c & 0x1F : k == 2 ? c & 0x0F : c & 0x07;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* An unknown command word as a message may quote it: invalid UTF-8 bytes
 * as \xNN, at most 60 bytes and "…" (a file's first "word" can be its
 * whole first line).  Control characters are left to the reporter's
 * sanitiser.  Returns a new string. */
static char *quotable_word(const char *w) {
    Buf b = {0};
    const unsigned char *p = (const unsigned char *)w;
    size_t n = strlen(w);
    for (size_t i = 0; i < n && b.len < 60;) {
        size_t k = p[i] < 0x80 ? 1 : (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3 : (p[i] & 0xF8) == 0xF0 ? 4 : 0;
        if (k && i + k <= n && valid_utf8(p + i, k)) {
            buf_add(&b, w + i, k);
            i += k;
        } else {
            buf_printf(&b, "\\x%02X", p[i]);
            i++;
        }
        if (b.len >= 60 && i < n) buf_puts(&b, "…");
    }
    if (!b.s) buf_puts(&b, "");
    return b.s;
}

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
        /* an unknown command is quoted in the message: never raw bytes or a whole line of a file */
        Word *w0 = &cmds[i].w[0];
        if (!command_find(w0->text) && (strlen(w0->text) > 60 || !valid_utf8((const unsigned char *)w0->text,
                                                                               strlen(w0->text)))) {
            char *q = quotable_word(w0->text);
            free(w0->text);
            w0->text = q;
        }
        record_begin(s, &cmds[i]);   /* the journal, the report, provenance (repl/record.h) */
        rc = command_dispatch(s, &cmds[i]);
        if (*s->cancel) {
            if (!rc) rgx_error(s, "interrupted");
            *s->cancel = 0;
            rc = 1;
        }
        record_end(s, rc);
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

/* The first command line of a file: does it start with a command, or
 * does the file at least look like an rgx command file — valid UTF-8,
 * with a command among the words of the line or a first word that reads
 * as a misspelt command (then the usual "unknown command 'x' (did you
 * mean …)" follows)?  0 when the file does not look like one (a password
 * file, a CSV, random bytes: its first line is not quoted back). */
static int looks_like_commands(const char *line) {
    size_t n = strlen(line);
    if (!valid_utf8((const unsigned char *)line, n)) return 0;
    const char *p = line + strspn(line, " \t");
    size_t wl = strcspn(p, " \t;#");
    char *first = xstrndup(p, wl);
    int ok = command_find(first) != NULL;
    if (!ok) {   /* a misspelt command: the dispatcher says which it may be */
        const char **names = xmalloc(NCOMMANDS * sizeof *names);
        size_t k = 0;
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!COMMANDS[i].parent) names[k++] = COMMANDS[i].name;
        ok = wl && wl <= 40 && suggest(first, names, k) != NULL;
        free(names);
    }
    for (const char *q = p; !ok && *q && *q != '#';) {   /* any word of the line a command? */
        q += strspn(q, " \t;");
        size_t l = strcspn(q, " \t;#");
        if (!l) break;
        char *w = xstrndup(q, l);
        ok = command_find(w) != NULL;
        free(w);
        q += l;
    }
    free(first);
    return ok;
}

int run_stream(Session *s, FILE *f, const char *name, int keep_going) {
    long lineno = 0;
    int failed = 0, rd = 1, seen_command = 0;
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
        const char *text = logical.s + strspn(logical.s, " \t");
        if (!seen_command && *text && *text != '#') {
            seen_command = 1;
            if (!looks_like_commands(text)) {   /* stop, even with --keep-going: the rest is no command either */
                rgx_error(s, "%s does not look like an rgx command file (line %ld starts with no command)", name,
                          first);
                failed = 1;
                break;
            }
        }
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
