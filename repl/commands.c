/* commands.c — the command table, dispatch (sub-commands included),
 * option checking, help and the man page's synopsis. */
#include "repl/commands.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

const Command COMMANDS[] = {
#define CMD(name, fn, min, max, flags, usage, summary, options, help) \
    {NULL, name, fn, min, max, flags, usage, summary, options, help, NULL, NULL},
#define SUB(parent, name, fn, min, max, flags, usage, summary, options, help) \
    {parent, name, fn, min, max, flags, usage, summary, options, help, NULL, NULL},
#define PLOT(name, accepts, figure, min, max, flags, usage, summary, options, help) \
    {"plot", name, cmd_plot_kind, min, max, flags, usage, summary, PLOT_OPTIONS(options), help, accepts, figure},
#include "repl/commands.def"
#undef CMD
#undef SUB
#undef PLOT
};
const size_t NCOMMANDS = sizeof COMMANDS / sizeof *COMMANDS;

const Command *command_find(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!COMMANDS[i].parent && strcasecmp(COMMANDS[i].name, name) == 0) return &COMMANDS[i];
    return NULL;
}

const Command *command_sub(const Command *parent, const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, parent->name) && strcasecmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

int command_has_subs(const Command *c) {
    if (c->parent) return 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, c->name)) return 1;
    return 0;
}

const char *command_fullname(const Command *c, char *buf, size_t len) {
    if (c->parent) snprintf(buf, len, "%s %s", c->parent, c->name);
    else snprintf(buf, len, "%s", c->name);
    return buf;
}

/* The sub-commands of c, in table order (caller frees the array). */
static size_t subs_of(const Command *c, const char ***names) {
    size_t n = 0;
    *names = xmalloc(NCOMMANDS * sizeof **names);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, c->name)) (*names)[n++] = COMMANDS[i].name;
    return n;
}

