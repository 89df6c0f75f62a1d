/* cmd_load.c — `load KIND FILE`: the loaders, each with its own options
 * and its own report of what it did. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/load_clinical.h"
#include "io/load_expr.h"
#include "io/load_maf.h"
#include "io/load_radiomics.h"
#include "io/load_table.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/genesets.h"
#include "repl/format.h"
#include "repl/progress.h"

typedef int (*LoadFn)(Session *s, Args *a, const char *path, const char *name, Progress *bar);

/* Split a comma list into l. */
static void split_list(const char *v, StrList *l) {
    char *copy = xstrdup(v);
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) strlist_add(l, t);
    free(copy);
}

/* sep=auto|comma|tab|semicolon as the separator character (0 = detect). */
static int sep_option(Args *a) {
    static const int sepchar[] = {0, ',', '\t', ';'};
    return sepchar[args_get_choice(a, "sep", 0, NULL)];
}

/* Report a load that made no table; returns 1. */
static int load_failed(Session *s, int cancelled, const Buf *err) {
    if (cancelled) rgx_error(s, "load: interrupted; no table was created");
    else rgx_error(s, "%s", err->s ? err->s : "load failed");
    return 1;
}

/* Print the warnings a load collected. */
static void print_warnings(Session *s, const char *path, const StrList *w) {
    for (size_t i = 0; i < w->n; i++) rgx_warn(s, "%s: %s", path, w->v[i]);
}

static void load_warnings(Session *s, const char *path, const LoadReport *rep) {
    print_warnings(s, path, &rep->warnings);
}

/* The lines every table load prints about quoted line breaks. */
static void multiline_note(Session *s, const LoadReport *rep) {
    if (rep->multiline)
        out_data_printf(&s->out, "  %ld quoted field%s hold%s a line break (the first opens on line %ld)\n",
                        rep->multiline, rep->multiline == 1 ? "" : "s", rep->multiline == 1 ? "s" : "",
                        rep->multiline_first);
}

static int load_table_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    int sep = sep_option(a);
    int sample = args_get_choice(a, "sample", TABLE_SAMPLE_PRIMARY, NULL);
    if (args_failed(s, a)) return 1;
    StrList na = {0};
    const char *nav = args_opt(a, "na");
    if (nav) split_list(nav, &na);
    LoadOpts o = {.name = name, .id = args_opt(a, "id"), .sample = sample, .sep = sep,
                  .na = (const char *const *)na.v, .nna = na.n, .cancel = s->cancel, .progress = progress_callback,
                  .progress_ctx = bar, .threads = s->threads};
    LoadReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = table_load(path, &o, &rep, &err, &cancelled);
    progress_end(bar);
    int rc = 0;
    if (!t) {
        rc = load_failed(s, cancelled, &err);
    } else {
        out_data_printf(&s->out, "loaded %s as %s: %zu row%s × %zu column%s (%zu numeric, %zu text; %s-separated", path,
                   name, t->nrow, t->nrow == 1 ? "" : "s", t->ncol, t->ncol == 1 ? "" : "s", rep.nnum, rep.nstr,
                   csv_sep_name(rep.sep));
        if (t->id >= 0) out_data_printf(&s->out, "; key %s", t->cols[t->id].name);
        else out_puts(&s->out, "; no key column");
        out_puts(&s->out, ")\n");
        if (rep.comment_lines)
            out_data_printf(&s->out, "  skipped %ld comment line%s before the header\n", rep.comment_lines,
                       rep.comment_lines == 1 ? "" : "s");
        if (rep.rownames)
            out_puts(&s->out, "  the header is one field short (R row names): the first column is id\n");
        if (rep.bcr_headers)
            out_puts(&s->out, "  TCGA BCR layout: the second and third header lines (other names, CDE_ID) were skipped\n");
        multiline_note(s, &rep);
        static const char *const modes[] = {"primary", "all", "mean"};
        if (rep.barcodes) {
            if (rep.ndropped) {
                Buf b = {0};
                join_list(&b, (const char *const *)rep.dropped.v, rep.dropped.n, 3);
                out_data_printf(&s->out, "  the key %s holds TCGA sample barcodes: sample=%s dropped %zu row%s: %s\n",
                                t->cols[t->id].name, modes[sample], rep.ndropped, rep.ndropped == 1 ? "" : "s", b.s);
                buf_free(&b);
            }
            if (rep.averaged)
                out_data_printf(&s->out, "  sample=mean: %zu patient%s averaged over their primary samples (numeric "
                                "columns; text from the first)\n", rep.averaged, rep.averaged == 1 ? "" : "s");
        } else if (sample != TABLE_SAMPLE_PRIMARY) {
            out_data_printf(&s->out, "  sample=%s has no effect: the key holds no TCGA sample barcodes\n",
                            modes[sample]);
        }
        load_warnings(s, path, &rep);
        store_table(s, t);
    }
    load_report_free(&rep);
    strlist_free(&na);
    buf_free(&err);
    return rc;
}

