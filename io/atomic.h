/* atomic.h — files written whole or not at all: the data go to a
 * temporary file beside the target (mkstemp, so never a predictable name),
 * which is renamed over the target only when complete and flushed to
 * disk.  An existing file is either replaced whole or left untouched.
 *
 * The rules for what is already at the target (manual/guide.md, "Bad
 * input, interrupts and limits"):
 * - a regular file keeps its permission bits; a new file gets
 *   0666 & ~umask, as a shell's > would give it;
 * - a symbolic link is followed: its target is written (atomically, the
 *   temporary file beside the target), and the link stays; every link on
 *   the path is followed a component at a time and someone else's link in
 *   a sticky world-writable directory is refused (fs.protected_symlinks);
 * - a FIFO or a character device (a terminal, /dev/null) is written
 *   through directly — it cannot be renamed over, and writing it is not
 *   atomic; /dev/stdout, /dev/stderr and /dev/fd/N write to rgx's own
 *   open descriptor, after what rgx has already printed there;
 * - a directory, a block device or a socket is refused.
 *
 * The temporary files alive at any moment are kept in a registry that
 * atomic_cleanup_signal() empties from a signal handler (SIGTERM, SIGHUP),
 * so that a killed session leaves no temporary file behind. */
#ifndef RGX_ATOMIC_H
#define RGX_ATOMIC_H
#include <stdio.h>
#include <sys/types.h>
#include "io/util.h"

typedef struct AtomicFile {
    FILE *f;            /* write here */
    char *tmp;          /* the temporary file (NULL when written through) */
    char *path;         /* the target as named (for messages) */
    char *target;       /* the file renamed over: path with its symlinks followed */
    int direct;         /* written straight into a FIFO, device or descriptor: not atomic */
    int hooks;          /* the provenance hooks apply (not to a sidecar itself) */
} AtomicFile;

/* Open a temporary file for path (or path itself, for a FIFO, a device or
 * /dev/stdout).  Returns 0, or -1 with a message in err ("cannot write
 * PATH: reason"). */
int atomic_open(AtomicFile *a, const char *path, Buf *err);
/* Flush, sync and rename over the target.  Returns 0, or -1 with a
 * message in err (the temporary file is removed). */
int atomic_commit(AtomicFile *a, Buf *err);
/* Give up: close and remove the temporary file. */
void atomic_abort(AtomicFile *a);
/* Could path be written (not a directory, a block device, a socket or
 * someone else's planted link)?  Nothing is created.  Returns 0, or -1
 * with the message atomic_open would give.  (For writers of several
 * files, to refuse before writing any.) */
int atomic_check(const char *path, Buf *err);
/* A whole buffer to path, atomically. */
int atomic_write(const char *path, const char *data, size_t len, Buf *err);

/* Hooks for provenance (repl/record.c installs them; NULL: none).  They
 * apply to files written through a temporary file — never to a FIFO, a
 * device or a descriptor (/dev/stdout), which are written through.
 * - prefix(ctx, path): text to write first into the new file (a `#`
 *   line), or NULL; caller frees.
 * - sidecar(ctx, path, fd, &side_path, side, err): called by
 *   atomic_commit when the file's data are complete (fd reads them, from
 *   offset 0) and before it is renamed into place.  Returns 0 for no
 *   sidecar; 1 with *side_path (caller frees) and its bytes in side: the
 *   sidecar is written to a temporary file beside it and flushed to disk
 *   first, then the file is renamed into place, then the sidecar — so a
 *   file is never left with a sidecar that describes other bytes, except
 *   for the instant between the two renames; 2 with *side_path: no sidecar,
 *   and a sidecar left there by an earlier write is removed once the file
 *   is in place (it would describe the old bytes); -1 with a message in
 *   err: the file is not written.
 * The sidecar itself is written without the hooks. */
typedef struct AtomicHooks {
    char *(*prefix)(void *ctx, const char *path);
    int (*sidecar)(void *ctx, const char *path, int fd, char **side_path, Buf *side, Buf *err);
    void *ctx;                  /* their context (the session) */
} AtomicHooks;
void atomic_set_hooks(const AtomicHooks *h);
/* The hooks' context now, or NULL. */
void *atomic_hooks_ctx(void);

/* The registry of live temporary paths.  atomic_track keeps the pointer
 * (not a copy): the string must stay valid until atomic_untrack.  A
 * directory is removed after the files.  Returns 0, or -1 when the
 * registry is full (the path is then not cleaned up on a signal). */
int atomic_track(const char *path, int is_dir);
void atomic_untrack(const char *path);
/* A helper process writing into tracked temporary files (gnuplot): it is
 * killed before they are removed.  0 for none. */
void atomic_track_child(pid_t pid);
/* Async-signal-safe: kill the tracked child, unlink every tracked file,
 * remove every tracked directory.  For a handler of SIGTERM or SIGHUP,
 * which then re-raises the signal. */
void atomic_cleanup_signal(void);
#endif
