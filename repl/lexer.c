/* lexer.c — see lexer.h. */
#include "repl/lexer.h"
#include <ctype.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

/* key=value: key an unquoted identifier, value not starting with '='. */
static int option_split(const char *raw, size_t len) {
    if (!len || !(isalpha((unsigned char)raw[0]) || raw[0] == '_')) return -1;
    for (size_t i = 1; i < len; i++) {
        if (raw[i] == '=') return (i + 1 < len && raw[i + 1] == '=') ? -1 : (int)i;
        if (!isalnum((unsigned char)raw[i]) && raw[i] != '_') return -1;
    }
    return -1;
}

static void add_word(LexCmd *c, size_t *cap, Buf *w, size_t off, int quoted, int split, int from_arg) {
    if (c->n == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        c->w = xrealloc(c->w, *cap * sizeof *c->w);
    }
    c->w[c->n++] = (Word){.text = xstrdup(w->s ? w->s : ""), .off = off, .quoted = quoted, .opt_split = split,
                          .from_arg = from_arg};
    w->len = 0;
    if (w->s) w->s[0] = '\0';
}

/* A number as the expression language reads it: [+-]digits[.digits][e[+-]digits]. */
static int is_number(const char *s) {
    if (*s == '+' || *s == '-') s++;
    size_t d = strspn(s, "0123456789");
    s += d;
    if (*s == '.') {
        size_t f = strspn(s + 1, "0123456789");
        if (!d && !f) return 0;
        s += 1 + f;
    } else if (!d) {
        return 0;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!isdigit((unsigned char)*s)) return 0;
        s += strspn(s, "0123456789");
    }
    return !*s;
}

/* A name as the expression language reads it (a column), not one of its
 * operator words. */
static int is_plain_name(const char *s) {
    if (!(isalpha((unsigned char)*s) || *s == '_' || *s == '.')) return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.') return 0;
    return strcasecmp(s, "and") && strcasecmp(s, "or") && strcasecmp(s, "not");
}

/* Append argument v to the command's raw text (what filter and derive
 * read as an expression) as ONE value of that language: inside quotes,
 * escaped for them; inside `backquotes`, as the name; elsewhere a number
 * or a plain name as itself, anything else as a "quoted" text. */
static void raw_arg(Buf *raw, const char *v, char q, int backq) {
    if (!q && backq && !strchr(v, '`')) { buf_puts(raw, v); return; }
    if (!q && *v && (is_number(v) || is_plain_name(v))) { buf_puts(raw, v); return; }
    char quote = q ? q : '"';
    if (!q) buf_add(raw, &quote, 1);
    for (const char *p = v; *p; p++) {
        if (*p == '\\' || *p == quote) buf_add(raw, "\\", 1);
        buf_add(raw, p, 1);
    }
    if (!q) buf_add(raw, &quote, 1);
}

/* At p: "$N" (N digits) when args is not NULL.  Returns the argument's
 * text and sets *len to the characters consumed; NULL with *len 0 when p
 * is not a reference; NULL with *len set and a message in err when N is
 * not an argument. */
static const char *arg_ref(const char *p, const StrList *args, size_t *len, Buf *err) {
    *len = 0;
    if (!args || p[0] != '$' || !isdigit((unsigned char)p[1])) return NULL;
    size_t nd = strspn(p + 1, "0123456789");
    *len = 1 + nd;
    unsigned long k = nd > 9 ? ULONG_MAX : strtoul(p + 1, NULL, 10);
    if (k >= 1 && k <= args->n) return args->v[k - 1];
    if (k == 0) buf_puts(err, "$0 is not an argument; arguments start at $1");
    else buf_printf(err, "this script uses $%.*s but was given %zu argument%s", (int)nd, p + 1, args->n,
                    args->n == 1 ? "" : "s");
    return NULL;
}

int lex_line(const char *line, LexCmd **cmds, size_t *ncmd, Buf *err) {
    return lex_line_args(line, NULL, cmds, ncmd, err);
}

/* The state of lexing one command. */
typedef struct Lex {
    const StrList *args;    /* the script's arguments ($1…), or NULL */
    LexCmd c;               /* the command so far */
    size_t capw;            /* room in c.w */
    Buf w, raw;             /* the word so far; the command's raw text */
    int inword;             /* inside a word */
    int quoted;             /* the word has a quote */
    int from_arg;           /* the word holds a script argument */
    int backq;              /* inside an expression's `backquotes` (for raw_arg) */
    size_t woff;            /* where the word starts in raw */
    const char *wraw;       /* where it starts in the line */
    char q;                 /* the quote we are inside, or 0 */
} Lex;

/* End the open word (if any) at end, in the line. */
static void lex_end_word(Lex *L, const char *end) {
    if (!L->inword) return;
    int split = option_split(L->wraw, (size_t)(end - L->wraw));   /* a quoted key is never an option: -1 */
    add_word(&L->c, &L->capw, &L->w, L->woff, L->quoted, split, L->from_arg);
    L->inword = 0;
}

/* Lex the character at p, not a blank outside quotes: a quote, \$, $N,
 * an escape inside double quotes, or a character of the word.  Returns how
 * many characters it used, or 0 with a message in err ($N is not an
 * argument). */
