/* idshape.c — see idshape.h. */
#include "io/idshape.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "io/barcode.h"

/* One table's keys as the join compares them (TCGA barcodes reduced to
 * the patient), their raw values, and a set of the compared ones. */
typedef struct IdSet {
    const Table *t;         /* the table (borrowed) */
    StrList key;            /* compared keys, non-empty ones only */
    StrList raw;            /* the same rows' IDs as written */
    StrMap set;             /* key → index (keys borrowed from key) */
} IdSet;

static void idset_make(const Table *t, IdSet *s) {
    memset(s, 0, sizeof *s);
    s->t = t;
    for (size_t r = 0; r < t->nrow; r++) {
        const char *id = t->cols[t->id].str[r];
        if (!id || !*id) continue;
        Barcode b;
        barcode_parse(id, NULL, &b);
        if (b.patient[0]) {
            strlist_add(&s->key, b.patient);
            strlist_add(&s->raw, id);
        }
        barcode_free(&b);
    }
    for (size_t i = 0; i < s->key.n; i++) strmap_put(&s->set, s->key.v[i], i, NULL);
}

/* Is key in m? */
static int has(const StrMap *m, const char *key) {
    size_t v;
    return strmap_get(m, key, &v);
}

static void idset_free(IdSet *s) {
    strlist_free(&s->key);
    strlist_free(&s->raw);
    strmap_free(&s->set);
}

/* Keys of a also in b. */
static size_t shared(const IdSet *a, const IdSet *b) {
    size_t n = 0;
    for (size_t i = 0; i < a->key.n; i++) n += has(&b->set, a->key.v[i]);
    return n;
}

/* The rules tried on a key (raw ID): each writes the key as it would be
 * into out, as the join would compare it. */
enum { RULE_CASE, RULE_SEPARATORS, RULE_ZEROS, NRULES };

static void normalise(const char *id, int rule, Buf *out) {
    out->len = 0;
    Buf t = {0};
    for (const char *p = id; *p; p++) {
        char c = *p;
        if (rule == RULE_CASE) c = (char)toupper((unsigned char)c);
        if (rule == RULE_SEPARATORS && (c == '.' || c == '_' || c == ' ')) c = '-';
        if (rule == RULE_ZEROS && isdigit((unsigned char)c) && (p == id || !isdigit((unsigned char)p[-1])))
            while (*p == '0' && isdigit((unsigned char)p[1])) c = *++p;   /* a number's leading zeros */
        buf_add(&t, &c, 1);
    }
    Barcode b;
    barcode_parse(t.s ? t.s : "", NULL, &b);
    buf_puts(out, b.patient);
    barcode_free(&b);
    buf_free(&t);
}

/* How many of a's IDs meet b's when both are rewritten by rule. */
static size_t meet_by_rule(const IdSet *a, const IdSet *b, int rule) {
    StrList bk = {0};
    StrMap bs = {0};
    Buf x = {0};
    for (size_t i = 0; i < b->raw.n; i++) {
        normalise(b->raw.v[i], rule, &x);
        strlist_add(&bk, x.s ? x.s : "");
    }
    for (size_t i = 0; i < bk.n; i++) strmap_put(&bs, bk.v[i], i, NULL);
    size_t n = 0;
    for (size_t i = 0; i < a->raw.n; i++) {
        normalise(a->raw.v[i], rule, &x);
        n += has(&bs, x.s ? x.s : "");
    }
    buf_free(&x);
    strmap_free(&bs);
    strlist_free(&bk);
    return n;
}

/* A prefix that b's keys have and a's lack: the text before the first
 * digit of b's first key ("TCGA-" of TCGA-02-0003) when, put before a's
 * IDs, it makes some of them meet b's.  Returns how many meet (prefix into
 * p), or 0. */
static size_t meet_by_prefix(const IdSet *a, const IdSet *b, Buf *p) {
    for (size_t k = 0; k < b->key.n && k < 20; k++) {   /* the prefixes of b's first keys */
        const char *bk = b->key.v[k];
        size_t len = strcspn(bk, "0123456789");
        if (!len || !bk[len]) continue;
        Buf cand = {0}, x = {0};
        buf_add(&cand, bk, len);
        size_t n = 0;
        for (size_t i = 0; i < a->raw.n; i++) {
            Barcode bc;
            barcode_parse(a->raw.v[i], cand.s, &bc);   /* as idprefix= would read it */
            if (strncmp(bc.patient, cand.s, len)) {
                x.len = 0;
                buf_printf(&x, "%s%s", cand.s, a->raw.v[i]);
                n += has(&b->set, x.s);
            } else {
                n += has(&b->set, bc.patient);
            }
            barcode_free(&bc);
        }
        buf_free(&x);
        if (n) {
            buf_puts(p, cand.s);
            buf_free(&cand);
            return n;
        }
        buf_free(&cand);
    }
    return 0;
}

/* b's IDs that hold one of a's followed by a separator and more
 * ("LUNG1-001_CT" holds "LUNG1-001"): how many. */
