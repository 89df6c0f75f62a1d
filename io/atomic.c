/* atomic.c — see atomic.h. */
#include "io/atomic.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void clear(AtomicFile *a) {
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

int atomic_open(AtomicFile *a, const char *path, Buf *err) {
    memset(a, 0, sizeof *a);
    size_t pl = strlen(path);
    a->tmp = xmalloc(pl + 16);
    snprintf(a->tmp, pl + 16, "%s.tmp.XXXXXX", path);
    a->path = xstrdup(path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        clear(a);
        return -1;
    }
    fchmod(fd, 0644);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(a->tmp);
        clear(a);
        return -1;
    }
    return 0;
}

int atomic_commit(AtomicFile *a, Buf *err) {
    int rc = 0;
    if (ferror(a->f) || fflush(a->f) != 0 || fsync(fileno(a->f)) != 0) rc = -1;
    if (fclose(a->f) != 0) rc = -1;
    a->f = NULL;
    if (rc == 0 && rename(a->tmp, a->path) != 0) rc = -1;
    if (rc != 0) {
        buf_printf(err, "cannot write %s: %s", a->path, strerror(errno ? errno : EIO));
        unlink(a->tmp);
    }
    clear(a);
    return rc;
}

void atomic_abort(AtomicFile *a) {
    if (a->f) fclose(a->f);
    if (a->tmp) unlink(a->tmp);
    clear(a);
}

int atomic_write(const char *path, const char *data, size_t len, Buf *err) {
    AtomicFile a;
    if (atomic_open(&a, path, err) < 0) return -1;
    if (len && fwrite(data, 1, len, a.f) != len) {
        buf_printf(err, "cannot write %s: %s", path, strerror(errno));
        atomic_abort(&a);
        return -1;
    }
    return atomic_commit(&a, err);
}
