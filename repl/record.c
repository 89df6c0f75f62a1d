/* record.c — see record.h: the journal, each command's record for the
 * report, and the provenance sidecars. */
#include "repl/record.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "io/atomic.h"
#include "io/escape.h"
#include "io/sha256.h"
#include "repl/commands.h"

#define CAPTURE_MAX (1u << 20)      /* bytes of one command's printed text kept for the report */
#define KEPT_MAX (64u << 20)        /* bytes of figures kept for the report, in all */
#define HEAD_ROWS 10                /* rows of a table kept for the report */
#define HEAD_COLS 12                /* and columns */
#define HEADS_MAX 8                 /* tables kept per command */

/* ---- captures ---- */

void capture_add(Capture *c, int err, const char *s, size_t len) {
    if (!len) return;
    if (c->text.len + len > CAPTURE_MAX) {
        c->dropped += len;
        return;
    }
    if (!c->nseg || c->seg[c->nseg - 1].err != err) {
        c->seg = xrealloc(c->seg, (c->nseg + 1) * sizeof *c->seg);
        c->seg[c->nseg++] = (CapSeg){c->text.len, err};
    }
    buf_add(&c->text, s, len);
}

static void capture_free(Capture *c) {
    buf_free(&c->text);
    free(c->seg);
}

/* ---- dates ---- */

void record_date(char out[32]) {
    const char *e = getenv("SOURCE_DATE_EPOCH");
    time_t t = 0;
    char *end;
    long long v = e && *e ? strtoll(e, &end, 10) : -1;
    if (e && *e && !*end && v >= 0) t = (time_t)v;
    else t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- the command a lexed line names ---- */

static const Command *resolve(const LexCmd *c) {
    const Command *cmd = command_find(c->w[0].text);
    if (cmd && command_has_subs(cmd) && c->n > 1 && c->w[1].opt_split < 0 && !c->w[1].quoted) {
        const Command *sub = command_sub(cmd, c->w[1].text);
        if (sub) cmd = sub;
    }
    return cmd;
}

/* ---- journal text ---- */

void record_quote_word(Buf *b, const char *w) {
    int plain = *w != '\0';
    for (const unsigned char *p = (const unsigned char *)w; *p && plain; p++)
        plain = isalnum(*p) || *p >= 0x80 || strchr("_./:,+-*?@%^~[]<>|!()&", *p);
    if (plain) { buf_puts(b, w); return; }
    buf_add(b, "\"", 1);
    for (const char *p = w; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '$') buf_add(b, "\\", 1);
        buf_add(b, p, 1);
    }
    buf_add(b, "\"", 1);
}

/* raw without the blanks around it (a command after ';' starts with one). */
static char *trimmed(const char *raw) {
    while (isspace((unsigned char)*raw)) raw++;
    size_t l = strlen(raw);
    while (l && isspace((unsigned char)raw[l - 1])) l--;
    return xstrndup(raw, l);
}

/* The command's raw text with every '$' as \$ (a replayed script would
 * read $1 as an argument; \$ is a dollar there). */
static char *from_raw(const char *raw) {
    Buf b = {0};
    buf_add(&b, "", 0);
    while (isspace((unsigned char)*raw)) raw++;
    for (const char *p = raw; *p; p++) {
        if (*p == '$') buf_add(&b, "\\", 1);
        buf_add(&b, *p == '\n' || *p == '\r' ? " " : p, 1);   /* a line end of -e text is a blank */
    }
    size_t l = b.len;
    while (l && isspace((unsigned char)b.s[l - 1])) b.s[--l] = '\0';
    return b.s;
}

/* The command rebuilt from its words, each quoted as it needs (a
 * script's argument in it becomes a quoted word). */
static char *from_words(const LexCmd *c) {
    Buf b = {0};
    for (size_t i = 0; i < c->n; i++) {
        const Word *w = &c->w[i];
        if (i) buf_add(&b, " ", 1);
        if (w->opt_split > 0) {
            buf_add(&b, w->text, (size_t)w->opt_split + 1);
            record_quote_word(&b, w->text + w->opt_split + 1);
        } else if (w->quoted || w->from_arg || strchr(w->text, '=')) {
            Buf q = {0};   /* always quoted: a word, never an option */
            record_quote_word(&q, w->text);
            if (q.s[0] != '"') buf_printf(&b, "\"%s\"", q.s);
            else buf_puts(&b, q.s);
            buf_free(&q);
        } else {
            record_quote_word(&b, w->text);
        }
    }
    return b.s;
}

