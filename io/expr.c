/* expr.c — see expr.h.  A recursive-descent parser builds a typed tree;
 * evaluation walks it once per row. */
#include "io/expr.h"
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/load_table.h"

typedef enum {
    N_NUM, N_STR, N_COL, N_NEG, N_NOT, N_ADD, N_SUB, N_MUL, N_DIV, N_POW,
    N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_AND, N_OR, N_FUNC, N_CHAIN, N_CALL
} NodeKind;

typedef enum { F_LOG2, F_LOG, F_LOG10, F_EXP, F_SQRT, F_ABS, F_ROUND, F_FLOOR, F_CEIL, F_ISNA } Func;

static const char *const FUNC_NAMES[] = {"log2", "log", "log10", "exp", "sqrt", "abs", "round", "floor", "ceil", "is_na"};
#define NFUNC (sizeof FUNC_NAMES / sizeof *FUNC_NAMES)

/* Functions of several arguments, or of text (N_CALL). */
typedef enum { C_REGEX_EXTRACT, C_REGEX_REPLACE, C_REGEX_MATCH, C_CONCAT, C_PASTE0, C_IF, C_AS_NUMBER, C_AS_TEXT } Call;

static const char *const CALL_NAMES[] = {"regex_extract", "regex_replace", "regex_match", "concat", "paste0", "if",
                                         "as_number", "as_text"};
#define NCALL (sizeof CALL_NAMES / sizeof *CALL_NAMES)

/* Every function's name, for "did you mean" and the list in messages. */
static const char *const ALL_FUNCS[] = {"log2", "log", "log10", "exp", "sqrt", "abs", "round", "floor", "ceil", "is_na",
                                        "regex_extract", "regex_replace", "regex_match", "concat", "paste0", "if",
                                        "as_number", "as_text"};
#define NALL (sizeof ALL_FUNCS / sizeof *ALL_FUNCS)

/* A regular expression longer than this is refused (a pattern is typed,
 * not generated; the limit keeps a hostile one small). */
#define MAX_PATTERN 1000

enum { TY_NUM, TY_STR, TY_LOGIC };

typedef struct Node {
    NodeKind kind;          /* what the node computes */
    int type;               /* TY_NUM, TY_STR or TY_LOGIC */
    double x;               /* N_NUM: the value (NaN for NA) */
    char *s;                /* N_STR: the text (NULL for NA) */
    long col;               /* N_COL: column index */
    Func fn;                /* N_FUNC: which function */
    struct Node *a, *b;     /* operands */
    struct Node **kids;     /* N_CHAIN: the operands of a left-to-right chain; N_CALL: the arguments */
    unsigned char *ops;     /* N_CHAIN: ops[i] (N_ADD, N_SUB, N_MUL, N_DIV, N_AND or N_OR) joins kids[i] */
    size_t nkids, capkids;  /* N_CHAIN, N_CALL: how many, room */
    Call call;              /* N_CALL: which function */
    regex_t *re;            /* N_CALL regex_*: the compiled pattern (owned) */
    int group;              /* regex_extract: the group returned (0: the whole match) */
    Buf *out;               /* N_CALL with a text value: the row's value is built here (owned; the
                               string returned stays valid until the next evaluation) */
} Node;

struct Expr {
    Node *root;             /* the tree */
};

typedef struct Parser {
    const char *src;        /* the whole text */
    const char *p;          /* the cursor */
    const Table *t;         /* columns are resolved against it */
    Buf *err;               /* the first error */
    int failed;             /* an error was reported */
    int depth;              /* nesting of the recursive descent */
} Parser;

/* Parentheses, unary signs, "not" and "^" recurse: a limit keeps a hostile
 * expression ("((((…" a million deep) from overflowing the stack.  A flat
 * chain (a + b + c …, a and b and …) is one N_CHAIN node whose operands are
 * folded left to right in a loop, so its length costs no stack: the tree
 * is never deeper than the nesting the limit allows, and parsing,
 * evaluating and freeing it recurse no deeper either. */
#define MAX_DEPTH 1000

static void node_free(Node *n) {
    if (!n) return;
    node_free(n->a);
    node_free(n->b);
    for (size_t i = 0; i < n->nkids; i++) node_free(n->kids[i]);
    free(n->kids);
    free(n->ops);
    free(n->s);
    if (n->re) { regfree(n->re); free(n->re); }
    if (n->out) { buf_free(n->out); free(n->out); }
    free(n);
}

static Node *node(NodeKind k, int type, Node *a, Node *b) {
    Node *n = xcalloc(1, sizeof *n);
    n->kind = k;
    n->type = type;
    n->a = a;
    n->b = b;
    return n;
}

