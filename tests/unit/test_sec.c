/* test_sec.c — issue 14's "no way to run a command": script arguments are
 * words (lex_line_args), never command text; and the expression language
 * has no recursion a hostile expression can drive off the stack (a flat
 * chain of 150,000 terms, a deep unary chain). */
#include "check.h"
#include "io/expr.h"
#include "io/util.h"
#include "repl/args.h"
#include "repl/lexer.h"

static LexCmd *cmds;
static size_t ncmd;
static Buf err;

static int lex(const char *line, const char *const *argv, size_t argc) {
    StrList args = {0};
    for (size_t i = 0; i < argc; i++) strlist_add(&args, argv[i]);
    lex_free(cmds, ncmd);
    cmds = NULL;
    ncmd = 0;
    err.len = 0;
    if (err.s) err.s[0] = '\0';
    int rc = lex_line_args(line, &args, &cmds, &ncmd, &err);
    strlist_free(&args);
    return rc;
}

static Table *num_table(void) {
    Table *t = table_new("t", "test", 3);
    double *x = malloc(3 * sizeof *x);
    char **id = calloc(3, sizeof *id), **g = calloc(3, sizeof *g);
    for (int i = 0; i < 3; i++) {
        x[i] = i + 1;
        id[i] = strdup(i == 0 ? "P1" : i == 1 ? "P2" : "P3");
        g[i] = strdup(i == 1 ? "a b" : "c");
    }
    table_add_str(t, "id", NULL, id);
    table_add_num(t, "x", NULL, x);
    table_add_str(t, "g", NULL, g);
    table_set_id(t, 0);
    return t;
}

/* Evaluate text on row i of t; NaN-safe sentinel -12345 on a parse error
 * (message in err). */
static double eval(Table *t, const char *text, size_t i) {
    err.len = 0;
    Expr *e = expr_parse(text, t, &err);
    if (!e) return -12345;
    double x;
    const char *s;
    expr_eval_row(e, t, i, &x, &s);
    expr_free(e);
    return x;
}

