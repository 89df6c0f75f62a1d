/* args.h — a command's arguments: positional words and key=value
 * options, with the shared option parsers (STYLE.md: one option parser,
 * never re-written per command).  A getter that meets a bad value records
 * the first error; args_failed() reports it. */
#ifndef RGX_ARGS_H
#define RGX_ARGS_H
#include <stddef.h>
#include "repl/lexer.h"
#include "repl/session.h"

struct Command;

typedef struct Args {
    const char *name;       /* the command's name for messages: "km", "load table" */
    const char *raw;        /* the command's whole text */
    char **pos;             /* positional words after the command name */
    size_t *off;            /* where each starts in raw */
    size_t npos;            /* how many */
    char **key, **val;      /* options, keys lower-cased */
    size_t nopt;            /* how many */
    Buf err;                /* the first bad option value */
    StrList taken;          /* words taken by args_take_kw */
    StrList taken_kw;       /* the keyword of each (in, by, as…), lower-case */
    const struct Command *cmd;  /* its entry in the command table (NULL in unit tests) */
    const char *usage;      /* its usage line, from the table ("" when none) */
    const char *options;    /* its declared options, from the table ("" when none) */
    char *fullname;         /* owned storage of name for a sub-command */
} Args;

/* Build from a lexed command (word 0 is the command name).  With raw,
 * key=value words stay positional (for expressions and echo). */
void args_init(Args *a, const LexCmd *c, int raw);
/* The same for the words from first on (2 for a sub-command: `load table
 * FILE` has FILE as its first positional), the command being cmd (its
 * name, usage and options), named name. */
void args_init_cmd(Args *a, const LexCmd *c, size_t first, int raw, const struct Command *cmd, const char *name,
                   const char *usage, const char *options);
void args_free(Args *a);

/* The raw value of option key, or NULL. */
const char *args_opt(const Args *a, const char *key);
double args_get_double(Args *a, const char *key, double def, double lo, double hi);
long args_get_int(Args *a, const char *key, long def, long lo, long hi);
int args_get_bool(Args *a, const char *key, int def);
/* One of choices ("a|b|c", case-insensitive); returns the matching
 * choice's index, def when absent.  choices NULL: the values the command
 * table declares for key (options "key=a|b|c"). */
int args_get_choice(Args *a, const char *key, int def, const char *choices);
/* a..b (or a single number) within lo..hi. */
void args_get_range(Args *a, const char *key, long *from, long *to, long lo, long hi);

/* Remove "KW WORD" from the positionals and return WORD (owned by a), or
 * NULL when KW is not there.  A KW with nothing after it is an error. */
const char *args_take_kw(Args *a, const char *kw);

/* Report the first recorded error (with the command's name) and return 1;
 * 0 when there is none. */
int args_failed(Session *s, Args *a);
/* Report "NAME: usage: USAGE" (the usage line of the command table) and
 * return 1. */
int args_usage(Session *s, const Args *a);
#endif
