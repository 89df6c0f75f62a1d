/* radnames.c — see radnames.h. */
#include "io/radnames.h"
#include <string.h>

const char *const RAD_CLASSES[] = {"shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm", "other"};
const size_t RAD_NCLASSES = sizeof RAD_CLASSES / sizeof *RAD_CLASSES;
const char *const RAD_IMAGES[] = {"original", "wavelet", "log", "square", "squareroot", "logarithm", "exponential",
                                  "gradient", "lbp", "other"};
const size_t RAD_NIMAGES = sizeof RAD_IMAGES / sizeof *RAD_IMAGES;

/* Does the part p (length n) start with word, followed by the end or one of the characters of after? */
static int part_is(const char *p, size_t n, const char *word, const char *after) {
    size_t w = strlen(word);
    if (n < w || strncmp(p, word, w)) return 0;
    return n == w || (after && strchr(after, p[w]));
}

void radiomics_name_class(const char *name, size_t *cls, size_t *img) {
    *cls = RAD_NCLASSES - 1;
    *img = RAD_NIMAGES - 1;
    const char *u1 = strchr(name, '_');
    if (!u1) return;
    const char *dot = memchr(name, '.', (size_t)(u1 - name));
    if (dot) name = dot + 1;
    const char *u2 = strchr(u1 + 1, '_');
    if (!u2 || !u2[1]) return;   /* IMAGETYPE_CLASS_FEATURE: three parts */
    size_t ni = (size_t)(u1 - name), nc = (size_t)(u2 - u1 - 1);
    const char *c = u1 + 1;
    size_t k;
    for (k = 0; k + 1 < RAD_NCLASSES; k++)
        if (part_is(c, nc, RAD_CLASSES[k], k == 0 ? "2" : NULL) && (k != 0 || nc == 5 || !strncmp(c, "shape2D", nc)))
            break;
    if (k + 1 == RAD_NCLASSES) return;   /* not a PyRadiomics class: both stay "other" */
    *cls = k;
    static const struct { const char *word; const char *after; size_t family; } img_rules[] = {
        {"original", NULL, 0}, {"wavelet", "-0123456789", 1}, {"log-sigma", "-", 2}, {"squareroot", NULL, 4},
        {"square", NULL, 3}, {"logarithm", NULL, 5}, {"exponential", NULL, 6}, {"gradient", NULL, 7},
        {"lbp", "-", 8},
    };
    for (size_t r = 0; r < sizeof img_rules / sizeof *img_rules; r++)
        if (part_is(name, ni, img_rules[r].word, img_rules[r].after)) { *img = img_rules[r].family; return; }
}