int command_option(const Command *c, const char *key, const char **choices, size_t *nchoices) {
    size_t kl = strlen(key);
    for (const char *p = c->options; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        if (klen == kl && strncmp(p, key, kl) == 0) {
            if (choices) *choices = eq ? eq + 1 : NULL;
            if (nchoices) *nchoices = eq ? len - klen - 1 : 0;
            return 1;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

int kind_in_list(const char *kinds, const char *kind) {
    size_t kl = strlen(kind);
    for (const char *p = kinds; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == kl && !strncmp(p, kind, kl)) return 1;
        if (!bar) break;
        p = bar + 1;
    }
    return 0;
}

/* The option keys of c (without their declared values). */
static void option_keys(const Command *c, StrList *names) {
    char *copy = xstrdup(c->options);
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (eq) *eq = '\0';
        strlist_add(names, t);
    }
    free(copy);
}

static void unknown_option(Session *s, const Command *c, const char *key) {
    StrList names = {0};
    option_keys(c, &names);
    char fn[64];
    Buf m = {0};
    buf_printf(&m, "%s: unknown option '%s'", command_fullname(c, fn, sizeof fn), key);
    const char *g = suggest(key, (const char *const *)names.v, names.n);
    if (g) buf_printf(&m, " (did you mean %s?)", g);
    if (names.n) {
        buf_puts(&m, "; options: ");
        join_list(&m, (const char *const *)names.v, names.n, 50);
    } else {
        buf_puts(&m, "; it takes no options");
    }
    /* an option of a sibling (load clinical's endpoint= given to load table) */
    if (c->parent) {
        Buf sib = {0};
        for (size_t i = 0; i < NCOMMANDS; i++) {
            const Command *o = &COMMANDS[i];
            if (o == c || !o->parent || strcmp(o->parent, c->parent) || !command_option(o, key, NULL, NULL)) continue;
            buf_printf(&sib, "%s%s %s", sib.len ? ", " : "", o->parent, o->name);
        }
        if (sib.len) buf_printf(&m, " (%s is an option of %s)", key, sib.s);
        buf_free(&sib);
    }
    rgx_error(s, "%s", m.s);
    buf_free(&m);
    strlist_free(&names);
}

/* A quoted word or a script argument is never an option, even when it
 * reads key=value with a key this command knows: say so, at the point of
 * use, and how to write the option (the word stays a positional: it may
 * be a file name with '=' in it). */
static void warn_word_not_option(Session *s, const Command *c, const char *name, const Word *w) {
    if (w->opt_split >= 0 || !(w->quoted || w->from_arg)) return;
    size_t kl = 0;
    while (isalnum((unsigned char)w->text[kl]) || w->text[kl] == '_') kl++;
    if (!kl || w->text[kl] != '=' || isdigit((unsigned char)w->text[0])) return;
    char *key = xstrndup(w->text, kl);
    for (char *p = key; *p; p++) *p = (char)tolower((unsigned char)*p);
    if (command_option(c, key, NULL, NULL)) {
        if (w->from_arg)
            rgx_warn(s, "%s: '%s' comes from a script argument, and an argument is a word, never an option; "
                        "to let an argument set the option, write %s=$N in the script", name, w->text, key);
        else
            rgx_warn(s, "%s: \"%s\" is a quoted word, not an option; to set the option, quote only its value: "
                        "%s=\"%s\"", name, w->text, key, w->text + kl + 1);
    }
    free(key);
}

/* "unknown kind 'x' (did you mean y?); kinds: a, b, c" for parent c. */
static void unknown_sub(Session *s, const char *prefix, const Command *c, const char *word) {
    const char **names;
    size_t n = subs_of(c, &names);
    const char *g = suggest(word, names, n);
    Buf b = {0};
    join_list(&b, names, n, n);
    rgx_error(s, "%s: unknown kind '%s'%s%s%s; kinds: %s", prefix, word, g ? " (did you mean " : "", g ? g : "",
              g ? "?)" : "", b.s);
    buf_free(&b);
    free(names);
}

int command_dispatch(Session *s, const LexCmd *lc) {
    const char *name = lc->w[0].text;
    const Command *c = command_find(name);
    if (!c) {
        const char **names = xmalloc(NCOMMANDS * sizeof *names);
        size_t n = 0;
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!COMMANDS[i].parent) names[n++] = COMMANDS[i].name;
        const char *g = suggest(name, names, n);
        if (g) rgx_error(s, "unknown command '%s' (did you mean %s?)", name, g);
        else rgx_error(s, "unknown command '%s'; type help for the list", name);
        free(names);
        return 1;
    }
    size_t first = 1;
    if (command_has_subs(c)) {   /* load table, plot km, roc compare */
        const Word *w1 = lc->n > 1 ? &lc->w[1] : NULL;
        const Command *sub = w1 && w1->opt_split < 0 && !w1->quoted ? command_sub(c, w1->text) : NULL;
        if (sub) {
            c = sub;
            first = 2;
        } else if (!(c->flags & CF_SUBOPT)) {
            if (!w1 || w1->opt_split >= 0) rgx_error(s, "%s: too few arguments; usage: %s", c->name, c->usage);
            else unknown_sub(s, c->name, c, w1->text);
            return 1;
        }
    }
    char fn[64];
    command_fullname(c, fn, sizeof fn);
    if (!(c->flags & CF_RAW))
        for (size_t i = first; i < lc->n; i++) warn_word_not_option(s, c, fn, &lc->w[i]);
    Args a;
    args_init_cmd(&a, lc, first, (c->flags & CF_RAW) != 0, c, fn, c->usage, c->options);
    int rc = 1;
    for (size_t i = 0; i < a.nopt; i++)
        if (!command_option(c, a.key[i], NULL, NULL)) { unknown_option(s, c, a.key[i]); goto done; }
    if ((int)a.npos < c->min || (c->max >= 0 && (int)a.npos > c->max)) {
        rgx_error(s, "%s: %s; usage: %s", fn, (int)a.npos < c->min ? "too few arguments" : "too many arguments",
                  c->usage);
        goto done;
    }
    struct timespec t0, t1;
    clock_t c0 = clock();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    s->dispatching++;
    rc = c->fn(s, &a) ? 1 : 0;
    if (--s->dispatching == 0)   /* the doubles of compact and computed columns are for one command (io/table.h) */
        for (size_t i = 0; i < s->ntab; i++) table_drop_caches(s->tables[i]);
    if (s->timer && strcmp(c->name, "set") != 0) {   /* as sqlite's .timer */
        clock_gettime(CLOCK_MONOTONIC, &t1);
        out_printf(&s->out, "time: %s %.3f s real, %.3f s cpu\n", fn,
                   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
                   (double)(clock() - c0) / CLOCKS_PER_SEC);
    }
done:
    args_free(&a);
    return rc;
}

/* ---- help ---- */

static void help_one(Session *s, const Command *c) {
    out_printf(&s->out, "usage: %s\n  %s.\n", c->usage, c->summary);
    out_printf(&s->out, "\n%s\n", c->help);
    if (command_has_subs(c)) {
        out_printf(&s->out, "\n%s (help %s %s for one):\n", c->flags & CF_SUBOPT ? "sub-commands" : "kinds", c->name,
                   c->flags & CF_SUBOPT ? "SUB" : "KIND");
        int w = 0;
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, c->name) && (int)strlen(COMMANDS[i].name) > w)
                w = (int)strlen(COMMANDS[i].name);
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (COMMANDS[i].parent && !strcmp(COMMANDS[i].parent, c->name))
                out_printf(&s->out, "  %-*s  %s\n", w, COMMANDS[i].name, COMMANDS[i].summary);
    }
    if (c->options[0]) {
        out_puts(&s->out, "\noptions:");
        for (const char *p = c->options; *p; p++)
            out_printf(&s->out, *p == ',' ? "," : (p == c->options || p[-1] == ',') ? " %c" : "%c", *p);
        out_puts(&s->out, "\n");
    }
}

static void no_command(Session *s, const char *name) {
    const char **names = xmalloc(NCOMMANDS * sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!COMMANDS[i].parent) names[n++] = COMMANDS[i].name;
    const char *g = suggest(name, names, n);
    if (g) rgx_error(s, "help: no command '%s' (did you mean %s?)", name, g);
    else rgx_error(s, "help: no command '%s'; type help for the list", name);
    free(names);
}

