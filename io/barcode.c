/* barcode.c — see barcode.h. */
#include "io/barcode.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/util.h"

static int alnum_run(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return 0;
    return 1;
}

void barcode_parse(const char *id, const char *prefix, Barcode *b) {
    while (isspace((unsigned char)*id)) id++;
    size_t n = strlen(id);
    while (n && isspace((unsigned char)id[n - 1])) n--;
    b->patient = xmalloc((n > 12 ? n : 12) + 1);   /* room for TCGA-XX-XXXX made with a prefix */
    memcpy(b->patient, id, n);
    b->patient[n] = '\0';
    b->sample = -1;
    b->tcga = 0;
    /* a barcode is decided by its first 16 characters (TCGA-XX-XXXX-NNx):
       the prefix and at most 24 characters of the ID are enough */
    char t[64];
    size_t k = n < 24 ? n : 24;
    size_t pl = 0;
    if (prefix && *prefix && strncasecmp(id, prefix, strlen(prefix)) != 0 && strncasecmp(id, "TCGA", 4) != 0) {
        pl = strlen(prefix);
        if (pl > 24) return;
        memcpy(t, prefix, pl);
    }
    memcpy(t + pl, id, k);
    t[pl + k] = '\0';
    /* separators: '.', '_' and '-' all mean '-'; letters upper-case */
    for (char *p = t; *p; p++) {
        if (*p == '.' || *p == '_') *p = '-';
        *p = (char)toupper((unsigned char)*p);
    }
    /* TCGA-XX-XXXX */
    if (strncmp(t, "TCGA-", 5) != 0 || strlen(t) < 12 || !alnum_run(t + 5, 2) || t[7] != '-' ||
        !alnum_run(t + 8, 4) || (t[12] && t[12] != '-'))
        return;
    memcpy(b->patient, t, 12);
    b->patient[12] = '\0';
    b->tcga = 1;
    /* -NN: the sample type, two digits (a make.unique ".1" has one) */
    if (t[12] == '-' && isdigit((unsigned char)t[13]) && isdigit((unsigned char)t[14]) &&
        (!t[15] || isalpha((unsigned char)t[15]) || t[15] == '-')) {
        int v = (t[13] - '0') * 10 + (t[14] - '0');
        if (v >= 1) b->sample = v;
    }
}

void barcode_free(Barcode *b) {
    free(b->patient);
    b->patient = NULL;
}

int barcode_is_primary(int sample) { return sample == 1 || sample == 3; }

const char *barcode_sample_name(int sample) {
    switch (sample) {
    case 1: return "primary tumour";
    case 2: return "recurrent tumour";
    case 3: return "primary blood cancer";
    case 5: return "additional new primary";
    case 6: return "metastatic";
    case 7: return "additional metastatic";
    case 10: return "blood normal";
    case 11: return "solid tissue normal";
    case 12: return "buccal cell normal";
    case 14: return "bone marrow normal";
    default: return sample >= 10 && sample < 20 ? "normal" : "other";
    }
}