/* Extend the chain *chain (NULL: start one with first operand a) by
 * "op b"; the chain's value folds left to right, exactly as the binary
 * tree ((a op b) op c) … would. */
static Node *chain_push(Node *chain, Node *a, NodeKind op, Node *b, int type) {
    if (!chain) {
        chain = node(N_CHAIN, type, NULL, NULL);
        chain->capkids = 4;
        chain->kids = xmalloc(chain->capkids * sizeof *chain->kids);
        chain->ops = xmalloc(chain->capkids);
        chain->kids[0] = a;
        chain->ops[0] = (unsigned char)op;
        chain->nkids = 1;
    }
    if (chain->nkids == chain->capkids) {
        chain->capkids *= 2;
        chain->kids = xrealloc(chain->kids, chain->capkids * sizeof *chain->kids);
        chain->ops = xrealloc(chain->ops, chain->capkids);
    }
    chain->kids[chain->nkids] = b;
    chain->ops[chain->nkids++] = (unsigned char)op;
    return chain;
}

static void perr(Parser *P, const char *msg, const char *detail) {
    if (P->failed) return;
    P->failed = 1;
    int longsrc = strlen(P->src) > 80;   /* a huge expression is quoted by its start */
    buf_printf(P->err, "in expression '%.80s%s', at character %ld: %s%s", P->src, longsrc ? "…" : "",
               (long)(P->p - P->src) + 1, msg, detail ? detail : "");
}

static void skip_ws(Parser *P) {
    while (isspace((unsigned char)*P->p)) P->p++;
}

/* Match an operator or a keyword (keywords must end at a non-identifier). */
static int accept(Parser *P, const char *tok) {
    skip_ws(P);
    size_t n = strlen(tok);
    if (isalpha((unsigned char)tok[0])) {
        if (strncasecmp(P->p, tok, n) == 0 && !isalnum((unsigned char)P->p[n]) && P->p[n] != '_' && P->p[n] != '.') {
            P->p += n;
            return 1;
        }
        return 0;
    }
    if (strncmp(P->p, tok, n) == 0) {
        P->p += n;
        return 1;
    }
    return 0;
}

static Node *parse_or(Parser *P);
static Node *parse_not(Parser *P);
static Node *parse_unary(Parser *P);
static Node *parse_power(Parser *P);

static int is_ident_start(int c) { return isalpha(c) || c == '_' || c == '.'; }
static int is_ident(int c) { return isalnum(c) || c == '_' || c == '.'; }

static Node *column_node(Parser *P, const char *name) {
    Buf e = {0};
    long j = table_find_err(P->t, name, &e);
    if (j < 0) {
        perr(P, e.s, NULL);
        buf_free(&e);
        return NULL;
    }
    Node *n = node(N_COL, P->t->cols[j].type == COL_STR ? TY_STR : TY_NUM, NULL, NULL);
    n->col = j;
    return n;
}

/* The arguments of a call: '(' was seen; reads "a, b, …)" (possibly
 * none).  Returns the count, or -1 after an error (what was read freed). */
