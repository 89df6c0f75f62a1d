/* fuzz_lexer.c — the command lexer: quotes, comments, ';', '\' line
 * continuation, key=value, ranges, lists, $N (no substitution here). */
#include "fuzz_common.h"
#include "repl/lexer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_text(data, size);
    if (!s) return 0;
    (void)lex_needs_more(s);
    LexCmd *cmds = NULL;
    size_t n = 0;
    Buf err = {0};
    if (lex_line(s, &cmds, &n, &err) == 0) lex_free(cmds, n);
    buf_free(&err);
    free(s);
    return 0;
}
