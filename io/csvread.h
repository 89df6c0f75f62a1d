/* csvread.h — stream the records of a delimited text file through libcsv.
 *
 * Reads plain or gzip-compressed files (zlib reads both), drops a UTF-8
 * BOM, skips '#' comment lines before the first record, detects the
 * separator (comma, tab or semicolon) from the first record, accepts CRLF,
 * quoted fields with embedded separators and newlines, and reports every
 * problem as "FILE:LINE: message". */
#ifndef RGX_CSVREAD_H
#define RGX_CSVREAD_H
#include <signal.h>
#include <stddef.h>
#include "io/util.h"

typedef struct CsvOpts {
    int sep;                        /* ',', '\t', ';' or 0 to detect */
    int skip_comments;              /* skip '#' lines before the first record */
    volatile sig_atomic_t *cancel;  /* polled; non-zero stops the read */
    void (*progress)(void *ctx, double frac);   /* told the fraction read, or NULL */
    void *progress_ctx;             /* its context */
} CsvOpts;

typedef struct CsvInfo {
    int sep;                /* the separator used */
    long comment_lines;     /* '#' lines skipped before the first record */
    long records;           /* records delivered (header included) */
    long lines;             /* physical lines read */
} CsvInfo;

/* Called once per record with its nfield NUL-terminated fields (the
 * callee may modify them in place) and the line the record starts on.
 * Return 0 to go on; non-zero stops the read (the callee has written
 * its message into err). */
typedef int (*CsvRecordFn)(void *ctx, char **fields, size_t nfield, long line, Buf *err);

/* Read path, calling fn per record.  Returns 0 on success, -1 on error
 * (message in err, starting with the path), -2 when cancelled. */
int csv_read(const char *path, const CsvOpts *o, CsvRecordFn fn, void *ctx, CsvInfo *info, Buf *err);

/* The separator's name for messages: "comma", "tab", "semicolon". */
const char *csv_sep_name(int sep);
#endif
