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
int csv_bulk_mode(void) { return __atomic_load_n(&bulk_on, __ATOMIC_RELAXED); }

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
