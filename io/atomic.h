/* atomic.h — files written whole or not at all: the data go to a
 * temporary file beside the target (mkstemp, so never a predictable name),
 * which is renamed over the target only when complete and flushed to
 * disk.  An existing file is either replaced whole or left untouched. */
#ifndef RGX_ATOMIC_H
#define RGX_ATOMIC_H
#include <stdio.h>
#include "io/util.h"

typedef struct AtomicFile {
    FILE *f;            /* write here */
    char *tmp;          /* the temporary file */
    char *path;         /* the target */
} AtomicFile;

/* Open a temporary file for path (mode 0644).  Returns 0, or -1 with a
 * message in err ("cannot write PATH: reason"). */
int atomic_open(AtomicFile *a, const char *path, Buf *err);
/* Flush, sync and rename over the target.  Returns 0, or -1 with a
 * message in err (the temporary file is removed). */
int atomic_commit(AtomicFile *a, Buf *err);
/* Give up: close and remove the temporary file. */
void atomic_abort(AtomicFile *a);
/* A whole buffer to path, atomically. */
int atomic_write(const char *path, const char *data, size_t len, Buf *err);
#endif
