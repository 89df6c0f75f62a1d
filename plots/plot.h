/* plot.h — the plot layer: a standalone gnuplot script (NAME.gp) and its
 * data (NAME.dat) written next to the figure, then gnuplot run on it.
 *
 * Safety: text that came from data (column names, IDs, titles, file
 * names) only ever reaches the script through gp_str(), which writes a
 * single-quoted gnuplot string ('' for a quote, control characters as
 * spaces); gnuplot performs no backquote, macro or escape processing in
 * single-quoted strings, so nothing in it can run.  The figure's own
 * files are named "./NAME.EXT" (plot_file_name), so that a name starting
 * with '|' or '<' is a file, not a command gnuplot would run; a name with
 * a control character is refused.  Numbers and labels go through the
 * .dat file.  gnuplot is started with fork + execvp (never a shell) and
 * reads the script on its standard input.
 *
 * Files: gnuplot renders in a private temporary directory; only when it
 * succeeded are the figure, then NAME.dat and NAME.gp, written over the
 * old ones through io/atomic.h (whole or not at all, symlinks followed,
 * modes kept).  A failed re-plot leaves the previous figure as it was. */
#ifndef RGX_PLOT_H
#define RGX_PLOT_H
#include <signal.h>
#include <stddef.h>
#include "io/util.h"

typedef struct PlotOut {
    const char *dir;        /* output directory */
    const char *name;       /* base name: NAME.gp, NAME.dat, NAME.png… */
    const char *format;     /* png, svg, pdf, dumb or window */
    int width;              /* dumb: characters per line */
    int window_ok;          /* window: a display and a prompt are there */
} PlotOut;

typedef struct PlotResult {
    char *gp;               /* the script written */
    char *out;              /* the figure written (NULL for dumb/window) */
    Buf text;               /* dumb: the ASCII rendering */
    int rendered;           /* gnuplot ran and succeeded */
    Buf msg;                /* why not, when it did not */
    Buf info;               /* a line for the shell to print after the figure (figures.h), or empty */
} PlotResult;

void plot_result_free(PlotResult *r);

/* Append s as a single-quoted gnuplot string. */
void gp_str(Buf *b, const char *s);
/* Append s as a double-quoted string for a .dat file (quotes and control
 * characters replaced; data files are read, never executed). */
void dat_str(Buf *b, const char *s);

/* The colour-blind-safe palette for groups (Okabe–Ito), as "#rrggbb". */
const char *plot_group_colour(size_t k);

/* Begin a script: terminal and output from the format, the house style
 * (fonts, grid, no enhanced text), then the caller appends its commands. */
void plot_begin(Buf *gp, const PlotOut *o);
/* Append the figure's file NAME.ext as the script must name it: a quoted
 * './NAME.ext'. */
void plot_file_name(Buf *b, const PlotOut *o, const char *ext);
/* Record "nothing to plot: why" in r->msg and return -1 (for a figure
 * with no data, refused before gnuplot runs). */
int plot_nothing(PlotResult *r, const char *why);

/* Render the script gp with its data dat (may be NULL) in a private
 * directory, then write the figure, NAME.dat and NAME.gp into o->dir, each
 * whole or not at all — none of them when gnuplot failed.  A missing
 * gnuplot is not an error: the script and data are written and the
 * result says where.  Returns 0, or -1 when the files could not be
 * written, the name is refused or gnuplot failed (message in r->msg). */
int plot_render(const PlotOut *o, const Buf *gp, const Buf *dat, PlotResult *r);

#endif
