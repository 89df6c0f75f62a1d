/* args.h — a command's arguments: positional words and key=value
 * options, with the shared option parsers (STYLE.md: one option parser,
 * never re-written per command).  A getter that meets a bad value records
 * the first error; args_failed() reports it. */
#ifndef RGX_ARGS_H
#define RGX_ARGS_H
#include <stddef.h>
#include "repl/lexer.h"
#include "repl/session.h"

typedef struct Args {
    const char *name;       /* the command name as typed */
    const char *raw;        /* the command's whole text */
    char **pos;             /* positional words after the command name */
    size_t *off;            /* where each starts in raw */
    size_t npos;            /* how many */
    char **key, **val;      /* options, keys lower-cased */
    size_t nopt;            /* how many */
    Buf err;                /* the first bad option value */
    StrList taken;          /* words taken by args_take_kw */
} Args;

/* Build from a lexed command (word 0 is the command name).  With raw,
 * key=value words stay positional (for expressions and echo). */
void args_init(Args *a, const LexCmd *c, int raw);
void args_free(Args *a);

/* The raw value of option key, or NULL. */
const char *args_opt(const Args *a, const char *key);
double args_get_double(Args *a, const char *key, double def, double lo, double hi);
long args_get_int(Args *a, const char *key, long def, long lo, long hi);
int args_get_bool(Args *a, const char *key, int def);
/* One of choices ("a|b|c", case-insensitive); returns the matching
 * choice's index, def when absent. */
int args_get_choice(Args *a, const char *key, int def, const char *choices);
/* a..b (or a single number) within lo..hi. */
void args_get_range(Args *a, const char *key, long *from, long *to, long lo, long hi);

/* Remove "KW WORD" from the positionals and return WORD (owned by a), or
 * NULL when KW is not there.  A KW with nothing after it is an error. */
const char *args_take_kw(Args *a, const char *kw);

/* Report the first recorded error (with the command's name) and return 1;
 * 0 when there is none. */
int args_failed(Session *s, Args *a);
#endif
