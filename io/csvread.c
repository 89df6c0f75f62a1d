/* csvread.c — see csvread.h.  The file is read in large blocks, its line
 * ends made LF, and fed one physical line at a time so that each record
 * knows its line: a line without a quote goes to a fast in-place split, a
 * line with one (or inside a quoted field that began on an earlier line)
 * to a small state machine that knows the line and column of every quote.
 * (libcsv, used before, merges the rows after `"a" b` into one field
 * without a word in its lenient mode, and its strict mode can neither read
 * such a field as R does nor say where the problem is.) */
#include "io/csvread.h"
#include <errno.h>
#include "io/numparse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define EXAMPLE 40      /* characters of a field quoted in a warning */

enum { FS_START, FS_UNQUOTED, FS_QUOTED, FS_AFTER_QUOTE };

typedef struct Reader {
    const char *path;           /* for messages */
    CsvRecordFn fn;             /* the caller's record callback */
    void *ctx;                  /* its context */
    Buf *err;                   /* where messages go */
    int sep;                    /* the separator */
    Buf data;                   /* the current record's field bytes, NUL-separated */
    size_t *offs;               /* offset of each field in data */
    size_t nfield, capfield;    /* fields in the record, slots */
    char **ptrs;                /* field pointers handed to fn */
    size_t capptr;              /* slots in ptrs */
    long line;                  /* current physical line (1-based) */
    long rec_line;              /* line the current record started on */
    long records;               /* records delivered */
    int stop;                   /* stop reading (fn asked, an error, or out of memory) */
    int oom;                    /* out of memory */
    /* the state machine, kept across lines while a quoted field is open */
    int fs;                     /* FS_*: where in the current field we are */
    int in_record;              /* a record is open on the quoted path */
    size_t fstart;              /* offset of the current field in data */
    size_t floor;               /* trailing blanks are trimmed down to this offset */
    size_t pend_blank;          /* blanks after a closing quote, not kept yet */
    long q_line, q_col;         /* where the current quoted field opened */
    int f_newline;              /* the current quoted field holds a line break */
    int f_after;                /* the current field had text after its closing quote */
    /* what the warnings say */
    long after_quote;           /* fields with text after the closing quote */
    long aq_line, aq_col;       /* the first of them */
    Buf aq_raw, aq_read;        /* its text as written, and as read */
    long mid_quote;             /* quotes inside unquoted fields */
    long mq_line, mq_col;       /* the first */
    Buf mq_raw;                 /* its field as written */
    long multiline;             /* quoted fields holding a line break */
    long ml_first;              /* the line where the first opens */
} Reader;

const char *csv_sep_name(int sep) {
    switch (sep) {
    case ',': return "comma";
    case '\t': return "tab";
    case ';': return "semicolon";
    default: return "other";
    }
}

static int is_blank(const Reader *r, char c) { return c == ' ' || (c == '\t' && r->sep != '\t'); }

static void add(Reader *r, const char *s, size_t n) {
    if (!r->oom && buf_try_add(&r->data, s, n) < 0) r->oom = r->stop = 1;
}

/* Copy at most EXAMPLE characters of s[0..n) into b (reset first). */
static void example(Buf *b, const char *s, size_t n) {
    b->len = 0;
    size_t k = n < EXAMPLE ? n : EXAMPLE;
    if (buf_try_add(b, s, k) == 0 && k < n) buf_try_add(b, "…", strlen("…"));
}

/* End the current field: trim the unquoted tail, store its offset. */
static void field_end(Reader *r) {
    if (r->stop) return;
    if (r->fs == FS_UNQUOTED)
        while (r->data.len > r->floor && is_blank(r, r->data.s[r->data.len - 1])) r->data.len--;
    if (r->nfield == r->capfield) {
        size_t cap = r->capfield ? 2 * r->capfield : 64;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (!o) { r->oom = r->stop = 1; return; }
        r->offs = o;
        r->capfield = cap;
    }
    if (r->f_newline) {
        if (!r->multiline++) r->ml_first = r->q_line;
    }
    if (r->f_after && r->after_quote == 1 && !r->aq_read.len)
        example(&r->aq_read, r->data.s ? r->data.s + r->fstart : "", r->data.len - r->fstart);
    r->offs[r->nfield++] = r->fstart;
    add(r, "", 1);   /* the NUL between fields */
    r->fstart = r->data.len;
    r->floor = r->data.len;
    r->fs = FS_START;
    r->pend_blank = 0;
    r->f_newline = r->f_after = 0;
}

static void record_end(Reader *r) {
    r->in_record = 0;
    if (r->stop) return;
    if (r->nfield > r->capptr) {
        char **p = realloc(r->ptrs, r->nfield * sizeof *p);
        if (!p) { r->oom = r->stop = 1; return; }
        r->ptrs = p;
        r->capptr = r->nfield;
    }
    for (size_t k = 0; k < r->nfield; k++) r->ptrs[k] = r->data.s + r->offs[k];
    r->records++;
    if (r->fn(r->ctx, r->ptrs, r->nfield, r->rec_line, r->err)) r->stop = 1;
    r->nfield = 0;
    r->data.len = 0;
    r->fstart = r->floor = 0;
}

