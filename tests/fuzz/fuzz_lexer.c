/* fuzz_lexer.c — the command lexer: quotes, comments, ';', '\' line
 * continuation, key=value, ranges, lists; then again with script
 * arguments that hold quotes, ';', '#', '=', '$1' and nothing, so that $N
 * is substituted (as one word, and as one value in the raw text). */
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
    StrList args = {0};
    static const char *const argv[] = {"a\" b;c#d", "", "id=x", "$1 `x` 'y' \\\"", "-1.5e3", "not"};
    for (size_t i = 0; i < sizeof argv / sizeof *argv; i++) strlist_add(&args, argv[i]);
    err.len = 0;
    if (lex_line_args(s, &args, &cmds, &n, &err) == 0) lex_free(cmds, n);
    strlist_free(&args);
    buf_free(&err);
    free(s);
    return 0;
}