static size_t lex_word_char(Lex *L, const char *p, Buf *err) {
    char ch = *p;
    if (!L->inword) { L->inword = 1; L->woff = L->raw.len; L->wraw = p; L->quoted = 0; L->from_arg = 0; }
    if (!L->w.s) buf_add(&L->w, "", 0);
    if (L->q && ch == L->q) {   /* the closing quote */
        L->q = 0;
        buf_add(&L->raw, p, 1);
        return 1;
    }
    if (!L->q && (ch == '"' || ch == '\'')) {
        L->q = ch;
        L->quoted = 1;
        buf_add(&L->raw, p, 1);
        return 1;
    }
    if (!L->q && ch == '`') L->backq = !L->backq;   /* an expression's `name` (for raw_arg) */
    if (L->args && ch == '\\' && p[1] == '$') {   /* \$: a dollar sign */
        buf_add(&L->w, "$", 1);
        buf_add(&L->raw, "$", 1);
        return 2;
    }
    size_t used;
    const char *v = arg_ref(p, L->args, &used, err);
    if (used) {
        if (!v) return 0;
        buf_puts(&L->w, v);
        raw_arg(&L->raw, v, L->q, L->backq);
        L->from_arg = 1;
        return used;
    }
    size_t k = 0;
    if (L->q == '"' && ch == '\\' && (p[1] == '"' || p[1] == '\\')) {   /* the escape stays in raw */
        buf_add(&L->raw, p, 1);
        k = 1;
    }
    buf_add(&L->w, p + k, 1);
    buf_add(&L->raw, p + k, 1);
    return k + 1;
}

/* Lex one command of line from p — up to ';', a '#' that starts a word
 * (a comment, as in a shell: run#1.csv is one word) or the end, outside
 * quotes — into L->c and L->raw; *endp gets where it stopped.  Returns 0,
 * or −1 with a message in err. */
static int lex_command(Lex *L, const char *line, const char *p, const char **endp, Buf *err) {
    L->c = (LexCmd){0};
    L->capw = 0;
    L->inword = L->quoted = L->from_arg = L->backq = 0;
    L->q = 0;
    L->raw.len = 0;
    buf_add(&L->raw, "", 0);
    const char *end = p;
    while (*end && (L->q || (*end != ';' && (*end != '#' || L->inword)))) {
        if (!L->q && isspace((unsigned char)*end)) {
            lex_end_word(L, end);
            buf_add(&L->raw, end, 1);
            end++;
            continue;
        }
        size_t used = lex_word_char(L, end, err);
        if (!used) return -1;
        end += used;
    }
    if (L->q) {
        buf_printf(err, "unterminated quote (%c) in: %s", L->q, line);
        return -1;
    }
    lex_end_word(L, end);
    *endp = end;
    return 0;
}

int lex_line_args(const char *line, const StrList *args, LexCmd **cmds, size_t *ncmd, Buf *err) {
    LexCmd *out = NULL;
    size_t n = 0, capcmd = 0;
    Lex L = {.args = args};
    const char *p = line, *end;
    int rc = 0;
    for (;;) {
        if (lex_command(&L, line, p, &end, err) < 0) {
            for (size_t k = 0; k < L.c.n; k++) free(L.c.w[k].text);
            free(L.c.w);
            lex_free(out, n);
            out = NULL;
            n = 0;
            rc = -1;
            break;
        }
        if (L.c.n) {   /* empty commands are skipped */
            L.c.raw = xstrndup(L.raw.s, L.raw.len);
            if (n == capcmd) {
                capcmd = capcmd ? 2 * capcmd : 4;
                out = xrealloc(out, capcmd * sizeof *out);
            }
            out[n++] = L.c;
        } else {
            free(L.c.w);
        }
        if (*end != ';') break;   /* the end, or a comment that runs to the end */
        p = end + 1;
    }
    buf_free(&L.w);
    buf_free(&L.raw);
    *cmds = out;
    *ncmd = n;
    return rc;
}

void lex_free(LexCmd *cmds, size_t n) {
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < cmds[i].n; k++) free(cmds[i].w[k].text);
        free(cmds[i].w);
        free(cmds[i].raw);
    }
    free(cmds);
}

/* Scan line as lex_command does: where its comment starts (a '#' at the
 * start of a word, outside quotes), or NULL; *open gets the quote the
 * line ends inside (0 for none, or when a comment ends it). */
static const char *scan_line(const char *line, char *open) {
    char q = 0;
    int inword = 0;
    for (const char *p = line; *p; p++) {
        if (q) {   /* inside quotes: \" and \\ escape inside double ones (as lex_word_char) */
            if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
            else if (*p == q) q = 0;
        } else if (isspace((unsigned char)*p) || *p == ';') {
            inword = 0;
        } else if (*p == '#' && !inword) {
            *open = 0;
            return p;
        } else {
            inword = 1;
            if (*p == '"' || *p == '\'') q = *p;
        }
    }
    *open = q;
    return NULL;
}

const char *lex_comment(const char *line) {
    char q;
    return scan_line(line, &q);
}

int lex_needs_more(const char *line) {
    char q;
    if (scan_line(line, &q)) return 0;   /* a backslash in a comment continues nothing */
    if (q) return 1;
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r')) len--;
    return len && line[len - 1] == '\\';
}
