/* load_clinical.h — `load clinical`: cBioPortal, TCGA-CDR and TCGA BCR
 * clinical files (or any table with time=/event= named) → one row per
 * patient with `time` and `event` columns for the chosen endpoint.
 *
 * The endpoint is recorded on the table itself, as the unit of the event
 * column: "OS", "PFI", "DSS", "DFI", "PFS" or "DFS" — what one of its
 * events is (a death, a progression…), as the time column's unit says
 * what its numbers count.  Being a column's, it goes with the column
 * through join, filter and select; km records it in its result
 * (endpoint=) and plot km names the curve by it ("Overall survival by
 * IDH1").  With time= and event= the columns are the user's, no endpoint
 * is chosen, and the unit is left empty. */
#ifndef RGX_LOAD_CLINICAL_H
#define RGX_LOAD_CLINICAL_H
#include "io/load_table.h"

typedef struct ClinOpts {
    const char *name;               /* table name */
    const char *id;                 /* the patient column, or NULL to find it */
    const char *time, *event;       /* explicit survival columns, or NULL */
    const char *endpoint;           /* OS (default), PFI, DSS, DFI, PFS, DFS */
    const char *unit;               /* the time unit (days, weeks, months, years), or NULL to guess it */
    const char *idprefix;           /* for IDs written without TCGA- */
    int sep;                        /* separator, 0 to detect */
    const char *const *na;         /* extra missing tokens */
    size_t nna;
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);
    void *progress_ctx;
} ClinOpts;

typedef struct ClinReport {
    LoadReport load;        /* the underlying table load */
    const char *format;     /* "cBioPortal", "TCGA-CDR", "TCGA BCR", "time= and event=" */
    char *id_col;           /* the patient column used */
    char *time_src;         /* where time came from (a column, or a rule) */
    char *event_src;        /* where event came from */
    char *event_coding;     /* how event values were read ("1:DECEASED/0:LIVING") */
    const char *unit;       /* days, weeks, months, years, or NULL when unknown */
    const char *unit_how;   /* how the unit was found: "given by unit=", "guessed from its name"… */
    const char *unit_guess; /* the guess when unit= overrode a different one, else NULL */
    size_t rows;            /* rows in the file */
    size_t patients;        /* rows in the table */
    size_t repeated;        /* patients on several rows (their survival agrees) */
    size_t events, censored, missing;   /* event = 1, event = 0, time or event missing */
    size_t no_id;           /* rows without a patient ID (dropped) */
    size_t bad_time;        /* rows whose time was negative or infinite (made missing) */
    StrList bad_time_ids;   /* the first few, as "ID (value)" */
} ClinReport;

/* Decode one event value: 1/0, TRUE/FALSE, DECEASED/LIVING, 1:DECEASED,
 * Dead/Alive, Recurred/DiseaseFree… (case-insensitive).  Returns 1 and
 * sets *ev, or 0 when the value cannot be coded. */
int event_code(const char *s, double *ev);

Table *clinical_load(const char *path, const ClinOpts *o, ClinReport *rep, Buf *err, int *cancelled);
void clin_report_free(ClinReport *r);
#endif