/* One physical line (with its '\n', except perhaps the file's last) on
 * the quoted path.  Columns in messages count bytes from 1. */
static void quoted_line(Reader *r, const char *line, size_t len) {
    if (!r->in_record) {
        r->in_record = 1;
        r->rec_line = r->line;
        r->fs = FS_START;
        r->nfield = 0;
        r->data.len = 0;
        r->fstart = r->floor = 0;
        r->pend_blank = 0;
        r->f_newline = r->f_after = 0;
    }
    for (size_t i = 0; i < len && !r->stop; i++) {
        char c = line[i];
        long col = (long)i + 1;
        switch (r->fs) {
        case FS_START:
            if (c == '\n') {
                if (r->nfield) { field_end(r); record_end(r); }
                else r->in_record = 0;   /* a blank line: no record */
            } else if (c == (char)r->sep) {
                field_end(r);
            } else if (is_blank(r, c)) {
                /* leading blanks are skipped */
            } else if (c == '"') {
                r->fs = FS_QUOTED;
                r->q_line = r->line;
                r->q_col = col;
            } else {
                r->fs = FS_UNQUOTED;
                add(r, &c, 1);
            }
            break;
        case FS_UNQUOTED:
            if (c != '\n' && c != (char)r->sep && c != '"') {   /* a run of plain text at once */
                size_t e = i + 1;
                while (e < len && line[e] != '\n' && line[e] != (char)r->sep && line[e] != '"') e++;
                add(r, line + i, e - i);
                i = e - 1;
            } else if (c == '\n') { field_end(r); record_end(r); }
            else if (c == (char)r->sep) field_end(r);
            else {
                if (c == '"' && !r->mid_quote++) {
                    r->mq_line = r->line;
                    r->mq_col = col;
                    /* the field as written: from its start on this line to the next separator */
                    size_t b = i, e = i;
                    while (b > 0 && line[b - 1] != (char)r->sep) b--;
                    while (b < i && is_blank(r, line[b])) b++;
                    while (e < len && line[e] != (char)r->sep && line[e] != '\n') e++;
                    example(&r->mq_raw, line + b, e - b);
                }
                add(r, &c, 1);
            }
            break;
        case FS_QUOTED:
            if (c == '"') r->fs = FS_AFTER_QUOTE;
            else {   /* up to the next quote at once */
                const char *q = memchr(line + i, '"', len - i);
                size_t e = q ? (size_t)(q - line) : len;
                if (memchr(line + i, '\n', e - i)) r->f_newline = 1;
                add(r, line + i, e - i);
                i = e - 1;
            }
            break;
        case FS_AFTER_QUOTE:
            if (c == '"' && !r->pend_blank) {   /* "" inside quotes: one quote */
                add(r, &c, 1);
                r->fs = FS_QUOTED;
            } else if (c == '\n') {
                field_end(r);
                record_end(r);
            } else if (c == (char)r->sep) {
                field_end(r);
            } else if (is_blank(r, c)) {
                r->pend_blank++;
            } else if (r->q_line != r->line) {
                /* a quote that opened lines ago closed before text: a stray
                   quote swallowed the line breaks in between */
                buf_printf(r->err, "%s:%ld:%ld: text after the closing quote of a quoted field that opened on line %ld "
                           "(column %ld): a stray quote there has merged lines %ld-%ld into one field; fix the quote "
                           "(a quote inside a field is written \"\")", r->path, r->line, col, r->q_line, r->q_col,
                           r->q_line, r->line);
                r->stop = 1;
            } else {
                /* `"GBM" recurrent`: R's read.csv joins the parts */
                if (!r->after_quote++) {
                    r->aq_line = r->line;
                    r->aq_col = col;
                    size_t b = (size_t)(r->q_col - 1), e = i;
                    while (e < len && line[e] != (char)r->sep && line[e] != '\n') e++;
                    example(&r->aq_raw, line + b, e - b);
                }
                r->f_after = 1;
                for (; r->pend_blank; r->pend_blank--) add(r, " ", 1);
                r->floor = r->data.len;
                r->fs = FS_UNQUOTED;
                if (c == '"' && !r->mid_quote++) {
                    r->mq_line = r->line;
                    r->mq_col = col;
                    size_t b = (size_t)(r->q_col - 1), e = i;
                    while (e < len && line[e] != (char)r->sep && line[e] != '\n') e++;
                    example(&r->mq_raw, line + b, e - b);
                }
                add(r, &c, 1);
            }
            break;
        }
    }
}

/* The end of the file on the quoted path: an open quote is an error, an
 * open record (a last line without a line end) is delivered. */
static int quoted_finish(Reader *r) {
    if (!r->in_record || r->stop) return 0;
    if (r->fs == FS_QUOTED) {
        buf_printf(r->err, "%s:%ld:%ld: unterminated quoted field: the quote opened here is never closed", r->path,
                   r->q_line, r->q_col);
        return -1;
    }
    field_end(r);
    record_end(r);
    return 0;
}

