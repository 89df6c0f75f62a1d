/* loader.h — the state of `load table`'s reader (io/load_table.c),
 * shared with its bulk mode (io/load_table_bulk.c: the rows after the
 * first two, parsed by worker threads).  Private to those two files. */
#ifndef RGX_LOADER_H
#define RGX_LOADER_H
#include <stddef.h>
#include <stdint.h>
#include "io/csvread.h"
#include "io/load_table.h"

enum { T_AUTO, T_NUM, T_STR };

typedef struct Loader {
    const char *path;           /* for messages */
    const LoadOpts *o;          /* options */
    char **names;               /* header names (ncol) */
    size_t ncol;                /* columns */
    long header_line;           /* line of the header */
    int *forced;                /* per column T_AUTO/T_NUM/T_STR from the header or pass 1 */
    int *type;                  /* current type */
    unsigned char *had_num;     /* the column has stored a number */
    double **num;               /* numeric storage */
    char ***str;                /* text storage */
    size_t nrow, cap;           /* rows stored, rows allocated */
    int second_pass_needed;     /* a column holding numbers became text */
    int rownames;               /* header one short: first column is row names */
    int force_rownames;         /* a row had a value past the header: R's row names, not a trailing separator */
    int retry_rownames;         /* set to read again with force_rownames */
    int trail;                  /* rows have one empty field more than the header (a trailing separator): dropped */
    long trail_rows;            /* rows whose empty last field was dropped */
    int last_name_empty;        /* the header ends with a separator (its last name is empty) */
    long idcol;                 /* key column, -1 */
    StrList *warn;              /* where warnings go */
    char **held;                /* the first data record, held until the next shows
                                   whether they are TCGA BCR header lines */
    size_t nheld;               /* its fields (0: none held) */
    int holding;                /* a record is held */
    long held_line;             /* its line */
    int data_records;           /* data records seen */
    int bcr_headers;            /* 1: two BCR header lines were skipped */
    int oom;                    /* out of memory: the message is written once the data is freed */
    size_t excel_n;             /* cells holding an Excel error value (#NAME?, #DIV/0!…): read as missing */
    long excel_line;            /* the line of the first */
    size_t excel_row;           /* its row */
    size_t excel_lines;         /* lines holding one */
    long excel_last_line;       /* the last such line (to count lines) */
    unsigned excel_kinds;       /* bit k: EXCEL_ERRORS[k] was seen */
    unsigned char *excel_col;   /* ncol: the column holds one (allocated when the first is seen) */
    /* bulk mode (io/csvread.h): the rows after the first two, parsed by worker threads */
    int *btype;                 /* ncol: the types the workers parse with (a copy taken when it began) */
    uint32_t *bdst;             /* ncol: a numeric column's slot (its numbers read on the way), else CSV_TEXT; NULL with na= */
    size_t *bslot;              /* ncol: the column's place among the chunk's numeric (or text) columns */
    size_t bnum, bstr;          /* numeric and text columns */
    int bulk_stale;             /* a column became text since: the chunks go through loader_row */
    size_t *bpop;               /* ncol: the bytes of each column known present (mem_prefault), from its start */
    struct LtPool *bpool;       /* the chunks' buffers, kept for the next chunks (io/load_table_bulk.c) */
} Loader;

/* Grow every column to cap rows (> L->cap).  0, or -1. */
int loader_grow_to(Loader *L, size_t cap);

/* Free bulk mode's buffers (L->bpool). */
void loader_bulk_free(Loader *L);

/* Bulk mode's callbacks (io/csvread.h), for csv_read. */
extern const CsvBulk loader_bulk;
#endif
