/* csvread.c — see csvread.h.  The file is read in large blocks and fed to
 * libcsv one physical line at a time, so that each record knows its line. */
#include "io/csvread.h"
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define BLOCK (1u << 20)

typedef struct Reader {
    const char *path;           /* for messages */
    CsvRecordFn fn;             /* the caller's record callback */
    void *ctx;                  /* its context */
    Buf *err;                   /* where messages go */
    Buf data;                   /* the current record's field bytes */
    size_t *offs;               /* offset of each field in data */
    size_t nfield, capfield;    /* fields in the record, slots */
    char **ptrs;                /* field pointers handed to fn */
    size_t capptr;              /* slots in ptrs */
    long line;                  /* current physical line (1-based) */
    long rec_line;              /* line the current record started on */
    long records;               /* records delivered */
    int stop;                   /* fn asked to stop */
    int oom;                    /* out of memory in a callback */
} Reader;

const char *csv_sep_name(int sep) {
    switch (sep) {
    case ',': return "comma";
    case '\t': return "tab";
    case ';': return "semicolon";
    default: return "other";
    }
}

static void on_field(void *s, size_t len, void *data) {
    Reader *r = data;
    if (r->stop) return;
    if (r->nfield == r->capfield) {
        size_t cap = r->capfield ? 2 * r->capfield : 64;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (!o) { r->oom = r->stop = 1; return; }
        r->offs = o;
        r->capfield = cap;
    }
    r->offs[r->nfield++] = r->data.len;
    buf_add(&r->data, s ? s : "", s ? len : 0);
    buf_add(&r->data, "", 1);    /* keep the NUL between fields */
}

static void on_record(int c, void *data) {
    (void)c;
    Reader *r = data;
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
}

/* The fast path for the common line: no quote character and not inside a
 * quoted field that began on an earlier line.  Splits in place on the
 * separator and trims blanks as libcsv does (spaces and tabs, unless the
 * tab is the separator); a blank line gives no record, as in libcsv. */
