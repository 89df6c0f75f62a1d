/* radnames.h — what a PyRadiomics feature name says: its image type and
 * feature class (van Griethuysen et al. 2017; the names are
 * IMAGETYPE_CLASS_FEATURE, e.g. wavelet-LLH_glcm_Contrast,
 * log-sigma-2-0-mm-3D_firstorder_Mean, original_shape_Sphericity).  For
 * the per-class counts of select by=icc and reduce. */
#ifndef RGX_RADNAMES_H
#define RGX_RADNAMES_H
#include <stddef.h>

/* The feature classes and image-type families counted, in print order;
 * the last of each is "other" (a name that is not PyRadiomics's). */
extern const char *const RAD_CLASSES[];
extern const size_t RAD_NCLASSES;
extern const char *const RAD_IMAGES[];
extern const size_t RAD_NIMAGES;

/* The class and image family of name (an index into RAD_CLASSES and
 * RAD_IMAGES; the "other" entry when the name does not parse).  A prefix
 * up to a '.' before the first '_' (a table's origin: rad.original_…) is
 * skipped.  shape2D counts as shape; wavelet, wavelet2… as wavelet;
 * log-sigma-… as log; lbp-2D, lbp-3D-… as lbp. */
void radiomics_name_class(const char *name, size_t *cls, size_t *img);
#endif
