/* rawin.h — a file's text in chunks of whole lines, read ahead by a
 * thread of its own, and (on request) parsed by worker threads.
 *
 * The bytes are read as zlib's gzread reads a file (plain text passes
 * through; gzip members, concatenated, are inflated; data after the last
 * member that is not another member is ignored; a stream that stops
 * early is an error), and every byte read from the file goes through
 * SHA-256 on the way, so the checksum is of the very bytes that were
 * parsed — no second pass over the file, and no window in which it could
 * change between the two.
 *
 * The reader thread (read, inflate, hash) cuts the text after the last
 * line end of each chunk (about 4 MB; the first about 1 MB) and queues
 * it; the consumer takes the chunks in file order (rawpipe_next).  Once
 * the consumer asks for it (rawpipe_bulk), worker threads run a parse
 * function over each later chunk as it is queued, so that the consumer
 * gets each chunk with its parse result.  At most a few chunks are in
 * flight: memory stays bounded whatever the file's size. */
#ifndef RGX_RAWIN_H
#define RGX_RAWIN_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "io/util.h"

#define RAWIN_PAD 64    /* readable bytes after a chunk's text */
#define RAWIN_WORKER_NICE 5

typedef struct TextChunk {
    char *text;             /* whole lines (the file's last chunk may end without a line end);
                               text[len..len + RAWIN_PAD) is readable and writable */
    size_t len;             /* bytes of text */
    size_t cap;             /* bytes allocated, less RAWIN_PAD */
    int last;               /* the file's last chunk */
    long seq;               /* its place in the file: 0, 1, … */
    uint64_t raw_bytes;     /* file bytes read when it was cut (progress) */
    uint64_t text_end;      /* text bytes up to its end */
    void *res;              /* the parse function's result (bulk), or NULL */
    int parsed;             /* a worker has run the parse function over it */
} TextChunk;

/* What stopped the reader early. */
enum { RAWIN_OK, RAWIN_IO, RAWIN_CORRUPT, RAWIN_TRUNCATED, RAWIN_NOMEM, RAWIN_CANCELLED };

typedef struct RawPipe RawPipe;

/* Open path (a regular file, FIFO or device) and start its reader
 * thread.  NULL with the reason in err ("cannot open …: …"). */
RawPipe *rawpipe_open(const char *path, volatile sig_atomic_t *cancel, Buf *err);

/* The next chunk in file order (waiting for it, and for its parse result
 * in bulk mode), or NULL at the end of the text or when the reader
 * stopped (rawpipe_status says why).  Give it back with rawpipe_release
 * before asking for the next. */
TextChunk *rawpipe_next(RawPipe *p);
void rawpipe_release(RawPipe *p, TextChunk *c);

/* From the chunk after the last one rawpipe_next returned, nworkers
 * threads (on Linux at the caller's nice + RAWIN_WORKER_NICE, a lower
 * priority, so that they never keep the reader from a processor) run
 * parse(ctx, chunk) over each chunk as it is queued; its
 * result is in chunk->res when rawpipe_next returns it.  discard(ctx,
 * res) frees a result nobody took (at close).  Returns the number of
 * workers started (0: none could be, and no chunk will be parsed). */
int rawpipe_bulk(RawPipe *p, int nworkers, void *(*parse)(void *ctx, const TextChunk *c),
                 void (*discard)(void *ctx, void *res), void *ctx);

/* Why the text ended: RAWIN_OK at the end of the file, else the error;
 * for RAWIN_IO, *err_no the errno.  Valid once rawpipe_next gave NULL. */
int rawpipe_status(const RawPipe *p, int *err_no);
/* The file's size as stat saw it (0 for a FIFO), and the bytes read so far. */
uint64_t rawpipe_size(const RawPipe *p);
uint64_t rawpipe_read_bytes(RawPipe *p);

/* Stop the threads, free everything; when the whole file was read
 * (rawpipe_status RAWIN_OK after the last chunk), its SHA-256 into sha
 * and its size into *bytes, and 1 is returned; else 0. */
int rawpipe_close(RawPipe *p, char sha[65], unsigned long long *bytes);

/* Gzip through ISA-L's inflater (when rgx was built with it: RGX_HAVE_ISAL)
 * or zlib's: on < 0 asks, 0 zlib, 1 ISA-L where built in.  Returns the
 * setting in force.  For the tests, which compare the two. */
int rawin_isal(int on);

/* Worker threads for a parallel step the session's `set threads=` does
 * not reach (save): the online processors, at most 8. */
int rawpipe_default_threads(void);
#endif