static long parse_args(Parser *P, Node ***args) {
    size_t n = 0, cap = 4;
    Node **v = xmalloc(cap * sizeof *v);
    P->p++;   /* '(' */
    if (!accept(P, ")")) {
        for (;;) {
            Node *a = parse_or(P);
            if (!a) goto fail;
            if (n == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
            v[n++] = a;
            if (accept(P, ",")) continue;
            if (accept(P, ")")) break;
            perr(P, "expected ',' or ')' in the function's arguments", NULL);
            goto fail;
        }
    }
    *args = v;
    return (long)n;
fail:
    for (size_t i = 0; i < n; i++) node_free(v[i]);
    free(v);
    return -1;
}

/* An NA literal, which takes the type of the text it meets. */
static int is_na_literal(const Node *n) { return n->kind == N_NUM && isnan(n->x) && n->type != TY_LOGIC; }

static void make_text_na(Node *n) {
    n->kind = N_STR;
    n->type = TY_STR;
    n->s = NULL;
}

/* Compile the pattern argument a (a "text" literal) of function name. */
static regex_t *compile_pattern(Parser *P, const Node *a, const char *name) {
    if (a->kind != N_STR || !a->s) {
        perr(P, "the pattern must be \"text\" in quotes: ", name);
        return NULL;
    }
    if (strlen(a->s) > MAX_PATTERN) {
        perr(P, "the pattern is longer than 1000 characters: ", name);
        return NULL;
    }
    regex_t *re = xmalloc(sizeof *re);
    int rc = regcomp(re, a->s, REG_EXTENDED);
    if (rc) {
        char msg[200];
        regerror(rc, re, msg, sizeof msg);
        free(re);
        Buf m = {0};
        buf_printf(&m, "%s: bad regular expression \"%.60s\" (%s; POSIX extended syntax, backslashes doubled as in R: "
                       "\"\\\\.\" for a dot)", name, a->s, msg);
        perr(P, m.s, NULL);
        buf_free(&m);
        return NULL;
    }
    return re;
}

/* name(args…): one of FUNC_NAMES (one number) or CALL_NAMES.  P->p is at
 * the '('. */
static Node *parse_call(Parser *P, const char *name) {
    size_t f = 0, c = 0;
    while (f < NFUNC && strcasecmp(name, FUNC_NAMES[f])) f++;
    while (c < NCALL && strcasecmp(name, CALL_NAMES[c])) c++;
    if (f == NFUNC && c == NCALL) {
        const char *g = suggest(name, ALL_FUNCS, NALL);
        Buf m = {0};
        buf_printf(&m, "unknown function '%s'", name);
        if (g) buf_printf(&m, " (did you mean %s?)", g);
        buf_puts(&m, "; functions: ");
        for (size_t i = 0; i < NALL; i++) buf_printf(&m, "%s%s", i ? " " : "", ALL_FUNCS[i]);
        perr(P, m.s, NULL);
        buf_free(&m);
        return NULL;
    }
    Node **args;
    long na = parse_args(P, &args);
    if (na < 0) return NULL;
    Node *n = NULL;
    Buf m = {0};
    if (f < NFUNC) {
        if (na != 1) { buf_printf(&m, "%s() takes one argument, not %ld", FUNC_NAMES[f], na); goto bad; }
        if (args[0]->type == TY_STR && f != F_ISNA) {
            buf_printf(&m, "this function needs a number, not text: %s (as_number(x) reads text as a number)", FUNC_NAMES[f]);
            goto bad;
        }
        n = node(N_FUNC, f == F_ISNA ? TY_LOGIC : TY_NUM, args[0], NULL);
        n->fn = (Func)f;
        free(args);
        return n;
    }
    static const long lo[] = {2, 3, 2, 1, 1, 3, 1, 1}, hi[] = {3, 3, 2, 1000, 1000, 3, 1, 1};
    if (na < lo[c] || na > hi[c]) {
        static const char *const use[] = {"regex_extract(TEXT, \"PATTERN\" [, GROUP])",
                                          "regex_replace(TEXT, \"PATTERN\", \"REPLACEMENT\")",
                                          "regex_match(TEXT, \"PATTERN\")", "concat(A, B, …)", "paste0(A, B, …)",
                                          "if(CONDITION, YES, NO)", "as_number(TEXT)", "as_text(NUMBER)"};
        if (lo[c] == hi[c])
            buf_printf(&m, "%s() takes %ld argument%s, not %ld: %s", CALL_NAMES[c], lo[c], lo[c] == 1 ? "" : "s", na,
                       use[c]);
        else
            buf_printf(&m, "%s(): %ld argument%s is not right: %s", CALL_NAMES[c], na, na == 1 ? "" : "s", use[c]);
        goto bad;
    }
    int type = TY_STR;
    switch ((Call)c) {
    case C_REGEX_EXTRACT: case C_REGEX_REPLACE: case C_REGEX_MATCH:
        if (is_na_literal(args[0])) make_text_na(args[0]);
        if (args[0]->type != TY_STR) {
            buf_printf(&m, "%s() works on text; its first argument is a number (as_text(x) makes text of it)",
                       CALL_NAMES[c]);
            goto bad;
        }
        if (c == C_REGEX_REPLACE && (args[2]->kind != N_STR || !args[2]->s)) {
            buf_puts(&m, "regex_replace(): the replacement must be \"text\" in quotes");
            goto bad;
        }
        if (c == C_REGEX_MATCH) type = TY_LOGIC;
        break;
    case C_CONCAT: case C_PASTE0: case C_AS_TEXT:
        break;
    case C_AS_NUMBER:
        type = TY_NUM;
        break;
    case C_IF: {
        if (args[0]->type == TY_STR) { buf_puts(&m, "if(): the condition must be a comparison or a number, not text"); goto bad; }
        int ys = args[1]->type == TY_STR, ns = args[2]->type == TY_STR;
        if (ys && is_na_literal(args[2])) { make_text_na(args[2]); ns = 1; }
        if (ns && is_na_literal(args[1])) { make_text_na(args[1]); ys = 1; }
        if (ys != ns) {
            buf_puts(&m, "if(): YES and NO must both be text or both numbers (as_text(x) makes text of a number)");
            goto bad;
        }
        type = ys ? TY_STR : args[1]->type == TY_LOGIC && args[2]->type == TY_LOGIC ? TY_LOGIC : TY_NUM;
        break;
    }
    }
    n = node(N_CALL, type, NULL, NULL);
    n->call = (Call)c;
    n->kids = args;
    n->nkids = n->capkids = (size_t)na;
    args = NULL;
    if (c == C_REGEX_EXTRACT || c == C_REGEX_REPLACE || c == C_REGEX_MATCH) {
        if (!(n->re = compile_pattern(P, n->kids[1], CALL_NAMES[c]))) { node_free(n); return NULL; }
        if (c == C_REGEX_EXTRACT && na == 3) {
            const Node *g = n->kids[2];
            if (g->kind != N_NUM || g->type != TY_NUM || !(g->x >= 0) || g->x != floor(g->x) ||
                g->x > (double)n->re->re_nsub) {
                buf_printf(&m, "regex_extract(): GROUP must be a whole number from 0 to %zu (the pattern's groups)",
                           n->re->re_nsub);
                node_free(n);
                perr(P, m.s, NULL);
                buf_free(&m);
                return NULL;
            }
            n->group = (int)g->x;
        }
    }
    if (type == TY_STR && c != C_IF) {
        n->out = xcalloc(1, sizeof *n->out);
        buf_add(n->out, "", 0);
    }
    return n;
bad:
    for (long i = 0; i < na; i++) node_free(args[i]);
    free(args);
    perr(P, m.s, NULL);
    buf_free(&m);
    return NULL;
}

static Node *parse_primary(Parser *P) {
    skip_ws(P);
    const char *p = P->p;
    if (*p == '(') {
        P->p++;
        Node *n = parse_or(P);
        if (!n) return NULL;
        if (!accept(P, ")")) { node_free(n); perr(P, "expected ')'", NULL); return NULL; }
        return n;
    }
    if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
        char *end;
        double x = strtod(p, &end);
        if (is_ident((unsigned char)*end)) { perr(P, "malformed number", NULL); return NULL; }
        P->p = end;
        Node *n = node(N_NUM, TY_NUM, NULL, NULL);
        n->x = x;
        return n;
    }
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        Buf b = {0};
        buf_add(&b, "", 0);
        while (*p && *p != q) {
            if (*p == '\\' && p[1]) p++;
            buf_add(&b, p++, 1);
        }
        if (!*p) { buf_free(&b); perr(P, "unterminated string", NULL); return NULL; }
        P->p = p + 1;
        Node *n = node(N_STR, TY_STR, NULL, NULL);
        n->s = b.s;
        return n;
    }
    if (*p == '`') {
        const char *e = strchr(p + 1, '`');
        if (!e) { perr(P, "unterminated `name`", NULL); return NULL; }
        char *name = xstrndup(p + 1, (size_t)(e - p - 1));
        P->p = e + 1;
        Node *n = column_node(P, name);
        free(name);
        return n;
    }
    if (is_ident_start((unsigned char)*p)) {
        const char *e = p;
        while (is_ident((unsigned char)*e)) e++;
        char *name = xstrndup(p, (size_t)(e - p));
        P->p = e;
        Node *n = NULL;
        if (strcasecmp(name, "NA") == 0) {
            n = node(N_NUM, TY_NUM, NULL, NULL);
            n->x = NAN;
        } else if (strcasecmp(name, "TRUE") == 0 || strcasecmp(name, "FALSE") == 0) {
            n = node(N_NUM, TY_LOGIC, NULL, NULL);
            n->x = strcasecmp(name, "TRUE") == 0;
        } else if (skip_ws(P), *P->p == '(' && table_find(P->t, name) < 0) {
            n = parse_call(P, name);
        } else {
            n = column_node(P, name);
        }
        free(name);
        return n;
    }
    if (!*p) perr(P, "the expression ends too early", NULL);
    else perr(P, "unexpected character ", (char[]){'\'', *p, '\'', 0});
    return NULL;
}

