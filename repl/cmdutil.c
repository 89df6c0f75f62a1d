/* cmdutil.c — see cmdutil.h. */
#include "repl/cmdutil.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "io/select.h"

int valid_table_name(Session *s, const char *cmd, const char *name) {
    int ok = (isalpha((unsigned char)name[0]) || name[0] == '_');
    for (const char *p = name; *p && ok; p++) ok = isalnum((unsigned char)*p) || *p == '_' || *p == '.';
    if (!ok) rgx_error(s, "%s: '%s' cannot name a table: use letters, digits, '_' and '.', starting with a letter",
                       cmd, name);
    return ok;
}

void store_table(Session *s, Table *t) {
    if (session_put(s, t)) out_printf(&s->out, "(replaced the previous table %s)\n", t->name);
}

void store_result(Session *s, const Table *t, Table *o) {
    if (session_find(s, o->name) == t) session_put(s, o);
    else store_table(s, o);
}

long command_columns(Session *s, const char *cmd, const Table *t, const char *selector, size_t **cols) {
    if (selector) {
        Buf err = {0};
        long n = table_select(t, selector, cols, &err);
        if (n < 0) rgx_error(s, "%s: %s", cmd, err.s);
        buf_free(&err);
        return n;
    }
    *cols = xmalloc((t->ncol ? t->ncol : 1) * sizeof **cols);
    long n = 0;
    for (size_t j = 0; j < t->ncol; j++)
        if ((long)j != t->id && !t->cols[j].meta) (*cols)[n++] = j;
    return n;
}

Table *command_table(Session *s, const char *cmd, const char *in, const char *ref) {
    if (in) return session_table(s, in);
    /* the first item of a selector decides */
    char *first = xstrdup(ref);
    char *comma = strchr(first, ',');
    if (comma) *comma = '\0';
    for (const char *dot = strchr(first, '.'); dot; dot = strchr(dot + 1, '.')) {
        char *pre = xstrndup(first, (size_t)(dot - first));
        Table *t = session_find(s, pre);
        free(pre);
        if (t) { free(first); return t; }
    }
    Table *found = NULL;
    int count = 0;
    int glob = strpbrk(first, "*?[") != NULL;
    for (size_t i = 0; i < s->ntab; i++) {
        Table *t = s->tables[i];
        int has = 0;
        if (glob) {
            size_t *cols;
            Buf err = {0};
            long n = table_select(t, first, &cols, &err);
            if (n > 0) { has = 1; free(cols); }
            buf_free(&err);
        } else {
            has = table_find(t, first) >= 0;
        }
        if (has) { found = t; count++; }
    }
    if (count == 1) { free(first); return found; }
    if (count > 1) rgx_error(s, "%s: '%s' is in several tables: name one with `in TABLE`", cmd, first);
    else rgx_error(s, "%s: no table has a column '%s' (name the table with `in TABLE`)", cmd, first);
    free(first);
    return NULL;
}
