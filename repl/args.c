/* args.c — see args.h. */
#include "repl/args.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void args_init(Args *a, const LexCmd *c, int raw) {
    args_init_cmd(a, c, 1, raw, NULL, c->w[0].text, "", "");
}

void args_init_cmd(Args *a, const LexCmd *c, size_t first, int raw, const struct Command *cmd, const char *name,
                   const char *usage, const char *options) {
    memset(a, 0, sizeof *a);
    a->fullname = xstrdup(name);
    a->name = a->fullname;
    a->cmd = cmd;
    a->usage = usage ? usage : "";
    a->options = options ? options : "";
    a->raw = c->raw;
    a->pos = xcalloc(c->n, sizeof *a->pos);
    a->off = xcalloc(c->n, sizeof *a->off);
    a->key = xcalloc(c->n, sizeof *a->key);
    a->val = xcalloc(c->n, sizeof *a->val);
    for (size_t i = first; i < c->n; i++) {
        const Word *w = &c->w[i];
        if (w->opt_split > 0 && !raw) {
            char *k = xstrndup(w->text, (size_t)w->opt_split);
            for (char *p = k; *p; p++) *p = (char)tolower((unsigned char)*p);
            a->key[a->nopt] = k;
            a->val[a->nopt++] = xstrdup(w->text + w->opt_split + 1);
        } else {
            a->off[a->npos] = w->off;
            a->pos[a->npos++] = xstrdup(w->text);
        }
    }
}

void args_free(Args *a) {
    for (size_t i = 0; i < a->npos; i++) free(a->pos[i]);
    for (size_t i = 0; i < a->nopt; i++) { free(a->key[i]); free(a->val[i]); }
    free(a->pos);
    free(a->off);
    free(a->key);
    free(a->val);
    buf_free(&a->err);
    strlist_free(&a->taken);
    strlist_free(&a->taken_kw);
    free(a->fullname);
}

const char *args_opt(const Args *a, const char *key) {
    const char *v = NULL;
    for (size_t i = 0; i < a->nopt; i++)   /* the last one given wins */
        if (strcmp(a->key[i], key) == 0) v = a->val[i];
    return v;
}

static void bad(Args *a, const char *key, const char *val, const char *what) {
    if (a->err.len) return;
    buf_printf(&a->err, "%s=%s: %s", key, val, what);
}

static int to_double(const char *s, double *x) {
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    return end != s && !*end && !isnan(*x);
}

double args_get_double(Args *a, const char *key, double def, double lo, double hi) {
    const char *v = args_opt(a, key);
    double x;
    if (!v) return def;
    if (!to_double(v, &x)) { bad(a, key, v, "expected a number"); return def; }
    if (x < lo || x > hi) {
        Buf m = {0};
        buf_printf(&m, "expected a number from %g to %g", lo, hi);
        bad(a, key, v, m.s);
        buf_free(&m);
        return def;
    }
    return x;
}

long args_get_int(Args *a, const char *key, long def, long lo, long hi) {
    const char *v = args_opt(a, key);
    if (!v) return def;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno) { bad(a, key, v, "expected a whole number"); return def; }
    if (x < lo || x > hi) {
        Buf m = {0};
        buf_printf(&m, "expected a whole number from %ld to %ld", lo, hi);
        bad(a, key, v, m.s);
        buf_free(&m);
        return def;
    }
    return x;
}

int args_get_bool(Args *a, const char *key, int def) {
    const char *v = args_opt(a, key);
    if (!v) return def;
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "on")) return 1;
    if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "off")) return 0;
    bad(a, key, v, "expected yes or no");
    return def;
}

/* The values declared for key in options ("k1,key=a|b|c,k2"): a pointer
 * to "a|b|c" and its length in *len, or NULL. */
static const char *declared_choices(const char *options, const char *key, size_t *len) {
    size_t kl = strlen(key);
    for (const char *p = options; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        if (l > kl && p[kl] == '=' && strncmp(p, key, kl) == 0) {
            *len = l - kl - 1;
            return p + kl + 1;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return NULL;
}

int args_get_choice(Args *a, const char *key, int def, const char *choices) {
    const char *v = args_opt(a, key);
    size_t clen;
    if (choices) clen = strlen(choices);
    else if (!(choices = declared_choices(a->options, key, &clen))) {
        /* a handler asking for values the table does not declare */
        if (v && !a->err.len) buf_printf(&a->err, "%s=%s: the command table declares no values for %s", key, v, key);
        return def;
    }
    if (!v) return def;
    int k = 0;
    for (const char *p = choices;; k++) {
        const char *bar = memchr(p, '|', clen - (size_t)(p - choices));
        size_t len = bar ? (size_t)(bar - p) : clen - (size_t)(p - choices);
        if (strlen(v) == len && strncasecmp(v, p, len) == 0) return k;
        if (!bar) break;
        p = bar + 1;
    }
    Buf m = {0};
    buf_puts(&m, "expected one of ");
    for (const char *p = choices; p < choices + clen; p++) buf_add(&m, *p == '|' ? ", " : p, *p == '|' ? 2 : 1);
    bad(a, key, v, m.s);
    buf_free(&m);
    return def;
}

void args_get_range(Args *a, const char *key, long *from, long *to, long lo, long hi) {
    const char *v = args_opt(a, key);
    if (!v) return;
    char *end;
    long x = strtol(v, &end, 10), y = x;
    if (end == v) { bad(a, key, v, "expected a number or a range a..b"); return; }
    if (strncmp(end, "..", 2) == 0) {
        char *e2;
        y = strtol(end + 2, &e2, 10);
        if (e2 == end + 2 || *e2) { bad(a, key, v, "expected a range a..b"); return; }
    } else if (*end) {
        bad(a, key, v, "expected a number or a range a..b");
        return;
    }
    if (x > y || x < lo || y > hi) {
        Buf m = {0};
        buf_printf(&m, "expected a range within %ld..%ld", lo, hi);
        bad(a, key, v, m.s);
        buf_free(&m);
        return;
    }
    *from = x;
    *to = y;
}

const char *args_take_kw(Args *a, const char *kw) {
    for (size_t i = 0; i < a->npos; i++) {
        if (strcasecmp(a->pos[i], kw) != 0) continue;
        if (i + 1 >= a->npos) {
            if (!a->err.len) buf_printf(&a->err, "'%s' must be followed by a name", kw);
            return NULL;
        }
        strlist_add(&a->taken, a->pos[i + 1]);
        strlist_add(&a->taken_kw, kw);
        free(a->pos[i]);
        free(a->pos[i + 1]);
        memmove(&a->pos[i], &a->pos[i + 2], (a->npos - i - 2) * sizeof *a->pos);
        memmove(&a->off[i], &a->off[i + 2], (a->npos - i - 2) * sizeof *a->off);
        a->npos -= 2;
        return a->taken.v[a->taken.n - 1];
    }
    return NULL;
}

int args_failed(Session *s, Args *a) {
    if (!a->err.len) return 0;
    rgx_error(s, "%s: %s", a->name, a->err.s);
    return 1;
}

int args_usage(Session *s, const Args *a) {
    rgx_error(s, "%s: usage: %s", a->name, a->usage);
    return 1;
}
