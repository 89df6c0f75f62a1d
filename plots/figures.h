/* figures.h — the figures of `plot KIND`: one function per plot kind,
 * each turning a result's tables (or a table's columns) into a figure
 * through the building blocks of plots/generic.h.
 *
 * The shell (repl/cmd_plot.c) finds the result, checks its kind against
 * the kind's PLOT line in repl/commands.def, hands over its main table
 * and parts, parses the options into FigureOpts, and prints what the
 * figure function reports.  A figure function never sees the session or
 * the command's words beyond FigureInput: it reads io/ tables and writes
 * through plot_render.
 *
 * Adding a plot kind: a PLOT line in repl/commands.def and one function
 * here (in a figures_*.c file); an option it needs is a field of
 * FigureOpts and a line of OPTS in repl/cmd_plot.c. */
#ifndef RGX_FIGURES_H
#define RGX_FIGURES_H
#include "io/table.h"
#include "plots/generic.h"

typedef struct FigurePart {
    const char *name;           /* the part's name after the result's: "curve" of k.curve */
    const Table *t;             /* its table (borrowed) */
} FigurePart;

typedef struct FigureInput {
    const char *name;           /* the result's or the table's name (titles) */
    const char *kind;           /* the result's kind ("km"), or NULL for the columns of a table */
    const Table *main;          /* the result's main table, or the table of the columns */
    const FigurePart *parts;    /* the result's parts (borrowed), nparts of them */
    size_t nparts;
    const char *const *words;   /* columns figures: the words after the kind (X Y, COL, T SELECTOR) */
    size_t nwords;
    const char *by;             /* `by GROUP` as typed, or NULL */
    const size_t *group;        /* with by: main->nrow group indexes (NO_GROUP: missing), else NULL */
    const char *const *gnames;  /* with by: the group names, ngroups of them */
    size_t ngroups;
    const char *const *pkey;    /* the result's parameters (Result: by=, time=, positive=…), npar of them */
    const char *const *pval;    /* their values */
    size_t npar;
} FigureInput;

typedef struct FigureOpts {
    int risktable;              /* km: numbers at risk under the axis (risktable=, default yes) */
    int ci;                     /* km: confidence bands (ci=, default no) */
    int cluster;                /* heatmap of a corr result: cluster rows and columns (cluster=, default yes) */
    long top;                   /* heatmap of a corr result: features and genes drawn (top=, default 40) */
    long k;                     /* consensus: the k drawn (k=; 0 when not given) */
    const char *set;            /* gsea: the gene set drawn (set=; NULL when not given) */
    long labels;                /* volcano: points named (labels=, default 5) */
    const char *unit;           /* km: the time unit drawn (unit=years|months|weeks|days), or NULL: the table's */
    const char *title;          /* every plot: title= (wins over the figure's own), or NULL */
    const char *xlabel;         /* every plot: xlabel=, or NULL */
    const char *ylabel;         /* every plot: ylabel=, or NULL */
} FigureOpts;

/* A figure.  Returns 0 when the figure was made (r->rendered says whether
 * gnuplot ran; r->info may hold a line to print after it), -1 when it
 * could not be drawn (r->msg: nothing to plot, gnuplot failed…), -2 when
 * the input is not what the figure needs (r->msg says what is missing;
 * the shell prefixes "plot KIND: "). */
typedef int (*FigureFn)(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);

/* The part called name of in's result, or NULL. */
const Table *figure_part(const FigureInput *in, const char *name);
/* The value of the result's parameter key (by, time, positive…), or NULL. */
const char *figure_param(const FigureInput *in, const char *key);
/* What the result analysed, for a title, appended to b: its columns (x=
 * or features=, unless longer than 40 characters) with those of with= or
 * by=, and the table ("rad.* with expr.* in sim", "features of simrad");
 * the result's name when its parameters say none of it. */
void figure_what(const FigureInput *in, Buf *b);

/* figures_columns.c: columns of a table */
int figure_scatter(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_box(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_hist(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* a table's columns as z-scores, or a corr result as features × genes */
int figure_heatmap(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_corr.c: corr and screen results */
int figure_volcano(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_corr_heatmap(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_km.c, figures_roc.c */
int figure_km(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_roc(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_consensus.c: consensus results */
int figure_cdf(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_consensus_matrix(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_delta(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_pac(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_tracking(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_pca.c: a pca result, PC1 against PC2 coloured by a group */
int figure_pca(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_enrich.c: enrich results */
int figure_dot(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_gsea(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* figures_model.c: model, cox and validation results */
int figure_forest(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_path(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_cv(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_calibration(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
int figure_decision(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
/* plot roc: a roc result (figure_roc), or a validation's predictions */
int figure_roc_any(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r);
#endif