/* The fast path for the common line: no quote character and not inside a
 * quoted field that began on an earlier line.  Splits in place on the
 * separator and trims blanks (spaces and tabs, unless the tab is the
 * separator); a blank line gives no record. */
static void fast_record(Reader *r, char *line, size_t len, int sep) {
    while (len && line[len - 1] == '\n') len--;
    line[len] = '\0';
    size_t k = 0;
    char *p = line, *end = line + len;
    int blank = 1;
    for (char *q = line; q < end && blank; q++) blank = is_blank(r, *q);
    if (blank) return;
    for (;;) {
        char *f = p;
        char *e = memchr(p, sep, (size_t)(end - p));
        if (!e) e = end;
        while (f < e && is_blank(r, *f)) f++;
        char *t = e;
        while (t > f && is_blank(r, t[-1])) t--;
        if (k == r->capptr) {
            size_t cap = r->capptr ? 2 * r->capptr : 64;
            char **np = realloc(r->ptrs, cap * sizeof *np);
            if (!np) { r->oom = r->stop = 1; return; }
            r->ptrs = np;
            r->capptr = cap;
        }
        int last = e == end;
        *t = '\0';
        r->ptrs[k++] = f;
        if (last) break;
        p = e + 1;
    }
    r->records++;
    if (r->fn(r->ctx, r->ptrs, k, r->line, r->err)) r->stop = 1;
}

/* Count separators outside quotes in the first record's line. */
static int detect_sep(const char *s, size_t n, const char *path) {
    size_t counts[3] = {0, 0, 0};
    const char seps[3] = {',', '\t', ';'};
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') inq = !inq;
        else if (!inq)
            for (int k = 0; k < 3; k++) counts[k] += s[i] == seps[k];
    }
    int best = -1;
    for (int k = 0; k < 3; k++)
        if (counts[k] && (best < 0 || counts[k] > counts[best])) best = k;
    if (best >= 0) return seps[best];
    /* one column: go by the file name */
    return (ends_with_ci(path, ".csv") || ends_with_ci(path, ".csv.gz")) ? ',' : '\t';
}

static long count_nl(const char *s, size_t n) {
    long k = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++) k++;
    return k;
}

/* CRLF and CR alone become LF, in place (R reads all three as line ends,
 * in any mix); *prev_cr carries a CR that ended the previous block.
 * Returns the new length. */
static size_t unify_line_ends(char *s, size_t n, int *prev_cr) {
    if (!*prev_cr && !memchr(s, '\r', n)) return n;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' && *prev_cr) { *prev_cr = 0; continue; }
        *prev_cr = c == '\r';
        s[w++] = c == '\r' ? '\n' : c;
    }
    return w;
}

/* A byte-order mark other than UTF-8's: the encoding's name, or NULL. */
static const char *foreign_bom(const unsigned char *s, size_t n) {
    if (n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) return "UTF-32LE";
    if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) return "UTF-32BE";
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) return "UTF-16LE";
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) return "UTF-16BE";
    return NULL;
}

/* The quoting warnings, for o->warnings. */
static void quote_warnings(const Reader *r, StrList *w) {
    if (!w) return;
    if (r->after_quote)
        strlist_addf(w, "%ld field%s with text after the closing quote, read as R's read.csv reads them, the parts "
                     "joined (the first: line %ld, column %ld: %s read as '%s')", r->after_quote,
                     r->after_quote == 1 ? "" : "s", r->aq_line, r->aq_col, r->aq_raw.s ? r->aq_raw.s : "",
                     r->aq_read.s ? r->aq_read.s : "");
    if (r->mid_quote)
        strlist_addf(w, "%ld quote%s inside unquoted fields kept as characters (the first: line %ld, column %ld: %s); "
                     "R's read.csv would open a quoted field there and merge the lines that follow", r->mid_quote,
                     r->mid_quote == 1 ? "" : "s", r->mq_line, r->mq_col, r->mq_raw.s ? r->mq_raw.s : "");
}

/* ---- the record path over chunks ---- */

typedef struct Feed {
    Reader r;                   /* the record machinery */
    const CsvOpts *o;           /* options */
    const char *path;           /* for messages */
    Buf pending;                /* a line split across chunks */
    int sep;                    /* the separator (0 until the first record) */
    int sep_ready;              /* the first record has been seen */
    int at_bof;                 /* nothing read yet (byte-order marks) */
    int prev_cr;                /* the last chunk ended with a CR */
    long comments;              /* '#' lines skipped */
    int rc;                     /* 0, -1 error (message written), -2 cancelled */
} Feed;

/* One chunk of text (whole lines, but for the file's last) through the
 * record path: byte-order marks, line ends, NUL bytes, comment lines,
 * the separator, then each line to fast_record or quoted_line. */