/* Does text lex (as a script line, with no arguments) to the words of c
 * (and, for a command that reads its raw text, the same raw text)? */
static int relexes(const char *text, const LexCmd *c, int raw) {
    LexCmd *got;
    size_t n;
    Buf err = {0};
    StrList none = {0};
    int same = lex_line_args(text, &none, &got, &n, &err) == 0 && n == 1 && got[0].n == c->n;
    for (size_t i = 0; same && i < c->n; i++)
        same = !strcmp(got[0].w[i].text, c->w[i].text) && (got[0].w[i].opt_split >= 0) == (c->w[i].opt_split >= 0);
    if (same && raw) {
        char *x = trimmed(got[0].raw), *y = trimmed(c->raw);
        same = !strcmp(x, y);
        free(x);
        free(y);
    }
    if (!err.len) lex_free(got, n);
    buf_free(&err);
    return same;
}

/* Would a script read this line otherwise: continued on the next (a
 * trailing backslash), or as two lines? */
static int continues(const char *t) {
    if (strchr(t, '\n')) return 1;
    size_t l = strlen(t);
    while (l && (t[l - 1] == ' ' || t[l - 1] == '\t')) l--;
    return l && t[l - 1] == '\\' && !strchr(t, '#');
}

/* The journal's line for c: its text as typed when that replays to the
 * same words, else rebuilt from the words; NULL when neither does. */
static char *journal_text(const LexCmd *c, const Command *cmd) {
    int raw = cmd && (cmd->flags & CF_RAW);
    int args = 0;
    for (size_t i = 0; i < c->n; i++) args |= c->w[i].from_arg;
    char *t = NULL;
    if (raw || !args) {
        t = from_raw(c->raw);
        if (!continues(t) && relexes(t, c, raw)) return t;
        free(t);
    }
    t = from_words(c);
    if (!continues(t) && relexes(t, c, raw)) return t;
    free(t);
    return NULL;
}

/* ---- begin / end ---- */

static Entry *top(Session *s) {
    Record *r = s->rec;
    return r && r->depth ? r->stack[r->depth - 1] : NULL;
}

static void set_capture(Session *s) {
    Entry *e = top(s);
    s->out.cap = e ? &e->cap : NULL;
    s->err.cap = e ? &e->cap : NULL;
}

void record_begin(Session *s, const LexCmd *c) {
    Record *r = s->rec;
    if (!r || !c->n) return;
    if (!r->started) {   /* the settings the journal starts from */
        r->started = 1;
        r->seed0 = s->seed;
        r->threads0 = s->threads;
        r->digits0 = s->digits;
        r->prov0 = s->provenance;
        r->plot0 = xstrdup(s->plot);
        r->outdir0 = xstrdup(s->outdir);
    }
    const Command *cmd = resolve(c);
    Entry *e = xcalloc(1, sizeof *e);
    e->typed = trimmed(c->raw);
    if (s->file && !s->interactive) {
        Buf w = {0};
        buf_printf(&w, "%s:%ld", s->file, s->line);
        e->where = w.s;
    }
    char fn[64];
    e->name = xstrdup(cmd ? command_fullname(cmd, fn, sizeof fn) : c->w[0].text);
    e->flags = cmd ? cmd->flags : 0;
    e->container = cmd && cmd->fn == cmd_run;
    e->depth = (int)r->depth;
    e->running = 1;
    e->seed = -1;
    if (cmd && cmd->fn != cmd_set && command_option(cmd, "seed", NULL, NULL)) {
        e->seed = (long)s->seed;
        for (size_t i = 1; i < c->n; i++) {
            const Word *w = &c->w[i];
            char *end;
            if (w->opt_split == 4 && !strncasecmp(w->text, "seed", 4)) {
                long v = strtol(w->text + 5, &end, 10);
                if (!*end && end != w->text + 5) { e->seed = v; e->seed_given = 1; }
            }
        }
    }
    if (!e->container && !(e->flags & CF_NOJOURNAL)) e->text = journal_text(c, cmd);
    e->snap = xmalloc((s->ntab ? s->ntab : 1) * 3 * sizeof *e->snap);
    for (size_t i = 0; i < s->ntab; i++) {
        e->snap[3 * i] = s->tables[i]->serial;
        e->snap[3 * i + 1] = s->tables[i]->nrow;
        e->snap[3 * i + 2] = s->tables[i]->ncol;
    }
    e->nsnap = s->ntab;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->e = xrealloc(r->e, r->cap * sizeof *r->e);
    }
    r->e[r->n++] = e;
    if (r->depth == r->capstack) {
        r->capstack = r->capstack ? 2 * r->capstack : 8;
        r->stack = xrealloc(r->stack, r->capstack * sizeof *r->stack);
    }
    r->stack[r->depth++] = e;
    set_capture(s);
}