int cmd_help(Session *s, Args *a) {
    if (a->npos >= 1) {
        const Command *c = command_find(a->pos[0]);
        if (!c) { no_command(s, a->pos[0]); return 1; }
        if (a->npos == 2) {
            const Command *sub = command_sub(c, a->pos[1]);
            if (!sub) {
                if (!command_has_subs(c)) rgx_error(s, "help: %s has no kinds; type help %s", c->name, c->name);
                else {
                    char pre[64];
                    snprintf(pre, sizeof pre, "help %s", c->name);
                    unknown_sub(s, pre, c, a->pos[1]);
                }
                return 1;
            }
            c = sub;
        }
        help_one(s, c);
        return 0;
    }
    out_puts(&s->out, "Commands (help COMMAND for details):\n");
    int w = 0;   /* the longest listed name sets the column */
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!(COMMANDS[i].flags & CF_HIDDEN) && !COMMANDS[i].parent && (int)strlen(COMMANDS[i].name) > w)
            w = (int)strlen(COMMANDS[i].name);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if ((COMMANDS[i].flags & CF_HIDDEN) || COMMANDS[i].parent) continue;
        out_printf(&s->out, "  %-*s %s\n", w, COMMANDS[i].name, COMMANDS[i].summary);
    }
    return 0;
}

/* ---- the man page's synopsis ---- */

/* Text for roff: '-' as \-, '\' as \e, and the few non-ASCII signs the
 * table uses as groff's named glyphs. */
static void roff_text(Buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *p = s + i;
        if (*p == '-') buf_puts(b, "\\-");
        else if (*p == '\\') buf_puts(b, "\\e");
        else if (!strncmp(p, "…", 3)) { buf_puts(b, "\\&..."); i += 2; }
        else if (!strncmp(p, "×", 2)) { buf_puts(b, "\\(mu"); i += 1; }
        else if (!strncmp(p, "±", 2)) { buf_puts(b, "\\(+-"); i += 1; }
        else if (!strncmp(p, "–", 3)) { buf_puts(b, "\\(en"); i += 2; }
        else buf_add(b, p, 1);
    }
}

/* A word of a usage line: a placeholder (NAME, T, P1: no lower-case
 * letter, some upper-case one) in italics, anything else typed as is
 * (names, keywords, option keys and values) in bold; literal forces bold
 * (the declared values of an option: endpoint=OS|PFI). */
static void roff_word(Buf *b, const char *w, size_t n, int literal) {
    int lower = 0, upper = 0;
    for (size_t i = 0; i < n; i++) {
        lower |= islower((unsigned char)w[i]);
        upper |= isupper((unsigned char)w[i]);
    }
    int placeholder = (upper && !lower) || (n == 7 && !strncmp(w, "options", 7));   /* [options] */
    buf_puts(b, placeholder && !literal ? "\\fI" : "\\fB");
    roff_text(b, w, n);
    buf_puts(b, "\\fR");
}

/* One .TP entry: the usage (the command's name bold, the rest word by
 * word) and the summary. */
static void roff_entry(Buf *b, const Command *c) {
    char fn[64];
    command_fullname(c, fn, sizeof fn);
    size_t nl = strlen(fn);
    buf_puts(b, ".TP\n.B ");
    roff_text(b, fn, nl);
    const char *u = c->usage;
    if (!strncmp(u, fn, nl)) u += nl;
    if (*u) buf_puts(b, "\\fR");
    int values = 0;   /* in the value of an option that declares its values */
    while (*u) {
        size_t w = strcspn(u, " []|=,");
        if (w == 3 && !strncmp(u, "…", 3)) w = 0;
        if (u[w] == '=') w++;   /* key= with its key */
        if (w == 0) {
            size_t l = !strncmp(u, "…", 3) ? 3 : 1;
            if (*u == ' ' || *u == ']') values = 0;
            roff_text(b, u, l);
            u += l;
            continue;
        }
        /* a trailing … (NAME…) is not part of the word */
        size_t core = w;
        if (core >= 3 && !strncmp(u + core - 3, "…", 3)) core -= 3;
        roff_word(b, u, core, values);
        if (u[w - 1] == '=') {
            char key[64];
            const char *ch = NULL;
            snprintf(key, sizeof key, "%.*s", (int)(w - 1), u);
            values = command_option(c, key, &ch, NULL) && ch;
        }
        if (core < w) roff_text(b, u + core, w - core);
        u += w;
    }
    buf_puts(b, "\n");
    roff_text(b, c->summary, strlen(c->summary));
    buf_puts(b, ".\n");
}

void command_synopsis_roff(Out *o) {
    Buf b = {0};
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const Command *c = &COMMANDS[i];
        if (c->parent || (c->flags & CF_HIDDEN)) continue;
        roff_entry(&b, c);
        for (size_t j = 0; j < NCOMMANDS; j++)
            if (COMMANDS[j].parent && !strcmp(COMMANDS[j].parent, c->name)) roff_entry(&b, &COMMANDS[j]);
    }
    out_puts(o, b.s ? b.s : "");
    buf_free(&b);
}