static int load_mutations_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    int sample = args_get_choice(a, "sample", SAMPLE_PRIMARY, NULL);
    long min = args_get_int(a, "min", 1, 1, 1000000000L);
    if (args_failed(s, a)) return 1;
    StrList classes = {0};
    const char *cv = args_opt(a, "classes");
    MafOpts o = {.name = name, .min = min, .filter = args_opt(a, "filter"), .sample = sample,
                 .idprefix = args_opt(a, "idprefix"), .cancel = s->cancel, .progress = progress_callback,
                 .progress_ctx = bar};
    const char *class_desc = "nonsynonymous";
    if (cv && strcasecmp(cv, "all") == 0) {
        o.all_classes = 1;
        class_desc = "all";
    } else if (cv && strcasecmp(cv, "nonsynonymous") != 0) {
        split_list(cv, &classes);
        o.classes = (const char *const *)classes.v;
        o.nclasses = classes.n;
        class_desc = cv;
    }
    MafReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = maf_load(path, &o, &rep, &err, &cancelled);
    progress_end(bar);
    int rc = 0;
    if (!t) {
        rc = load_failed(s, cancelled, &err);
    } else {
        const char *unit = sample == SAMPLE_ALL ? "sample" : "patient";
        out_data_printf(&s->out, "loaded %s as %s: %ld variant%s in %zu sample%s → %zu %s%s × %zu gene%s\n",
                   path, name, rep.variants, plural_s((size_t)rep.variants), rep.samples, plural_s(rep.samples),
                   rep.rows, unit, plural_s(rep.rows), rep.genes_kept, plural_s(rep.genes_kept));
        out_data_printf(&s->out, "  classes=%s: %ld variant%s counted, %ld of other classes not counted",
                   class_desc, rep.counted, plural_s((size_t)rep.counted), rep.other_class);
        if (o.filter)
            out_data_printf(&s->out, ", %ld with FILTER other than %s dropped", rep.filtered, o.filter);
        out_puts(&s->out, "\n");
        if (rep.no_gene)
            out_data_printf(&s->out, "  %ld variant%s without a gene symbol (empty or Unknown) left out\n", rep.no_gene,
                            rep.no_gene == 1 ? "" : "s");
        if (rep.dropped.n) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.dropped.v, rep.dropped.n, 4);
            out_data_printf(&s->out, "  sample=primary: %zu sample%s dropped (%ld variants): %s\n", rep.dropped.n,
                       rep.dropped.n == 1 ? "" : "s", rep.dropped_rows, b.s);
            buf_free(&b);
        }
        if (rep.merged)
            out_data_printf(&s->out, "  %zu patient%s with two primary samples: mutated when either sample is\n",
                       rep.merged, rep.merged == 1 ? "" : "s");
        if (rep.genes_kept < rep.genes_seen)
            out_data_printf(&s->out, "  min=%ld: %zu of %zu mutated genes kept\n", min, rep.genes_kept, rep.genes_seen);
        out_data_printf(&s->out, "  1 = mutated, 0 = sequenced without a counted variant (%zu %s%s); %ss not in the"
                            " file are missing after a join\n", rep.no_mutation, unit, rep.no_mutation == 1 ? "" : "s", unit);
        out_data_printf(&s->out, "  most mutated:");
        size_t shown = 0;
        for (size_t j = 1; j < t->ncol && shown < 8; j++) {
            if (t->cols[j].meta) continue;
            double n = 0;
            for (size_t i = 0; i < t->nrow; i++) n += table_val(t, i, j);
            out_data_printf(&s->out, " %s %.0f", t->cols[j].name, n);
            shown++;
        }
        out_data_printf(&s->out, " (of %zu %s%s)\n", t->nrow, unit, plural_s(t->nrow));
        print_warnings(s, path, &rep.warnings);
        store_table(s, t);
    }
    maf_report_free(&rep);
    strlist_free(&classes);
    buf_free(&err);
    return rc;
}

