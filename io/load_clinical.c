/* load_clinical.c — see load_clinical.h. */
#include "io/load_clinical.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/barcode.h"

static const char *const ID_NAMES[] = {
    "PATIENT_ID", "bcr_patient_barcode", "Tumor_Sample_Barcode_min", "patient", "patient_id", "case_id",
    "submitter_id", "Tumor_Sample_Barcode", "SAMPLE_ID", "sample", "barcode", "id",
};

int event_code(const char *s, double *ev) {
    while (isspace((unsigned char)*s)) s++;
    if ((s[0] == '0' || s[0] == '1') && s[1] == ':') {   /* cBioPortal "1:DECEASED" */
        *ev = s[0] - '0';
        return 1;
    }
    static const char *const yes[] = {"1", "dead", "deceased", "died", "true", "t", "yes", "recurred",
                                      "progressed", "recurred/progressed", "event", "relapsed"};
    static const char *const no[] = {"0", "alive", "living", "false", "f", "no", "diseasefree", "disease free",
                                     "censored", "progression-free", "not recurred"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(s, yes[i]) == 0) { *ev = 1; return 1; }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(s, no[i]) == 0) { *ev = 0; return 1; }
    return 0;
}

static long col_ci(const Table *t, const char *name) {
    for (size_t j = 0; j < t->ncol; j++)
        if (strcasecmp(t->cols[j].name, name) == 0) return (long)j;
    return -1;
}

/* A column whose name ends with suffix (after an optional PREFIX_), e.g. CDR_OS.time. */
static long col_suffix(const Table *t, const char *suffix) {
    long j = col_ci(t, suffix);
    if (j >= 0) return j;
    size_t sl = strlen(suffix);
    for (size_t k = 0; k < t->ncol; k++) {
        const char *n = t->cols[k].name;
        size_t nl = strlen(n);
        if (nl > sl + 1 && strcasecmp(n + nl - sl, suffix) == 0 && (n[nl - sl - 1] == '_' || n[nl - sl - 1] == '.'))
            return (long)k;
    }
    return -1;
}

/* The time unit a column name suggests, or NULL; *how says why. */
static const char *unit_from_name(const char *n, const char **how) {
    char low[256];
    size_t k = 0;
    for (; n[k] && k < sizeof low - 1; k++) low[k] = (char)tolower((unsigned char)n[k]);
    low[k] = '\0';
    *how = "guessed from the name";
    if (strstr(low, "month")) return "months";
    if (strstr(low, "year")) return "years";
    if (strstr(low, "week")) return "weeks";
    if (strstr(low, "day")) return "days";
    *how = "guessed from the name, as in the TCGA-CDR";
    if (strstr(low, ".time") || strstr(low, "_time")) return "days";
    return NULL;
}

/* Code event column j into ev[]; on failure write the message. */
static int code_events(const Table *t, long j, double *ev, char **coding, Buf *err, const char *path) {
    const Column *c = &t->cols[j];
    if (c->type == COL_NUM) {
        int has0 = 0, has2 = 0, other = 0;
        double bad = 0;
        for (size_t i = 0; i < t->nrow; i++) {
            double x = c->num[i];
            if (isnan(x)) continue;
            if (x == 0) has0 = 1;
            else if (x == 1) continue;
            else if (x == 2) has2 = 1;
            else { other = 1; bad = x; }
        }
        if (other || (has0 && has2)) {
            buf_printf(err, "%s: event column %s has values other than 0/1 or 1/2 (e.g. %g); give event= a 0/1 column",
                       path, c->name, other ? bad : 2.0);
            return -1;
        }
        int r_style = has2;   /* R's status: 1 = censored, 2 = event */
        for (size_t i = 0; i < t->nrow; i++)
            ev[i] = isnan(c->num[i]) ? NAN : r_style ? c->num[i] - 1 : c->num[i];
        *coding = strdup(r_style ? "2 = event, 1 = censored (R's status)" : "1 = event, 0 = censored");
        return 0;
    }
    StrMap seen = {0};
    StrList vals = {0};
    const char *bad = NULL;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *s = c->str[i];
        if (!s) { ev[i] = NAN; continue; }
        if (strmap_put(&seen, s, i, NULL) == 1) strlist_add(&vals, s);
        if (!event_code(s, &ev[i]) && !bad) bad = s;
    }
    if (bad) {
        buf_printf(err, "%s: %s has values ", path, c->name);
        join_list(err, (const char *const *)vals.v, vals.n, 8);
        buf_printf(err, "; cannot code '%s' as event (1) or censored (0): give event= a 0/1 column", bad);
    } else {
        Buf b = {0};
        join_list(&b, (const char *const *)vals.v, vals.n, 6);
        *coding = b.s ? b.s : strdup("");
    }
    strmap_free(&seen);
    strlist_free(&vals);
    return bad ? -1 : 0;
}

