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

int lex_line_args(const char *line, const StrList *args, LexCmd **cmds, size_t *ncmd, Buf *err) {
    LexCmd *out = NULL;
    size_t n = 0, capcmd = 0;
    const char *p = line;
    Buf w = {0}, raw = {0};
    for (;;) {
        /* one command: up to ';', '#' or the end, outside quotes */
        LexCmd c = {0};
        size_t capw = 0;
        const char *end = p;
        int inword = 0, quoted = 0, from_arg = 0, backq = 0;
        size_t woff = 0;
        const char *wraw = NULL;
        raw.len = 0;
        buf_add(&raw, "", 0);
        char q = 0;             /* the quote we are inside, or 0 */
        while (*end && (q || (*end != ';' && *end != '#'))) {
            char ch = *end;
            if (!q && isspace((unsigned char)ch)) {
                if (inword) {
                    int split = quoted && wraw[0] == '"' ? -1 : option_split(wraw, (size_t)(end - wraw));
                    add_word(&c, &capw, &w, woff, quoted, split, from_arg);
                    inword = 0;
                }
                buf_add(&raw, end, 1);
                end++;
                continue;
            }
            if (!inword) { inword = 1; woff = raw.len; wraw = end; quoted = 0; from_arg = 0; }
            if (!w.s) buf_add(&w, "", 0);
            if (q && ch == q) {   /* the closing quote */
                q = 0;
                buf_add(&raw, end, 1);
                end++;
                continue;
            }
            if (!q && (ch == '"' || ch == '\'')) {
                q = ch;
                quoted = 1;
                buf_add(&raw, end, 1);
                end++;
                continue;
            }
            if (!q && ch == '`') backq = !backq;   /* an expression's `name` (for raw_arg) */
            if (args && ch == '\\' && end[1] == '$') {   /* \$: a dollar sign */
                buf_add(&w, "$", 1);
                buf_add(&raw, "$", 1);
                end += 2;
                continue;
            }
            size_t used;
            const char *v = arg_ref(end, args, &used, err);
            if (used) {
                if (!v) goto fail;
                buf_puts(&w, v);
                raw_arg(&raw, v, q, backq);
                from_arg = 1;
                end += used;
                continue;
            }
            if (q == '"' && ch == '\\' && (end[1] == '"' || end[1] == '\\')) {
                buf_add(&raw, end, 1);
                end++;
            }
            buf_add(&w, end, 1);
            buf_add(&raw, end, 1);
            end++;
        }
        if (q) {
            buf_printf(err, "unterminated quote (%c) in: %s", q, line);
            goto fail;
        }
        if (inword) {
            int split = option_split(wraw, (size_t)(end - wraw));
            add_word(&c, &capw, &w, woff, quoted, split, from_arg);
        }
        if (c.n) {
            c.raw = xstrndup(raw.s, raw.len);
            if (n == capcmd) {
                capcmd = capcmd ? 2 * capcmd : 4;
                out = xrealloc(out, capcmd * sizeof *out);
            }
            out[n++] = c;
        } else {
            free(c.w);
        }
        if (*end == ';') { p = end + 1; continue; }
        break;   /* the end, or a comment that runs to the end */
    fail:
        buf_free(&w);
        buf_free(&raw);
        for (size_t k = 0; k < c.n; k++) free(c.w[k].text);
        free(c.w);
        lex_free(out, n);
        *cmds = NULL;
        *ncmd = 0;
        return -1;
    }
    buf_free(&w);
    buf_free(&raw);
    *cmds = out;
    *ncmd = n;
    return 0;
}

void lex_free(LexCmd *cmds, size_t n) {
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < cmds[i].n; k++) free(cmds[i].w[k].text);
        free(cmds[i].w);
        free(cmds[i].raw);
    }
    free(cmds);
}

int lex_needs_more(const char *line) {
    char q = 0;
    const char *p = line;
    for (; *p; p++) {
        if (q) {
            if (q == '"' && *p == '\\' && p[1]) p++;
            else if (*p == q) q = 0;
        } else if (*p == '"' || *p == '\'') q = *p;
        else if (*p == '#') break;
    }
    if (q) return 1;
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r')) len--;
    return len && line[len - 1] == '\\' && *p != '#';
}
