/* commands.h — the command table generated from commands.def, and the
 * dispatcher. */
#ifndef RGX_COMMANDS_H
#define RGX_COMMANDS_H
#include "repl/args.h"
#include "repl/lexer.h"
#include "repl/session.h"

enum {
    CF_TABLE = 1,   /* the first word is a table name (completion) */
    CF_FILE = 2,    /* takes a file path (completion) */
    CF_HIDDEN = 4,  /* not listed by help */
    CF_RAW = 8,     /* no options: key=value words are text (expressions) */
};

typedef int (*CmdFn)(Session *s, Args *a);

typedef struct Command {
    const char *name;       /* what the user types */
    CmdFn fn;               /* the handler: 0 ok, 1 failed (already reported) */
    int min, max;           /* positional words allowed (max -1: any) */
    unsigned flags;         /* CF_* */
    const char *usage;      /* one-line usage */
    const char *summary;    /* one-line help */
    const char *options;    /* accepted option keys, comma-separated */
    const char *help;       /* long help */
} Command;

#define CMD(name, fn, min, max, flags, usage, summary, options, help) int fn(Session *s, Args *a);
#include "repl/commands.def"
#undef CMD

int cmd_roc_compare(Session *s, Args *a);

extern const Command COMMANDS[];
extern const size_t NCOMMANDS;

/* The command called name (case-insensitive), or NULL. */
const Command *command_find(const char *name);
/* Check arity and options, then run the handler.  Returns 0 or 1. */
int command_dispatch(Session *s, const LexCmd *c);
#endif
