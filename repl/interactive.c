/* interactive.c — see interactive.h. */
#include "repl/interactive.h"
#include <readline/history.h>
#include <readline/readline.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/atomic.h"
#include "repl/commands.h"
#include "repl/script.h"

static volatile sig_atomic_t cancel_flag;
static volatile sig_atomic_t at_prompt;
static Session *completion_session;

static void on_sigint(int sig) {
    (void)sig;
    cancel_flag = 1;
}

/* SIGTERM, SIGHUP: remove the temporary files being written (and the
 * gnuplot writing them), then die of the same signal, as without the
 * handler (the exit status tells the parent which). */
static void on_fatal(int sig) {
    atomic_cleanup_signal();
    signal(sig, SIG_DFL);
    raise(sig);   /* delivered when the handler returns */
}

void signals_install(Session *s) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;   /* no SA_RESTART: a blocking read returns to readline's hook */
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_fatal;
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    int fatal[] = {SIGTERM, SIGHUP};
    for (size_t i = 0; i < 2; i++) {
        struct sigaction old;
        /* started ignoring it (nohup): keep ignoring it */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(fatal[i], &sa, NULL);
    }
    /* a file-size limit (ulimit -f): the write fails with EFBIG and the
       command says "File too large", instead of the session being killed
       without a word */
    signal(SIGXFSZ, SIG_IGN);
    s->cancel = &cancel_flag;
}

