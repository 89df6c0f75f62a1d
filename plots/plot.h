/* plot.h — the plot layer: a standalone gnuplot script (NAME.gp) and its
 * data (NAME.dat) written next to the figure, then gnuplot run on it.
 * The figures themselves are built in plots/generic.c (generic.h).
 *
 * Safety: text that came from data (column names, IDs, titles, group
 * names, tic labels, file names) reaches the script's commands only
 * through gp_str(), which writes a single-quoted gnuplot string ('' for a
 * quote, control characters as spaces); gnuplot performs no backquote,
 * macro or escape processing in single-quoted strings, so nothing in it
 * can run.  The figure's name also appears in the script's first line, a
 * comment saying how to re-render it (shell-quoted when it is not plain);
 * a name with a control character is refused (plot_render), so it cannot
 * end that comment.  The figure's own files are named './NAME.EXT'
 * (plot_file_name), so that a name starting with '|' or '<' is a file,
 * not a command gnuplot would run.  The numbers are in NAME.dat, which
 * gnuplot reads as data and never executes (dat_str() quotes text for
 * such a file; no figure puts text there today).  gnuplot is started with
 * fork + execvp (never a shell; RGX_GNUPLOT names another program, for
 * tests) and reads the script on its standard input.
 *
 * Files: gnuplot renders in a private temporary directory (mkdtemp in
 * $TMPDIR); only when it succeeded are the figure, then NAME.dat and
 * NAME.gp, written over the old ones through io/atomic.h (whole or not at
 * all, symlinks followed, modes kept).  A failed re-plot leaves the
 * previous figure, data and script as they were. */
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
    const char *comment;    /* comment lines for the script's head, after the first ("# …\n" each; provenance), or NULL */
    const char *title;      /* the user's title= (wins over the figure's), or NULL */
    const char *xlabel;     /* the user's xlabel=, or NULL */
    const char *ylabel;     /* the user's ylabel=, or NULL */
} PlotOut;

typedef struct PlotResult {
    char *gp;               /* the script's path (dir/NAME.gp): written when rendered, or when there is no gnuplot or no display */
    char *out;              /* the figure's path (NULL for dumb/window): written only when rendered */
    Buf text;               /* dumb: the ASCII rendering */
    int rendered;           /* gnuplot ran and succeeded; the figure, data and script were written */
    Buf msg;                /* why not, when it did not (or the note that gnuplot is missing) */
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

/* Begin a script: the re-render comment (and o->comment), UTF-8, terminal and output from
 * the format, tab-separated data, the house style (fonts, grid, no
 * enhanced text, no automatic key titles); the caller appends its
 * commands. */
void plot_begin(Buf *gp, const PlotOut *o);
/* Append the figure's file NAME.ext as the script must name it: a quoted
 * './NAME.ext'. */
void plot_file_name(Buf *b, const PlotOut *o, const char *ext);
/* Record "nothing to plot: why" in r->msg and return -1 (for a figure
 * with no data, refused before gnuplot runs). */
int plot_nothing(PlotResult *r, const char *why);

/* Render the script gp with its data dat (may be NULL) in a private
 * directory, then write the figure, NAME.dat and NAME.gp into o->dir, each
 * whole or not at all — none of them when gnuplot failed or made no
 * figure, or when one of the three paths is a directory or a device that
 * would refuse it (checked first).  A missing gnuplot is not an error:
 * the script and data are written, r->msg says where, 0 is returned;
 * plot=window without o->window_ok writes them too but returns -1.
 * Returns 0, or -1 when the files could not be written, the name is
 * refused, or gnuplot failed (message in r->msg). */
int plot_render(const PlotOut *o, const Buf *gp, const Buf *dat, PlotResult *r);

#endif