/* Was table t in e's snapshot with the same shape? */
static int unchanged(const Entry *e, const Table *t) {
    for (size_t i = 0; i < e->nsnap; i++)
        if (e->snap[3 * i] == t->serial) return e->snap[3 * i + 1] == t->nrow && e->snap[3 * i + 2] == t->ncol;
    return 0;
}

static void keep_head(Entry *e, const Table *t) {
    if (e->nmade >= HEADS_MAX) return;
    size_t nr = t->nrow < HEAD_ROWS ? t->nrow : HEAD_ROWS, nc = t->ncol < HEAD_COLS ? t->ncol : HEAD_COLS;
    size_t rows[HEAD_ROWS], cols[HEAD_COLS];
    for (size_t i = 0; i < nr; i++) rows[i] = i;
    /* the key first, then the first other columns */
    size_t k = 0;
    if (t->id >= 0 && nc) cols[k++] = (size_t)t->id;
    for (size_t j = 0; j < t->ncol && k < nc; j++)
        if ((long)j != t->id) cols[k++] = j;
    Table *h = table_subset(t, t->name, rows, nr, cols, k);
    if (!h) return;
    e->made = xrealloc(e->made, (e->nmade + 1) * sizeof *e->made);
    e->made[e->nmade++] = (TableHead){h, t->nrow, t->ncol};
}

void record_end(Session *s, int rc) {
    Record *r = s->rec;
    Entry *e = top(s);
    if (!e) return;
    e->running = 0;
    e->ok = rc == 0;
    if (!e->container) {
        /* the tables it made or changed depend on what it read */
        for (size_t i = 0; i < s->ntab; i++) {
            Table *t = s->tables[i];
            if (unchanged(e, t)) continue;
            lineage_merge(&t->lineage, &e->reads);
            if (e->seed >= 0 && e->ok) lineage_add_seeded(&t->lineage, e->text ? e->text : e->typed, e->seed);
            for (size_t k = 0; k < t->lineage.nin; k++)
                lineage_add_input(&r->inputs, t->lineage.in[k].path, t->lineage.in[k].size, t->lineage.in[k].sha256);
            if (e->ok && !(e->flags & CF_NOJOURNAL)) keep_head(e, t);
        }
    }
    if (e->ok && !e->container && !(e->flags & CF_NOJOURNAL) && !e->text)
        rgx_warn(s, "this command cannot be written to the journal so that it replays exactly (a line break "
                    "inside quotes?); the journal holds it as a comment");
    free(e->snap);
    e->snap = NULL;
    e->nsnap = 0;
    lineage_clear(&e->reads);
    r->depth--;
    set_capture(s);
}

void record_read(Session *s, const Table *t) {
    Entry *e = top(s);
    if (e) lineage_merge(&e->reads, &t->lineage);
}

void record_read_all(Session *s) {
    Entry *e = top(s);
    if (!e) return;
    lineage_merge(&e->reads, &s->rec->inputs);
    for (size_t i = 0; i < s->ntab; i++) lineage_merge(&e->reads, &s->tables[i]->lineage);
}

/* ---- the journal ---- */

static void setting(Buf *b, const char *key, const char *val) {
    buf_printf(b, " %s=", key);
    record_quote_word(b, val);
}

static const char *prov_name(int p) { return p == PROV_OFF ? "off" : p == PROV_HEADER ? "header" : "sidecar"; }

void record_journal(Session *s, Buf *out) {
    Record *r = s->rec;
    char date[32];
    record_date(date);
    buf_printf(out, "# rgx journal: the commands of a session that succeeded, in order.\n"
                    "# Replay with  rgx -f FILE  from the directory rgx ran in (paths are as typed).\n"
                    "# rgx %s, %s\n", RGX_VERSION, date);
    buf_puts(out, "set");
    char num[32];
    snprintf(num, sizeof num, "%lu", r->started ? r->seed0 : s->seed);
    setting(out, "seed", num);
    snprintf(num, sizeof num, "%d", r->started ? r->threads0 : s->threads);
    setting(out, "threads", num);
    snprintf(num, sizeof num, "%d", r->started ? r->digits0 : s->digits);
    setting(out, "digits", num);
    setting(out, "plot", r->started ? r->plot0 : s->plot);
    setting(out, "outdir", r->started ? r->outdir0 : s->outdir);
    setting(out, "provenance", prov_name(r->started ? r->prov0 : s->provenance));
    buf_puts(out, "\n");
    for (size_t i = 0; i < r->n; i++) {
        const Entry *e = r->e[i];
        if (e->running || !e->ok || e->container || (e->flags & CF_NOJOURNAL)) continue;
        if (!e->text) {   /* a comment, with no control character to end it */
            char *t = xstrdup(e->typed);
            text_scrub(t, strlen(t), 0);
            buf_printf(out, "# not replayable exactly: %s\n", t);
            free(t);
            continue;
        }
        buf_puts(out, e->text);
        if (e->seed >= 0 && !e->seed_given) buf_printf(out, "   # seed %ld (set seed)", e->seed);
        buf_puts(out, "\n");
    }
}

