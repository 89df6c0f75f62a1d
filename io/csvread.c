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
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "io/sha256.h"

#define BLOCK (1u << 20)
#define RAW_BLOCK (256u << 10)   /* bytes read from the file at a time */
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

/* ---- the file's bytes: plain or gzip, hashed as they are read ----
 *
 * As zlib's gzread reads a file (plain text passes through; gzip members,
 * concatenated, are inflated; data after the last member that is not
 * another member is ignored; a stream that stops early is an error), and
 * every byte read from the file goes through SHA-256 on the way, so the
 * checksum is of the very bytes that were parsed — no second pass over the
 * file, and no window in which it could change between the two. */
typedef struct RawIn {
    int fd;                     /* the file */
    int gzip;                   /* -1 undecided, 0 plain, 1 gzip */
    z_stream z;                 /* the inflater (gzip) */
    int zinit;                  /* z is initialised */
    int zend;                   /* the last member ended: the rest is only hashed */
    unsigned char *in;          /* raw bytes read (RAW_BLOCK) */
    size_t in_len, in_pos;      /* plain: bytes in `in` not yet handed out */
    int raw_eof;                /* read() said end of file */
    Sha256 sha;                 /* the checksum of every byte read */
    uint64_t raw_bytes;         /* bytes read from the file */
    int zerr;                   /* Z_OK, Z_DATA_ERROR (corrupt), Z_BUF_ERROR (stops early), Z_MEM_ERROR, Z_ERRNO */
    int err_no;                 /* errno for Z_ERRNO */
} RawIn;

/* read() into buf, hashed; 0 at the end, -1 with zerr Z_ERRNO (EINTR
 * included: the caller checks for Ctrl-C first and else reads again). */
static ssize_t raw_read(RawIn *r, void *buf, size_t len) {
    ssize_t n = read(r->fd, buf, len);
    if (n < 0) {
        r->zerr = Z_ERRNO;
        r->err_no = errno;
        return -1;
    }
    if (n == 0) r->raw_eof = 1;
    sha256_update(&r->sha, buf, (size_t)n);
    r->raw_bytes += (uint64_t)n;
    return n;
}

/* Refill `in` for the inflater (gzip) when it is empty. */
static int raw_fill(RawIn *r) {
    if (r->z.avail_in || r->raw_eof) return 0;
    ssize_t n = raw_read(r, r->in, RAW_BLOCK);
    if (n < 0) return -1;
    r->z.next_in = r->in;
    r->z.avail_in = (uInt)n;
    return 0;
}

/* Up to len bytes of the file's text into out: the count, 0 at the end
 * (zerr Z_BUF_ERROR when a gzip stream stopped early), -1 on an error
 * (zerr says which; Z_ERRNO with err_no, EINTR when a signal came). */
static long raw_text(RawIn *r, char *out, size_t len) {
    if (r->gzip < 0) {   /* the first bytes decide, as gzread's */
        ssize_t n = raw_read(r, r->in, RAW_BLOCK);
        if (n < 0) return -1;
        r->in_len = (size_t)n;
        r->in_pos = 0;
        r->gzip = n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b;
        if (r->gzip) {
            if (inflateInit2(&r->z, 15 + 16) != Z_OK) { r->zerr = Z_MEM_ERROR; return -1; }
            r->zinit = 1;
            r->z.next_in = r->in;
            r->z.avail_in = (uInt)n;
        }
    }
    if (!r->gzip) {
        if (r->in_pos < r->in_len) {
            size_t k = r->in_len - r->in_pos < len ? r->in_len - r->in_pos : len;
            memcpy(out, r->in + r->in_pos, k);
            r->in_pos += k;
            return (long)k;
        }
        if (r->raw_eof) return 0;
        ssize_t n = raw_read(r, out, len);
        return n < 0 ? -1 : (long)n;
    }
    r->z.next_out = (unsigned char *)out;
    r->z.avail_out = (uInt)len;
    while (r->z.avail_out == len) {
        if (r->zend) {   /* hash what follows the last member, then the end */
            r->z.avail_in = 0;
            while (!r->raw_eof)
                if (raw_read(r, r->in, RAW_BLOCK) < 0) return -1;
            return 0;
        }
        if (raw_fill(r) < 0) return -1;
        if (!r->z.avail_in && r->raw_eof) {   /* the stream stops early */
            r->zerr = Z_BUF_ERROR;
            return 0;
        }
        int ret = inflate(&r->z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {   /* another member, or the end */
            if (raw_fill(r) < 0) return -1;
            if (r->z.avail_in >= 2 && r->z.next_in[0] == 0x1f && r->z.next_in[1] == 0x8b) inflateReset(&r->z);
            else r->zend = 1;
        } else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_STREAM_ERROR) {
            r->zerr = Z_DATA_ERROR;
            return -1;
        } else if (ret == Z_MEM_ERROR) {
            r->zerr = Z_MEM_ERROR;
            return -1;
        } else if (ret == Z_BUF_ERROR && r->z.avail_in) {   /* no progress with input and room: never loop */
            r->zerr = Z_DATA_ERROR;
            return -1;
        }
    }
    return (long)(len - r->z.avail_out);
}

static void raw_close(RawIn *r) {
    if (r->zinit) inflateEnd(&r->z);
    if (r->fd >= 0) close(r->fd);
    free(r->in);
}