static int check_num(Parser *P, Node *a, Node *b, const char *op) {
    if (a->type == TY_STR || (b && b->type == TY_STR)) {
        Buf m = {0};
        buf_printf(&m, "'%s' needs numbers, not text", op);
        perr(P, m.s, NULL);
        buf_free(&m);
        return 0;
    }
    return 1;
}

/* -a (and the - of a ^ -b), for numbers only */
static Node *negate(Parser *P, Node *a) {
    if (!a) return NULL;
    if (!check_num(P, a, NULL, "-")) { node_free(a); return NULL; }
    return node(N_NEG, TY_NUM, a, NULL);
}

static Node *parse_power_body(Parser *P) {
    Node *a = parse_primary(P);
    if (!a) return NULL;
    if (accept(P, "^")) {
        Node *b = NULL;
        skip_ws(P);
        if (*P->p == '-') { P->p++; b = negate(P, parse_power(P)); }
        else b = parse_power(P);   /* right-associative */
        if (!b || !check_num(P, a, b, "^")) { node_free(a); node_free(b); return NULL; }
        return node(N_POW, TY_NUM, a, b);
    }
    return a;
}

static Node *parse_power(Parser *P) {
    if (P->depth >= MAX_DEPTH) {
        if (!P->failed) perr(P, "the expression nests too deeply (hundreds of parentheses, signs or nots)", NULL);
        return NULL;
    }
    P->depth++;
    Node *n = parse_power_body(P);
    P->depth--;
    return n;
}

