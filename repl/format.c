/* format.c — see format.h. */
#include "repl/format.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* ---- widths and code points ---- */

/* Display width of a UTF-8 string (code points; good enough for names). */
static size_t utf8_width(const char *s) {
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Bytes of the code point that starts at s (its lead byte and the
 * continuation bytes after it). */
static size_t cp_len(const char *s) {
    size_t l = 1;
    while (((unsigned char)s[l] & 0xC0) == 0x80) l++;
    return l;
}

/* Byte offset of code point k of s (strlen(s) past the end). */
static size_t cp_offset(const char *s, size_t k) {
    size_t o = 0;
    for (; k && s[o]; k--) o += cp_len(s + o);
    return o;
}

/* Code points a and b share at their start. */
static size_t common_prefix(const char *a, const char *b) {
    size_t n = 0;
    while (*a && *b) {
        size_t la = cp_len(a), lb = cp_len(b);
        if (la != lb || memcmp(a, b, la)) break;
        a += la;
        b += lb;
        n++;
    }
    return n;
}

/* Start of the code point before p (p > s). */
static const char *cp_prev(const char *s, const char *p) {
    do p--; while (p > s && ((unsigned char)*p & 0xC0) == 0x80);
    return p;
}

/* Code points a and b share at their end. */
static size_t common_suffix(const char *a, const char *b) {
    const char *pa = a + strlen(a), *pb = b + strlen(b);
    size_t n = 0;
    while (pa > a && pb > b) {
        const char *qa = cp_prev(a, pa), *qb = cp_prev(b, pb);
        if (pa - qa != pb - qb || memcmp(qa, qb, (size_t)(pa - qa))) break;
        pa = qa;
        pb = qb;
        n++;
    }
    return n;
}

/* ---- unambiguous abbreviation ---- */

typedef struct Abbr {
    const char *s;          /* the name, borrowed */
    size_t len;             /* its width in code points */
    size_t head, tail;      /* code points kept at the start and at the end */
    char *shown;            /* what is printed: s, or head "…" tail; owned */
} Abbr;

static void abbr_make(Abbr *a) {
    free(a->shown);
    if (a->head + a->tail >= a->len) {
        a->head = a->len;
        a->tail = 0;
        a->shown = xstrdup(a->s);
        return;
    }
    size_t hb = cp_offset(a->s, a->head), tb = cp_offset(a->s, a->len - a->tail);
    size_t tl = strlen(a->s + tb);
    a->shown = xmalloc(hb + 3 + tl + 1);
    memcpy(a->shown, a->s, hb);
    memcpy(a->shown + hb, "…", 3);
    memcpy(a->shown + hb + 3, a->s + tb, tl + 1);
}

static int cmp_name(const void *x, const void *y, void *ctx) {
    const Abbr *a = ctx;
    return strcmp(a[*(const size_t *)x].s, a[*(const size_t *)y].s);
}

static int cmp_shown(const void *x, const void *y, void *ctx) {
    const Abbr *a = ctx;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int c = strcmp(a[i].shown, a[j].shown);
    return c ? c : (i > j) - (i < j);
}

/* Choose the head and tail of a[ord[at]] (ord: the names in strcmp order,
 * lcp[k] the code points ord[k - 1] and ord[k] share at their start) for
 * at most cap code points.  Another name j is told apart by a head longer
 * than their common start, or else a tail longer than their common end, so
 * with f(h) = 1 + the longest common end among the names sharing h code
 * points or more of the start, any head h with tail f(h) is unambiguous.
 * Take the default split (3:2) when it is so; else the unambiguous split
 * of cap code points closest to it; else (the names are too alike for the
 * cap) the shortest unambiguous one.  The names sharing less than hlow
 * code points of the start are not looked at (heads shorter than hlow are
 * not tried), and only the NEIGHBOURS nearest on each side, which keeps
 * this near-linear (100,000 IDs alike in their first characters); a
 * clash with a name further off is left to the safety net. */
#define NEIGHBOURS 64
static void abbr_choose(Abbr *a, const size_t *ord, const size_t *lcp, size_t n, size_t at, size_t cap, size_t *need) {
    Abbr *ai = &a[ord[at]];
    size_t len = ai->len, budget = cap - 1;
    size_t t0 = budget * 2 / 5, h0 = budget - t0, hlow = budget / 5 ? budget / 5 : 1;
    for (size_t h = 0; h <= len; h++) need[h] = 0;   /* need[L]: over the names sharing exactly L */
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t common = len;
        for (size_t k = at, seen = 0; seen < NEIGHBOURS; seen++) {
            if (dir < 0) {
                if (k == 0) break;
                if (lcp[k] < common) common = lcp[k];
                k--;
            } else {
                if (k + 1 >= n) break;
                k++;
                if (lcp[k] < common) common = lcp[k];
            }
            if (common < hlow) break;
            const Abbr *aj = &a[ord[k]];
            if (strcmp(aj->s, ai->s) == 0) continue;   /* the same name */
            size_t L = common < len ? common : len, t = common_suffix(ai->s, aj->s) + 1;
            if (t > need[L]) need[L] = t;
        }
    }
    for (size_t h = len; h-- > 0;)   /* f(h) = max over L >= h */
        if (need[h + 1] > need[h]) need[h] = need[h + 1];
    size_t bh = len, bt = 0, best = (size_t)-1;
    if (h0 >= hlow && t0 >= need[h0 < len ? h0 : len]) { bh = h0; bt = t0; best = 0; }
    for (size_t h = hlow; h < len && best; h++) {
        size_t t = need[h];
        size_t score;
        if (h + t <= budget) {   /* fits: the closest to the default split */
            t = budget - h;
            score = 1 + (h > h0 ? h - h0 : h0 - h);
        } else score = 1000000 + (h + t) * 1000 + (h > h0 ? h - h0 : h0 - h);   /* too alike: the shortest */
        if (score < best) { best = score; bh = h; bt = t; }
    }
    ai->head = bh;
    ai->tail = bt;
}

