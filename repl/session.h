/* session.h — the session: named tables, settings, the output sinks, the
 * script position used by error messages, and the cancel flag. */
#ifndef RGX_SESSION_H
#define RGX_SESSION_H
#include <signal.h>
#include <stdio.h>
#include "io/table.h"
#include "io/util.h"

/* An output sink (gretl's PRN): a stream, or a memory buffer for tests. */
typedef struct Out {
    FILE *fp;           /* the stream, or NULL */
    Buf *mem;           /* the buffer when fp is NULL */
} Out;

void out_printf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_puts(Out *o, const char *s);
/* The one sanitiser of text that came from data: control characters (C0,
 * DEL, and C1 written as UTF-8: an escape sequence in a CSV cell) become
 * '?', except a newline and a tab when keep_lines says so (messages keep
 * their lines).  In place; returns the new length (a C1 pair shrinks). */
size_t text_scrub(char *s, size_t len, int keep_lines);
/* s, which came from data (a level, a name), with its control characters
 * shown as '?': the sanitiser rgx_error/rgx_warn use too. */
void out_text(Out *o, const char *s);

/* out_printf for a line that quotes values from a file: the text made is
 * passed through text_scrub (line ends and tabs kept). */
void out_data_printf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct Session {
    Out out;                    /* results */
    Out err;                    /* errors, warnings, notes, progress */
    Table **tables;             /* the session's tables, owned */
    size_t ntab, captab;        /* how many, slots */
    /* settings (set …) */
    unsigned long seed;         /* random seed */
    int threads;                /* worker threads for parallel work */
    int digits;                 /* significant digits in printed numbers */
    int timer;              /* set timer=on: print each command's time */
    int keep_going;         /* --keep-going: a failed command does not stop the rest of its line */
    char *outdir;               /* where plots and saved files go */
    char *plot;                 /* plot format: png svg pdf dumb window */
    /* where commands come from, for messages */
    const char *file;           /* script name, NULL at the prompt and for -e */
    long line;                  /* line in that script */
    int interactive;            /* reading from the prompt */
    int depth;                  /* nesting of `run` */
    StrList args;               /* $1, $2… of the running script */
    int quit;                   /* quit was asked for */
    volatile sig_atomic_t *cancel;  /* set by Ctrl-C; polled by long loops */
    int tty_err;                /* stderr is a terminal (progress bars) */
    int nplot;                  /* figures made without `to` (plot1, plot2…) */
} Session;

Session *session_new(void);
void session_free(Session *s);
/* set threads=N: rgx's worker threads and OpenBLAS's pool. */
void session_set_threads(Session *s, int n);

/* Errors and warnings, prefixed "FILE:LINE: error: " in scripts and
 * "error: " at the prompt. */
void rgx_error(Session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rgx_warn(Session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Table registry.  session_table reports "no table 'x' (did you mean y?)"
 * and returns NULL when missing. */
Table *session_find(Session *s, const char *name);
Table *session_table(Session *s, const char *name);
/* Store t under its name, taking ownership; an existing table of that name
 * is replaced (and freed).  Returns 1 when it replaced one. */
int session_put(Session *s, Table *t);
/* Remove and free table name; returns 0 when there was none. */
int session_drop(Session *s, const char *name);
/* A fresh default name: prefix1, prefix2… not in use.  Caller frees. */
char *session_new_name(Session *s, const char *prefix);

/* Has Ctrl-C been pressed since the command started? */
int session_cancelled(const Session *s);
/* A path inside the output directory (unless path is absolute).  Caller frees. */
char *session_out_path(const Session *s, const char *path);
#endif
