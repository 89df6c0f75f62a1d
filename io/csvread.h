/* csvread.h — stream the records of a delimited text file.
 *
 * Reads plain or gzip-compressed files (zlib inflates), hashing the
 * file's bytes with SHA-256 as they are read (CsvInfo), drops UTF-8
 * BOMs (one or repeated), refuses UTF-16 and UTF-32 (named, with the iconv
 * line), skips '#' comment lines before the first record, detects the
 * separator (comma, tab or semicolon) from the first record, takes LF,
 * CRLF and CR alone as line ends (as R does, in any mix), accepts quoted
 * fields with embedded separators, doubled quotes and newlines, and
 * reports every problem as "FILE:LINE[:COLUMN]: message".
 *
 * Quotes, as R's read.csv reads them where that is safe:
 *  - a field that opens with a quote and has text after its closing quote
 *    on the same line (`"GBM" recurrent`, `"1"2`) is read as R reads it,
 *    the parts joined (`GBM recurrent`, `12`), and warned about with the
 *    line and column;
 *  - when such a field spans lines (a stray quote that swallowed the rows
 *    after it) the read stops with the line and column: rows are never
 *    merged silently;
 *  - a quote inside an unquoted field (`ab"cd`) is kept as a character,
 *    with a warning (R would open a quoted field there and merge lines). */
#ifndef RGX_CSVREAD_H
#define RGX_CSVREAD_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "io/rawin.h"
#include "io/util.h"

typedef struct CsvBulk CsvBulk;

typedef struct CsvOpts {
    int sep;                        /* ',', '\t', ';' or 0 to detect */
    int skip_comments;              /* skip '#' lines before the first record */
    long hash_header_line;          /* with skip_comments: this '#' line (1-based) is the header, not a
                                       comment (its '#' kept in the first name); 0: none (see csv_head) */
    volatile sig_atomic_t *cancel;  /* polled; non-zero stops the read */
    void (*progress)(void *ctx, double frac);   /* told the fraction read, or NULL */
    void *progress_ctx;             /* its context */
    StrList *warnings;              /* where quoting warnings go (without the path), or NULL */
    const CsvBulk *bulk;            /* bulk mode (below), or NULL */
    int threads;                    /* bulk mode's worker threads; 0: rawpipe_default_threads() */
} CsvOpts;

typedef struct CsvInfo {
    int sep;                /* the separator used */
    long comment_lines;     /* '#' lines skipped before the first record */
    long records;           /* records delivered (header included) */
    long lines;             /* physical lines read */
    long multiline;         /* quoted fields that hold a line break */
    long multiline_first;   /* the line where the first of them starts */
    int oom;                /* 1: the read failed for want of memory */
    char sha256[65];        /* the SHA-256 of the file's bytes (compressed, for gzip), when the read succeeded */
    unsigned long long bytes;   /* the file's size: the bytes read (when it succeeded) */
    long bulk_records;          /* of the records, those parsed in bulk mode */
} CsvInfo;

/* Called once per record with its nfield NUL-terminated fields (the
 * callee may modify them in place) and the line the record starts on.
 * Return 0 to go on; non-zero stops the read (the callee has written
 * its message into err, or left it empty after setting its own flag). */
typedef int (*CsvRecordFn)(void *ctx, char **fields, size_t nfield, long line, Buf *err);

/* Bulk mode.  Once the consumer has seen the records it needs one by one
 * (the header, the first rows: ready() says so, asked after each record
 * fn took), the rest of the file's chunks (io/rawin.h) are parsed by
 * worker threads (parse, any order, in parallel) and their results taken
 * in file order on the calling thread (commit).  A chunk that parse
 * refuses (returns NULL: a quote, a lone CR, a NUL byte, a row it cannot
 * take) or that commit sends back goes through fn record by record, as
 * without bulk mode, with the same line numbers: the result is the same
 * either way (tests/unit/test_bulk.c compares the two).  parse and commit
 * see the chunk's text with the separator fixed by the header. */
typedef struct CsvBulkPos {
    long line;                  /* the line the chunk starts on */
    double text_done;           /* text bytes up to the chunk's end */
    double text_total;          /* the file's text bytes, estimated (gzip: from the compressed bytes) */
} CsvBulkPos;