size_t abbreviate_names(const char *const *v, const size_t *cap, size_t n, char **out) {
    Abbr *a = xcalloc(n ? n : 1, sizeof *a);
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord), *lcp = xcalloc(n ? n : 1, sizeof *lcp);
    size_t maxlen = 0;
    for (size_t i = 0; i < n; i++) {
        a[i].s = v[i];
        a[i].len = utf8_width(v[i]);
        a[i].head = a[i].len;
        if (a[i].len > maxlen) maxlen = a[i].len;
        ord[i] = i;
    }
    size_t *need = xmalloc((maxlen + 2) * sizeof *need);
    qsort_r(ord, n, sizeof *ord, cmp_name, a);
    for (size_t k = 1; k < n; k++) lcp[k] = common_prefix(a[ord[k - 1]].s, a[ord[k]].s);
    for (size_t k = 0; k < n; k++) {
        Abbr *ai = &a[ord[k]];
        size_t c = cap[ord[k]] < 5 ? 5 : cap[ord[k]];
        if (ai->len > c) abbr_choose(a, ord, lcp, n, k, c, need);
        abbr_make(ai);
    }
    /* A safety net for names that hold "…" themselves: two different
       names still shown alike keep more of their start and end, one code
       point a round, until every shown name differs (at worst whole). */
    for (int clash = 1; clash;) {
        clash = 0;
        for (size_t i = 0; i < n; i++) ord[i] = i;
        qsort_r(ord, n, sizeof *ord, cmp_shown, a);
        for (size_t k = 1; k < n; k++) {
            Abbr *x = &a[ord[k - 1]], *y = &a[ord[k]];
            if (strcmp(x->shown, y->shown) || strcmp(x->s, y->s) == 0) continue;
            for (Abbr *z = x; z; z = z == x ? y : NULL)
                if (z->head < z->len) {
                    z->head++;
                    z->tail++;
                    abbr_make(z);
                    clash = 1;
                }
        }
    }
    size_t shortened = 0;
    for (size_t i = 0; i < n; i++) {
        shortened += a[i].head < a[i].len;
        out[i] = a[i].shown;
    }
    free(a);
    free(ord);
    free(lcp);
    free(need);
    return shortened;
}

/* ---- tables ---- */

int table_fit_width(const Session *s) {
    if (!s->interactive || !s->out.fp) return 0;
    int fd = fileno(s->out.fp);
    if (fd < 0 || !isatty(fd)) return 0;
    struct winsize w;
    int cols = 0;
    if (ioctl(fd, TIOCGWINSZ, &w) == 0) cols = w.ws_col;
    if (cols <= 0) {
        const char *e = getenv("COLUMNS");
        cols = e ? atoi(e) : 0;
    }
    if (cols <= 0) cols = 80;
    return cols < 20 ? 20 : cols;
}

/* The text of a cell (i < 0: the header) as printed before fitting:
 * numbers with digits significant digits, text through the one sanitiser. */
static const char *cell_text(const Table *t, size_t j, long i, const char *label, int digits, Buf *b) {
    char num[64];
    const char *v;
    if (i < 0) v = label;
    else if (t->cols[j].type == COL_NUM) v = fmt_num(num, sizeof num, table_val(t, (size_t)i, j), digits);
    else v = t->cols[j].str[i] ? t->cols[j].str[i] : "NA";
    return fmt_text(b, v);
}

