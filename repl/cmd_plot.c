/* cmd_plot.c — `plot KIND …`: one driver for every plot kind of the
 * command table (the PLOT lines of commands.def).  It finds the result
 * (checking its kind against the kinds the plot accepts) or the table of
 * the columns, resolves the result's parts and the groups of `by GROUP`,
 * parses the options into FigureOpts, names the output, then calls the
 * kind's figure function in plots/ and prints what it made. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "plots/figures.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/record.h"

/* The options of the figures: a plot kind accepts those its PLOT line
 * lists (dispatch refuses the others), read here into FigureOpts.  A new
 * option: a field of FigureOpts and a line here. */
enum { OPT_BOOL, OPT_LONG, OPT_STR, OPT_CHOICE };
static const struct {
    const char *key;    /* as typed */
    int type;           /* OPT_BOOL (yes/no), OPT_LONG (a whole number in lo..hi), OPT_STR (text, as typed),
                           OPT_CHOICE (one of the values its PLOT line declares, as that word) */
    size_t off;         /* its field in FigureOpts */
    long lo, hi;        /* OPT_LONG: the range */
} OPTS[] = {
    {"risktable", OPT_BOOL, offsetof(FigureOpts, risktable), 0, 0},
    {"ci", OPT_BOOL, offsetof(FigureOpts, ci), 0, 0},
    {"cluster", OPT_BOOL, offsetof(FigureOpts, cluster), 0, 0},
    {"top", OPT_LONG, offsetof(FigureOpts, top), 2, 500},
    {"k", OPT_LONG, offsetof(FigureOpts, k), 2, 100},
    {"set", OPT_STR, offsetof(FigureOpts, set), 0, 0},
    {"labels", OPT_LONG, offsetof(FigureOpts, labels), 0, 50},
    {"unit", OPT_CHOICE, offsetof(FigureOpts, unit), 0, 0},
    {"title", OPT_STR, offsetof(FigureOpts, title), 0, 0},
    {"xlabel", OPT_STR, offsetof(FigureOpts, xlabel), 0, 0},
    {"ylabel", OPT_STR, offsetof(FigureOpts, ylabel), 0, 0},
};

/* The declared value of option key that a chose, as the table spells it
 * (static storage in the command table's text: copied into buf), or NULL. */
static const char *choice_word(Args *a, const char *key, char *buf, size_t len) {
    const char *choices;
    size_t nch;
    int k = args_get_choice(a, key, -1, NULL);
    if (k < 0 || !command_option(a->cmd, key, &choices, &nch)) return NULL;
    for (const char *p = choices; k >= 0; k--) {
        const char *bar = memchr(p, '|', nch - (size_t)(p - choices));
        size_t l = bar ? (size_t)(bar - p) : nch - (size_t)(p - choices);
        if (!k) { snprintf(buf, len, "%.*s", (int)l, p); return buf; }
        if (!bar) return NULL;
        p = bar + 1;
    }
    return NULL;
}

/* The options into *o; text options point into a's words (valid while a
 * is); unit= into unitbuf. */
static void read_opts(Args *a, FigureOpts *o, char *unitbuf, size_t unitlen) {
    *o = (FigureOpts){.risktable = 1, .ci = 0, .cluster = 1, .top = 40, .k = 0, .labels = 5};
    for (size_t i = 0; i < sizeof OPTS / sizeof *OPTS; i++) {
        char *field = (char *)o + OPTS[i].off;
        if (!command_option(a->cmd, OPTS[i].key, NULL, NULL)) continue;   /* not this kind's: dispatch refused it */
        if (OPTS[i].type == OPT_BOOL) *(int *)field = args_get_bool(a, OPTS[i].key, *(int *)field);
        else if (OPTS[i].type == OPT_LONG) *(long *)field = args_get_int(a, OPTS[i].key, *(long *)field, OPTS[i].lo, OPTS[i].hi);
        else if (OPTS[i].type == OPT_STR) *(const char **)field = args_opt(a, OPTS[i].key);
        else *(const char **)field = choice_word(a, OPTS[i].key, unitbuf, unitlen);
    }
}

/* Where the figure goes: `to FILE` (relative to the output directory; its
 * extension, if any, chooses the format) or plotN with `set plot`. */
typedef struct Target {
    char *dir;          /* output directory */
    char *name;         /* base name */
    char *format;       /* png svg pdf dumb window */
} Target;

static void target_free(Target *t) { free(t->dir); free(t->name); free(t->format); }