struct CsvBulk {
    int (*ready)(void *ctx);    /* the calling thread: may the chunks after this one go in bulk? */
    void *(*parse)(void *ctx, const TextChunk *c, int sep);     /* a worker: the chunk's rows, or NULL */
    /* the calling thread, in file order: 0 taken (res is the consumer's
       again), 1 send the chunk through fn instead (res freed), -1 an
       error (message in err, res freed); *records gets the rows taken */
    int (*commit)(void *ctx, void *res, const CsvBulkPos *pos, long *records, long *lines, Buf *err);
    void (*discard)(void *ctx, void *res);   /* a result not committed */
};

/* The records of a chunk in bulk mode, for parse: fields split at sep,
 * blanks (spaces; tabs unless the separator) trimmed, blank lines
 * skipped, CRLF taken as a line end — as csv_read's record path.  Fields
 * are (pointer, length) pairs into the text, not NUL-terminated.
 *
 * Where the caller expects numbers (dst), a field that is a plain decimal
 * number — as io/numparse.h's num_scan reads it, the same bits as
 * num_parse — goes straight into the caller's row, out[dst[j]], as the
 * text is split; the other fields (text, or anything else in a number's
 * place: "NA", "1e400x", a quote…) are listed in other, with their
 * pointer and length in f and fl, for the caller to read as it would. */
#define CSV_TEXT UINT32_MAX     /* dst[j] of a field not read as a number */
typedef struct CsvRows {
    const char *p, *end;        /* what is left of the text */
    const char *text0;          /* the chunk's text */
    int sep;                    /* the separator */
    const uint32_t *dst;        /* per field: its place in out, or CSV_TEXT; NULL: no numbers read */
    size_t ndst;                /* fields dst covers (the rest are text) */
    size_t run0, run_end, run_out;  /* when dst is text up to run0, then run0 → run_out, run0 + 1 → run_out + 1, …
                                       up to run_end (the usual layout): these; run_end 0 otherwise */
    double *out;                /* the caller's row for the next record's numbers (set before each call) */
    const char **f;             /* the fields of other: their text */
    size_t *fl;                 /* and length */
    size_t *other;              /* the fields not read into out, in order */
    size_t nother;              /* how many */
    double *val;                /* the portable path's numbers */
    unsigned char *kind;        /* the portable path's: dst[j] != CSV_TEXT */
    size_t cap;                 /* slots in f, fl, other and val */
    long lines;                 /* line ends passed */
    int simd;                   /* the separators found 64 bytes at a time (AVX2) */
    int primed;                 /* simd: the first block was read */
    size_t boff;                /* simd: the offset of the current 64-byte block */
    uint64_t st;                /* simd: its separators and line ends not passed yet */
} CsvRows;

/* dst (ndst fields) may be NULL: every field is then in other. */
void csv_rows_init(CsvRows *it, const TextChunk *c, int sep, const uint32_t *dst, size_t ndst);
/* The next record's field count, 0 at the end of the chunk, -1 when the
 * text needs the record path (a quote, a CR that does not end a line, a
 * NUL byte) or memory ran out.  it->out must have room for the record's
 * numbers (it is written only where dst says). */
long csv_rows_next(CsvRows *it);
void csv_rows_free(CsvRows *it);
/* Bulk mode for the whole process: 0 off, 1 on (the default), 2 on
 * without the AVX2 separator search (the portable code); for the tests
 * that compare them.  Returns the previous setting. */
int csv_bulk_enable(int on);
/* The setting csv_bulk_enable made (for io/csvrows.c). */
int csv_bulk_mode(void);

/* Read path, calling fn per record.  Returns 0 on success, -1 on error
 * (message in err, starting with the path), -2 when cancelled. */
int csv_read(const char *path, const CsvOpts *o, CsvRecordFn fn, void *ctx, CsvInfo *info, Buf *err);

/* The separator's name for messages: "comma", "tab", "semicolon". */
const char *csv_sep_name(int sep);

/* The first lines of path as csv_read sees them (gzip read, byte-order
 * marks dropped, CR and CRLF made LF), without their line ends: at most
 * maxlines lines, from at most maxbytes bytes (a last line cut there is
 * left out).  For a caller that must look ahead before reading (is a '#'
 * line the header?).  Returns the number of lines, -1 when the file
 * cannot be read (nothing in lines). */
long csv_head(const char *path, size_t maxlines, size_t maxbytes, StrList *lines);
/* The separator csv_read would detect from this first record. */
int csv_detect_sep(const char *line, const char *path);
/* The fields of one line split at sep, quotes removed ("" is a quote);
 * -1 when a quoted field is left open at the end of the line. */
long csv_split_line(const char *line, int sep, StrList *fields);
#endif
