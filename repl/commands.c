/* commands.c — the command table, dispatch and help. */
#include "repl/commands.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

const Command COMMANDS[] = {
#define CMD(name, fn, min, max, flags, usage, summary, options, help) \
    {name, fn, min, max, flags, usage, summary, options, help},
#include "repl/commands.def"
#undef CMD
};
const size_t NCOMMANDS = sizeof COMMANDS / sizeof *COMMANDS;

const Command *command_find(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcasecmp(COMMANDS[i].name, name) == 0) return &COMMANDS[i];
    return NULL;
}

static int option_known(const Command *c, const char *key) {
    size_t kl = strlen(key);
    for (const char *p = c->options; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == kl && strncmp(p, key, kl) == 0) return 1;
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

static void unknown_option(Session *s, const Command *c, const char *key) {
    StrList names = {0};
    char *copy = xstrdup(c->options);
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        strlist_add(&names, t);
    free(copy);
    Buf m = {0};
    buf_printf(&m, "%s: unknown option '%s'", c->name, key);
    const char *g = suggest(key, (const char *const *)names.v, names.n);
    if (g) buf_printf(&m, " (did you mean %s?)", g);
    if (names.n) {
        buf_puts(&m, "; options: ");
        join_list(&m, (const char *const *)names.v, names.n, 50);
    } else {
        buf_puts(&m, "; it takes no options");
    }
    rgx_error(s, "%s", m.s);
    buf_free(&m);
    strlist_free(&names);
}

/* A quoted word or a script argument is never an option, even when it
 * reads key=value with a key this command knows: say so, at the point of
 * use, and how to write the option (the word stays a positional: it may
 * be a file name with '=' in it). */
static void warn_word_not_option(Session *s, const Command *c, const Word *w) {
    if (w->opt_split >= 0 || !(w->quoted || w->from_arg)) return;
    size_t kl = 0;
    while (isalnum((unsigned char)w->text[kl]) || w->text[kl] == '_') kl++;
    if (!kl || w->text[kl] != '=' || isdigit((unsigned char)w->text[0])) return;
    char *key = xstrndup(w->text, kl);
    for (char *p = key; *p; p++) *p = (char)tolower((unsigned char)*p);
    if (option_known(c, key)) {
        if (w->from_arg)
            rgx_warn(s, "%s: '%s' comes from a script argument, and an argument is a word, never an option; "
                        "to let an argument set the option, write %s=$N in the script", c->name, w->text, key);
        else
            rgx_warn(s, "%s: \"%s\" is a quoted word, not an option; to set the option, quote only its value: "
                        "%s=\"%s\"", c->name, w->text, key, w->text + kl + 1);
    }
    free(key);
}

int command_dispatch(Session *s, const LexCmd *lc) {
    const char *name = lc->w[0].text;
    const Command *c = command_find(name);
    if (!c) {
        const char **names = xmalloc(NCOMMANDS * sizeof *names);
        for (size_t i = 0; i < NCOMMANDS; i++) names[i] = COMMANDS[i].name;
        const char *g = suggest(name, names, NCOMMANDS);
        if (g) rgx_error(s, "unknown command '%s' (did you mean %s?)", name, g);
        else rgx_error(s, "unknown command '%s'; type help for the list", name);
        free(names);
        return 1;
    }
    if (!(c->flags & CF_RAW))
        for (size_t i = 1; i < lc->n; i++) warn_word_not_option(s, c, &lc->w[i]);
    Args a;
    args_init(&a, lc, (c->flags & CF_RAW) != 0);
    int rc = 1;
    for (size_t i = 0; i < a.nopt; i++)
        if (!option_known(c, a.key[i])) { unknown_option(s, c, a.key[i]); goto done; }
    if ((int)a.npos < c->min || (c->max >= 0 && (int)a.npos > c->max)) {
        rgx_error(s, "%s: %s; usage: %s", c->name,
                  (int)a.npos < c->min ? "too few arguments" : "too many arguments", c->usage);
        goto done;
    }
    struct timespec t0, t1;
    clock_t c0 = clock();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = c->fn(s, &a) ? 1 : 0;
    if (s->timer && strcmp(c->name, "set") != 0) {   /* as sqlite's .timer */
        clock_gettime(CLOCK_MONOTONIC, &t1);
        out_printf(&s->out, "time: %s %.3f s real, %.3f s cpu\n", c->name,
                   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
                   (double)(clock() - c0) / CLOCKS_PER_SEC);
    }
done:
    args_free(&a);
    return rc;
}

int cmd_help(Session *s, Args *a) {
    if (a->npos == 1) {
        const Command *c = command_find(a->pos[0]);
        if (!c) {
            const char **names = xmalloc(NCOMMANDS * sizeof *names);
            for (size_t i = 0; i < NCOMMANDS; i++) names[i] = COMMANDS[i].name;
            const char *g = suggest(a->pos[0], names, NCOMMANDS);
            if (g) rgx_error(s, "help: no command '%s' (did you mean %s?)", a->pos[0], g);
            else rgx_error(s, "help: no command '%s'; type help for the list", a->pos[0]);
            free(names);
            return 1;
        }
        out_printf(&s->out, "usage: %s\n  %s.\n\n%s\n", c->usage, c->summary, c->help);
        if (c->options[0]) {
            out_puts(&s->out, "\noptions:");
            for (const char *p = c->options; *p; p++) out_printf(&s->out, *p == ',' ? "," : (p == c->options || p[-1] == ',') ? " %c" : "%c", *p);
            out_puts(&s->out, "\n");
        }
        return 0;
    }
    out_puts(&s->out, "Commands (help COMMAND for details):\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (COMMANDS[i].flags & CF_HIDDEN) continue;
        out_printf(&s->out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    }
    return 0;
}