/* One printed column. */
typedef struct PCol {
    size_t j;               /* the table's column */
    int right;              /* numbers: right-aligned, never shortened */
    size_t width;           /* display width */
    size_t cap;             /* widest text shown when fitting */
} PCol;

/* Distinct texts of a fitted table and how each is shown. */
typedef struct Shown {
    StrMap index;           /* text → slot */
    StrList text;           /* the texts (keys of index) */
    size_t *cap;            /* per slot: the narrowest column it is in */
    char **shown;           /* per slot: as printed */
} Shown;

static void shown_add(Shown *sh, const char *s, size_t cap, size_t *capn) {
    size_t k;
    if (strmap_get(&sh->index, s, &k)) {
        if (cap < sh->cap[k]) sh->cap[k] = cap;
        return;
    }
    strlist_add(&sh->text, s);
    k = sh->text.n - 1;
    if (k >= *capn) {
        *capn = *capn ? 2 * *capn : 64;
        sh->cap = xrealloc(sh->cap, *capn * sizeof *sh->cap);
    }
    sh->cap[k] = cap;
    if (strmap_put(&sh->index, sh->text.v[k], k, NULL) < 0) { fputs("out of memory\n", stderr); abort(); }
}

static const char *shown_get(const Shown *sh, const char *s) {
    size_t k;
    return strmap_get(&sh->index, s, &k) ? sh->shown[k] : s;
}

/* Print columns pc[from..to) (and the key pc[0] first when key) of the
 * given rows. */
static void print_block(Out *o, const Table *t, const PCol *pc, const StrList *lab, const size_t *rows, size_t nr,
                        const size_t *which, size_t nw, int digits, const Shown *sh) {
    Buf cell = {0}, line = {0};
    for (long r = -1; r < (long)nr; r++) {
        line.len = 0;
        buf_add(&line, "", 0);
        for (size_t q = 0; q < nw; q++) {
            const PCol *c = &pc[which[q]];
            size_t i = r < 0 ? 0 : rows ? rows[r] : (size_t)r;
            const char *v = cell_text(t, c->j, r < 0 ? -1 : (long)i, lab->v[which[q]], digits, &cell);
            if (sh && (r < 0 || !c->right)) v = shown_get(sh, v);
            size_t w = utf8_width(v), pad = c->width > w ? c->width - w : 0;
            if (q) buf_add(&line, "  ", 2);
            if (c->right) for (size_t k = 0; k < pad; k++) buf_add(&line, " ", 1);
            buf_puts(&line, v);
            if (!c->right && q + 1 < nw) for (size_t k = 0; k < pad; k++) buf_add(&line, " ", 1);
        }
        buf_add(&line, "\n", 1);
        out_puts(o, line.s);
    }
    buf_free(&line);
    buf_free(&cell);
}

/* A table as format_table lays it out. */
typedef struct Layout {
    const Table *t;         /* the table */
    const size_t *rows;     /* the rows printed (NULL: all) */
    size_t nr;              /* how many */
    int precision;          /* significant digits of numbers */
    StrList lab;            /* the printed columns' labels */
    PCol *pc;               /* the printed columns */
    size_t nc;              /* how many */
    Buf cell;               /* scratch: a cell's text */
} Layout;

/* The text of printed column k at row r (r < 0: the header), before
 * fitting; valid until the next call. */
static const char *layout_cell(Layout *L, size_t k, long r) {
    size_t i = r < 0 ? 0 : L->rows ? L->rows[r] : (size_t)r;
    return cell_text(L->t, L->pc[k].j, r < 0 ? -1 : (long)i, L->lab.v[k], L->precision, &L->cell);
}

/* The printed columns (cols, or all when NULL): alignment and width.
 * Returns the width of the whole table on one line. */
static size_t layout_measure(Layout *L, const size_t *cols) {
    size_t total = 0;
    for (size_t k = 0; k < L->nc; k++) {
        PCol *c = &L->pc[k];
        c->j = cols ? cols[k] : k;
        c->right = L->t->cols[c->j].type == COL_NUM;
        for (long r = -1; r < (long)L->nr; r++) {
            size_t w = utf8_width(layout_cell(L, k, r));
            if (w > c->width) c->width = w;
        }
        total += c->width + (k ? 2 : 0);
    }
    return total;
}

/* The texts of the table shortened to the caps of their columns (a text
 * in several columns to the narrowest), numbers never, and the widths as
 * shown.  Returns how many texts were shortened. */
