/* blocks.h — what the building blocks of plots/ share (generic.c,
 * heatmap.c): not for the figures, which use generic.h. */
#ifndef RGX_BLOCKS_H
#define RGX_BLOCKS_H
#include "plots/generic.h"

/* The data file's name as a quoted gnuplot string (caller frees; the name
 * may hold any text). */
char *plot_dat_name(const PlotOut *o);
/* The title and axis labels: the user's (title=, xlabel=, ylabel= of o)
 * over the figure's own (t); every one a quoted gnuplot string; and
 * integer x tics when t asks. */
void plot_put_labels(Buf *gp, const PlotOut *o, const PlotText *t);
/* x as %.10g (ample for a figure), or NaN as gnuplot's missing marker "NaN". */
void plot_num(Buf *b, double x);
#endif
