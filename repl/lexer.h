/* lexer.h — split a command line into commands and words (COMMANDS.md
 * "Lexical rules"): ';' separates commands, '#' at the start of a word
 * starts a comment (as in a shell: inside a word, as in run#1.csv, it is
 * a character), blanks separate words, "double" or 'single' quotes make a
 * word with blanks (backslash escapes \" and \\ inside double quotes). */
#ifndef RGX_LEXER_H
#define RGX_LEXER_H
#include <stddef.h>
#include "io/util.h"

typedef struct Word {
    char *text;         /* the word, quotes removed */
    size_t off;         /* where it starts in the command's raw text */
    int quoted;         /* it contained a quote */
    int opt_split;      /* for key=value: offset of '=' in text, else -1 */
    int from_arg;       /* it holds a script argument ($1…) */
} Word;

typedef struct LexCmd {
    char *raw;          /* the command's text, comment removed, $N as values (see lex_line_args) */
    Word *w;            /* its words */
    size_t n;           /* how many */
} LexCmd;

/* Lex line into *cmds (empty commands are skipped).  Returns 0, or -1 with
 * a message in err (an unterminated quote).  $N is left as written. */
int lex_line(const char *line, LexCmd **cmds, size_t *ncmd, Buf *err);

/* The same with a script's arguments (args->v[0] is $1): $N outside a
 * comment — in a word or inside quotes — is replaced by argument N as
 * text of the word it is in, never as command text: a blank, a quote,
 * ';', '#' or '=' in it stays part of that one word (as "$1" in a
 * shell), an argument that is empty still makes a word, and a word whose
 * key= part came from an argument is never an option (id=$1 is one).  In
 * the command's raw text (the expressions of filter and derive) the
 * argument is one value: a number or a plain name as itself, other text
 * as a quoted string (escaped inside quotes, as is inside `backquotes`).
 * \$ is a dollar sign.  A $N beyond the arguments, or $0, is an error. */
int lex_line_args(const char *line, const StrList *args, LexCmd **cmds, size_t *ncmd, Buf *err);
void lex_free(LexCmd *cmds, size_t n);

/* Does the line end inside a quote, or with a continuation backslash
 * outside a comment?  (Used by the prompt to ask for more.) */
int lex_needs_more(const char *line);
/* Where line's comment starts: the first '#' at the start of a word
 * (after the line's start, a blank or ';') outside quotes; NULL for none. */
const char *lex_comment(const char *line);
#endif