static void feed_chunk(Feed *F, char *s, size_t len, int eof, Buf *err) {
    Reader *r = &F->r;
    const CsvOpts *o = F->o;
    if (F->at_bof && len) {
        F->at_bof = 0;
        const char *enc = foreign_bom((const unsigned char *)s, len);
        if (enc) {
            buf_printf(err, "%s: the file is %.6s text (it starts with a %s byte-order mark); save it as UTF-8, "
                            "e.g. iconv -f %s -t UTF-8", F->path, enc, enc, enc);
            F->rc = -1;
            return;
        }
        while (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; len -= 3; }   /* one BOM, or several */
    }
    len = unify_line_ends(s, len, &F->prev_cr);
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        buf_printf(err, "%s:%ld: contains a NUL byte: this looks like a binary file, not delimited text", F->path,
                   r->line + (long)(F->pending.len ? count_nl(F->pending.s, F->pending.len) : 0) +
                       count_nl(s, (size_t)(nul - s)));
        F->rc = -1;
        return;
    }
    /* feed whole lines; keep a partial last line for the next chunk */
    while (!r->stop) {
        char *nl = len ? memchr(s, '\n', len) : NULL;
        size_t seg;
        if (nl) seg = (size_t)(nl - s) + 1;
        else if (eof) seg = len;
        else {
            if (buf_try_add(&F->pending, s, len) < 0) r->oom = r->stop = 1;
            break;
        }
        char *line = s;
        size_t linelen = seg;
        if (F->pending.len) {
            if (buf_try_add(&F->pending, s, seg) < 0) { r->oom = r->stop = 1; break; }
            line = F->pending.s;
            linelen = F->pending.len;
        }
        s += seg;
        len -= seg;
        if (!linelen) { if (eof) break; else continue; }
        if (!F->sep_ready) {
            /* before the first record: comment lines, then the header */
            if (o->skip_comments && line[0] == '#' && r->line != o->hash_header_line) {
                F->comments++;
                r->line++;
                F->pending.len = 0;
                continue;
            }
            if (!F->sep) F->sep = detect_sep(line, linelen, F->path);
            r->sep = F->sep;
            F->sep_ready = 1;
        }
        if (!r->in_record && !memchr(line, '"', linelen)) {
            if (line == F->pending.s && buf_try_add(&F->pending, "", 0) < 0) { r->oom = r->stop = 1; break; }
            r->rec_line = r->line;
            fast_record(r, line, linelen, F->sep);
        } else {
            quoted_line(r, line, linelen);
            if (r->stop && !r->oom && err->len) F->rc = -1;
        }
        if (nl) r->line++;
        F->pending.len = 0;
        if (o->cancel && *o->cancel && (r->line & 1023) == 0) { F->rc = -2; r->stop = 1; }
    }
}

/* ---- bulk mode ---- */

static int bulk_on = 1;

int csv_bulk_enable(int on) { return __atomic_exchange_n(&bulk_on, on, __ATOMIC_RELAXED); }

typedef struct BulkCtx {
    const CsvBulk *b;           /* the consumer's functions */
    void *ctx;                  /* its context */
    int sep;                    /* the separator */
} BulkCtx;

static void *bulk_parse(void *arg, const TextChunk *c) {
    BulkCtx *B = arg;
    return B->b->parse(B->ctx, c, B->sep);
}

static void bulk_discard(void *arg, void *res) {
    BulkCtx *B = arg;
    B->b->discard(B->ctx, res);
}

static int have_avx2(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();   /* (every processor with AVX2 has these too; asked all the same) */
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("lzcnt");
#else
    return 0;
#endif
}

void csv_rows_init(CsvRows *it, const TextChunk *c, int sep, const uint32_t *dst, size_t ndst) {
    *it = (CsvRows){.p = c->text, .end = c->text + c->len, .text0 = c->text, .sep = sep, .dst = dst,
                    .ndst = dst ? ndst : 0};
    it->simd = __atomic_load_n(&bulk_on, __ATOMIC_RELAXED) != 2 && have_avx2();
    /* dst as a run: fields [run0, run_end) to out[run_out…], text before (the
       ID, the gene) — every field's place then follows from its index */
    size_t j0 = 0;
    while (j0 < it->ndst && dst[j0] == CSV_TEXT) j0++;
    size_t j = j0;
    while (j < it->ndst && dst[j] == dst[j0] + (j - j0)) j++;
    if (j0 < it->ndst && j == it->ndst) {
        it->run0 = j0;
        it->run_end = j;
        it->run_out = dst[j0];
    }
    it->boff = 0;   /* the first block is read on the first call (primed) */
}

void csv_rows_free(CsvRows *it) {
    free(it->f);
    free(it->fl);
    free(it->other);
    free(it->val);
    free(it->kind);
    it->f = NULL;
    it->fl = NULL;
    it->other = NULL;
    it->val = NULL;
    it->kind = NULL;
    it->cap = 0;
}