static size_t meet_by_suffix(const IdSet *a, const IdSet *b) {
    size_t n = 0;
    Buf x = {0};
    for (size_t i = 0; i < b->raw.n; i++) {
        const char *id = b->raw.v[i];
        int hit = 0;
        for (const char *q = id + 1; *q && !hit; q++)
            if (strchr("-_. ", *q)) {
                x.len = 0;
                buf_add(&x, id, (size_t)(q - id));
                hit = has(&a->set, x.s);
            }
        n += hit;
    }
    buf_free(&x);
    return n;
}

/* The shape of an ID: letters as A, digits as 9, the rest as it is. */
static void shape(const char *id, Buf *out) {
    out->len = 0;
    buf_puts(out, "");
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        buf_add(out, isdigit(*p) ? "9" : isalpha(*p) ? "A" : (const char *)p, 1);
}

/* A typical ID of s: the first of the most common shape. */
static const char *typical(const IdSet *s) {
    StrList sh = {0};
    Buf b = {0};
    for (size_t i = 0; i < s->raw.n; i++) {
        shape(s->raw.v[i], &b);
        strlist_add(&sh, b.s);
    }
    size_t best = 0, bestn = 0;
    for (size_t i = 0; i < sh.n && i < 200; i++) {   /* a cohort's first rows are enough */
        size_t c = 0;
        for (size_t k = 0; k < sh.n; k++) c += !strcmp(sh.v[i], sh.v[k]);
        if (c > bestn) { bestn = c; best = i; }
    }
    buf_free(&b);
    strlist_free(&sh);
    return s->raw.n ? s->raw.v[best] : "";
}

/* Why a and b (sharing no key) do not meet, into why. */
static void explain_pair(const IdSet *a, const IdSet *b, Buf *why) {
    buf_printf(why, "no patient is in both %s and %s: IDs in %s look like %s, in %s like %s", a->t->name, b->t->name,
               a->t->name, typical(a), b->t->name, typical(b));
    Buf p = {0};
    size_t m;
    if ((m = meet_by_prefix(a, b, &p)))
        buf_printf(why, "; with the prefix %s, %zu of %s's %zu would match: load %s with idprefix=%s (load radiomics, "
                        "clinical, expression and mutations take it)", p.s, m, a->t->name, a->raw.n, a->t->name, p.s);
    else if ((p.len = 0, m = meet_by_prefix(b, a, &p)))
        buf_printf(why, "; with the prefix %s, %zu of %s's %zu would match: load %s with idprefix=%s (load radiomics, "
                        "clinical, expression and mutations take it)", p.s, m, b->t->name, b->raw.n, b->t->name, p.s);
    else if ((m = meet_by_rule(a, b, RULE_CASE)))
        buf_printf(why, "; they differ in letter case (%zu would match ignoring it): fix the IDs with recode or derive",
                   m);
    else if ((m = meet_by_rule(a, b, RULE_SEPARATORS)))
        buf_printf(why, "; they differ in separators ('.', '_' or ' ' for '-'; %zu would match): fix the IDs with "
                        "recode or derive", m);
    else if ((m = meet_by_rule(a, b, RULE_ZEROS)))
        buf_printf(why, "; they differ in leading zeros (%zu would match without them): fix the IDs with recode or "
                        "derive", m);
    else if ((m = meet_by_suffix(a, b)))
        buf_printf(why, "; %zu of %s's IDs are one of %s's followed by more (a suffix): load %s with id=COL:REGEX, or "
                        "recode them", m, b->t->name, a->t->name, b->t->name);
    else if ((m = meet_by_suffix(b, a)))
        buf_printf(why, "; %zu of %s's IDs are one of %s's followed by more (a suffix): load %s with id=COL:REGEX, or "
                        "recode them", m, a->t->name, b->t->name, a->t->name);
    else
        buf_puts(why, "; no simple rule (a prefix, letter case, separators, leading zeros, a suffix) makes them meet: "
                      "are they the same patients? (show each table's key column)");
    buf_free(&p);
}

int idshape_explain(Table *const *ts, size_t n, Buf *why) {
    IdSet *s = xcalloc(n ? n : 1, sizeof *s);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts[i]->id >= 0) idset_make(ts[i], &s[m++]);
    int said = 0;
    for (size_t i = 0; i < m && !said; i++)
        for (size_t j = i + 1; j < m && !said; j++)
            if (s[i].key.n && s[j].key.n && !shared(&s[i], &s[j])) {
                explain_pair(&s[i], &s[j], why);
                said = 1;
            }
    if (!said && m > 2) {   /* every pair meets: is any key in all of them? */
        size_t all = 0;
        for (size_t k = 0; k < s[0].key.n; k++) {
            int in = 1;
            for (size_t i = 1; i < m && in; i++) in = has(&s[i].set, s[0].key.v[k]);
            all += in;
        }
        if (!all) {
            buf_printf(why, "each pair of the %zu tables shares patients, but no patient is in all of them: join "
                            "fewer tables, or how=left", m);
            said = 1;
        }
    }
    for (size_t i = 0; i < m; i++) idset_free(&s[i]);
    free(s);
    return said;
}
