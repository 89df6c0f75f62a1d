/* commands.h — the command table generated from commands.def (commands,
 * their sub-commands and the plot kinds), and the dispatcher. */
#ifndef RGX_COMMANDS_H
#define RGX_COMMANDS_H
#include "plots/figures.h"
#include "repl/args.h"
#include "repl/lexer.h"
#include "repl/session.h"

/* What a command's words are: dispatch ignores these; completion and the
 * help use them. */
enum {
    CF_TABLE = 1,     /* the first word names a table (or result); without CF_COLS, every word does */
    CF_FILE = 2,      /* the first word is a file path */
    CF_HIDDEN = 4,    /* not listed by help */
    CF_RAW = 8,       /* no options: key=value words are text (expressions) */
    CF_COLS = 16,     /* the words are column references (of the table of CF_TABLE, or `in T`, or any) */
    CF_RESULT = 32,   /* the first word names a result (of the kinds in `accepts`, when given) */
    CF_SUBOPT = 64,   /* a parent whose first word may be a sub-command or not (roc) */
    CF_TO_TABLE = 128, /* `to T` names a table, not a file (assign) */
    CF_NOJOURNAL = 256 /* looks at the session only: not in the journal or the report (help, tables, journal…) */
};

typedef int (*CmdFn)(Session *s, Args *a);

/* The options every plot kind takes, after those of its PLOT line (the
 * expansion of PLOT in commands.c appends them, so a new kind has them
 * without listing them; repl/cmd_plot.c reads them into FigureOpts). */
#define PLOT_COMMON_OPTIONS "title,xlabel,ylabel"
#define PLOT_OPTIONS(options) (sizeof(options) > 1 ? options "," PLOT_COMMON_OPTIONS : PLOT_COMMON_OPTIONS)

typedef struct Command {
    const char *parent;     /* NULL for a command; the command's name for a sub-command */
    const char *name;       /* what the user types (after the parent for a sub-command) */
    CmdFn fn;               /* the handler: 0 ok, 1 failed (already reported) */
    int min, max;           /* positional words allowed after the name (max -1: any) */
    unsigned flags;         /* CF_* */
    const char *usage;      /* one-line usage, the whole of it (with the parent's name) */
    const char *summary;    /* one-line help */
    const char *options;    /* accepted option keys, comma-separated; key=a|b|c declares the values */
    const char *help;       /* long help */
    const char *accepts;    /* plot kinds: result kinds drawn ("km", "corr|screen"), "columns"; else NULL */
    FigureFn figure;        /* plot kinds: the figure function of plots/; else NULL */
} Command;

#define CMD(name, fn, min, max, flags, usage, summary, options, help) int fn(Session *s, Args *a);
#define SUB(parent, name, fn, min, max, flags, usage, summary, options, help) int fn(Session *s, Args *a);
#define PLOT(name, accepts, figure, min, max, flags, usage, summary, options, help)
#include "repl/commands.def"
#undef CMD
#undef SUB
#undef PLOT
int cmd_plot_kind(Session *s, Args *a);

extern const Command COMMANDS[];
extern const size_t NCOMMANDS;

/* The command called name (case-insensitive), or NULL; never a sub-command. */
const Command *command_find(const char *name);
/* The sub-command name of parent (case-insensitive), or NULL. */
const Command *command_sub(const Command *parent, const char *name);
/* Does c have sub-commands? */
int command_has_subs(const Command *c);
/* The full name of c: "load table", or "km".  Static storage. */
const char *command_fullname(const Command *c, char *buf, size_t len);

/* Is key an option of c?  *choices (may be NULL) gets its declared values
 * "a|b|c" and *nchoices their length, or NULL/0 when none are declared. */
int command_option(const Command *c, const char *key, const char **choices, size_t *nchoices);
/* Does the '|' list kinds hold kind (case-sensitive)? */
int kind_in_list(const char *kinds, const char *kind);

/* Check arity and options, then run the handler.  Returns 0 or 1. */
int command_dispatch(Session *s, const LexCmd *c);

/* The COMMANDS section of the man page (roff), from the table: what
 * `rgx --commands-synopsis` prints and `make man` puts into manual/rgx.1. */
void command_synopsis_roff(Out *o);
#endif