static inline uint64_t bytes_eq(uint64_t v, uint64_t pat) {
    uint64_t x = v ^ pat;
    return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* The first byte in [p, end) that is the separator, a line end, a quote,
 * a CR or a NUL; end when none. */
static inline const char *next_special(const char *p, const char *end, int sep) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t ps = ones * (unsigned char)sep, pn = ones * '\n', pq = ones * '"', pr = ones * '\r';
    while (end - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        uint64_t m = bytes_eq(v, ps) | bytes_eq(v, pn) | bytes_eq(v, pq) | bytes_eq(v, pr) | bytes_eq(v, 0);
        if (m) return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
#endif
    for (; p < end; p++) {
        char c = *p;
        if (c == (char)sep || c == '\n' || c == '"' || c == '\r' || c == '\0') return p;
    }
    return end;
}

/* Room for field n.  0, or -1. */
static int rows_room(CsvRows *it, size_t n) {
    if (n < it->cap) return 0;
    size_t cap = it->cap ? 2 * it->cap : 256;
    const char **f = realloc(it->f, cap * sizeof *f);
    if (!f) return -1;
    it->f = f;
    size_t *fl = realloc(it->fl, cap * sizeof *fl);
    if (!fl) return -1;
    it->fl = fl;
    size_t *o = realloc(it->other, cap * sizeof *o);
    if (!o) return -1;
    it->other = o;
    double *v = realloc(it->val, cap * sizeof *v);
    if (!v) return -1;
    it->val = v;
    it->cap = cap;
    return 0;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* The 64 bytes at b, of which the first lim are text: *st gets a bit for
 * each separator and line end.  -1 when one of them is a quote, a NUL or
 * a CR that does not end a line (the record path then takes the chunk).
 * Reads b[0..64], within a chunk's pad. */
__attribute__((target("avx2"))) static int block64(const char *b, size_t lim, int sep, uint64_t *st) {
    __m256i a0 = _mm256_loadu_si256((const __m256i *)b), a1 = _mm256_loadu_si256((const __m256i *)(b + 32));
    const __m256i vs = _mm256_set1_epi8((char)sep), vn = _mm256_set1_epi8('\n'), vq = _mm256_set1_epi8('"'),
                  vr = _mm256_set1_epi8('\r'), vz = _mm256_setzero_si256();
#define MASK64(e0, e1) ((uint64_t)(uint32_t)_mm256_movemask_epi8(e0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(e1) << 32)
    uint64_t keep = lim >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << lim) - 1;
    /* a quote, a NUL or a CR: rare, looked at closely only when there is one */
    uint64_t odd = MASK64(_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a0, vq), _mm256_cmpeq_epi8(a0, vz)),
                                          _mm256_cmpeq_epi8(a0, vr)),
                          _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a1, vq), _mm256_cmpeq_epi8(a1, vz)),
                                          _mm256_cmpeq_epi8(a1, vr))) & keep;
    uint64_t n = MASK64(_mm256_cmpeq_epi8(a0, vn), _mm256_cmpeq_epi8(a1, vn));
    if (odd) {
        uint64_t r = MASK64(_mm256_cmpeq_epi8(a0, vr), _mm256_cmpeq_epi8(a1, vr));
        uint64_t before_nl = (n >> 1) | (uint64_t)(b[64] == '\n') << 63;   /* bit i: b[i + 1] is a line end */
        if (odd & ~(r & before_nl)) return -1;   /* a quote, a NUL, or a CR that does not end a line */
    }
    *st = (MASK64(_mm256_cmpeq_epi8(a0, vs), _mm256_cmpeq_epi8(a1, vs)) | n) & keep;
#undef MASK64
    return 0;
}

/* pshufb tables for field16: F16_DROP[i] takes byte i out (the decimal
 * point; i = 16: none), F16_RALIGN[n] moves the first n bytes to the end
 * and zeroes the others. */
#define ROW16(F, a) {F(a, 0), F(a, 1), F(a, 2),  F(a, 3),  F(a, 4),  F(a, 5),  F(a, 6),  F(a, 7), \
                     F(a, 8), F(a, 9), F(a, 10), F(a, 11), F(a, 12), F(a, 13), F(a, 14), F(a, 15)}
#define ROWS17(F) {ROW16(F, 0), ROW16(F, 1),  ROW16(F, 2),  ROW16(F, 3),  ROW16(F, 4),  ROW16(F, 5), \
                   ROW16(F, 6), ROW16(F, 7),  ROW16(F, 8),  ROW16(F, 9),  ROW16(F, 10), ROW16(F, 11), \
                   ROW16(F, 12), ROW16(F, 13), ROW16(F, 14), ROW16(F, 15), ROW16(F, 16)}
#define DROP1(i, k) (unsigned char)((k) < (i) ? (k) : (k) + 1 > 15 ? 15 : (k) + 1)
#define RALIGN1(n, k) (unsigned char)((k) >= 16 - (n) ? (k) - (16 - (n)) : 0x80)
static const unsigned char F16_DROP[17][16] = ROWS17(DROP1);
static const unsigned char F16_RALIGN[17][16] = ROWS17(RALIGN1);
#undef ROW16
#undef ROWS17
#undef DROP1
#undef RALIGN1

/* The usual number of a table — [-]digits[.digits], at most 16
 * characters after the sign — in the field [p, fe), its digits gathered
 * 16 at a time: 1 and the value in *out, the same bits as num_scan (the
 * mantissa, at most 2^53, divided by at most 10^15: Clinger's exact
 * case); 0 for anything else, which num_scan then reads.  Reads
 * p[0..17), within a chunk's pad. */
