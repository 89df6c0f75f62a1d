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
#include "io/util.h"

typedef struct CsvOpts {
    int sep;                        /* ',', '\t', ';' or 0 to detect */
    int skip_comments;              /* skip '#' lines before the first record */
    long hash_header_line;          /* with skip_comments: this '#' line (1-based) is the header, not a
                                       comment (its '#' kept in the first name); 0: none (see csv_head) */
    volatile sig_atomic_t *cancel;  /* polled; non-zero stops the read */
    void (*progress)(void *ctx, double frac);   /* told the fraction read, or NULL */
    void *progress_ctx;             /* its context */
    StrList *warnings;              /* where quoting warnings go (without the path), or NULL */
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
} CsvInfo;

/* Called once per record with its nfield NUL-terminated fields (the
 * callee may modify them in place) and the line the record starts on.
 * Return 0 to go on; non-zero stops the read (the callee has written
 * its message into err, or left it empty after setting its own flag). */
typedef int (*CsvRecordFn)(void *ctx, char **fields, size_t nfield, long line, Buf *err);

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
