/* interactive.c — see interactive.h. */
#include "repl/interactive.h"
#include <readline/history.h>
#include <readline/readline.h>
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

/* ---- completion ---- */

static StrList cands;       /* candidates for the current completion */
static size_t cand_next;

static void add_cand(const char *text, const char *c) {
    if (strncmp(text, c, strlen(text)) == 0) strlist_add(&cands, c);
}

static char *cand_generator(const char *text, int state) {
    (void)text;
    if (!state) cand_next = 0;
    if (cand_next < cands.n) return xstrdup(cands.v[cand_next++]);
    return NULL;
}

/* The words of the line before the cursor's word. */
static const Command *current_command(int start, int *nwords, char *prev, size_t prevlen) {
    char *line = xstrndup(rl_line_buffer, (size_t)start);
    /* only the last command after ';' */
    char *semi = strrchr(line, ';');
    char *p = semi ? semi + 1 : line;
    const Command *c = NULL;
    int n = 0;
    prev[0] = '\0';
    for (char *save = NULL, *w = strtok_r(p, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (n == 0) c = command_find(w);
        snprintf(prev, prevlen, "%s", w);
        n++;
    }
    free(line);
    *nwords = n;
    return c;
}

static char **rgx_completion(const char *text, int start, int end) {
    (void)end;
    Session *s = completion_session;
    strlist_free(&cands);
    rl_attempted_completion_over = 1;
    int nwords;
    char prev[256];
    const Command *c = current_command(start, &nwords, prev, sizeof prev);
    if (nwords == 0) {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!(COMMANDS[i].flags & CF_HIDDEN)) add_cand(text, COMMANDS[i].name);
        return rl_completion_matches(text, cand_generator);
    }
    if (!c) return NULL;
    int want_file = (c->flags & CF_FILE) &&
                    ((strcmp(c->name, "load") == 0 && nwords == 2) || (strcmp(c->name, "run") == 0 && nwords == 1));
    if (strcasecmp(prev, "to") == 0) want_file = 1;
    if (want_file) {
        rl_attempted_completion_over = 0;   /* readline's file-name completion */
        return NULL;
    }
    if (strcmp(c->name, "load") == 0 && nwords == 1) {
        add_cand(text, "table");
        return rl_completion_matches(text, cand_generator);
    }
    if (strcmp(c->name, "help") == 0) {
        for (size_t i = 0; i < NCOMMANDS; i++) add_cand(text, COMMANDS[i].name);
        return rl_completion_matches(text, cand_generator);
    }
    /* option names of this command */
    if (c->options[0]) {
        char *copy = xstrdup(c->options);
        Buf b = {0};
        for (char *save = NULL, *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
            b.len = 0;
            buf_printf(&b, "%s=", o);
            add_cand(text, b.s);
        }
        buf_free(&b);
        free(copy);
    }
    /* table names, and table.column names */
    Buf b = {0};
    for (size_t i = 0; i < s->ntab; i++) {
        const Table *t = s->tables[i];
        add_cand(text, t->name);
        size_t tl = strlen(t->name);
        if (strncmp(text, t->name, tl) == 0 && text[tl] == '.')
            for (size_t j = 0; j < t->ncol; j++) {
                b.len = 0;
                buf_printf(&b, "%s.%s", t->name, t->cols[j].name);
                add_cand(text, b.s);
            }
    }
    buf_free(&b);
    rl_completion_append_character = strchr(text, '.') ? '\0' : ' ';
    return rl_completion_matches(text, cand_generator);
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
    return 0;
}