static void fast_record(Reader *r, char *line, size_t len, int sep) {
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    line[len] = '\0';
    size_t k = 0;
    char *p = line, *end = line + len;
    int blank = 1;
    for (char *q = line; q < end && blank; q++) blank = *q == ' ' || (*q == '\t' && sep != '\t');
    if (blank) return;
    for (;;) {
        char *f = p;
        char *e = memchr(p, sep, (size_t)(end - p));
        if (!e) e = end;
        while (f < e && (*f == ' ' || (*f == '\t' && sep != '\t'))) f++;
        char *t = e;
        while (t > f && (t[-1] == ' ' || (t[-1] == '\t' && sep != '\t'))) t--;
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

int csv_read(const char *path, const CsvOpts *o, CsvRecordFn fn, void *ctx, CsvInfo *info, Buf *err) {
    struct stat st;
    if (stat(path, &st) != 0) {
        buf_printf(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        buf_printf(err, "cannot read %s: it is a directory", path);
        return -1;
    }
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        buf_printf(err, "cannot open %s: %s", path, errno ? strerror(errno) : "out of memory");
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    char *block = malloc(BLOCK + 1);   /* +1: room for a NUL after an unterminated last line */
    Buf pending = {0};          /* a line split across blocks */
    Reader r = {.path = path, .fn = fn, .ctx = ctx, .err = err, .line = 1, .rec_line = 1};
    struct csv_parser p;
    int parser_ready = 0, rc = 0, at_bof = 1, cr_lines = 0;
    long comments = 0;
    int sep = o->sep;
    if (!block || csv_init(&p, CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
        buf_printf(err, "out of memory while reading %s", path);
        free(block);
        gzclose(gz);
        return -1;
    }
    int eof = 0;
    while (!eof && !r.stop) {
        int n = gzread(gz, block, BLOCK);
        if (n < 0 && o->cancel && *o->cancel) {   /* a read interrupted by Ctrl-C */
            rc = -2;
            break;
        }
        if (n < 0) {
            int zerr;
            const char *m = gzerror(gz, &zerr);
            buf_printf(err, "%s:%ld: cannot read: %s", path, r.line,
                       zerr == Z_ERRNO ? strerror(errno) : (zerr == Z_DATA_ERROR ? "corrupt gzip data" : m));
            rc = -1;
            break;
        }
        if (n == 0) {
            int zerr;
            gzerror(gz, &zerr);
            if (zerr != Z_OK) {   /* Z_BUF_ERROR: the gzip stream stops early */
                buf_printf(err, "%s:%ld: truncated or corrupt gzip data", path, r.line);
                rc = -1;
                break;
            }
            eof = 1;
        }
        if (o->progress && st.st_size > 0)   /* compressed bytes consumed, for gzip too */
            o->progress(o->progress_ctx, (double)gzoffset(gz) / (double)st.st_size);
        const char *s = block;
        size_t len = (size_t)n;
        if (at_bof && len) {
            at_bof = 0;
            if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; len -= 3; }
            if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                             ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
                buf_printf(err, "%s: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as "
                                "UTF-8, e.g. iconv -f UTF-16 -t UTF-8", path);
                rc = -1;
                break;
            }
            /* classic Mac line ends (CR alone, no LF anywhere in the first
               block): read each CR as a line end, as R does */
            const char *cr = memchr(s, '\r', len);
            if (cr && !memchr(s, '\n', len) && !memchr(s, '\0', len) && (size_t)(cr - s) + 1 < len) cr_lines = 1;
        }
        if (cr_lines)
            for (size_t k = 0; k < len; k++)
                if (s[k] == '\r') ((char *)s)[k] = '\n';
        const char *nul = memchr(s, '\0', len);
        if (nul) {
            buf_printf(err, "%s:%ld: contains a NUL byte: this looks like a binary file, not delimited text",
                       path, r.line + (long)(pending.len ? count_nl(pending.s, pending.len) : 0) +
                                 count_nl(s, (size_t)(nul - s)));
            rc = -1;
            break;
        }
        /* feed whole lines; keep a partial last line for the next block */
        while (!r.stop) {
            const char *nl = len ? memchr(s, '\n', len) : NULL;
            size_t seg;
            if (nl) seg = (size_t)(nl - s) + 1;
            else if (eof) seg = len;
            else { buf_add(&pending, s, len); break; }
            const char *line = s;
            size_t linelen = seg;
            if (pending.len) {
                buf_add(&pending, s, seg);
                line = pending.s;
                linelen = pending.len;
            }
            s += seg;
            len -= seg;
            if (!linelen) { if (eof) break; else continue; }
            if (!parser_ready) {
                /* before the first record: comment lines, then the header */
                if (o->skip_comments && line[0] == '#') {
                    comments++;
                    r.line++;
                    pending.len = 0;
                    continue;
                }
                if (!sep) sep = detect_sep(line, linelen, path);
                csv_set_delim(&p, (unsigned char)sep);
                parser_ready = 1;
            }
            if (p.pstate == 0) r.rec_line = r.line;
            if (p.pstate == 0 && !memchr(line, '"', linelen)) {
                if (line == pending.s) buf_add(&pending, "", 0);   /* room for the NUL */
                fast_record(&r, (char *)line, linelen, sep);
            } else if (csv_parse(&p, line, linelen, on_field, on_record, &r) != linelen && !r.stop) {
                buf_printf(err, "%s:%ld: %s", path, r.line, csv_strerror(csv_error(&p)));
                rc = -1;
                r.stop = 1;
            }
            if (nl) r.line++;
            pending.len = 0;
            if (o->cancel && *o->cancel && (r.line & 1023) == 0) { rc = -2; r.stop = 1; }
        }
    }
    if (!r.stop && rc == 0) {
        if (o->cancel && *o->cancel) rc = -2;
        else if ((p.pstate == 2 && p.quoted) || csv_fini(&p, on_field, on_record, &r) != 0) {
            buf_printf(err, "%s:%ld: unterminated quoted field: the quote opened on this line is never closed",
                       path, r.rec_line);
            rc = -1;
        }
    }
    if (r.oom && rc == 0) {
        buf_printf(err, "out of memory while reading %s", path);
        rc = -1;
    } else if (r.stop && rc == 0 && !r.oom) {
        rc = -1;    /* the callback stopped the read and wrote the message */
    }
    if (info) {
        info->sep = sep ? sep : ',';
        info->comment_lines = comments;
        info->records = r.records;
        info->lines = r.line;
    }
    csv_free(&p);
    gzclose(gz);
    free(block);
    buf_free(&pending);
    buf_free(&r.data);
    free(r.offs);
    free(r.ptrs);
    return rc;
}