__attribute__((target("avx2"), always_inline)) static inline int field16(const char *p, const char *fe, double *out) {
    static const double P10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7, 1e8,
                                 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};
    const int neg = p < fe && *p == '-';
    p += neg;
    const long len = fe - p;
    if (len < 1 || len > 16) return 0;
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const unsigned lm = (unsigned)((1ul << len) - 1);
    unsigned dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)) & lm;
    unsigned pm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) & lm;
    if ((dm | pm) != lm || (pm & (pm - 1)) || !dm) return 0;   /* digits and at most one point, a digit at least */
    const int dot = pm ? __builtin_ctz(pm) : 16;
    const int ndig = (int)len - (pm != 0), nfrac = pm ? (int)len - dot - 1 : 0;
    d = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)F16_DROP[dot]));
    d = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)F16_RALIGN[ndig]));
    __m128i t = _mm_maddubs_epi16(d, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
    t = _mm_madd_epi16(t, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
    t = _mm_packus_epi32(t, t);
    t = _mm_madd_epi16(t, _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1));
    const uint64_t m = (uint64_t)(uint32_t)_mm_cvtsi128_si32(t) * 100000000u + (uint32_t)_mm_extract_epi32(t, 1);
    if (m > ((uint64_t)1 << 53)) return 0;
    const double x = (double)m / P10[nfrac];
    *out = neg ? -x : x;
    return 1;
}

/* Field n, [p, fe), as the fast path of rows_next_simd does not take it:
 * a number into out (num_scan's grammar, or a line's last field), else
 * blanks trimmed and listed in other.  0, or -1 out of memory. */
__attribute__((target("avx2"))) static int rows_field(CsvRows *it, size_t n, const char *p, const char *fe,
                                                      size_t *no) {
    if (n >= it->cap && rows_room(it, n) < 0) return -1;
    uint32_t d = n < it->ndst ? it->dst[n] : CSV_TEXT;
    double x;
    if (d != CSV_TEXT && (field16(p, fe, &x) || (num_scan(p, fe, &x) == fe && fe > p))) {
        it->out[d] = x;
        return 0;
    }
    const int tab_blank = it->sep != '\t';
    while (p < fe && (*p == ' ' || (*p == '\t' && tab_blank))) p++;
    while (fe > p && (fe[-1] == ' ' || (fe[-1] == '\t' && tab_blank))) fe--;
    it->f[n] = p;
    it->fl[n] = (size_t)(fe - p);
    it->other[(*no)++] = n;
    return 0;
}

/* csv_rows_next with the separators found 64 bytes at a time: each
 * field's ends are known before it is read, so the numbers of a row are
 * read independently of one another (the processor overlaps them). */
__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"))) static long rows_next_simd(CsvRows *it) {
    const int sep = it->sep;
    const char *const text_end = it->end, *const text0 = it->text0;
    const uint32_t *const dst = it->dst;
    const size_t ndst = it->ndst, run0 = it->run0, run_end = it->run_end, run_out = it->run_out;
    double *const out = it->out;
    /* the state in locals: for the compiler, the stores into fl (size_t)
       could otherwise be it->st (uint64_t) */
    uint64_t st = it->st;
    const char *blk = text0 + it->boff;   /* the current block */
    long lines = 0, ret;
    if (!it->primed) {
        it->primed = 1;
        if (text0 < text_end && block64(text0, (size_t)(text_end - text0), sep, &st) < 0) return -1;
    }
    for (;;) {
        if (it->p >= text_end) { ret = 0; break; }
        const char *p = it->p;
        size_t n = 0, no = 0;
        for (;;) {
            const char *q, *fe;
            int line_end;
            while (!st) {
                blk += 64;
                if (blk >= text_end) {
                    blk -= 64;
                    q = text_end;
                    goto at_end;
                }
                if (block64(blk, (size_t)(text_end - blk), sep, &st) < 0) { ret = -1; goto out; }
            }
            q = blk + __builtin_ctzll(st);
            st &= st - 1;
            if (*q != '\n') {   /* the usual field: a number ended by the separator, straight in */
                double x;
                if (run_end) {   /* the numbers' places follow the fields' (the usual layout) */
                    if (n - run0 < run_end - run0 && field16(p, q, &x)) {
                        out[n - run0 + run_out] = x;
                        n++;
                        p = q + 1;
                        continue;
                    }
                } else {
                    uint32_t d = n < ndst ? dst[n] : CSV_TEXT;
                    if (d != CSV_TEXT && field16(p, q, &x)) {
                        out[d] = x;
                        n++;
                        p = q + 1;
                        continue;
                    }
                }
                fe = q;
                line_end = 0;
            } else {
            at_end:
                line_end = 1;
                fe = q;
                if (q < text_end) {
                    lines++;
                    if (fe > p && fe[-1] == '\r') fe--;
                }
            }
            if (rows_field(it, n, p, fe, &no) < 0) { ret = -1; goto out; }
            n++;
            p = q < text_end ? q + 1 : text_end;
            if (line_end) break;
        }
        it->p = p;
        it->nother = no;
        if (n == 1 && no == 1 && it->fl[0] == 0) continue;   /* a blank line: no record */
        ret = (long)n;
        break;
    }
