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

/* Commands (parent NULL: the top-level ones, not hidden) or the
 * sub-commands of parent, as candidates. */
static void add_commands(const char *text, const char *parent) {
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const Command *c = &COMMANDS[i];
        if (parent ? c->parent && !strcmp(c->parent, parent) : !c->parent && !(c->flags & CF_HIDDEN))
            add_cand(text, c->name);
    }
}

/* What completion knows of the line before the cursor's word. */
typedef struct CompLine {
    StrList w;          /* the words of the last command before the cursor's word */
    char *partial;      /* the cursor's word before text, when it began before '=' or ',' (owned) */
    const Command *c;   /* the (sub-)command, or NULL */
    size_t first;       /* the first word after its name */
} CompLine;

/* Split the line before start (the cursor's word) into cl's words. */
static void comp_line(int start, CompLine *cl) {
    *cl = (CompLine){.first = 1};
    char *line = xstrndup(rl_line_buffer, (size_t)start);
    char *semi = strrchr(line, ';');
    char *p = semi ? semi + 1 : line;
    int in_word = start > 0 && (size_t)start <= strlen(rl_line_buffer) && strchr("=,", rl_line_buffer[start - 1]) &&
                  rl_line_buffer[start - 1] != '\0';
    for (char *save = NULL, *t = strtok_r(p, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) strlist_add(&cl->w, t);
    free(line);
    /* the cursor's word began before text (after '=' or ','): that part is not a complete word */
    if (in_word && cl->w.n) cl->partial = cl->w.v[--cl->w.n];
    cl->c = cl->w.n ? command_find(cl->w.v[0]) : NULL;
}

/* help CMD [SUB]: the commands, then the sub-commands of CMD. */
static char **complete_help(const char *text, const CompLine *cl) {
    const Command *h = cl->w.n == 2 ? command_find(cl->w.v[1]) : NULL;
    if (cl->w.n == 1) add_commands(text, NULL);
    else if (h) add_commands(text, h->name);
    return matches(text);
}

/* key=<Tab>: the values the option declares (for=: the tables). */
static char **complete_value(Session *s, const char *text, const CompLine *cl) {
    char *key = xstrndup(cl->partial, strlen(cl->partial) - 1);   /* without its '=' */
    for (char *q = key; *q; q++) *q = (char)tolower((unsigned char)*q);
    const char *ch;
    size_t nch;
    if (command_option(cl->c, key, &ch, &nch) && ch) {
        char *vals = xstrndup(ch, nch);
        for (char *save = NULL, *v = strtok_r(vals, "|", &save); v; v = strtok_r(NULL, "|", &save)) add_cand(text, v);
        free(vals);
    } else if (!strcmp(key, "for")) {
        add_tables(s, text, 0);
    }
    free(key);
    return matches(text);
}

/* The words after the command: the table of `in T` (*in), how many
 * positionals and the first of them. */
static void comp_positionals(Session *s, const CompLine *cl, const Table **in, size_t *npos, const char **first_pos) {
    const StrList *w = &cl->w;
    *in = NULL;
    *npos = 0;
    *first_pos = NULL;
    for (size_t i = cl->first; i < w->n; i++) {
        if (strchr(w->v[i], '=') && w->v[i][0] != '=') continue;   /* key=value */
        if (is_keyword(w->v[i])) {
            if (!strcasecmp(w->v[i], "in") && i + 1 < w->n) *in = session_find(s, w->v[i + 1]);
            if (strcmp(w->v[i], "~")) i++;   /* the keyword's word */
            continue;
        }
        if (!*npos) *first_pos = w->v[i];
        (*npos)++;
    }
}

/* Readline's own file-name completion. */
static char **complete_files(void) {
    rl_attempted_completion_over = 0;
    return NULL;
}

/* A word of a (sub-)command's arguments: after a keyword (to, in, as, by,
 * with, ~) or within a list, a file, a result, a table or columns by the
 * positionals before it, and the options. */
static char **complete_args(Session *s, const char *text, const CompLine *cl) {
    const Command *c = cl->c;
    const Table *in;
    size_t npos;
    const char *first_pos, *prev = cl->w.n > cl->first ? cl->w.v[cl->w.n - 1] : "";
    comp_positionals(s, cl, &in, &npos, &first_pos);
    if (!strcasecmp(prev, "to") && !(c->flags & CF_TO_TABLE)) return complete_files();
    if (!strcasecmp(prev, "in") || !strcasecmp(prev, "to")) {
        add_tables(s, text, 0);
        return matches(text);
    }
    if (!strcasecmp(prev, "as")) return NULL;
    if (!strcasecmp(prev, "by") || !strcasecmp(prev, "with") || !strcmp(prev, "~") || cl->partial) {
        add_columns(s, text, in);
        return matches(text);
    }
    if (npos == 0 && (c->flags & CF_FILE)) return complete_files();
    if (npos == 0 && (c->flags & CF_RESULT)) {
        add_results(s, text, c->accepts);
    } else if ((npos == 0 || !(c->flags & CF_COLS)) && (c->flags & CF_TABLE)) {
        add_tables(s, text, 0);
    } else if (c->flags & CF_COLS) {
        if (!in && (c->flags & CF_TABLE) && first_pos) in = session_find(s, first_pos);
        add_columns(s, text, in);
    }
    add_options(text, c);
    return matches(text);
}

/* After a parent's first word: that sub-command becomes cl->c (its
 * arguments from the third word).  Returns 0, or −1 when nothing
 * completes (a word that is no sub-command of a parent that takes no
 * arguments of its own). */
static int comp_sub(CompLine *cl) {
    if (!command_has_subs(cl->c)) return 0;
    const Command *sub = command_sub(cl->c, cl->w.n > 1 ? cl->w.v[1] : cl->partial);
    if (sub) {
        cl->c = sub;
        cl->first = 2;
        return 0;
    }
    return (cl->c->flags & CF_SUBOPT) ? 0 : -1;
}

/* Candidates for text at start: command names, help's, sub-commands,
 * option values, or a command's arguments (complete_args). */
static char **rgx_completion(const char *text, int start, int end) {
    (void)end;
    Session *s = completion_session;
    strlist_free(&cands);
    strlist_free(&nospace);
    strmap_free(&cand_seen);
    cand_seen = (StrMap){0};
    rl_attempted_completion_over = 1;
    CompLine cl;
    comp_line(start, &cl);
    char **res = NULL;
    if (!cl.w.n) {
        add_commands(text, NULL);
        res = matches(text);
    } else if (!cl.c) {
        res = NULL;
    } else if (!strcmp(cl.c->name, "help")) {   /* help CMD [SUB] */
        res = complete_help(text, &cl);
    } else if (command_has_subs(cl.c) && cl.w.n == 1 && !cl.partial) {   /* load <Tab>, plot <Tab>, roc <Tab> */
        add_commands(text, cl.c->name);
        if (cl.c->flags & CF_SUBOPT) add_columns(s, text, NULL);
        res = matches(text);
    } else if (comp_sub(&cl) == 0) {
        if (cl.partial && cl.partial[strlen(cl.partial) - 1] == '=') res = complete_value(s, text, &cl);
        else res = complete_args(s, text, &cl);
    }
    strlist_free(&cl.w);
    free(cl.partial);
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
