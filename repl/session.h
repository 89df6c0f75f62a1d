/* session.h — the session: named tables, settings, the output sinks, the
 * script position used by error messages, and the cancel flag. */
#ifndef RGX_SESSION_H
#define RGX_SESSION_H
#include <signal.h>
#include <stdio.h>
#include "io/table.h"
#include "io/util.h"

/* An output sink (gretl's PRN): a stream, or a memory buffer for tests. */
struct Capture;

typedef struct Out {
    FILE *fp;           /* the stream, or NULL */
    Buf *mem;           /* the buffer when fp is NULL */
    struct Capture *cap;    /* a copy of everything written goes here too (the running command's, for the report), or NULL */
    int cap_err;        /* this is the messages' sink: its copy is marked as messages */
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

/* A command's result as one unit (DESIGN.md "The data model").
 *
 * The session's flat list of tables stays the store: a result's main
 * table is the table called NAME, its parts the tables NAME.PART, and the
 * Result records the kind, the parameters and which parts it owns (by
 * name: a part edited in place, `filter k.curve where … as k.curve`…, stays
 * the result's).  Storing a result under a name removes everything the old
 * name owned, so a part the new run does not make cannot outlive it;
 * `drop NAME` removes the whole; `drop NAME.PART` one part.  A plain table
 * stored over a result's name removes the result whole; one stored over a
 * part's name takes the part's place and the result forgets it. */
typedef struct Result {
    char *name;                 /* its name: the main table's */
    const char *kind;           /* "km", "cox", "roc", "roc compare", "coords", "consensus", "corr", … (static) */
    char *command;              /* the command that made it, as typed */
    StrList pkey, pval;         /* its parameters: inputs and options, key=value, in order */
    StrList parts;              /* the parts it owns, by suffix: "curve" for NAME.curve */
    Table **pending;            /* while being built: the tables to store, main first (owned) */
    size_t npending;
} Result;

/* A new result of kind (a static string) with main table t (taken: its
 * name is the result's).  made_by: the command's text (a->raw), or NULL. */
Result *result_new(const char *kind, Table *t, const char *made_by);
/* Add part t (taken), named NAME.PART: its table's name must be the
 * result's name, a dot and the part's name. */
void result_add(Result *r, Table *t);
/* Record a parameter (key=value); val NULL records nothing. */
void result_param(Result *r, const char *key, const char *val);
void result_paramf(Result *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The value of parameter key, or NULL. */
const char *result_get_param(const Result *r, const char *key);
/* The parameters as text: key=value key="two words" … (caller frees). */
char *result_params_text(const Result *r);
void result_free(Result *r);

typedef struct Session {
    Out out;                    /* results */
    Out err;                    /* errors, warnings, notes, progress */
    Table **tables;             /* the session's tables, owned */
    size_t ntab, captab;        /* how many, slots */
    Result **results;           /* the results: which tables form a unit (see Result), owned */
    size_t nres, capres;        /* how many, slots */
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
    int dispatching;            /* commands running (run FILE dispatches inside a command) */
    StrList args;               /* $1, $2… of the running script */
    int quit;                   /* quit was asked for */
    volatile sig_atomic_t *cancel;  /* set by Ctrl-C; polled by long loops */
    int tty_err;                /* stderr is a terminal (progress bars) */
    int nplot;                  /* figures made without `to` (plot1, plot2…) */
    int provenance;             /* set provenance=: PROV_OFF, PROV_SIDECAR (default) or PROV_HEADER */
    struct Record *rec;         /* the journal, the report's record of each command, provenance (repl/record.h) */
    StrList said;               /* notes printed once per session (session_once) */
} Session;

enum { PROV_OFF, PROV_SIDECAR, PROV_HEADER };

Session *session_new(void);
void session_free(Session *s);
/* 1 the first time key is asked for in this session, then 0: for notes
 * (a test's definition) printed once, not at every command. */
int session_once(Session *s, const char *key);
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
 * is replaced (and freed) in its place: a part stays its result's.  The
 * low-level put (in-place edits); commands store with session_store or
 * session_store_result.  Returns 1 when it replaced one. */
int session_put(Session *s, Table *t);
/* Store t, a plain table (a load, a join, `as NAME`), taking ownership:
 * whatever owned the name goes first — a result whole, or a part, which
 * its result forgets.  What was replaced is said in *what ("the previous
 * table x", "the previous km result k and its parts k.curve, k.test";
 * caller frees; NULL when nothing was). */
void session_store(Session *s, Table *t, char **what);
/* Store result r (taken) with its tables: everything the name owned goes
 * first (the old result whole, with every part this run does not make),
 * then the tables are stored and r registered.  *what as session_store. */
void session_store_result(Session *s, Result *r, char **what);
/* Add table t (taken), named R.PART, as a part of the existing result R
 * (roc compare's R.compare, coords' R.coords); replaces that part.
 * Returns 0, or -1 (t freed) when R is not a result. */
int session_add_part(Session *s, const char *result, Table *t, char **what);
/* Remove and free table name — a result with all its parts, or one part
 * (which its result forgets); returns 0 when there was none. */
int session_drop(Session *s, const char *name);

/* The result called name (its main table's name), or NULL. */
Result *session_result(Session *s, const char *name);
/* The result that owns table name (as its main table or a part), or NULL;
 * *part (may be NULL) gets the part's suffix, or NULL for the main table. */
Result *session_owner(Session *s, const char *name, const char **part);
/* The table of part of r, or NULL when r has no such part. */
Table *result_part(Session *s, const Result *r, const char *part);
/* A fresh default name: prefix1, prefix2… not in use.  Caller frees. */
char *session_new_name(Session *s, const char *prefix);

/* Has Ctrl-C been pressed since the command started? */
int session_cancelled(const Session *s);
/* A path inside the output directory (unless path is absolute).  Caller frees. */
char *session_out_path(const Session *s, const char *path);
#endif
