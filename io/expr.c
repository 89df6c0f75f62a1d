/* expr.c — see expr.h.  A recursive-descent parser builds a typed tree;
 * evaluation walks it once per row. */
#include "io/expr.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    N_NUM, N_STR, N_COL, N_NEG, N_NOT, N_ADD, N_SUB, N_MUL, N_DIV, N_POW,
    N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_AND, N_OR, N_FUNC, N_CHAIN
} NodeKind;

typedef enum { F_LOG2, F_LOG, F_LOG10, F_EXP, F_SQRT, F_ABS, F_ROUND, F_FLOOR, F_CEIL, F_ISNA } Func;

static const char *const FUNC_NAMES[] = {"log2", "log", "log10", "exp", "sqrt", "abs", "round", "floor", "ceil", "is_na"};
#define NFUNC (sizeof FUNC_NAMES / sizeof *FUNC_NAMES)

enum { TY_NUM, TY_STR, TY_LOGIC };

typedef struct Node {
    NodeKind kind;          /* what the node computes */
    int type;               /* TY_NUM, TY_STR or TY_LOGIC */
    double x;               /* N_NUM: the value (NaN for NA) */
    char *s;                /* N_STR: the text (NULL for NA) */
    long col;               /* N_COL: column index */
    Func fn;                /* N_FUNC: which function */
    struct Node *a, *b;     /* operands */
    struct Node **kids;     /* N_CHAIN: the operands of a left-to-right chain */
    unsigned char *ops;     /* N_CHAIN: ops[i] (N_ADD, N_SUB, N_MUL, N_DIV, N_AND or N_OR) joins kids[i] */
    size_t nkids, capkids;  /* N_CHAIN: how many, room */
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
            size_t f = 0;
            while (f < NFUNC && strcasecmp(name, FUNC_NAMES[f])) f++;
            if (f == NFUNC) {
                const char *g = suggest(name, FUNC_NAMES, NFUNC);
                Buf m = {0};
                buf_printf(&m, "unknown function '%s'", name);
                if (g) buf_printf(&m, " (did you mean %s?)", g);
                buf_puts(&m, "; functions: log2 log log10 exp sqrt abs round floor ceil is_na");
                perr(P, m.s, NULL);
                buf_free(&m);
                free(name);
                return NULL;
            }
            P->p++;
            Node *arg = parse_or(P);
            if (!arg) { free(name); return NULL; }
            if (!accept(P, ")")) { node_free(arg); free(name); perr(P, "expected ')'", NULL); return NULL; }
            if (arg->type == TY_STR && f != F_ISNA) {
                node_free(arg);
                perr(P, "this function needs a number, not text: ", name);
                free(name);
                return NULL;
            }
            n = node(N_FUNC, f == F_ISNA ? TY_LOGIC : TY_NUM, arg, NULL);
            n->fn = (Func)f;
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

static const char *eval_str(const Node *n, const Table *t, size_t i) {
    if (n->kind == N_COL) return t->cols[n->col].str[i];
    return n->s;
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
