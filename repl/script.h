/* script.h — running commands: one line, a stream, a file (`-f`, `run`). */
#ifndef RGX_SCRIPT_H
#define RGX_SCRIPT_H
#include <stdio.h>
#include "repl/session.h"

/* Run one logical line (';' may separate several commands), $1, $2…
 * standing for the running script's arguments, each as (part of) one word
 * (lex_line_args; at the prompt $N is text).  A line over 1 MB is refused.
 * Stops at the line's first failing command.  Returns 0, or 1 when a
 * command failed. */
int exec_line(Session *s, const char *line);

/* Run the commands of stream f, named name in messages.  A line ending in
 * '\' continues on the next.  Stops at the first error unless keep_going,
 * and always at a NUL byte or a line over 1 MB (not a command file).
 * Returns 0, or 1 when any command failed. */
int run_stream(Session *s, FILE *f, const char *name, int keep_going);

/* Run file path with arguments args (for $1…); saves and restores the
 * caller's position and arguments (SQLite's .read).  Returns 0 or 1. */
int run_file(Session *s, const char *path, char *const *args, size_t nargs, int keep_going);
#endif
