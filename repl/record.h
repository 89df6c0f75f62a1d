/* record.h — what the session remembers of each command: the journal
 * (`journal`: the commands that succeeded, replayable), what each printed
 * and wrote (`report`), and the provenance of every file rgx writes (a
 * FILE.prov.json sidecar, see manual/guide.md "Journal, provenance and
 * report").
 *
 * How it hangs together:
 * - script.c's exec_line calls record_begin before each command and
 *   record_end after it; they nest (`run FILE` holds the commands of
 *   FILE, which are recorded one by one: the journal expands `run`);
 * - while a command runs, the session's sinks copy what it prints into
 *   its Capture (Out.cap), and session_find/command_table tell
 *   record_read which tables it read;
 * - record_end gives every table the command made or changed (a table
 *   with a new serial number, or a new shape) the lineage of the tables it
 *   read (io/lineage.h), and keeps the first rows of each for the report;
 * - every file written through io/atomic.h while a command runs gets its
 *   sidecar (atomic hooks installed by record_new), naming the command,
 *   the inputs of what it read, the seed, rgx's version and the date.
 *
 * Dates: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention), when set, is the date of every journal, sidecar and report. */
#ifndef RGX_RECORD_H
#define RGX_RECORD_H
#include <stddef.h>
#include "io/table.h"
#include "io/util.h"
#include "repl/lexer.h"
#include "repl/session.h"

/* A command's printed text, in segments of output and of messages
 * (errors, warnings), in the order they came. */
typedef struct CapSeg {
    size_t start;               /* where it starts in text */
    int err;                    /* 1: messages (stderr) */
} CapSeg;

typedef struct Capture {
    Buf text;                   /* everything printed, in order */
    CapSeg *seg;                /* segments of one kind */
    size_t nseg;                /* how many */
    size_t dropped;             /* bytes not kept (past the bound) */
} Capture;

/* Append len bytes of one kind (err: messages) to c. */
void capture_add(struct Capture *c, int err, const char *s, size_t len);

/* A file a command wrote. */
typedef struct WrittenFile {
    char *path;                 /* as written (in the output directory) */
    unsigned long long size;    /* bytes */
    char sha256[65];            /* its checksum */
    Buf data;                   /* a figure's bytes (png, svg) for the report, else empty */
} WrittenFile;

/* A table a command made or changed: its first rows for the report. */
typedef struct TableHead {
    Table *head;                /* the first rows and columns (owned) */
    size_t nrow, ncol;          /* the table's full size */
} TableHead;

typedef struct Entry {
    char *typed;                /* the command as it ran ($N substituted), for the report */
    char *text;                 /* as the journal records it (replayable; NULL: not recorded) */
    char *where;                /* "FILE:LINE" in a script, or NULL */
    char *name;                 /* the command's full name ("plot km"), or the first word */
    unsigned flags;             /* the command's CF_* */
    int container;              /* run: its commands are entries of their own */
    int depth;                  /* nesting (0: typed at the top) */
    int running, ok;            /* running; succeeded */
    long seed;                  /* the seed it used (seed= or set seed); -1 when it takes none */
    int seed_given;             /* seed= was given */
    Capture cap;                /* what it printed */
    TableHead *made;            /* tables it made or changed */
    size_t nmade;
    WrittenFile *files;         /* files it wrote */
    size_t nfiles;
    Lineage reads;              /* while running: the lineage of the tables it read */
    unsigned long *snap;        /* while running: serial, rows, columns of every table before it */
    size_t nsnap;
} Entry;

typedef struct Record {
    Entry **e;                  /* every command, in the order they started */
    size_t n, cap;
    Entry **stack;              /* the running ones, innermost last */
    size_t depth, capstack;
    int started;                /* the settings below were taken (at the first command) */
    unsigned long seed0;        /* the settings in force when the session's first command ran */
    int threads0, digits0, prov0;
    char *plot0, *outdir0;
    Lineage inputs;             /* every file loaded in the session */
    size_t kept;                /* bytes of captures and figures kept (bounded) */
} Record;

/* The session's record; installs the atomic-write hooks (sidecars). */
struct Record *record_new(Session *s);
void record_free(Session *s, struct Record *r);

/* Around each command (script.c's exec_line): c is the lexed command;
 * rc its status (0 ok). */
void record_begin(Session *s, const LexCmd *c);
void record_end(Session *s, int rc);
/* The running command read table t (session_find, command_table). */
void record_read(Session *s, const Table *t);
/* The running command depends on every file the session loaded (journal, report). */
void record_read_all(Session *s);

/* The journal: a header (rgx's version, the date, the settings at the
 * start), then every command that succeeded and is journaled, as text. */
void record_journal(Session *s, Buf *out);
/* The date of the journal, sidecars and report: SOURCE_DATE_EPOCH or now,
 * as 2024-01-31T12:00:00Z. */
void record_date(char out[32]);
/* A word for the command language: as is when plain, else in double
 * quotes (\" \\ escaped); every '$' as \$ (a replayed script would read
 * $1 as an argument). */
void record_quote_word(Buf *b, const char *w);
/* The comment lines for a figure's .gp script (provenance: the command,
 * its inputs, rgx's version, the seed), or NULL when provenance is off.
 * Caller frees. */
char *record_gp_comment(Session *s);

/* HTML report (repl/report.c): writes the session's report to path.
 * Returns 0, or -1 with the message in err. */
int report_write(Session *s, const char *path, const char *title, Buf *err);
#endif
