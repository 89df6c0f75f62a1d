/* barcode.h — TCGA barcode rules.
 *
 * A TCGA barcode is TCGA-TSS-PART-SAMPLEvial-PORTIONanalyte-PLATE-CENTER,
 * e.g. TCGA-02-0003-01A-01D-1490-08.  Whatever its length (12, 15, 16, 19,
 * 28 characters), written with '.' or '_' instead of '-' (R and Kaggle
 * exports), in any case, without the TCGA- prefix (when a prefix is given)
 * or with an R make.unique suffix (.1), it reduces to the patient
 * TCGA-XX-XXXX and, when present, the two-digit sample type (01 primary
 * solid tumour, 02 recurrence, 03 primary blood cancer, 06 metastasis,
 * 10 blood normal, 11 solid tissue normal…). */
#ifndef RGX_BARCODE_H
#define RGX_BARCODE_H
#include <stddef.h>

typedef struct Barcode {
    char *patient;      /* TCGA-XX-XXXX, or the whole trimmed ID when not TCGA
                           (any length: IDs are never cut); owned, see barcode_free */
    int sample;         /* sample type 1..99, or -1 when not given */
    int tcga;           /* 1 when the ID is a TCGA barcode */
} Barcode;

/* Parse id.  prefix (e.g. "TCGA-") is prepended when id lacks it and the
 * rest looks like a barcode ("02-0003-01A" → TCGA-02-0003); NULL for none.
 * b->patient is allocated: give it back with barcode_free. */
void barcode_parse(const char *id, const char *prefix, Barcode *b);
void barcode_free(Barcode *b);

/* Is sample type a primary tumour (01 solid, 03 blood)? */
int barcode_is_primary(int sample);
/* A short name for a sample type ("primary tumour", "recurrence", …). */
const char *barcode_sample_name(int sample);
#endif