out:
    it->st = st;
    it->boff = (size_t)(blk - text0);
    it->lines += lines;
    return ret;
}
#endif

#define CSV_NUMBER ((size_t)-1)   /* rows_next_portable: fl of a number, in val */

/* The portable path: the fields split 8 bytes at a time, numbers read
 * on the way into val, then given out as rows_next_simd does. */
static long rows_next_portable(CsvRows *it) {
    const int sep = it->sep;
    const int tab_blank = sep != '\t';
    if (it->dst && !it->kind) {
        if (!(it->kind = malloc(it->ndst ? it->ndst : 1))) return -1;
        for (size_t j = 0; j < it->ndst; j++) it->kind[j] = it->dst[j] != CSV_TEXT;
    }
    for (;;) {
        if (it->p >= it->end) return 0;
        const char *p = it->p, *end = it->end;
        size_t n = 0;
        int line_end = 0;
        while (!line_end) {
            if (n >= it->cap && rows_room(it, n) < 0) return -1;
            if (n < it->ndst && it->kind[n]) {   /* a number expected: read it on the way */
                double x;
                const char *q = num_scan(p, end, &x);
                if (q && (q == end || *q == (char)sep || *q == '\n' || (*q == '\r' && q + 1 < end && q[1] == '\n'))) {
                    it->f[n] = p;
                    it->fl[n] = CSV_NUMBER;
                    it->val[n++] = x;
                    if (q == end) line_end = 1;
                    else if (*q == '\n') { line_end = 1; it->lines++; }
                    else if (*q == '\r') { line_end = 1; it->lines++; q++; }
                    p = q < end ? q + 1 : end;
                    continue;
                }
            }
            const char *q = next_special(p, end, sep);
            const char *fe = q;   /* the field's end */
            if (q == end) line_end = 1;
            else if (*q == (char)sep) { /* the field ends here */ }
            else if (*q == '\n') { line_end = 1; it->lines++; }
            else if (*q == '\r' && q + 1 < end && q[1] == '\n') { line_end = 1; it->lines++; q++; }
            else return -1;   /* a quote, a lone CR or a NUL: the record path */
            const char *fs = p;
            while (fs < fe && (*fs == ' ' || (*fs == '\t' && tab_blank))) fs++;
            while (fe > fs && (fe[-1] == ' ' || (fe[-1] == '\t' && tab_blank))) fe--;
            it->f[n] = fs;
            it->fl[n++] = (size_t)(fe - fs);
            p = q < end ? q + 1 : end;
        }
        it->p = p;
        if (n == 1 && it->fl[0] == 0) continue;   /* a blank line: no record (a line of blanks only, as fast_record) */
        size_t no = 0;
        for (size_t j = 0; j < n; j++) {
            if (it->fl[j] == CSV_NUMBER) it->out[it->dst[j]] = it->val[j];
            else it->other[no++] = j;
        }
        it->nother = no;
        return (long)n;
    }
}

long csv_rows_next(CsvRows *it) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (it->simd) return rows_next_simd(it);
#endif
    return rows_next_portable(it);
}

/* ---- the read ---- */