static int load_expression_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    int sample = args_get_choice(a, "sample", EXPR_PRIMARY, NULL);
    if (args_failed(s, a)) return 1;
    StrList skip = {0};
    const char *sv = args_opt(a, "skipcols");
    if (sv) split_list(sv, &skip);
    ExprOpts o = {.name = name, .sample = sample, .skip = (const char *const *)skip.v, .nskip = skip.n,
                  .idprefix = args_opt(a, "idprefix"), .cancel = s->cancel, .progress = progress_callback,
                  .progress_ctx = bar, .threads = s->threads};
    ExprReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = expr_load(path, &o, &rep, &err, &cancelled);
    progress_end(bar);
    int rc = 0;
    static const char *const modes[] = {"primary", "all", "mean"};
    if (!t) {
        rc = load_failed(s, cancelled, &err);
    } else {
        size_t ngenes = t->ncol - 1 - (rep.annot_row ? 1 : 0);
        out_data_printf(&s->out, "loaded %s as %s: %zu gene%s × %zu sample%s → %zu %s%s × %zu gene%s (transposed)\n",
                   path, name, rep.genes_read, plural_s(rep.genes_read), rep.samples, plural_s(rep.samples), rep.rows,
                   sample == EXPR_ALL ? "sample" : "patient", plural_s(rep.rows), ngenes, plural_s(ngenes));
        if (rep.skipped_cols.n) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.skipped_cols.v, rep.skipped_cols.n, 4);
            out_data_printf(&s->out, "  %zu annotation column%s not used as samples: %s\n", rep.skipped_cols.n,
                       rep.skipped_cols.n == 1 ? "" : "s", b.s);
            buf_free(&b);
        }
        if (rep.second_header) out_puts(&s->out, "  a second header row (Firehose) was skipped\n");
        if (rep.annot_row)
            out_data_printf(&s->out, "  the second row gives a value per sample: kept as the column %s\n", rep.annot_row);
        if (rep.dropped.n) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.dropped.v, rep.dropped.n, 3);
            out_data_printf(&s->out, "  sample=%s: %zu sample%s dropped: %s\n", modes[sample], rep.dropped.n,
                       rep.dropped.n == 1 ? "" : "s", b.s);
            buf_free(&b);
        }
        if (sample == EXPR_MEAN && rep.averaged)
            out_data_printf(&s->out, "  sample=mean: %zu patient%s averaged over their samples\n", rep.averaged,
                       rep.averaged == 1 ? "" : "s");
        if (rep.no_symbol)
            out_data_printf(&s->out, "  %zu row%s without a gene symbol ('?' or empty) dropped\n", rep.no_symbol,
                       rep.no_symbol == 1 ? "" : "s");
        if (rep.dup_genes) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.dup_names.v, rep.dup_names.n, 5);
            out_data_printf(&s->out, "  %zu gene symbol%s on several rows, merged by their mean: %s%s\n", rep.dup_genes,
                       rep.dup_genes == 1 ? "" : "s", b.s, rep.dup_genes > rep.dup_names.n ? ", …" : "");
            buf_free(&b);
        }
        print_warnings(s, path, &rep.warnings);
        store_table(s, t);
    }
    expr_report_free(&rep);
    strlist_free(&skip);
    buf_free(&err);
    return rc;
}

static int load_clinical_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    int sep = sep_option(a);
    int epk = args_get_choice(a, "endpoint", 0, NULL);
    static const char *const units[] = {"days", "weeks", "months", "years"};
    int unit = args_opt(a, "unit") ? args_get_choice(a, "unit", 0, NULL) : -1;
    if (args_failed(s, a)) return 1;
    static const char *const eps[] = {"OS", "PFI", "DSS", "DFI", "PFS", "DFS"};
    StrList na = {0};
    const char *nav = args_opt(a, "na");
    if (nav) split_list(nav, &na);
    ClinOpts o = {.name = name, .id = args_opt(a, "id"), .time = args_opt(a, "time"), .event = args_opt(a, "event"),
                  .endpoint = eps[epk], .unit = unit >= 0 ? units[unit] : NULL, .idprefix = args_opt(a, "idprefix"), .sep = sep,
                  .na = (const char *const *)na.v, .nna = na.n, .cancel = s->cancel, .progress = progress_callback,
                  .progress_ctx = bar};
    ClinReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = clinical_load(path, &o, &rep, &err, &cancelled);
    progress_end(bar);
    int rc = 0;
    if (!t) {
        rc = load_failed(s, cancelled, &err);
    } else {
        out_data_printf(&s->out, "loaded %s as %s: %zu row%s → %zu patient%s × %zu columns (%s; patient from %s)\n",
                   path, name, rep.rows, rep.rows == 1 ? "" : "s", rep.patients, plural_s(rep.patients), t->ncol,
                   rep.format, rep.id_col);
        if (rep.load.bcr_headers)
            out_puts(&s->out, "  TCGA BCR layout: the second and third header lines were skipped\n");
        if (rep.repeated)
            out_data_printf(&s->out, "  %zu patient%s on several rows (samples) with the same survival: one row each\n",
                       rep.repeated, rep.repeated == 1 ? "" : "s");
        if (rep.no_id) out_data_printf(&s->out, "  %zu row%s without a patient ID dropped\n", rep.no_id, rep.no_id == 1 ? "" : "s");
        Buf u = {0};
        if (!rep.unit) buf_puts(&u, "unit unknown: give unit=days|months|years");
        else if (rep.unit_guess) buf_printf(&u, "%s, %s; its name suggested %s", rep.unit, rep.unit_how, rep.unit_guess);
        else buf_printf(&u, "%s, %s", rep.unit, rep.unit_how);
        out_data_printf(&s->out, "  endpoint %s: time = %s (%s), event = %s [%s]\n", o.time ? "given" : eps[epk],
                   rep.time_src, u.s, rep.event_src, rep.event_coding);
        buf_free(&u);
        out_data_printf(&s->out, "  %zu event%s, %zu censored, %zu with time or event missing\n", rep.events,
                   plural_s(rep.events), rep.censored, rep.missing);
        multiline_note(s, &rep.load);
        load_warnings(s, path, &rep.load);
        if (rep.bad_time) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.bad_time_ids.v, rep.bad_time_ids.n, 5);
            rgx_warn(s, "%s: %zu row%s with a negative or infinite time, made missing: %s%s", path, rep.bad_time,
                     rep.bad_time == 1 ? "" : "s", b.s, rep.bad_time > rep.bad_time_ids.n ? ", …" : "");
            buf_free(&b);
        }
        store_table(s, t);
    }
    clin_report_free(&rep);
    strlist_free(&na);
    buf_free(&err);
    return rc;
}

