/* lexer.h — split a command line into commands and words (COMMANDS.md
 * "Lexical rules"): ';' separates commands, '#' starts a comment, blanks
 * separate words, "double" or 'single' quotes make a word with blanks
 * (backslash escapes \" and \\ inside double quotes). */
#ifndef RGX_LEXER_H
#define RGX_LEXER_H
#include <stddef.h>
#include "io/util.h"

typedef struct Word {
    char *text;         /* the word, quotes removed */
    size_t off;         /* where it starts in the command's raw text */
    int quoted;         /* it contained a quote */
    int opt_split;      /* for key=value: offset of '=' in text, else -1 */
} Word;

typedef struct LexCmd {
    char *raw;          /* the command's text, comment removed */
    Word *w;            /* its words */
    size_t n;           /* how many */
} LexCmd;

/* Lex line into *cmds (empty commands are skipped).  Returns 0, or -1 with
 * a message in err (an unterminated quote). */
int lex_line(const char *line, LexCmd **cmds, size_t *ncmd, Buf *err);
void lex_free(LexCmd *cmds, size_t n);

/* Does the line end inside a quote, or with a continuation backslash?
 * (Used by the prompt to ask for more.) */
int lex_needs_more(const char *line);
#endif