int cmd_journal(Session *s, Args *a) {
    Buf j = {0};
    record_read_all(s);
    record_journal(s, &j);
    if (!a->npos) {
        out_puts(&s->out, j.s);
        buf_free(&j);
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->rec->n; i++) {
        const Entry *e = s->rec->e[i];
        n += !e->running && e->ok && !e->container && !(e->flags & CF_NOJOURNAL);
    }
    char *path = session_out_path(s, a->pos[0]);
    Buf err = {0};
    int rc = atomic_write(path, j.s, j.len, &err);
    if (rc) rgx_error(s, "journal: %s", err.s);
    else out_printf(&s->out, "wrote the journal (%zu command%s) to %s\n", n, n == 1 ? "" : "s", path);
    buf_free(&err);
    buf_free(&j);
    free(path);
    return rc ? 1 : 0;
}

/* ---- provenance ---- */

/* One line of text for a comment: control characters as '?', backquotes
 * as quotes (gnuplot does not expand them in a comment, but nothing from
 * data comes near its command substitution), and never a trailing
 * backslash (gnuplot would continue the comment on the next line). */
static void comment_text(Buf *b, const char *s) {
    char *t = xstrdup(s);
    text_scrub(t, strlen(t), 0);
    for (char *p = t; *p; p++)
        if (*p == '`') *p = '\'';
    buf_puts(b, t);
    free(t);
}

static void end_comment_line(Buf *b) {
    if (b->len && b->s[b->len - 1] == '\\') buf_add(b, " ", 1);
    buf_add(b, "\n", 1);
}

char *record_gp_comment(Session *s) {
    Entry *e = top(s);
    if (!e || s->provenance == PROV_OFF) return NULL;
    Buf b = {0};
    buf_printf(&b, "# made by rgx %s: ", RGX_VERSION);
    comment_text(&b, e->typed);
    end_comment_line(&b);
    for (size_t i = 0; i < e->reads.nin; i++) {
        const InputFile *f = &e->reads.in[i];
        buf_puts(&b, i ? "#          " : "# from the files ");
        comment_text(&b, f->path);
        buf_printf(&b, " (%llu bytes, sha256 %s)", f->size, f->sha256);
        end_comment_line(&b);
    }
    for (size_t i = 0; i < e->reads.nseeded; i++) {
        buf_printf(&b, "# seed %ld in: ", e->reads.seeded[i].seed);
        comment_text(&b, e->reads.seeded[i].command);
        end_comment_line(&b);
    }
    buf_puts(&b, "# provenance, with the date: FILE.prov.json beside each file\n");
    return b.s;
}

/* provenance=header: a '#' line first in a CSV or TSV file. */
static char *hook_prefix(void *ctx, const char *path) {
    Session *s = ctx;
    Entry *e = top(s);
    if (!e || s->provenance != PROV_HEADER) return NULL;
    if (!ends_with_ci(path, ".csv") && !ends_with_ci(path, ".tsv") && !ends_with_ci(path, ".txt") &&
        !ends_with_ci(path, ".tab"))
        return NULL;
    Buf b = {0};
    buf_printf(&b, "# made by rgx %s: ", RGX_VERSION);
    comment_text(&b, e->typed);
    for (size_t i = 0; i < e->reads.nin; i++) {
        buf_puts(&b, i ? "; " : " | from ");
        comment_text(&b, e->reads.in[i].path);
        buf_printf(&b, " (sha256 %s)", e->reads.in[i].sha256);
    }
    for (size_t i = 0; i < e->reads.nseeded; i++) {
        buf_printf(&b, "%sseed %ld in ", i ? "; " : " | ", e->reads.seeded[i].seed);
        comment_text(&b, e->reads.seeded[i].command);
    }
    buf_printf(&b, " | provenance: %s.prov.json\n", path);
    return b.s;
}