static int target_make(Session *s, const char *to, Target *t) {
    memset(t, 0, sizeof *t);
    if (!to) {
        Buf b = {0};
        buf_printf(&b, "plot%d", ++s->nplot);
        t->name = b.s;
        t->dir = xstrdup(s->outdir);
        t->format = xstrdup(s->plot);
        return 0;
    }
    const char *slash = strrchr(to, '/');
    const char *base = slash ? slash + 1 : to;
    if (!*base) { rgx_error(s, "plot: to %s: name a file", to); return -1; }
    Buf d = {0};
    if (to[0] == '/') buf_add(&d, to, slash ? (size_t)(slash - to) : 0);
    else {
        buf_puts(&d, s->outdir);
        if (slash) { buf_puts(&d, "/"); buf_add(&d, to, (size_t)(slash - to)); }
    }
    if (!d.s || !d.len) buf_puts(&d, "/");
    t->dir = d.s;
    const char *dot = strrchr(base, '.');
    const char *fmt = s->plot;
    char lower[4];
    if (dot && (!strcasecmp(dot, ".png") || !strcasecmp(dot, ".svg") || !strcasecmp(dot, ".pdf"))) {
        for (int i = 0; i < 3; i++) lower[i] = (char)(dot[1 + i] | 32);
        lower[3] = '\0';
        fmt = lower;
        t->name = xstrndup(base, (size_t)(dot - base));
    } else {
        t->name = xstrdup(base);
    }
    t->format = xstrdup(fmt);
    return 0;
}

static int term_width(void) {
    struct winsize w;
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) return w.ws_col > 200 ? 200 : w.ws_col;
    return 80;
}

/* "a km result", "a corr or screen result": what plot c takes. */
static void takes(Buf *b, const Command *c) {
    char *copy = xstrdup(c->accepts);
    size_t n = 0;
    for (char *save = NULL, *k = strtok_r(copy, "|", &save); k; k = strtok_r(NULL, "|", &save))
        if (strcmp(k, "columns")) buf_printf(b, "%s%s", n++ ? " or " : strchr("aeiou", k[0]) ? "an " : "a ", k);
    buf_puts(b, n ? " result" : "the columns of a table");
    free(copy);
}

/* The error for name, which is not a result plot c draws: a table, a part
 * (naming its result when that would do), or a result of another kind
 * (naming the plots that draw that kind). */
static void wrong_input(Session *s, const Command *c, const char *fn, const char *name, const Result *r) {
    Buf want = {0}, m = {0};
    takes(&want, c);
    const char *part;
    const Result *owner = r ? NULL : session_owner(s, name, &part);
    if (r) {
        buf_printf(&m, "%s is %s %s result; %s takes %s", name, strchr("aeiou", r->kind[0]) ? "an" : "a", r->kind, fn,
                   want.s);
        Buf others = {0};
        for (size_t i = 0; i < NCOMMANDS; i++) {
            const Command *o = &COMMANDS[i];
            if (o->accepts && kind_in_list(o->accepts, r->kind))
                buf_printf(&others, "%splot %s", others.len ? ", " : "", o->name);
        }
        if (others.len) buf_printf(&m, " (%s take%s %s)", others.s, strchr(others.s, ',') ? "" : "s", r->kind);
        buf_free(&others);
    } else if (owner) {
        buf_printf(&m, "%s is a part of %s result %s, not a result; %s takes %s", name, owner->kind, owner->name, fn,
                   want.s);
        if (kind_in_list(c->accepts, owner->kind)) buf_printf(&m, " (%s %s)", fn, owner->name);
    } else {
        buf_printf(&m, "%s is a table, not a result; %s takes %s", name, fn, want.s);
    }
    rgx_error(s, "%s: %s", fn, m.s);
    buf_free(&want);
    buf_free(&m);
}

/* Print what the figure made; returns 0 or 1. */
static int finish(Session *s, const char *fn, int rc, PlotResult *r, const Target *tg) {
    if (rc == -2) {
        rgx_error(s, "%s: %s", fn, r->msg.s ? r->msg.s : "cannot draw this");
        return 1;
    }
    if (rc < 0) {
        rgx_error(s, "plot: %s", r->msg.s ? r->msg.s : "failed");
        return 1;
    }
    if (!r->rendered) {
        rgx_warn(s, "%s", r->msg.s);
    } else if (!strcmp(tg->format, "dumb")) {
        /* titles and labels come from column names: no control character
           of theirs reaches the terminal (gnuplot's own form feed does) */
        for (char *p = r->text.s; p && *p;) {
            char *ff = strchr(p, '\f');
            if (ff) *ff = '\0';
            out_data_printf(&s->out, "%s", p);
            if (!ff) break;
            out_puts(&s->out, "\f");
            *ff = '\f';
            p = ff + 1;
        }
    } else if (r->out) {
        out_data_printf(&s->out, "wrote %s (script %s.gp, data %s.dat)\n", r->out, tg->name, tg->name);
    } else {
        out_data_printf(&s->out, "opened a gnuplot window (script %s)\n", r->gp);
    }
    if (r->info.len) out_data_printf(&s->out, "%s", r->info.s);
    return 0;
}