static size_t layout_shorten(Layout *L, Shown *sh) {
    size_t capn = 0;
    for (size_t k = 0; k < L->nc; k++)
        for (long r = -1; r < (long)L->nr; r++) {
            if (r >= 0 && L->pc[k].right) continue;
            shown_add(sh, layout_cell(L, k, r), L->pc[k].cap, &capn);
        }
    sh->shown = xmalloc((sh->text.n ? sh->text.n : 1) * sizeof *sh->shown);
    size_t shortened = abbreviate_names((const char *const *)sh->text.v, sh->cap, sh->text.n, sh->shown);
    for (size_t k = 0; k < L->nc; k++) {   /* the widths as shown */
        L->pc[k].width = 0;
        for (long r = -1; r < (long)L->nr; r++) {
            const char *v = layout_cell(L, k, r);
            if (r < 0 || !L->pc[k].right) v = shown_get(sh, v);
            size_t w = utf8_width(v);
            if (w > L->pc[k].width) L->pc[k].width = w;
        }
    }
    return shortened;
}

static void shown_free(Shown *sh) {
    for (size_t q = 0; q < sh->text.n; q++) free(sh->shown[q]);
    free(sh->shown);
    free(sh->cap);
    strmap_free(&sh->index);
    strlist_free(&sh->text);
}

/* Print L in blocks of as many columns as fit in W, at least one beside
 * the key (pc[0], repeated at the left of every block when key). */
static void print_blocks(Out *o, Layout *L, size_t *which, int key, size_t W, const Shown *sh) {
    size_t k = key ? 1 : 0;
    int first = 1;
    while (k < L->nc) {
        size_t nw = 0, used = 0;
        if (key) { which[nw++] = 0; used = L->pc[0].width; }
        while (k < L->nc) {
            size_t need = L->pc[k].width + (nw ? 2 : 0);
            if (nw > (size_t)key && used + need > W) break;
            which[nw++] = k++;
            used += need;
        }
        if (!first) out_puts(o, "\n");
        first = 0;
        print_block(o, L->t, L->pc, &L->lab, L->rows, L->nr, which, nw, L->precision, sh);
    }
}

/* Print L fitted to the terminal's width W.  The first column is the key
 * (repeated at the left of every block) when it is the key column or
 * text; it takes at most half of the width, every other column what is
 * left beside it.  Returns how many texts were shortened. */
static size_t format_fitted(Out *o, Layout *L, size_t *which, size_t W) {
    PCol *pc = L->pc;
    int key = L->nc > 1 && (L->t->id == (long)pc[0].j || !pc[0].right);
    size_t half = (W - 2) / 2 < 10 ? 10 : (W - 2) / 2;
    size_t keycap = key ? (pc[0].width < half ? pc[0].width : half) : 0;
    size_t cap = key ? W - 2 - keycap : W;
    if (cap < 10) cap = 10;
    for (size_t k = 0; k < L->nc; k++) pc[k].cap = key && k == 0 ? keycap : cap;
    Shown sh = {0};
    size_t shortened = layout_shorten(L, &sh);
    print_blocks(o, L, which, key, W, &sh);
    if (shortened)
        out_printf(o, "(… marks text shortened to fit %zu columns; scripts and pipes show it whole)\n", W);
    shown_free(&sh);
    return shortened;
}

size_t format_table(Out *o, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc, int digits,
                    int width) {
    if (!rows) nr = t->nrow;
    if (!cols) nc = t->ncol;
    if (!nc) return 0;
    Layout L = {.t = t, .rows = rows, .nr = nr, .precision = digits, .nc = nc};
    table_col_labels(t, cols, nc, &L.lab);
    L.pc = xcalloc(nc, sizeof *L.pc);
    size_t *which = xmalloc(nc * sizeof *which), shortened = 0;
    for (size_t k = 0; k < nc; k++) which[k] = k;
    size_t total = layout_measure(&L, cols);
    if (width <= 0 || total <= (size_t)width)   /* one block, every text whole */
        print_block(o, t, L.pc, &L.lab, rows, nr, which, nc, digits, NULL);
    else
        shortened = format_fitted(o, &L, which, (size_t)width);
    buf_free(&L.cell);
    strlist_free(&L.lab);
    free(L.pc);
    free(which);
    return shortened;
}

void print_table_digits(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc,
                        int digits) {
    format_table(&s->out, t, rows, nr, cols, nc, digits, table_fit_width(s));
}

void print_table(Session *s, const Table *t, const size_t *rows, size_t nr, const size_t *cols, size_t nc) {
    print_table_digits(s, t, rows, nr, cols, nc, s->digits);
}

const char *fmt_text(Buf *b, const char *s) {
    b->len = 0;
    buf_puts(b, s ? s : "");
    if (!b->s) buf_add(b, "", 0);
    b->len = text_scrub(b->s, b->len, 0);
    return b->s;
}