/* Called by readline when a read was interrupted: Ctrl-C clears the line. */
static int on_signal_event(void) {
    if (cancel_flag && at_prompt) {
        cancel_flag = 0;
        rl_replace_line("", 0);
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

static char *history_path(void) {
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    Buf b = {0};
    if (xdg && *xdg) {
        buf_printf(&b, "%s/rgx", xdg);
        mkdir(b.s, 0700);
        buf_puts(&b, "/history");
    } else if (home && *home) {
        buf_printf(&b, "%s/.rgx_history", home);
    }
    return b.s;
}

/* ---- completion ----
 * From the command table: command names; the kinds of load, plot,
 * simulate (and roc's compare); option names as `key=` with no space
 * after, then the values a key declares (conf=log|loglog|plain); files
 * where a command takes one; tables where a command names one (with a
 * space), results of the kinds a command takes; columns where a command
 * takes columns: bare (from the table of `in T`, or the table the command
 * names first, else every table) and as table.col, table names then
 * completing without a space so that `.col` can follow. */

static StrList cands;       /* candidates for the current completion */
static size_t cand_next;
static StrMap cand_seen;    /* no candidate twice (a column in several tables) */
static StrList nospace;     /* candidates that take no space when they are the only one */

static void add_cand(const char *text, const char *c) {
    if (strncmp(text, c, strlen(text)) != 0) return;
    if (strmap_put(&cand_seen, c, cands.n, NULL) != 1) return;
    strlist_add(&cands, c);
}

/* A candidate after which the user goes on typing (key=, a table whose
 * columns can follow). */
static void add_cand_open(const char *text, const char *c) {
    size_t n = cands.n;
    add_cand(text, c);
    if (cands.n > n) strlist_add(&nospace, c);
}

static char *cand_generator(const char *text, int state) {
    (void)text;
    if (!state) cand_next = 0;
    if (cand_next < cands.n) return xstrdup(cands.v[cand_next++]);
    return NULL;
}

/* The matches, with a space after a unique one unless it is open. */
static char **matches(const char *text) {
    rl_completion_append_character = ' ';
    if (cands.n == 1)
        for (size_t i = 0; i < nospace.n; i++)
            if (!strcmp(nospace.v[i], cands.v[0])) rl_completion_append_character = '\0';
    return cands.n ? rl_completion_matches(text, cand_generator) : NULL;
}

static void add_tables(Session *s, const char *text, int open) {
    for (size_t i = 0; i < s->ntab; i++) {
        if (open) add_cand_open(text, s->tables[i]->name);
        else add_cand(text, s->tables[i]->name);
    }
}

/* Results of one of kinds ('|' list; NULL: any). */
static void add_results(Session *s, const char *text, const char *kinds) {
    for (size_t i = 0; i < s->nres; i++)
        if (!kinds || kind_in_list(kinds, s->results[i]->kind)) add_cand(text, s->results[i]->name);
}

/* Columns: bare ones of t (or of every table when t is NULL), then
 * table.col for a text that starts with a table's name and a dot, and the
 * table names themselves (open: a dot and a column may follow). */
static void add_columns(Session *s, const char *text, const Table *t) {
    for (size_t i = 0; i < s->ntab; i++) {
        const Table *u = s->tables[i];
        if (t && u != t) continue;
        for (size_t j = 0; j < u->ncol; j++)
            if ((long)j != u->id) add_cand(text, u->cols[j].name);
    }
    Buf b = {0};
    for (size_t i = 0; i < s->ntab; i++) {
        const Table *u = s->tables[i];
        size_t tl = strlen(u->name);
        add_cand_open(text, u->name);
        if (strncmp(text, u->name, tl) == 0 && text[tl] == '.')
            for (size_t j = 0; j < u->ncol; j++) {
                b.len = 0;
                buf_printf(&b, "%s.%s", u->name, u->cols[j].name);
                add_cand(text, b.s);
            }
    }
    buf_free(&b);
}

static void add_options(const char *text, const Command *c) {
    if (c->flags & CF_RAW) return;
    char *copy = xstrdup(c->options);
    Buf b = {0};
    for (char *save = NULL, *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(o, '=');
        if (eq) *eq = '\0';
        b.len = 0;
        buf_printf(&b, "%s=", o);
        add_cand_open(text, b.s);
    }
    buf_free(&b);
    free(copy);
}

static int is_keyword(const char *w) {
    static const char *const kw[] = {"in", "by", "with", "as", "to", "where", "~"};
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
        if (!strcasecmp(w, kw[i])) return 1;
    return 0;
}

static char **rgx_completion(const char *text, int start, int end) {
    (void)end;
    Session *s = completion_session;
    strlist_free(&cands);
    strlist_free(&nospace);
    strmap_free(&cand_seen);
    cand_seen = (StrMap){0};
    rl_attempted_completion_over = 1;
    /* the words of the last command before the cursor's word */
    char *line = xstrndup(rl_line_buffer, (size_t)start);
    char *semi = strrchr(line, ';');
    char *p = semi ? semi + 1 : line;
    int in_word = start > 0 && (size_t)start <= strlen(rl_line_buffer) && strchr("=,", rl_line_buffer[start - 1]) &&
                  rl_line_buffer[start - 1] != '\0';
    StrList w = {0};
    for (char *save = NULL, *t = strtok_r(p, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) strlist_add(&w, t);
    free(line);
    /* the cursor's word began before text (after '=' or ','): that part is not a complete word */
    char *partial = NULL;
    if (in_word && w.n) partial = w.v[--w.n];
    char **res = NULL;
    const Command *c = w.n ? command_find(w.v[0]) : NULL;
    if (!w.n) {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!COMMANDS[i].parent && !(COMMANDS[i].flags & CF_HIDDEN)) add_cand(text, COMMANDS[i].name);
        res = matches(text);
        goto out;
    }
    if (!c) goto out;
    if (!strcmp(c->name, "help")) {   /* help CMD [SUB] */
        const Command *h = w.n == 2 ? command_find(w.v[1]) : NULL;
        if (w.n == 1) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (!COMMANDS[i].parent && !(COMMANDS[i].flags & CF_HIDDEN)) add_cand(text, COMMANDS[i].name);
        } else if (h) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, h->name)) add_cand(text, COMMANDS[i].name);
        }
        res = matches(text);
        goto out;
    }
    size_t first = 1;   /* the first word after the (sub-)command's name */
    if (command_has_subs(c)) {
        if (w.n == 1 && !partial) {   /* load <Tab>, plot <Tab>, roc <Tab> */
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, c->name)) add_cand(text, COMMANDS[i].name);
            if (c->flags & CF_SUBOPT) add_columns(s, text, NULL);
            res = matches(text);
            goto out;
        }
        const Command *sub = command_sub(c, w.v[1]);
        if (sub) { c = sub; first = 2; }
        else if (!(c->flags & CF_SUBOPT)) goto out;
    }
    /* an option's value: key=<Tab> */
    if (partial && partial[strlen(partial) - 1] == '=') {
        partial[strlen(partial) - 1] = '\0';
        const char *ch;
        size_t nch;
        char *key = xstrdup(partial);
        for (char *q = key; *q; q++) *q = (char)tolower((unsigned char)*q);
        if (command_option(c, key, &ch, &nch) && ch) {
            char *vals = xstrndup(ch, nch);
            for (char *save = NULL, *v = strtok_r(vals, "|", &save); v; v = strtok_r(NULL, "|", &save)) add_cand(text, v);
            free(vals);
        } else if (!strcmp(key, "for")) {
            add_tables(s, text, 0);
        }
        free(key);
        res = matches(text);
        goto out;
    }
    /* the table of `in T`, and the positionals before the cursor */
    const Table *in = NULL;
    size_t npos = 0;
    const char *first_pos = NULL, *prev = w.n > first ? w.v[w.n - 1] : "";
    for (size_t i = first; i < w.n; i++) {
        if (strchr(w.v[i], '=') && w.v[i][0] != '=') continue;   /* key=value */
        if (is_keyword(w.v[i])) {
            if (!strcasecmp(w.v[i], "in") && i + 1 < w.n) in = session_find(s, w.v[i + 1]);
            if (strcmp(w.v[i], "~")) i++;   /* the keyword's word */
            continue;
        }
        if (!npos) first_pos = w.v[i];
        npos++;
    }
    if (!strcasecmp(prev, "to") && !(c->flags & CF_TO_TABLE)) {
        rl_attempted_completion_over = 0;   /* readline's file-name completion */
        goto out;
    }
    if (!strcasecmp(prev, "in") || !strcasecmp(prev, "to")) {
        add_tables(s, text, 0);
        res = matches(text);
        goto out;
    }
    if (!strcasecmp(prev, "as")) goto out;
    if (!strcasecmp(prev, "by") || !strcasecmp(prev, "with") || !strcmp(prev, "~") || partial) {
        add_columns(s, text, in);
        res = matches(text);
        goto out;
    }
    if (npos == 0 && (c->flags & CF_FILE)) {
        rl_attempted_completion_over = 0;
        goto out;
    }
    if (npos == 0 && (c->flags & CF_RESULT)) {
        add_results(s, text, c->accepts);
    } else if ((npos == 0 || !(c->flags & CF_COLS)) && (c->flags & CF_TABLE)) {
        add_tables(s, text, 0);
    } else if (c->flags & CF_COLS) {
        if (!in && (c->flags & CF_TABLE) && first_pos) in = session_find(s, first_pos);
        add_columns(s, text, in);
    }
    add_options(text, c);
    res = matches(text);
