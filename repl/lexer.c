/* lexer.c — see lexer.h. */
#include "repl/lexer.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* key=value: key an unquoted identifier, value not starting with '='. */
static int option_split(const char *raw, size_t len) {
    if (!len || !(isalpha((unsigned char)raw[0]) || raw[0] == '_')) return -1;
    for (size_t i = 1; i < len; i++) {
        if (raw[i] == '=') return (i + 1 < len && raw[i + 1] == '=') ? -1 : (int)i;
        if (!isalnum((unsigned char)raw[i]) && raw[i] != '_') return -1;
    }
    return -1;
}

static void add_word(LexCmd *c, size_t *cap, Buf *w, size_t off, int quoted, int split) {
    if (c->n == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        c->w = xrealloc(c->w, *cap * sizeof *c->w);
    }
    c->w[c->n++] = (Word){.text = xstrdup(w->s ? w->s : ""), .off = off, .quoted = quoted, .opt_split = split};
    w->len = 0;
    if (w->s) w->s[0] = '\0';
}

int lex_line(const char *line, LexCmd **cmds, size_t *ncmd, Buf *err) {
    LexCmd *out = NULL;
    size_t n = 0, capcmd = 0;
    const char *p = line;
    Buf w = {0};
    for (;;) {
        /* one command: up to ';', '#' or the end, outside quotes */
        const char *start = p;
        LexCmd c = {0};
        size_t capw = 0;
        const char *end = p;
        int inword = 0, quoted = 0;
        size_t woff = 0;
        const char *wraw = NULL;
        while (*end && *end != ';' && *end != '#') {
            char ch = *end;
            if (ch == '"' || ch == '\'') {
                if (!inword) { inword = 1; woff = (size_t)(end - start); wraw = end; quoted = 0; }
                quoted = 1;
                char q = ch;
                end++;
                while (*end && *end != q) {
                    if (q == '"' && *end == '\\' && (end[1] == '"' || end[1] == '\\')) end++;
                    buf_add(&w, end, 1);
                    end++;
                }
                if (!*end) {
                    buf_printf(err, "unterminated quote (%c) in: %s", q, line);
                    buf_free(&w);
                    for (size_t k = 0; k < c.n; k++) free(c.w[k].text);
                    free(c.w);
                    lex_free(out, n);
                    return -1;
                }
                end++;
                if (!w.s) buf_add(&w, "", 0);
                continue;
            }
            if (isspace((unsigned char)ch)) {
                if (inword) {
                    int split = quoted && wraw[0] == '"' ? -1 : option_split(wraw, (size_t)(end - wraw));
                    add_word(&c, &capw, &w, woff, quoted, split);
                    inword = 0;
                }
                end++;
                continue;
            }
            if (!inword) { inword = 1; woff = (size_t)(end - start); wraw = end; quoted = 0; }
            buf_add(&w, end, 1);
            end++;
        }
        if (inword) {
            int split = option_split(wraw, (size_t)(end - wraw));
            add_word(&c, &capw, &w, woff, quoted, split);
        }
        if (c.n) {
            c.raw = xstrndup(start, (size_t)(end - start));
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
    }
    buf_free(&w);
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