static Node *parse_unary_body(Parser *P) {
    if (accept(P, "-")) return negate(P, parse_unary(P));
    if (accept(P, "+")) {
        Node *a = parse_unary(P);
        if (a && !check_num(P, a, NULL, "+")) { node_free(a); return NULL; }
        return a;
    }
    return parse_power(P);
}

static Node *parse_unary(Parser *P) {
    if (P->depth >= MAX_DEPTH) {
        if (!P->failed) perr(P, "the expression nests too deeply (hundreds of parentheses, signs or nots)", NULL);
        return NULL;
    }
    P->depth++;
    Node *n = parse_unary_body(P);
    P->depth--;
    return n;
}

static Node *parse_mul(Parser *P) {
    Node *a = parse_unary(P), *chain = NULL;
    while (a) {
        NodeKind k;
        const char *op;
        if (accept(P, "*")) { k = N_MUL; op = "*"; }
        else if (accept(P, "/")) { k = N_DIV; op = "/"; }
        else break;
        Node *b = parse_unary(P);
        if (!b || !check_num(P, a, b, op)) { node_free(chain ? chain : a); node_free(b); return NULL; }
        chain = chain_push(chain, a, k, b, TY_NUM);
        a = b;   /* the last operand: the next check is on it */
    }
    return chain ? chain : a;
}

static Node *parse_add(Parser *P) {
    Node *a = parse_mul(P), *chain = NULL;
    while (a) {
        NodeKind k;
        const char *op;
        if (accept(P, "+")) { k = N_ADD; op = "+"; }
        else if (accept(P, "-")) { k = N_SUB; op = "-"; }
        else break;
        Node *b = parse_mul(P);
        if (!b || !check_num(P, a, b, op)) { node_free(chain ? chain : a); node_free(b); return NULL; }
        chain = chain_push(chain, a, k, b, TY_NUM);
        a = b;
    }
    return chain ? chain : a;
}

static Node *parse_cmp(Parser *P) {
    Node *a = parse_add(P);
    if (!a) return NULL;
    static const struct { const char *tok; NodeKind k; } ops[] = {
        {"==", N_EQ}, {"!=", N_NE}, {"<>", N_NE}, {"<=", N_LE}, {">=", N_GE}, {"<", N_LT}, {">", N_GT}, {"=", N_EQ},
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        if (!accept(P, ops[i].tok)) continue;
        Node *b = parse_add(P);
        if (!b) { node_free(a); return NULL; }
        int as = a->type == TY_STR, bs = b->type == TY_STR;
        /* NA literal compares with anything */
        int a_na = a->kind == N_NUM && isnan(a->x), b_na = b->kind == N_NUM && isnan(b->x);
        if (as != bs && !a_na && !b_na) {
            node_free(a);
            node_free(b);
            perr(P, "cannot compare text with a number (put the text in quotes, or compare with a number)", NULL);
            return NULL;
        }
        if (as && b_na) { b->type = TY_STR; b->kind = N_STR; b->s = NULL; }
        if (bs && a_na) { a->type = TY_STR; a->kind = N_STR; a->s = NULL; }
        return node(ops[i].k, TY_LOGIC, a, b);
    }
    return a;
}

static Node *parse_not_body(Parser *P) {
    if (accept(P, "not") || (skip_ws(P), P->p[0] == '!' && P->p[1] != '=' && accept(P, "!"))) {
        Node *a = parse_not(P);
        if (!a) return NULL;
        if (a->type == TY_STR) { node_free(a); perr(P, "'not' needs a condition, not text", NULL); return NULL; }
        return node(N_NOT, TY_LOGIC, a, NULL);
    }
    return parse_cmp(P);
}

