/* format.c — see format.h. */
#include "repl/format.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXW 40

/* Display width of a UTF-8 string (code points; good enough for names). */
static size_t utf8_width(const char *s) {
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Copy s into out, cut to at most MAXW code points (with "…"), and
 * replace control characters (newlines, tabs) by spaces. */
static void cell_text(const char *s, Buf *out) {
    out->len = 0;
    buf_add(out, "", 0);
    size_t w = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int start = (c & 0xC0) != 0x80;
        if (start && w == MAXW - 1 && utf8_width(p) > 1) { buf_puts(out, "…"); return; }
        if (start) w++;
        if (c < 0x20 || c == 0x7f) buf_add(out, " ", 1);
        else buf_add(out, p, 1);
    }
}

void print_table(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc) {
    if (!rows) nr = t->nrow;
    if (!cols) nc = t->ncol;
    char num[64];
    Buf cell = {0}, lab = {0};
    size_t *width = xcalloc(nc ? nc : 1, sizeof *width);
    for (size_t k = 0; k < nc; k++) {
        size_t j = cols ? cols[k] : k;
        cell_text(table_col_label(t, j, &lab), &cell);
        width[k] = utf8_width(cell.s);
        for (size_t r = 0; r < nr; r++) {
            size_t i = rows ? rows[r] : r;
            const char *v = t->cols[j].type == COL_NUM ? fmt_num(num, sizeof num, t->cols[j].num[i], s->digits)
                                                      : (t->cols[j].str[i] ? t->cols[j].str[i] : "NA");
            cell_text(v, &cell);
            size_t w = utf8_width(cell.s);
            if (w > width[k]) width[k] = w;
        }
    }
    Buf line = {0};
    for (int r = -1; r < (int)nr; r++) {
        line.len = 0;
        for (size_t k = 0; k < nc; k++) {
            size_t j = cols ? cols[k] : k;
            const char *v;
            if (r < 0) v = table_col_label(t, j, &lab);
            else {
                size_t i = rows ? rows[r] : (size_t)r;
                v = t->cols[j].type == COL_NUM ? fmt_num(num, sizeof num, t->cols[j].num[i], s->digits)
                                               : (t->cols[j].str[i] ? t->cols[j].str[i] : "NA");
            }
            cell_text(v, &cell);
            size_t pad = width[k] - utf8_width(cell.s);
            if (k) buf_add(&line, "  ", 2);
            int right = t->cols[j].type == COL_NUM;
            if (right) for (size_t q = 0; q < pad; q++) buf_add(&line, " ", 1);
            buf_puts(&line, cell.s);
            if (!right && k + 1 < nc) for (size_t q = 0; q < pad; q++) buf_add(&line, " ", 1);
        }
        buf_add(&line, "\n", 1);
        out_puts(&s->out, line.s);
    }
    buf_free(&line);
    buf_free(&cell);
    buf_free(&lab);
    free(width);
}

const char *fmt_text(Buf *b, const char *s) {
    b->len = 0;
    buf_puts(b, s ? s : "");
    if (!b->s) buf_add(b, "", 0);
    b->len = text_scrub(b->s, b->len, 0);
    return b->s;
}