int csv_read(const char *path, const CsvOpts *o, CsvRecordFn fn, void *ctx, CsvInfo *info, Buf *err) {
    if (info) memset(info, 0, sizeof *info);
    struct stat st;
    if (stat(path, &st) != 0) {
        buf_printf(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        buf_printf(err, "cannot read %s: it is a directory", path);
        return -1;
    }
    RawIn raw = {.fd = open(path, O_RDONLY | O_CLOEXEC), .gzip = -1};
    if (raw.fd < 0) {
        buf_printf(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    sha256_init(&raw.sha);
    raw.in = malloc(RAW_BLOCK);
    char *block = raw.in ? malloc(BLOCK + 1) : NULL;   /* +1: room for a NUL after an unterminated last line */
    Buf pending = {0};          /* a line split across blocks */
    Reader r = {.path = path, .fn = fn, .ctx = ctx, .err = err, .line = 1, .rec_line = 1};
    int sep_ready = 0, rc = 0, at_bof = 1, prev_cr = 0;
    long comments = 0;
    int sep = o->sep;
    if (!block) {
        raw_close(&raw);
        buf_printf(err, "out of memory while reading %s", path);
        if (info) info->oom = 1;
        return -1;
    }
    int eof = 0;
    while (!eof && !r.stop) {
        long n = raw_text(&raw, block, BLOCK);
        if (n < 0 && o->cancel && *o->cancel) {   /* a read interrupted by Ctrl-C */
            rc = -2;
            break;
        }
        if (n < 0 && raw.zerr == Z_ERRNO && raw.err_no == EINTR) {   /* another signal: read on */
            raw.zerr = Z_OK;
            continue;
        }
        if (n < 0) {
            buf_printf(err, "%s:%ld: cannot read: %s", path, r.line,
                       raw.zerr == Z_ERRNO ? strerror(raw.err_no)
                       : raw.zerr == Z_DATA_ERROR ? "corrupt gzip data" : "out of memory");
            rc = -1;
            break;
        }
        if (n == 0) {
            if (raw.zerr != Z_OK) {   /* Z_BUF_ERROR: the gzip stream stops early */
                buf_printf(err, "%s:%ld: truncated or corrupt gzip data", path, r.line);
                rc = -1;
                break;
            }
            eof = 1;
        }
        if (o->progress && st.st_size > 0)   /* compressed bytes consumed, for gzip too */
            o->progress(o->progress_ctx, (double)raw.raw_bytes / (double)st.st_size);
        char *s = block;
        size_t len = (size_t)n;
        if (at_bof && len) {
            at_bof = 0;
            const char *enc = foreign_bom((const unsigned char *)s, len);
            if (enc) {
                buf_printf(err, "%s: the file is %.6s text (it starts with a %s byte-order mark); save it as UTF-8, "
                                "e.g. iconv -f %s -t UTF-8", path, enc, enc, enc);
                rc = -1;
                break;
            }
            while (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; len -= 3; }   /* one BOM, or several */
        }
        len = unify_line_ends(s, len, &prev_cr);
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
            char *nl = len ? memchr(s, '\n', len) : NULL;
            size_t seg;
            if (nl) seg = (size_t)(nl - s) + 1;
            else if (eof) seg = len;
            else {
                if (buf_try_add(&pending, s, len) < 0) r.oom = r.stop = 1;
                break;
            }
            char *line = s;
            size_t linelen = seg;
            if (pending.len) {
                if (buf_try_add(&pending, s, seg) < 0) { r.oom = r.stop = 1; break; }
                line = pending.s;
                linelen = pending.len;
            }
            s += seg;
            len -= seg;
            if (!linelen) { if (eof) break; else continue; }
            if (!sep_ready) {
                /* before the first record: comment lines, then the header */
                if (o->skip_comments && line[0] == '#' && r.line != o->hash_header_line) {
                    comments++;
                    r.line++;
                    pending.len = 0;
                    continue;
                }
                if (!sep) sep = detect_sep(line, linelen, path);
                r.sep = sep;
                sep_ready = 1;
            }
            if (!r.in_record && !memchr(line, '"', linelen)) {
                if (line == pending.s && buf_try_add(&pending, "", 0) < 0) { r.oom = r.stop = 1; break; }
                r.rec_line = r.line;
                fast_record(&r, line, linelen, sep);
            } else {
                quoted_line(&r, line, linelen);
                if (r.stop && !r.oom && err->len) rc = -1;
            }
            if (nl) r.line++;
            pending.len = 0;
            if (o->cancel && *o->cancel && (r.line & 1023) == 0) { rc = -2; r.stop = 1; }
        }
    }
    if (!r.stop && rc == 0) {
        if (o->cancel && *o->cancel) rc = -2;
        else if (quoted_finish(&r) < 0) rc = -1;
    }
    if (rc == 0 && r.stop) rc = -1;   /* out of memory, or the callback stopped the read and wrote the message */
    if (rc == 0) quote_warnings(&r, o->warnings);
    if (info) {
        info->sep = sep ? sep : ',';
        info->comment_lines = comments;
        info->records = r.records;
        info->lines = r.line;
        info->multiline = r.multiline;
        info->multiline_first = r.ml_first;
        info->oom = r.oom;
        if (rc == 0) {   /* the whole file was read: its checksum */
            sha256_final_hex(&raw.sha, info->sha256);
            info->bytes = raw.raw_bytes;
        }
    }
    raw_close(&raw);
    free(block);
    buf_free(&pending);
    buf_free(&r.data);
    buf_free(&r.aq_raw);
    buf_free(&r.aq_read);
    buf_free(&r.mq_raw);
    free(r.offs);
    free(r.ptrs);
    /* the message last, once the buffers are given back */
    if (r.oom && !err->len) buf_printf(err, "out of memory while reading %s (line %ld)", path, r.line);
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