static Node *parse_not(Parser *P) {
    if (P->depth >= MAX_DEPTH) {
        if (!P->failed) perr(P, "the expression nests too deeply (hundreds of parentheses, signs or nots)", NULL);
        return NULL;
    }
    P->depth++;
    Node *n = parse_not_body(P);
    P->depth--;
    return n;
}

static Node *parse_and(Parser *P) {
    Node *a = parse_not(P), *chain = NULL;
    while (a && (accept(P, "and") || accept(P, "&&") || accept(P, "&"))) {
        Node *b = parse_not(P);
        if (!b || !check_num(P, a, b, "and")) { node_free(chain ? chain : a); node_free(b); return NULL; }
        chain = chain_push(chain, a, N_AND, b, TY_LOGIC);
        a = b;
    }
    return chain ? chain : a;
}

static Node *parse_or_body(Parser *P) {
    Node *a = parse_and(P), *chain = NULL;
    while (a && (accept(P, "or") || accept(P, "||") || accept(P, "|"))) {
        Node *b = parse_and(P);
        if (!b || !check_num(P, a, b, "or")) { node_free(chain ? chain : a); node_free(b); return NULL; }
        chain = chain_push(chain, a, N_OR, b, TY_LOGIC);
        a = b;
    }
    return chain ? chain : a;
}

static Node *parse_or(Parser *P) {
    if (P->depth >= MAX_DEPTH) {
        if (!P->failed) perr(P, "the expression nests too deeply (hundreds of parentheses, signs or nots)", NULL);
        return NULL;
    }
    P->depth++;
    Node *n = parse_or_body(P);
    P->depth--;
    return n;
}

Expr *expr_parse(const char *text, const Table *t, Buf *err) {
    Parser P = {.src = text, .p = text, .t = t, .err = err};
    skip_ws(&P);
    if (!*P.p) {
        buf_puts(err, "the expression is empty");
        return NULL;
    }
    Node *root = parse_or(&P);
    if (root) {
        skip_ws(&P);
        if (*P.p) {
            perr(&P, "unexpected text after the expression: ", P.p);
            node_free(root);
            root = NULL;
        }
    }
    if (!root) return NULL;
    Expr *e = xcalloc(1, sizeof *e);
    e->root = root;
    return e;
}

void expr_free(Expr *e) {
    if (!e) return;
    node_free(e->root);
    free(e);
}

int expr_is_text(const Expr *e) { return e->root->type == TY_STR; }
int expr_is_logical(const Expr *e) { return e->root->type == TY_LOGIC; }

static double eval_num(const Node *n, const Table *t, size_t i);

static const char *eval_call_str(const Node *n, const Table *t, size_t i);

static const char *eval_str(const Node *n, const Table *t, size_t i) {
    if (n->kind == N_COL) return t->cols[n->col].str[i];
    if (n->kind == N_CALL) return eval_call_str(n, t, i);
    return n->s;
}

/* Append the text of a number as R's as.character writes it: 15
 * significant digits, TRUE/FALSE for a condition; 0 when it is NA. */
static int number_text(Buf *b, double x, int logical) {
    if (isnan(x)) return 0;
    if (logical) { buf_puts(b, x != 0 ? "TRUE" : "FALSE"); return 1; }
    if (isinf(x)) { buf_puts(b, x > 0 ? "Inf" : "-Inf"); return 1; }
    buf_printf(b, "%.15g", x == 0 ? 0.0 : x);   /* no "-0" */
    return 1;
}

/* The length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s) {
    size_t k = 1;
    if ((unsigned char)s[0] >= 0xC0)
        while (k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
    return k;
}

/* Append the replacement rep with \0…\9 standing for the match's groups
 * (a group that took no part is empty). */