out:
    strlist_free(&w);
    return res;
}

int interactive_loop(Session *s, int banner) {
    completion_session = s;
    rl_readline_name = "rgx";
    rl_attempted_completion_function = rgx_completion;
    rl_completer_word_break_characters = " \t\n;,=";
    rl_catch_signals = 0;
    rl_signal_event_hook = on_signal_event;
    char *hist = history_path();
    if (hist && read_history(hist) != 0) write_history(hist);
    if (banner)
        out_printf(&s->out, "rgx %s — the radiogenomics explorer.  Type help for commands, quit to leave.\n",
                   RGX_VERSION);
    s->interactive = 1;
    s->file = NULL;
    Buf logical = {0};
    while (!s->quit) {
        logical.len = 0;
        buf_add(&logical, "", 0);
        int more = 0;
        char *line;
        for (;;) {
            at_prompt = 1;
            line = readline(more ? "...> " : "rgx> ");
            at_prompt = 0;
            if (!line) break;
            size_t l = strlen(line);
            more = lex_needs_more(line);
            if (more && l && line[l - 1] == '\\') line[l - 1] = ' ';
            buf_puts(&logical, line);
            if (more) buf_puts(&logical, line[l ? l - 1 : 0] == ' ' ? "" : "\n");
            free(line);
            if (!more) break;
        }
        if (!line && !more && !logical.len) { out_puts(&s->out, "\n"); break; }
        if (logical.len && strspn(logical.s, " \t") != logical.len) {
            add_history(logical.s);
            if (hist) append_history(1, hist);
        }
        cancel_flag = 0;
        exec_line(s, logical.s);
        fflush(stdout);
        if (!line) break;
    }
    if (hist) history_truncate_file(hist, 5000);
    buf_free(&logical);
    free(hist);
    strlist_free(&cands);
    strlist_free(&nospace);
    strmap_free(&cand_seen);
    return 0;
}