Table *clinical_load(const char *path, const ClinOpts *o, ClinReport *rep, Buf *err, int *cancelled) {
    LoadOpts lo = {.name = o->name, .id = "none", .sep = o->sep, .na = o->na, .nna = o->nna, .cancel = o->cancel,
                   .progress = o->progress, .progress_ctx = o->progress_ctx};
    Table *raw = table_load(path, &lo, &rep->load, err, cancelled);
    if (!raw) return NULL;
    Table *t = NULL;
    double *time = NULL, *ev = NULL;
    size_t n = raw->nrow;
    rep->rows = n;
    /* the patient column */
    long idc = -1;
    if (o->id) {
        idc = table_find_err(raw, o->id, err);
        if (idc < 0) goto fail;
    } else {
        for (size_t k = 0; k < sizeof ID_NAMES / sizeof *ID_NAMES && idc < 0; k++) {
            long j = col_ci(raw, ID_NAMES[k]);
            if (j >= 0 && raw->cols[j].type == COL_STR) idc = j;
        }
        for (size_t j = 0; j < raw->ncol && idc < 0; j++)
            if (raw->cols[j].type == COL_STR) idc = (long)j;
        if (idc < 0) {
            buf_printf(err, "%s: no patient ID column (looked for PATIENT_ID, bcr_patient_barcode, patient…); give id=COL", path);
            goto fail;
        }
    }
    if (raw->cols[idc].type != COL_STR) {
        buf_printf(err, "%s: the ID column %s holds numbers; IDs must be text", path, raw->cols[idc].name);
        goto fail;
    }
    rep->id_col = strdup(raw->cols[idc].name);
    /* the endpoint */
    time = malloc((n ? n : 1) * sizeof *time);
    ev = malloc((n ? n : 1) * sizeof *ev);
    if (!time || !ev) { buf_printf(err, "out of memory while loading %s", path); goto fail; }
    const char *ep = o->endpoint ? o->endpoint : "OS";
    long tc = -1, ec = -1;
    Buf name = {0};
    if (o->time || o->event) {
        if (!o->time || !o->event) { buf_printf(err, "%s: give both time= and event=", path); goto fail; }
        if ((tc = table_find_err(raw, o->time, err)) < 0 || (ec = table_find_err(raw, o->event, err)) < 0) goto fail;
        rep->format = "time= and event=";
    } else {
        /* TCGA-CDR: OS.time / OS (also CDR_OS.time) */
        buf_printf(&name, "%s.time", ep);
        tc = col_suffix(raw, name.s);
        ec = tc >= 0 ? col_suffix(raw, ep) : -1;
        if (tc >= 0 && ec >= 0) rep->format = "TCGA-CDR";
        /* cBioPortal: OS_MONTHS / OS_STATUS (PFI is PFS there) */
        if (!rep->format) {
            const char *cb = strcasecmp(ep, "PFI") == 0 ? "PFS" : strcasecmp(ep, "DFI") == 0 ? "DFS" : ep;
            name.len = 0;
            buf_printf(&name, "%s_MONTHS", cb);
            tc = col_ci(raw, name.s);
            name.len = 0;
            buf_printf(&name, "%s_STATUS", cb);
            ec = col_ci(raw, name.s);
            if (tc >= 0 && ec >= 0) rep->format = "cBioPortal";
        }
        /* plain EP_days + EP_event / EP_status */
        if (!rep->format) {
            static const char *const tsuf[] = {"_days", "_time", "_months", ".days"};
            static const char *const esuf[] = {"_event", "_status", ".event", ".status"};
            tc = ec = -1;
            for (size_t a = 0; a < 4 && tc < 0; a++) { name.len = 0; buf_printf(&name, "%s%s", ep, tsuf[a]); tc = col_ci(raw, name.s); }
            for (size_t a = 0; a < 4 && ec < 0; a++) { name.len = 0; buf_printf(&name, "%s%s", ep, esuf[a]); ec = col_ci(raw, name.s); }
            if (tc >= 0 && ec >= 0) rep->format = "time and event columns";
        }
        /* TCGA BCR / legacy: vital_status with death and follow-up days (OS only) */
        if (!rep->format && strcasecmp(ep, "OS") == 0) {
            long vc = col_ci(raw, "vital_status");
            if (vc < 0) vc = col_ci(raw, "Overall_Survival_Status");
            long dc = col_ci(raw, "death_days_to");
            if (dc < 0) dc = col_ci(raw, "days_to_death");
            long fc = col_ci(raw, "last_contact_days_to");
            if (fc < 0) fc = col_ci(raw, "days_to_last_followup");
            if (vc >= 0 && fc >= 0 && raw->cols[fc].type == COL_NUM && (dc < 0 || raw->cols[dc].type == COL_NUM)) {
                char *coding = NULL;
                if (code_events(raw, vc, ev, &coding, err, path) < 0) { buf_free(&name); goto fail; }
                rep->event_coding = coding;
                for (size_t i = 0; i < n; i++) {
                    double d = dc >= 0 ? raw->cols[dc].num[i] : NAN, f = raw->cols[fc].num[i];
                    time[i] = ev[i] == 1 && !isnan(d) ? d : ev[i] == 1 && dc >= 0 ? NAN : f;
                    if (isnan(ev[i])) time[i] = NAN;
                }
                rep->format = strcasecmp(raw->cols[vc].name, "vital_status") == 0 ? "TCGA BCR" : "status and follow-up columns";
                Buf b = {0};
                if (dc >= 0) buf_printf(&b, "%s if dead, else %s", raw->cols[dc].name, raw->cols[fc].name);
                else buf_puts(&b, raw->cols[fc].name);
                rep->time_src = b.s;
                rep->event_src = strdup(raw->cols[vc].name);
                rep->unit = "days";
                rep->unit_how = "guessed from the column names";
                tc = ec = -2;
            }
        }
        if (!rep->format) {
            buf_printf(err, "%s: no survival columns for endpoint %s (looked for %s.time and %s, %s_MONTHS and %s_STATUS, "
                            "vital_status with days to death and last follow-up); give time=COL event=COL",
                       path, ep, ep, ep, ep, ep);
            buf_free(&name);
            goto fail;
        }
    }
    buf_free(&name);
    if (tc >= 0) {
        if (raw->cols[tc].type != COL_NUM) {
            buf_printf(err, "%s: time column %s is not numeric", path, raw->cols[tc].name);
            goto fail;
        }
        char *coding = NULL;
        if (code_events(raw, ec, ev, &coding, err, path) < 0) goto fail;
        rep->event_coding = coding;
        for (size_t i = 0; i < n; i++) time[i] = raw->cols[tc].num[i];
        rep->time_src = strdup(raw->cols[tc].name);
        rep->event_src = strdup(raw->cols[ec].name);
        rep->unit = unit_from_name(raw->cols[tc].name, &rep->unit_how);
        if (!rep->unit && strcmp(rep->format, "cBioPortal") == 0) {
            rep->unit = "months";
            rep->unit_how = "guessed: cBioPortal's times are in months";
        }
    }
    if (o->unit) {   /* unit= overrides the guess */
        if (rep->unit && strcmp(rep->unit, o->unit) != 0) rep->unit_guess = rep->unit;
        rep->unit = o->unit;
        rep->unit_how = "given by unit=";
    }
    /* a negative or infinite time is not a time: missing, and said */
    for (size_t i = 0; i < n; i++)
        if (!isnan(time[i]) && (time[i] < 0 || isinf(time[i]))) {
            if (rep->bad_time < 5) {
                const char *id = raw->cols[idc].str[i];
                strlist_addf(&rep->bad_time_ids, "%s (%g)", id ? id : "?", time[i]);
            }
            rep->bad_time++;
            time[i] = NAN;
        }
    /* one row per patient: the survival of repeated rows must agree */
    StrList pat = {0};
    StrMap first = {0};
    size_t *rows = malloc((n ? n : 1) * sizeof *rows), nr = 0;
    unsigned char *counted = calloc(n ? n : 1, 1);
    for (size_t i = 0; i < n; i++) {
        Barcode b;
        barcode_parse(raw->cols[idc].str[i] ? raw->cols[idc].str[i] : "", o->idprefix, &b);
        strlist_add(&pat, b.patient);
        barcode_free(&b);
    }
    for (size_t i = 0; i < n; i++) {
        if (!pat.v[i][0]) { rep->no_id++; continue; }
        size_t f;
        if (strmap_put(&first, pat.v[i], i, &f) == 1) { rows[nr++] = i; continue; }
        int same_t = (isnan(time[i]) && isnan(time[f])) || time[i] == time[f];
        int same_e = (isnan(ev[i]) && isnan(ev[f])) || ev[i] == ev[f];
        if (!same_t || !same_e) {
            buf_printf(err, "%s: patient %s has rows that disagree on survival (rows %zu and %zu: time %g vs %g, "
                            "event %g vs %g)", path, pat.v[i], f + 1, i + 1, time[f], time[i], ev[f], ev[i]);
            strlist_free(&pat);
            strmap_free(&first);
            free(rows);
            free(counted);
            goto fail;
        }
        if (!counted[f]) { counted[f] = 1; rep->repeated++; }
    }
    t = table_subset(raw, o->name, rows, nr, NULL, 0);
    if (!t) { buf_printf(err, "out of memory while loading %s", path); goto fail_rows; }
    Column *idcol = &t->cols[idc];
    for (size_t k = 0; k < nr; k++) {
        free(idcol->str[k]);
        idcol->str[k] = strdup(pat.v[rows[k]]);
    }
    free(idcol->name);
    idcol->name = strdup("patient");
    table_set_id(t, idc);
    /* time and event columns: a source column of that name is replaced,
       another column of that name is kept as NAME.orig */
    const char *src_names[2] = {tc >= 0 ? raw->cols[tc].name : "", ec >= 0 ? raw->cols[ec].name : ""};
    for (int pass = 0; pass < 2; pass++) {
        const char *cn = pass ? "event" : "time";
        long old;
        for (int other = 0; other < 2; other++) {
            old = table_find(t, src_names[other]);
            if (old >= 0 && old != t->id && strcmp(src_names[other], cn) == 0) table_drop_col(t, (size_t)old);
        }
        while ((old = table_find(t, cn)) >= 0 && old != t->id) {
            Buf nn = {0};
            buf_printf(&nn, "%s.orig", cn);
            free(t->cols[old].name);
            t->cols[old].name = nn.s;
        }
        double *v = malloc((nr ? nr : 1) * sizeof *v);
        if (!v) goto fail_rows;
        for (size_t k = 0; k < nr; k++) v[k] = pass ? ev[rows[k]] : time[rows[k]];
        long j = table_add_num(t, cn, NULL, v);
        if (j < 0) goto fail_rows;
        if (!pass && rep->unit) column_set_unit(t, (size_t)j, rep->unit);
        /* the endpoint chosen, as the unit of the event column: what one
           of its events is (load_clinical.h); it goes with the column
           through joins and filters, and km records it */
        if (pass && !o->time) column_set_unit(t, (size_t)j, ep);
    }
    for (size_t k = 0; k < nr; k++) {
        double x = time[rows[k]], e = ev[rows[k]];
        if (isnan(x) || isnan(e)) rep->missing++;
        else if (e == 1) rep->events++;
        else rep->censored++;
    }
    rep->patients = nr;
    strlist_free(&pat);
    strmap_free(&first);
    free(rows);
    free(counted);
    free(time);
    free(ev);
    lineage_merge(&t->lineage, &raw->lineage);
    table_free(raw);
    return t;
fail_rows:
    strlist_free(&pat);
    strmap_free(&first);
    free(rows);
    free(counted);
    table_free(t);
    t = NULL;
fail:
    free(time);
    free(ev);
    table_free(raw);
    return NULL;
}

void clin_report_free(ClinReport *r) {
    load_report_free(&r->load);
    strlist_free(&r->bad_time_ids);
    free(r->id_col);
    free(r->time_src);
    free(r->event_src);
    free(r->event_coding);
}