int csv_read(const char *path, const CsvOpts *o, CsvRecordFn fn, void *ctx, CsvInfo *info, Buf *err) {
    if (info) memset(info, 0, sizeof *info);
    RawPipe *pipe = rawpipe_open(path, o->cancel, err);
    if (!pipe) return -1;
    Feed F = {.r = {.path = path, .fn = fn, .ctx = ctx, .err = err, .line = 1, .rec_line = 1},
              .o = o, .path = path, .sep = o->sep, .at_bof = 1};
    Reader *r = &F.r;
    BulkCtx B = {.b = o->bulk, .ctx = ctx};
    int bulk = 0;   /* the workers parse the chunks from now on */
    long bulk_records = 0;
    uint64_t size = rawpipe_size(pipe);
    int rc = 0;
    for (TextChunk *c; rc == 0 && !r->stop && (c = rawpipe_next(pipe));) {
        if (o->progress && size > 0)   /* compressed bytes consumed, for gzip too */
            o->progress(o->progress_ctx, (double)c->raw_bytes / (double)size);
        if (c->res) {   /* parsed in bulk: taken whole, unless the record path is mid-record */
            void *res = c->res;
            c->res = NULL;
            if (!r->in_record && !F.pending.len && !(F.prev_cr && c->len && c->text[0] == '\n')) {
                CsvBulkPos pos = {r->line, (double)c->text_end,
                                  c->raw_bytes && size ? (double)c->text_end * (double)size / (double)c->raw_bytes
                                                       : (double)c->text_end};
                long recs = 0, lines = 0;
                int k = o->bulk->commit(ctx, res, &pos, &recs, &lines, err);
                if (k == 0) {
                    r->line += lines;
                    r->records += recs;
                    bulk_records += recs;
                    F.prev_cr = 0;
                    rawpipe_release(pipe, c);
                    if (o->cancel && *o->cancel) rc = -2;
                    continue;
                }
                if (k < 0) {
                    rawpipe_release(pipe, c);
                    rc = -1;
                    break;
                }
            } else {
                o->bulk->discard(ctx, res);
            }
        }
        feed_chunk(&F, c->text, c->len, c->last, err);
        rawpipe_release(pipe, c);
        rc = F.rc;
        /* bulk mode once the consumer is ready, for files of many lines (a
           few lines of a million fields each gain nothing from it) */
        if (!bulk && !rc && !r->stop && o->bulk && __atomic_load_n(&bulk_on, __ATOMIC_RELAXED) && F.sep_ready &&
            !r->in_record && r->line > 8 && o->bulk->ready(ctx)) {
            B.sep = F.sep;
            int nt = o->threads > 0 ? o->threads : rawpipe_default_threads();
            bulk = rawpipe_bulk(pipe, nt, bulk_parse, bulk_discard, &B) > 0;
        }
    }
    if (rc == 0 && !r->stop) {   /* the text ended: the end of the file, or the reader stopped */
        int eno = 0, st = rawpipe_status(pipe, &eno);
        if (st == RAWIN_CANCELLED || (o->cancel && *o->cancel)) rc = -2;
        else if (st == RAWIN_TRUNCATED) {
            buf_printf(err, "%s:%ld: truncated or corrupt gzip data", path, r->line);
            rc = -1;
        } else if (st != RAWIN_OK) {
            buf_printf(err, "%s:%ld: cannot read: %s", path, r->line,
                       st == RAWIN_IO ? strerror(eno) : st == RAWIN_CORRUPT ? "corrupt gzip data" : "out of memory");
            rc = -1;
        } else if (quoted_finish(r) < 0) {
            rc = -1;
        }
    }
    if (rc == 0 && r->stop) rc = -1;   /* out of memory, or the callback stopped the read and wrote the message */
    if (rc == 0) quote_warnings(r, o->warnings);
    char sha[65];
    unsigned long long bytes = 0;
    int whole = rawpipe_close(pipe, sha, &bytes);
    if (info) {
        info->sep = F.sep ? F.sep : ',';
        info->comment_lines = F.comments;
        info->records = r->records;
        info->lines = r->line;
        info->multiline = r->multiline;
        info->multiline_first = r->ml_first;
        info->oom = r->oom;
        info->bulk_records = bulk_records;
        if (rc == 0 && whole) {   /* the whole file was read: its checksum */
            memcpy(info->sha256, sha, sizeof sha);
            info->bytes = bytes;
        }
    }
    buf_free(&F.pending);
    buf_free(&r->data);
    buf_free(&r->aq_raw);
    buf_free(&r->aq_read);
    buf_free(&r->mq_raw);
    free(r->offs);
    free(r->ptrs);
    /* the message last, once the buffers are given back */
    if (r->oom && !err->len) buf_printf(err, "out of memory while reading %s (line %ld)", path, r->line);
    return rc;
}

int csv_detect_sep(const char *line, const char *path) { return detect_sep(line, strlen(line), path); }

long csv_split_line(const char *line, int sep, StrList *fields) {
    Buf f = {0};
    int inq = 0, quoted = 0;
    long n = 0;
    for (const char *p = line;; p++) {
        char c = *p;
        if (inq) {
            if (!c) break;
            if (c == '"' && p[1] == '"') { buf_add(&f, p, 1); p++; }
            else if (c == '"') inq = 0;
            else buf_add(&f, p, 1);
            continue;
        }
        if (c == '"' && !quoted && f.len == 0) { inq = quoted = 1; continue; }
        if (c == sep || !c) {
            strlist_add(fields, f.s ? f.s : "");
            n++;
            f.len = 0;
            if (f.s) f.s[0] = '\0';
            quoted = 0;
            if (!c) break;
            continue;
        }
        buf_add(&f, p, 1);
    }
    buf_free(&f);
    return inq ? -1 : n;
}

long csv_head(const char *path, size_t maxlines, size_t maxbytes, StrList *lines) {
    gzFile gz = gzopen(path, "rb");
    if (!gz) return -1;
    char *b = malloc(maxbytes + 1);
    if (!b) { gzclose(gz); return -1; }
    int n = gzread(gz, b, (unsigned)maxbytes);
    int eof = n >= 0 && (size_t)n < maxbytes;
    gzclose(gz);
    if (n < 0) { free(b); return -1; }
    size_t len = (size_t)n;
    char *s = b;
    while (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; len -= 3; }
    int cr = 0;
    len = unify_line_ends(s, len, &cr);
    long k = 0;
    while (len && (size_t)k < maxlines) {
        char *nl = memchr(s, '\n', len);
        if (!nl && !eof) break;   /* cut at maxbytes */
        size_t l = nl ? (size_t)(nl - s) : len;
        if (memchr(s, '\0', l)) break;
        char *t = xstrndup(s, l);
        strlist_add(lines, t);
        free(t);
        k++;
        if (!nl) break;
        len -= l + 1;
        s = nl + 1;
    }
    free(b);
    return k;
}
