/* sortx.h — an inlined quicksort for arrays of structs ordered by a double
 * field x (median of three, insertion sort below 16, recursion into the
 * smaller part so the stack stays O(log n)).  Several times faster than
 * qsort's callback on the large vectors ranks, ROC curves and p-value
 * families see.  Equal x keep no particular order: callers use it where
 * ties are treated alike (average ranks, tied p-values, ROC thresholds).
 *   SORT_BY_X(sort_name, Type)  defines  static void sort_name(Type *a, size_t n) */
#ifndef RGX_SORTX_H
#define RGX_SORTX_H
#include <stddef.h>

#define SORT_BY_X(NAME, T)                                                                \
    static void NAME(T *a, size_t n) {                                                    \
        while (n > 16) {                                                                  \
            T *m = a + n / 2, *l = a, *h = a + n - 1, piv;                                \
            if (m->x < l->x) { T t = *m; *m = *l; *l = t; }                               \
            if (h->x < l->x) { T t = *h; *h = *l; *l = t; }                               \
            if (h->x < m->x) { T t = *h; *h = *m; *m = t; }                               \
            piv = *m;                                                                     \
            size_t i = 0, j = n - 1;                                                      \
            for (;;) {                                                                    \
                while (a[i].x < piv.x) i++;                                               \
                while (piv.x < a[j].x) j--;                                               \
                if (i >= j) break;                                                        \
                T t = a[i]; a[i] = a[j]; a[j] = t;                                        \
                i++;                                                                      \
                j--;                                                                      \
            }                                                                             \
            if (j + 1 < n - j - 1) { NAME(a, j + 1); a += j + 1; n -= j + 1; }            \
            else { NAME(a + j + 1, n - j - 1); n = j + 1; }                               \
        }                                                                                 \
        for (size_t i = 1; i < n; i++) {                                                  \
            T t = a[i];                                                                   \
            size_t j = i;                                                                 \
            while (j > 0 && a[j - 1].x > t.x) { a[j] = a[j - 1]; j--; }                   \
            a[j] = t;                                                                     \
        }                                                                                 \
    }
#endif