/* Every plot kind: `plot KIND …` (dispatch found the kind's entry). */
int cmd_plot_kind(Session *s, Args *a) {
    const Command *c = a->cmd;
    const char *fn = a->name;
    int columns = kind_in_list(c->accepts, "columns"), named = (c->flags & (CF_TABLE | CF_RESULT)) != 0;
    const char *in = columns && !named ? args_take_kw(a, "in") : NULL;
    const char *to = args_take_kw(a, "to");
    const char *by = columns ? args_take_kw(a, "by") : NULL;
    FigureOpts o;
    char unitbuf[16];
    read_opts(a, &o, unitbuf, sizeof unitbuf);
    if (args_failed(s, a)) return 1;
    if (a->npos < 1 || (!columns && a->npos != 1)) return args_usage(s, a);
    /* the input: a result of a kind this plot takes, or a table */
    FigureInput fi = {0};
    FigurePart *parts = NULL;
    Table *t;
    Result *res = NULL;
    if (named) {
        t = session_find(s, a->pos[0]);
        res = t ? session_result(s, a->pos[0]) : NULL;
        if (!t && !session_table(s, a->pos[0])) return 1;
        if (res && !kind_in_list(c->accepts, res->kind)) res = NULL;
        if (!res && !columns) {
            wrong_input(s, c, fn, a->pos[0], t ? session_result(s, a->pos[0]) : NULL);
            return 1;
        }
        fi.words = (const char *const *)a->pos + 1;
        fi.nwords = a->npos - 1;
    } else {
        if (!(t = command_table(s, "plot", in, a->pos[0]))) return 1;
        fi.words = (const char *const *)a->pos;
        fi.nwords = a->npos;
    }
    fi.name = t->name;
    fi.main = t;
    if (res) {
        fi.kind = res->kind;
        fi.pkey = (const char *const *)res->pkey.v;
        fi.pval = (const char *const *)res->pval.v;
        fi.npar = res->pkey.n;
        parts = xcalloc(res->parts.n ? res->parts.n : 1, sizeof *parts);
        for (size_t i = 0; i < res->parts.n; i++) {
            Table *p = result_part(s, res, res->parts.v[i]);
            if (p) parts[fi.nparts++] = (FigurePart){res->parts.v[i], p};
        }
        fi.parts = parts;
    }
    Target tg;
    if (target_make(s, to, &tg) < 0) { free(parts); return 1; }
    char *prov = record_gp_comment(s);   /* the script says where it came from */
    PlotOut po = {.dir = tg.dir, .name = tg.name, .format = tg.format, .width = term_width(),
                  .window_ok = s->interactive && getenv("DISPLAY") != NULL, .title = o.title, .xlabel = o.xlabel,
                  .ylabel = o.ylabel, .comment = prov};
    PlotResult r = {0};
    int rc = 1;
    size_t *gid = NULL;
    StrList gnames = {0};
    if (by) {
        Buf err = {0};
        long gj = table_find_err(t, by, &err);
        if (gj < 0) { rgx_error(s, "plot: by %s", err.s); buf_free(&err); goto done; }
        gid = xmalloc((t->nrow ? t->nrow : 1) * sizeof *gid);
        if (command_groups(s, "plot", t, gj, gid, &gnames) < 0) goto done;
        fi.by = by;
        fi.group = gid;
        fi.gnames = (const char *const *)gnames.v;
        fi.ngroups = gnames.n;
    }
    rc = finish(s, fn, c->figure(&fi, &o, &po, &r), &r, &tg);
done:
    free(prov);
    plot_result_free(&r);
    target_free(&tg);
    strlist_free(&gnames);
    free(gid);
    free(parts);
    return rc;
}

/* `plot` alone, or with a word that is no kind, is answered by dispatch
 * (usage, or "unknown kind"): the parent never runs. */
int cmd_plot(Session *s, Args *a) { return args_usage(s, a); }