int main(void) {
    /* an argument is one word: quotes, ';', '#', blanks and '=' stay in it */
    const char *inj[] = {"a.csv\" as t; save t to precious.txt; echo \"", "x # y", ""};
    CHECK(lex("load table \"$1\" as t", inj, 3) == 0 && ncmd == 1 && cmds[0].n == 5);
    if (ncmd == 1 && cmds[0].n == 5) {
        CHECK_STR(cmds[0].w[2].text, inj[0]);
        CHECK(cmds[0].w[2].from_arg && cmds[0].w[2].quoted);
        CHECK_STR(cmds[0].w[4].text, "t");
    }
    CHECK(lex("echo $1;echo $2 # $9 is in a comment", inj, 3) == 0 && ncmd == 2);
    if (ncmd == 2) {
        CHECK(cmds[0].n == 2);
        CHECK_STR(cmds[0].w[1].text, inj[0]);
        CHECK(cmds[1].n == 2);
        CHECK_STR(cmds[1].w[1].text, "x # y");
    }
    /* inside a word and inside quotes, $1 is part of that word; \$ is a dollar */
    CHECK(lex("echo pre_$2.png \"fig $2.png\" '$2' \\$1 \"\\$2\"", inj, 3) == 0 && ncmd == 1 && cmds[0].n == 6);
    if (ncmd == 1 && cmds[0].n == 6) {
        CHECK_STR(cmds[0].w[1].text, "pre_x # y.png");
        CHECK_STR(cmds[0].w[2].text, "fig x # y.png");
        CHECK_STR(cmds[0].w[3].text, "x # y");
        CHECK_STR(cmds[0].w[4].text, "$1");
        CHECK_STR(cmds[0].w[5].text, "$2");
    }
    /* an empty argument is an empty word */
    CHECK(lex("echo a $3 b", inj, 3) == 0 && ncmd == 1 && cmds[0].n == 4);
    if (ncmd == 1 && cmds[0].n == 4) CHECK_STR(cmds[0].w[2].text, "");
    /* key=$1 is an option with the argument as its value; $1 holding
       key=value is a positional word */
    const char *kv[] = {"id=x", "a b"};
    CHECK(lex("load table f.csv id=$2 $1", kv, 2) == 0 && ncmd == 1 && cmds[0].n == 5);
    if (ncmd == 1 && cmds[0].n == 5) {
        CHECK(cmds[0].w[3].opt_split == 2);
        CHECK_STR(cmds[0].w[3].text, "id=a b");
        CHECK(cmds[0].w[4].opt_split < 0 && cmds[0].w[4].from_arg);
        CHECK_STR(cmds[0].w[4].text, "id=x");
        Args a;
        args_init(&a, &cmds[0], 0);
        CHECK(a.nopt == 1 && a.npos == 3);
        CHECK_STR(args_opt(&a, "id"), "a b");
        CHECK_STR(a.pos[2], "id=x");
        args_free(&a);
    }
    /* missing arguments and $0: the messages the script runner prints */
    CHECK(lex("echo $1 $4", inj, 3) < 0 && strstr(err.s, "this script uses $4 but was given 3 arguments"));
    CHECK(lex("echo $0", inj, 3) < 0 && strstr(err.s, "$0 is not an argument; arguments start at $1"));
    CHECK(lex("echo $1", NULL, 0) < 0 && strstr(err.s, "this script uses $1 but was given 0 arguments"));
    /* at the prompt (no arguments), $1 is text */
    lex_free(cmds, ncmd);
    CHECK(lex_line("echo $1 \\$2", &cmds, &ncmd, &err) == 0 && ncmd == 1 && cmds[0].n == 3);
    if (ncmd == 1 && cmds[0].n == 3) {
        CHECK_STR(cmds[0].w[1].text, "$1");
        CHECK_STR(cmds[0].w[2].text, "\\$2");
    }
    /* in the raw text (expressions), an argument is one value */
    const char *ex[] = {"0.5", "OS.time", "1 or 1", "x\" or \"1\"==\"1", "not", "-1e-3", "a`b"};
    CHECK(lex("filter t where x > $1 and $2 > $6 or $3 == \"$4\" or $5 or `$2` or `$7` or '$4'", ex, 7) == 0 &&
          ncmd == 1);
    if (ncmd == 1)
        CHECK_STR(cmds[0].raw, "filter t where x > 0.5 and OS.time > -1e-3 or \"1 or 1\" == \"x\\\" or \\\"1\\\"==\\\"1\" "
                               "or \"not\" or `OS.time` or `\"a`b\"` or 'x\" or \"1\"==\"1'");
    /* the raw text still lines up with the words (raw_span of filter) */
    const char *one[] = {"a b"};
    CHECK(lex("filter t where g == \"$1\" as f", one, 1) == 0 && ncmd == 1 && cmds[0].n == 8);
    if (ncmd == 1 && cmds[0].n == 8) {
        CHECK(strncmp(cmds[0].raw + cmds[0].w[5].off, "\"a b\" as f", 10) == 0);
        CHECK(strncmp(cmds[0].raw + cmds[0].w[6].off, "as f", 4) == 0);
    }
    lex_free(cmds, ncmd);
    cmds = NULL;
    ncmd = 0;

    /* the expressions those raw texts make: one value each */
    Table *t = num_table();
    CHECK(eval(t, "x > 1.5", 1) == 1);
    CHECK(eval(t, "g == \"a b\"", 1) == 1);
    CHECK(eval(t, "g == \"x\\\" or \\\"1\\\"==\\\"1\"", 0) == 0);   /* the quote-injection: one text */
    CHECK(eval(t, "x > \"1 or 1\"", 0) == -12345 && strstr(err.s, "cannot compare text with a number"));

    /* a flat chain of 150,000 terms: evaluated in a loop, not recursion */
    Buf b = {0};
    for (int i = 0; i < 150000; i++) buf_puts(&b, i ? "+x" : "x");
    CHECK(eval(t, b.s, 2) == 450000);
    b.len = 0;
    for (int i = 0; i < 150000; i++) buf_puts(&b, i ? " - x" : "x");
    CHECK(eval(t, b.s, 0) == -149998);
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, i ? " and x > 0" : "x > 0");
    CHECK(eval(t, b.s, 0) == 1);
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, i ? " or x > 5" : "x > 5");
    buf_puts(&b, " or x == 1");
    CHECK(eval(t, b.s, 0) == 1 && eval(t, b.s, 1) == 0);
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, i ? "*x/x" : "x");
    CHECK(eval(t, b.s, 2) == 3);
    /* the chains fold left to right as the binary operators did */
    CHECK(eval(t, "x - 1 - 2 * 3 / 2 + x ^ 2", 2) == 8);
    CHECK(eval(t, "10 / 2 / 5", 0) == 1);
    CHECK(isnan(eval(t, "NA and 1 and 1", 0)));
    CHECK(eval(t, "NA and 1 and 0", 0) == 0);
    CHECK(eval(t, "0 or NA or 1", 0) == 1);
    CHECK(isnan(eval(t, "0 or NA or 0", 0)));
    CHECK(eval(t, "(x + 1) * (x - 1) - (x * x - 1)", 2) == 0);
    /* deep unary chains and nesting stop with a message, not a crash */
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, "- ");
    buf_puts(&b, "x");
    CHECK(eval(t, b.s, 0) == -12345 && strstr(err.s, "nests too deeply"));
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, "not ");
    buf_puts(&b, "x");
    CHECK(eval(t, b.s, 0) == -12345 && strstr(err.s, "nests too deeply"));
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, "(x+");
    CHECK(eval(t, b.s, 0) == -12345 && strstr(err.s, "nests too deeply"));
    b.len = 0;
    for (int i = 0; i < 100000; i++) buf_puts(&b, "2^");
    buf_puts(&b, "1");
    CHECK(eval(t, b.s, 0) == -12345 && strstr(err.s, "nests too deeply"));
    /* as deep as allowed, mixing every kind of level: fine */
    b.len = 0;
    for (int i = 0; i < 40; i++) buf_puts(&b, "(x + - (not (1 * -(x ^ ");
    buf_puts(&b, "1");
    for (int i = 0; i < 40; i++) buf_puts(&b, "))))");
    CHECK(!isnan(eval(t, b.s, 0)) && eval(t, b.s, 0) != -12345);
    buf_free(&b);
    table_free(t);
    buf_free(&err);
    return TEST_END();
}