static void add_replacement(Buf *b, const char *rep, const char *subject, const regmatch_t *m, size_t ngroups) {
    for (const char *r = rep; *r; r++) {
        if (*r == '\\' && r[1] >= '0' && r[1] <= '9') {
            size_t g = (size_t)(r[1] - '0');
            if (g <= ngroups && m[g].rm_so >= 0) buf_add(b, subject + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
            r++;
        } else if (*r == '\\' && r[1] == '\\') {
            buf_add(b, "\\", 1);
            r++;
        } else {
            buf_add(b, r, 1);
        }
    }
}

/* Every match of re in x replaced, as R's gsub(perl = FALSE): matches do
 * not overlap; an empty match is replaced once where it is, and not right
 * after a non-empty one. */
static void regex_gsub(Buf *b, const regex_t *re, const char *x, const char *rep) {
    regmatch_t m[10];
    size_t ng = re->re_nsub < 9 ? re->re_nsub : 9;
    const char *p = x;
    int after_match = 0;   /* p is where a non-empty match ended */
    for (;;) {
        if (regexec(re, p, 10, m, p == x ? 0 : REG_NOTBOL) != 0) break;
        if (m[0].rm_so == m[0].rm_eo && m[0].rm_so == 0 && after_match) {   /* empty, right after a match */
            if (!*p) break;
            size_t k = char_len(p);
            buf_add(b, p, k);
            p += k;
            after_match = 0;
            continue;
        }
        buf_add(b, p, (size_t)m[0].rm_so);
        add_replacement(b, rep, p, m, ng);
        if (m[0].rm_so == m[0].rm_eo) {   /* an empty match: step over one character */
            const char *q = p + m[0].rm_eo;
            if (!*q) { p = q; break; }
            size_t k = char_len(q);
            buf_add(b, q, k);
            p = q + k;
            after_match = 0;
        } else {
            p += m[0].rm_eo;
            after_match = 1;
        }
    }
    buf_puts(b, p);
}

/* A text-valued N_CALL for row i: built in n->out (NULL for NA). */
static const char *eval_call_str(const Node *n, const Table *t, size_t i) {
    Buf *b = n->out;
    if (n->call == C_IF) {
        double c = eval_num(n->kids[0], t, i);
        if (isnan(c)) return NULL;
        return eval_str(n->kids[c != 0 ? 1 : 2], t, i);
    }
    b->len = 0;
    b->s[0] = '\0';
    switch (n->call) {
    case C_REGEX_EXTRACT: {
        const char *x = eval_str(n->kids[0], t, i);
        regmatch_t m[10];
        if (!x || regexec(n->re, x, 10, m, 0) != 0) return NULL;
        const regmatch_t *g = &m[n->group <= 9 ? n->group : 0];
        if (n->group > 9 || g->rm_so < 0) return NULL;   /* the group took no part */
        buf_add(b, x + g->rm_so, (size_t)(g->rm_eo - g->rm_so));
        return b->s;
    }
    case C_REGEX_REPLACE: {
        const char *x = eval_str(n->kids[0], t, i);
        if (!x) return NULL;
        regex_gsub(b, n->re, x, n->kids[2]->s);
        return b->s;
    }
    case C_CONCAT: case C_PASTE0:
        for (size_t k = 0; k < n->nkids; k++) {
            const Node *a = n->kids[k];
            if (a->type == TY_STR) {
                const char *x = eval_str(a, t, i);
                if (!x) return NULL;
                buf_puts(b, x);
            } else if (!number_text(b, eval_num(a, t, i), a->type == TY_LOGIC)) {
                return NULL;
            }
        }
        if (!b->len) buf_add(b, "", 0);
        return b->s;
    case C_AS_TEXT: {
        const Node *a = n->kids[0];
        if (a->type == TY_STR) return eval_str(a, t, i);
        if (!number_text(b, eval_num(a, t, i), a->type == TY_LOGIC)) return NULL;
        return b->s;
    }
    default:
        return NULL;
    }
}

/* A number-valued N_CALL for row i. */
static double eval_call_num(const Node *n, const Table *t, size_t i) {
    switch (n->call) {
    case C_IF: {
        double c = eval_num(n->kids[0], t, i);
        if (isnan(c)) return NAN;
        return eval_num(n->kids[c != 0 ? 1 : 2], t, i);
    }
    case C_REGEX_MATCH: {
        const char *x = eval_str(n->kids[0], t, i);
        if (!x) return NAN;
        return regexec(n->re, x, 0, NULL, 0) == 0;
    }
    case C_AS_NUMBER: {
        const Node *a = n->kids[0];
        if (a->type != TY_STR) return eval_num(a, t, i);
        const char *x = eval_str(a, t, i);
        if (!x) return NAN;
        while (isspace((unsigned char)*x)) x++;   /* as R's as.numeric, blanks around are allowed */
        size_t len = strlen(x);
        while (len && isspace((unsigned char)x[len - 1])) len--;
        char tmp[64];
        if (!len || len >= sizeof tmp) return NAN;
        memcpy(tmp, x, len);
        tmp[len] = '\0';
        double v;
        return parse_number(tmp, &v) ? v : NAN;
    }
    default:
        return NAN;
    }
}

static double cmp_result(NodeKind k, int c) {
    switch (k) {
    case N_EQ: return c == 0;
    case N_NE: return c != 0;
    case N_LT: return c < 0;
    case N_LE: return c <= 0;
    case N_GT: return c > 0;
    default: return c >= 0;
    }
}

/* a and b / a or b, as R: NA and FALSE is FALSE, NA or TRUE is TRUE; b
 * is evaluated only when a does not decide. */
static double and_num(double a, const Node *nb, const Table *t, size_t i) {
    if (a == 0) return 0;
    double b = eval_num(nb, t, i);
    if (b == 0) return 0;
    return isnan(a) || isnan(b) ? NAN : 1;
}

static double or_num(double a, const Node *nb, const Table *t, size_t i) {
    if (!isnan(a) && a != 0) return 1;
    double b = eval_num(nb, t, i);
    if (!isnan(b) && b != 0) return 1;
    return isnan(a) || isnan(b) ? NAN : 0;
}

/* A chain, folded left to right in a loop. */
static double eval_chain(const Node *n, const Table *t, size_t i) {
    double acc = eval_num(n->kids[0], t, i);
    for (size_t k = 1; k < n->nkids; k++) {
        const Node *b = n->kids[k];
        switch ((NodeKind)n->ops[k]) {
        case N_ADD: acc += eval_num(b, t, i); break;
        case N_SUB: acc -= eval_num(b, t, i); break;
        case N_MUL: acc *= eval_num(b, t, i); break;
        case N_DIV: acc /= eval_num(b, t, i); break;
        case N_AND: acc = and_num(acc, b, t, i); break;
        default: acc = or_num(acc, b, t, i); break;
        }
    }
    return acc;
}

static double eval_num(const Node *n, const Table *t, size_t i) {
    double a, b;
    switch (n->kind) {
    case N_CHAIN: return eval_chain(n, t, i);
    case N_CALL: return eval_call_num(n, t, i);
    case N_NUM: return n->x;
    case N_STR: return NAN;
    case N_COL: return t->cols[n->col].num[i];
    case N_NEG: return -eval_num(n->a, t, i);
    case N_NOT: a = eval_num(n->a, t, i); return isnan(a) ? NAN : (a == 0);
    case N_ADD: return eval_num(n->a, t, i) + eval_num(n->b, t, i);
    case N_SUB: return eval_num(n->a, t, i) - eval_num(n->b, t, i);
    case N_MUL: return eval_num(n->a, t, i) * eval_num(n->b, t, i);
    case N_DIV: return eval_num(n->a, t, i) / eval_num(n->b, t, i);
    case N_POW: return pow(eval_num(n->a, t, i), eval_num(n->b, t, i));
    case N_AND: return and_num(eval_num(n->a, t, i), n->b, t, i);
    case N_OR: return or_num(eval_num(n->a, t, i), n->b, t, i);
    case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
        if (n->a->type == TY_STR) {
            const char *x = eval_str(n->a, t, i), *y = eval_str(n->b, t, i);
            if (!x || !y) return NAN;
            return cmp_result(n->kind, strcmp(x, y));
        }
        a = eval_num(n->a, t, i);
        b = eval_num(n->b, t, i);
        if (isnan(a) || isnan(b)) return NAN;
        return cmp_result(n->kind, a < b ? -1 : a > b);
    case N_FUNC:
        if (n->fn == F_ISNA) {
            if (n->a->type == TY_STR) return eval_str(n->a, t, i) == NULL;
            return isnan(eval_num(n->a, t, i));
        }
        a = eval_num(n->a, t, i);
        switch (n->fn) {
        case F_LOG2: return a < 0 ? NAN : log2(a);
        case F_LOG: return a < 0 ? NAN : log(a);
        case F_LOG10: return a < 0 ? NAN : log10(a);
        case F_EXP: return exp(a);
        case F_SQRT: return a < 0 ? NAN : sqrt(a);
        case F_ABS: return fabs(a);
        case F_ROUND: return nearbyint(a);   /* IEC 60559: half to even, as R */
        case F_FLOOR: return floor(a);
        case F_CEIL: return ceil(a);
        default: return NAN;
        }
    }
    return NAN;
}

void expr_eval_row(const Expr *e, const Table *t, size_t i, double *x, const char **s) {
    if (e->root->type == TY_STR) {
        *s = eval_str(e->root, t, i);
        *x = NAN;
    } else {
        double v = eval_num(e->root, t, i);
        *x = isnan(v) ? NAN : v;   /* one NA, whatever NaN arithmetic made */
        *s = NULL;
    }
}