static int load_radiomics_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    int sep = sep_option(a);
    int layout = args_get_choice(a, "layout", 0, NULL);
    if (args_failed(s, a)) return 1;
    StrList na = {0};
    const char *nav = args_opt(a, "na");
    if (nav) split_list(nav, &na);
    RadOpts o = {.name = name, .id = args_opt(a, "id"), .transposed = layout, .idprefix = args_opt(a, "idprefix"),
                 .sep = sep, .na = (const char *const *)na.v, .nna = na.n, .cancel = s->cancel,
                 .progress = progress_callback, .progress_ctx = bar};
    RadReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = radiomics_load(path, &o, &rep, &err, &cancelled);
    progress_end(bar);
    int rc = 0;
    if (!t) {
        rc = load_failed(s, cancelled, &err);
    } else {
        out_data_printf(&s->out, "loaded %s as %s: %zu scan%s × %zu feature%s (patient from %s)\n", path, name,
                   rep.rows, rep.rows == 1 ? "" : "s", rep.features, plural_s(rep.features), rep.id_desc);
        if (rep.meta)
            out_data_printf(&s->out, "  %zu metadata column%s (diagnostics_*, general_info_*, Image, Mask…) kept but left out of selectors\n",
                       rep.meta, rep.meta == 1 ? "" : "s");
        if (rep.text) out_data_printf(&s->out, "  %zu other text column%s\n", rep.text, rep.text == 1 ? "" : "s");
        if (rep.pandas_index) out_puts(&s->out, "  an unnamed 0..n-1 index column (pandas) was dropped\n");
        multiline_note(s, &rep.load);
        load_warnings(s, path, &rep.load);
        if (rep.dups) {
            Buf b = {0};
            join_list(&b, (const char *const *)rep.dup_ids.v, rep.dup_ids.n, 5);
            rgx_warn(s, "%s: %zu scan%s repeat a patient (%s); a join uses each patient's first", path, rep.dups,
                     rep.dups == 1 ? "" : "s", b.s);
            buf_free(&b);
        }
        store_table(s, t);
    }
    rad_report_free(&rep);
    strlist_free(&na);
    buf_free(&err);
    return rc;
}

/* The common start and end of every load kind: `as NAME`, FILE, the
 * table's name (after the file unless `as`), the progress bar. */
static int load_run(Session *s, Args *a, LoadFn kind) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    const char *path = a->pos[0];
    char *name = as ? xstrdup(as) : table_name_from_path(path);
    if (!valid_table_name(s, "load", name)) { free(name); return 1; }
    Progress bar;
    progress_start(&bar, s, "load");
    int rc = kind(s, a, path, name, &bar);
    free(name);
    return rc;
}

/* The kinds, each a sub-command of load in commands.def (its options there). */
int cmd_load_table(Session *s, Args *a) { return load_run(s, a, load_table_kind); }
int cmd_load_mutations(Session *s, Args *a) { return load_run(s, a, load_mutations_kind); }
int cmd_load_expression(Session *s, Args *a) { return load_run(s, a, load_expression_kind); }
int cmd_load_clinical(Session *s, Args *a) { return load_run(s, a, load_clinical_kind); }
int cmd_load_radiomics(Session *s, Args *a) { return load_run(s, a, load_radiomics_kind); }
/* load genesets: repl/genesets.c */
int cmd_load_genesets(Session *s, Args *a) { return load_run(s, a, load_genesets_kind); }

/* `load` alone or with an unknown kind is answered by dispatch. */
int cmd_load(Session *s, Args *a) { return args_usage(s, a); }