/* Is a file of this name a figure the report can show? */
static int is_figure(const char *path) { return ends_with_ci(path, ".png") || ends_with_ci(path, ".svg"); }

static void json_input(Buf *b, const InputFile *f) {
    buf_puts(b, "{\"path\": ");
    json_str(b, f->path);
    buf_printf(b, ", \"size\": %llu, \"sha256\": \"%s\"}", f->size, f->sha256);
}

/* The sidecar of path (see AtomicHooks): its checksum is also kept in the
 * running command's record (and a figure's bytes, for the report). */
static int hook_sidecar(void *ctx, const char *path, int fd, char **side_path, Buf *side, Buf *err) {
    Session *s = ctx;
    Entry *e = top(s);
    if (!e) return 0;
    WrittenFile wf = {0};
    uint64_t size = 0;
    if (sha256_fd(fd, wf.sha256, &size) < 0) {
        buf_printf(err, "cannot read back %s for its checksum: %s", path, strerror(errno));
        return -1;
    }
    wf.size = size;
    wf.path = xstrdup(path);
    if (is_figure(path) && s->rec->kept + size <= KEPT_MAX) {   /* for the report */
        char buf[65536];
        off_t off = 0;
        ssize_t n;
        while ((n = pread(fd, buf, sizeof buf, off)) > 0 || (n < 0 && errno == EINTR))
            if (n > 0) { buf_add(&wf.data, buf, (size_t)n); off += n; }
        s->rec->kept += wf.data.len;
    }
    e->files = xrealloc(e->files, (e->nfiles + 1) * sizeof *e->files);
    e->files[e->nfiles++] = wf;
    Buf sp = {0};
    buf_printf(&sp, "%s.prov.json", path);
    *side_path = sp.s;
    if (s->provenance == PROV_OFF) return 2;
    char date[32];
    record_date(date);
    const char *base = strrchr(path, '/');
    buf_puts(side, "{\n  \"rgx_provenance\": 1,\n  \"file\": ");
    json_str(side, base ? base + 1 : path);
    buf_printf(side, ",\n  \"size\": %llu,\n  \"sha256\": \"%s\",\n  \"command\": ", wf.size, wf.sha256);
    json_str(side, e->typed);
    buf_puts(side, ",\n  \"inputs\": [");
    for (size_t i = 0; i < e->reads.nin; i++) {
        buf_puts(side, i ? ",\n    " : "\n    ");
        json_input(side, &e->reads.in[i]);
    }
    buf_puts(side, e->reads.nin ? "\n  ],\n  \"seeded\": [" : "],\n  \"seeded\": [");
    for (size_t i = 0; i < e->reads.nseeded; i++) {
        buf_puts(side, i ? ",\n    {\"command\": " : "\n    {\"command\": ");
        json_str(side, e->reads.seeded[i].command);
        buf_printf(side, ", \"seed\": %ld}", e->reads.seeded[i].seed);
    }
    buf_printf(side, "%s],\n  \"seed\": %ld,\n  \"rgx_version\": \"%s\",\n  \"date\": \"%s\"\n}\n",
               e->reads.nseeded ? "\n  " : "", e->seed >= 0 ? e->seed : (long)s->seed, RGX_VERSION, date);
    return 1;
}

/* ---- life ---- */

Record *record_new(Session *s) {
    Record *r = xcalloc(1, sizeof *r);
    AtomicHooks h = {hook_prefix, hook_sidecar, s};
    atomic_set_hooks(&h);
    return r;
}

static void entry_free(Entry *e) {
    free(e->typed);
    free(e->text);
    free(e->where);
    free(e->name);
    capture_free(&e->cap);
    for (size_t i = 0; i < e->nmade; i++) table_free(e->made[i].head);
    free(e->made);
    for (size_t i = 0; i < e->nfiles; i++) {
        free(e->files[i].path);
        buf_free(&e->files[i].data);
    }
    free(e->files);
    lineage_clear(&e->reads);
    free(e->snap);
    free(e);
}

void record_free(Session *s, Record *r) {
    if (!r) return;
    if (atomic_hooks_ctx() == s) atomic_set_hooks(NULL);
    s->out.cap = s->err.cap = NULL;
    for (size_t i = 0; i < r->n; i++) entry_free(r->e[i]);
    free(r->e);
    free(r->stack);
    free(r->plot0);
    free(r->outdir0);
    lineage_clear(&r->inputs);
    free(r);
}
