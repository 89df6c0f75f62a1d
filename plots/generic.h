/* generic.h — the generic figures (scatter, box, histogram) and the
 * building blocks the analysis figures use (matrix heatmap, step or line
 * curves with marks, bands and a table of numbers under the plot).
 * Every function writes NAME.dat and NAME.gp and renders (plot_render). */
#ifndef RGX_GENERIC_H
#define RGX_GENERIC_H
#include "plots/plot.h"

#define NO_GROUP ((size_t)-1)

/* Where a legend goes: inside at the top right (the default), outside
 * right of the plot, inside at the bottom right (ROC: where no curve
 * above the diagonal can be; under the plot in the dumb terminal), under
 * the plot, or none. */
enum { KEY_TOP_RIGHT, KEY_OUTSIDE_RIGHT, KEY_BOTTOM_RIGHT, KEY_UNDER, KEY_NONE };

typedef struct PlotText {
    const char *title;      /* what was plotted and on how many patients */
    const char *xlabel;     /* with units where known */
    const char *ylabel;
    int integer_x;          /* x tics at whole numbers only (k, counts) */
} PlotText;

/* How plot_curves_laid_out arranges a figure beyond its text (all zero:
 * as plot_curves). */
typedef struct PlotLayout {
    int key;                /* KEY_*: where the legend goes */
    int square;             /* a square plot with equal axes (ROC) */
    const char *marks;      /* what the curves' marks are, as a key entry ("censored"), or NULL */
    int note_above;         /* the note above the plot, under the title, never over a curve */
    double xmax, xstep;     /* x from 0 to xmax with tics every xstep (xmax 0: gnuplot's range) */
} PlotLayout;

/* Points of (x, y), coloured by group (group[i] in 0..ng-1, NO_GROUP for
 * none; group NULL for one group), with the least-squares line of each
 * group and its Pearson r and n in the key. */
int plot_scatter(const PlotOut *o, const PlotText *t, const double *x, const double *y, const size_t *group,
                 size_t n, const char *const *gnames, size_t ng, PlotResult *r);

/* Box plots of y per group, with the points jittered over the boxes. */
int plot_box(const PlotOut *o, const PlotText *t, const double *y, const size_t *group, size_t n,
             const char *const *gnames, size_t ng, PlotResult *r);

/* Histogram of x (Sturges' number of classes on pretty breaks, as R's hist). */
int plot_hist(const PlotOut *o, const PlotText *t, const double *x, size_t n, PlotResult *r);

/* Volcano: effect (r, or AUC − 0.5) against −log10 p, points with q below
 * qcut highlighted, the p at which q crosses qcut as a dashed line (NaN:
 * none), and the labels of the first nlabel points (the caller sorts). */
int plot_volcano(const PlotOut *o, const PlotText *t, const double *effect, const double *p, const double *q,
                 size_t n, double qcut, double pline, const char *const *labels, size_t nlabel, PlotResult *r);

enum { PAL_DIVERGING, PAL_VIRIDIS, PAL_CLASSES };   /* PAL_CLASSES: values 1..K, zmin 0.5, zmax K + 0.5 */

/* A matrix heatmap (plot_heatmap). */
typedef struct HeatmapSpec {
    const double *m;            /* nr × nc values, row-major; NaN: missing (drawn grey, keyed as missing) */
    size_t nr, nc;
    const char *const *rown;    /* row names (tics when few enough to read), or NULL */
    const char *const *coln;    /* column names, or NULL */
    const char *rwhat, *cwhat;  /* what rows and columns are ("patients", "features"): the axis says how many
                                   when they are too many to name (NULL: nothing said) */
    const size_t *rord, *cord;  /* the order shown (NULL: as given) */
    int palette;                /* PAL_* */
    double zmin, zmax;          /* the colour scale */
    const char *zlabel;         /* the colour bar's label, or NULL */
    const size_t *rgroup;       /* a colour bar of row groups (0..ngroups-1, NO_GROUP: none), or NULL */
    const char *const *gnames;  /* the groups' names, for the legend of the bar */
    size_t ngroups;
    const char *gtitle;         /* the legend's title (the GROUP), or NULL */
    const unsigned char *marks; /* nr × nc flags drawn as dots, or NULL */
    const char *marks_name;     /* what a dot means, for the key ("q < 0.05"), or NULL */
    const char *missing_name;   /* what a missing cell is, for the key ("not in the result"), or NULL: "missing" */
} HeatmapSpec;

/* Heatmap of h: colour scale zmin..zmax (diverging blue–white–red,
 * viridis or flat class colours), missing cells grey (never white, which
 * reads as 0) and keyed, tics named when there are few enough (else the
 * axis says how many and that they are not named), an optional colour bar
 * of row groups with its legend, and dots on marked cells.  set
 * plot=dumb: ASCII shading (a character per level, explained under it). */
int plot_heatmap(const PlotOut *o, const PlotText *t, const HeatmapSpec *h, PlotResult *r);

typedef struct PlotCurve {
    const char *name;       /* legend entry */
    const double *x, *y;    /* points */
    size_t n;               /* how many */
    int step;               /* draw as a step function (Kaplan–Meier) */
    const double *lo, *hi;  /* optional band (same x), or NULL */
    const double *mx, *my;  /* optional marks (censoring ticks), or NULL */
    size_t nmarks;          /* how many marks */
    const char *colour;     /* "#rrggbb", or NULL for the group palette */
    int dashed;             /* draw dashed (a reference line) */
} PlotCurve;

/* A table of numbers under the plot (numbers at risk): one row per curve,
 * values at the given x positions. */
typedef struct PlotTableUnder {
    const char *title;      /* e.g. "Number at risk" */
    const double *at;       /* x positions */
    size_t nat;             /* how many */
    const double *values;   /* ncurves × nat, row-major */
} PlotTableUnder;

/* Several curves with a legend, colours in group order; optional text
 * notes (e.g. "log-rank p = 0.003") and a table under the plot.  ymin and
 * ymax fix the y range (ymax NaN: from ymin up to gnuplot's; both NaN:
 * gnuplot's). */
int plot_curves(const PlotOut *o, const PlotText *t, const PlotCurve *c, size_t nc, const char *note,
                const PlotTableUnder *tab, double ymin, double ymax, PlotResult *r);
/* The same, arranged by l (NULL: as plot_curves). */
int plot_curves_laid_out(const PlotOut *o, const PlotText *t, const PlotLayout *l, const PlotCurve *c, size_t nc,
                         const char *note, const PlotTableUnder *tab, double ymin, double ymax, PlotResult *r);
#endif
