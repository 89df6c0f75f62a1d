/* rawin.c — see rawin.h. */
#include "io/rawin.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#ifdef RGX_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif
#include "io/sha256.h"

#define BLOCK (1u << 20)            /* text asked of the inflater (or read) at a time, as before */
#define RAW_BLOCK (256u << 10)      /* bytes read from the file at a time */
#define CHUNK_TARGET (4u << 20)     /* a chunk's text at most (see chunk_target) */
#define CHUNK_MIN (256u << 10)      /* and at least */
#define QMAX 20                     /* chunks in flight at most */
#define MAXW 64                     /* worker threads at most */

/* ---- the file's bytes: plain or gzip, hashed as they are read ---- */
typedef struct RawIn {
    int fd;                     /* the file */
    int gzip;                   /* -1 undecided, 0 plain, 1 gzip */
    z_stream z;                 /* the inflater (gzip) */
    int zinit;                  /* z is initialised */
    int zend;                   /* the last member ended: the rest is only hashed */
    unsigned char *in;          /* raw bytes read (RAW_BLOCK) */
    size_t in_len, in_pos;      /* plain: bytes in `in` not yet handed out */
    int raw_eof;                /* read() said end of file */
    Sha256 sha;                 /* the checksum of every byte read */
    uint64_t raw_bytes;         /* bytes read from the file */
    int zerr;                   /* Z_OK, Z_DATA_ERROR (corrupt), Z_BUF_ERROR (stops early), Z_MEM_ERROR, Z_ERRNO */
    int err_no;                 /* errno for Z_ERRNO */
#ifdef RGX_HAVE_ISAL
    struct inflate_state *is;   /* ISA-L's inflater, used instead of zlib's when set */
#endif
    char *pool;                 /* zlib's memory (its state and window), allocated with the file */
    size_t pool_used;           /* bytes of it handed out */
} RawIn;

#define ZPOOL (64u << 10)   /* zlib's inflater takes about 7 + 32 KB */

/* zlib's allocator: from the pool (made on the opening thread), else malloc. */
static voidpf pool_alloc(voidpf opaque, uInt items, uInt size) {
    RawIn *r = opaque;
    size_t n = ((size_t)items * size + 15) & ~(size_t)15;
    if (r->pool && r->pool_used + n <= ZPOOL) {
        voidpf p = r->pool + r->pool_used;
        r->pool_used += n;
        return p;
    }
    return malloc((size_t)items * size);
}

static void pool_free(voidpf opaque, voidpf p) {
    RawIn *r = opaque;
    if (r->pool && (char *)p >= r->pool && (char *)p < r->pool + ZPOOL) return;
    free(p);
}

/* ISA-L's inflater (2.6x zlib's here: 760 against 290 MB/s of text) when
 * rgx was built with it, unless turned off (the tests compare the two). */
static int use_isal = 1;

int rawin_isal(int on) {
#ifdef RGX_HAVE_ISAL
    if (on < 0) return __atomic_load_n(&use_isal, __ATOMIC_RELAXED);
    __atomic_store_n(&use_isal, on != 0, __ATOMIC_RELAXED);
    return on != 0;
#else
    (void)on;
    (void)use_isal;
    return 0;
#endif
}

/* read() into buf, hashed; 0 at the end, -1 with zerr Z_ERRNO (EINTR
 * included: the caller checks for Ctrl-C first and else reads again). */
static ssize_t raw_read(RawIn *r, void *buf, size_t len) {
    ssize_t n = read(r->fd, buf, len);
    if (n < 0) {
        r->zerr = Z_ERRNO;
        r->err_no = errno;
        return -1;
    }
    if (n == 0) r->raw_eof = 1;
    sha256_update(&r->sha, buf, (size_t)n);
    r->raw_bytes += (uint64_t)n;
    return n;
}

/* Refill `in` for the inflater (gzip) when it is empty. */
static int raw_fill(RawIn *r) {
    if (r->z.avail_in || r->raw_eof) return 0;
    ssize_t n = raw_read(r, r->in, RAW_BLOCK);
    if (n < 0) return -1;
    r->z.next_in = r->in;
    r->z.avail_in = (uInt)n;
    return 0;
}

#ifdef RGX_HAVE_ISAL
/* raw_text's gzip part through ISA-L: as zlib's (members one after the
 * other; what follows the last member is hashed and ignored; a stream
 * that stops early is Z_BUF_ERROR, corrupt data or a wrong checksum
 * Z_DATA_ERROR), and a stream cut short is told only once the inflater,
 * with no input left, gives no more output. */
static long isal_text(RawIn *r, char *out, size_t len) {
    struct inflate_state *st = r->is;
    st->next_out = (uint8_t *)out;
    st->avail_out = (uint32_t)len;
    for (;;) {
        size_t made = len - st->avail_out;
        if (st->block_state == ISAL_BLOCK_FINISH && !r->zend) {   /* a member ended: another, or the end */
            if (!st->avail_in && !r->raw_eof) {
                ssize_t n = raw_read(r, r->in, RAW_BLOCK);
                if (n < 0) return -1;
                st->next_in = r->in;
                st->avail_in = (uint32_t)n;
            }
            if (st->avail_in >= 2 && st->next_in[0] == 0x1f && st->next_in[1] == 0x8b) {
                uint8_t *ni = st->next_in, *no = st->next_out;
                uint32_t na = st->avail_in, nao = st->avail_out;
                isal_inflate_reset(st);
                st->crc_flag = ISAL_GZIP;
                st->next_in = ni;
                st->avail_in = na;
                st->next_out = no;
                st->avail_out = nao;
            } else {
                r->zend = 1;
            }
        }
        if (r->zend) {   /* hash what follows the last member, then the end */
            if (made) return (long)made;
            st->avail_in = 0;
            while (!r->raw_eof)
                if (raw_read(r, r->in, RAW_BLOCK) < 0) return -1;
            return 0;
        }
        if (made) return (long)made;
        if (!st->avail_in && !r->raw_eof) {
            ssize_t n = raw_read(r, r->in, RAW_BLOCK);
            if (n < 0) return -1;
            st->next_in = r->in;
            st->avail_in = (uint32_t)n;
        }
        uint32_t in_before = st->avail_in;
        int ret = isal_inflate(st);
        if (ret < 0) {   /* invalid data, or a checksum that does not match */
            r->zerr = Z_DATA_ERROR;
            return -1;
        }
        if (st->avail_out == len && st->block_state != ISAL_BLOCK_FINISH) {
            if (!st->avail_in && r->raw_eof) {   /* the stream stops early */
                r->zerr = Z_BUF_ERROR;
                return 0;
            }
            if (st->avail_in && st->avail_in == in_before) {   /* no progress with input and room: never loop */
                r->zerr = Z_DATA_ERROR;
                return -1;
            }
        }
    }
}
#endif

/* Read the first block and decide: plain text, or gzip (then the
 * inflater is made here, on the thread that opens the file: the reader
 * thread allocates nothing, so that it takes no malloc arena of its own,
 * which under a virtual-memory limit, ulimit -v, would count 64 MB).
 * 0, or -1 as raw_text. */
static int raw_detect(RawIn *r) {
    ssize_t n = raw_read(r, r->in, RAW_BLOCK);
    if (n < 0) return -1;
    r->in_len = (size_t)n;
    r->in_pos = 0;
    r->gzip = n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b;
#ifdef RGX_HAVE_ISAL
    if (r->gzip && __atomic_load_n(&use_isal, __ATOMIC_RELAXED)) {
        if (!(r->is = malloc(sizeof *r->is))) { r->zerr = Z_MEM_ERROR; return -1; }
        isal_inflate_init(r->is);
        r->is->crc_flag = ISAL_GZIP;
        r->is->next_in = r->in;
        r->is->avail_in = (uint32_t)n;
        return 0;
    }
#endif
    if (r->gzip) {
        r->z.zalloc = pool_alloc;
        r->z.zfree = pool_free;
        r->z.opaque = r;
        if (!(r->pool = malloc(ZPOOL)) || inflateInit2(&r->z, 15 + 16) != Z_OK) { r->zerr = Z_MEM_ERROR; return -1; }
        r->zinit = 1;
        r->z.next_in = r->in;
        r->z.avail_in = (uInt)n;
    }
    return 0;
}

/* Up to len bytes of the file's text into out: the count, 0 at the end
 * (zerr Z_BUF_ERROR when a gzip stream stopped early), -1 on an error
 * (zerr says which; Z_ERRNO with err_no, EINTR when a signal came). */
static long raw_text(RawIn *r, char *out, size_t len) {
    if (r->gzip < 0 && raw_detect(r) < 0) return -1;
    if (!r->gzip) {
        if (r->in_pos < r->in_len) {
            size_t k = r->in_len - r->in_pos < len ? r->in_len - r->in_pos : len;
            memcpy(out, r->in + r->in_pos, k);
            r->in_pos += k;
            return (long)k;
        }
        if (r->raw_eof) return 0;
        ssize_t n = raw_read(r, out, len);
        return n < 0 ? -1 : (long)n;
    }
#ifdef RGX_HAVE_ISAL
    if (r->is) return isal_text(r, out, len);
#endif
    r->z.next_out = (unsigned char *)out;
    r->z.avail_out = (uInt)len;
    while (r->z.avail_out == len) {
        if (r->zend) {   /* hash what follows the last member, then the end */
            r->z.avail_in = 0;
            while (!r->raw_eof)
                if (raw_read(r, r->in, RAW_BLOCK) < 0) return -1;
            return 0;
        }
        if (raw_fill(r) < 0) return -1;
        if (!r->z.avail_in && r->raw_eof) {   /* the stream stops early */
            r->zerr = Z_BUF_ERROR;
            return 0;
        }
        int ret = inflate(&r->z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {   /* another member, or the end */
            if (raw_fill(r) < 0) return -1;
            if (r->z.avail_in >= 2 && r->z.next_in[0] == 0x1f && r->z.next_in[1] == 0x8b) inflateReset(&r->z);
            else r->zend = 1;
        } else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_STREAM_ERROR) {
            r->zerr = Z_DATA_ERROR;
            return -1;
        } else if (ret == Z_MEM_ERROR) {
            r->zerr = Z_MEM_ERROR;
            return -1;
        } else if (ret == Z_BUF_ERROR && r->z.avail_in) {   /* no progress with input and room: never loop */
            r->zerr = Z_DATA_ERROR;
            return -1;
        }
    }
    return (long)(len - r->z.avail_out);
}

static void raw_close(RawIn *r) {
#ifdef RGX_HAVE_ISAL
    free(r->is);
#endif
    if (r->zinit) inflateEnd(&r->z);
    free(r->pool);
    if (r->fd >= 0) close(r->fd);
    free(r->in);
}

struct RawPipe {
    RawIn raw;                  /* the file (touched by the reader thread only while it runs) */
    uint64_t size;              /* st_size (0 for a FIFO) */
    volatile sig_atomic_t *cancel;  /* polled */
    pthread_mutex_t mu;         /* guards what follows */
    pthread_cond_t cv;          /* any change of it */
    TextChunk *q[QMAX];         /* chunk seq at q[seq % QMAX] */
    long head;                  /* chunks queued */
    long out;                   /* chunks handed to the consumer */
    long done;                  /* chunks given back */
    long parse_from;            /* workers parse chunks from here on (LONG_MAX: none) */
    long next_parse;            /* the next chunk a worker takes */
    int reader_done;            /* the reader queued its last chunk (or stopped) */
    int status;                 /* RAWIN_*: why it stopped */
    int err_no;                 /* errno for RAWIN_IO */
    int stop;                   /* close: every thread leaves */
    int limit;                  /* chunks in flight at most (QMAX at most) */
    uint64_t read_bytes;        /* the reader's raw byte count (progress) */
    TextChunk *spare[QMAX];     /* buffers to reuse */
    int nspare;
    void *(*parse)(void *, const TextChunk *);  /* bulk: the parse function, or NULL */
    void (*discard)(void *, void *);            /* and its result's destructor */
    void *ctx;                  /* their context */
    pthread_t reader, workers[MAXW];
    int reader_started, nworkers;
    int eof_ok;                 /* the reader read the whole file without error */
    int sync;                   /* no reader thread (a FIFO or a device: a read may block for
                                   ever, and Ctrl-C must interrupt it): rawpipe_next reads */
    int cancelled;              /* the consumer saw Ctrl-C's flag */
    Buf carry;                  /* a line cut at the end of the last chunk */
    size_t target;              /* a chunk's size (chunk_target) */
    uint64_t text_total;        /* text bytes queued */
};

/* Block every signal in the threads started here: SIGINT (Ctrl-C) goes to
 * the calling thread, whose handler sets the cancel flag, as before. */
static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(t, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

static TextChunk *chunk_new(size_t cap) {
    TextChunk *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->text = malloc(cap + RAWIN_PAD);
    if (!c->text) { free(c); return NULL; }
    c->cap = cap;
    return c;
}

static void chunk_free(TextChunk *c) {
    if (!c) return;
    free(c->text);
    free(c);
}

/* Room for at least need bytes of text (and the pad), doubling, but not
 * past most bytes unless need is more.  0, or -1. */
static int chunk_room(TextChunk *c, size_t need, size_t most) {
    if (need <= c->cap) return 0;
    size_t cap = c->cap * 2;
    if (cap > most && need <= most) cap = most;   /* (past most, for a long line: doubling) */
    if (cap < need) cap = need;
    char *t = realloc(c->text, cap + RAWIN_PAD);
    if (!t) return -1;
    c->text = t;
    c->cap = cap;
    return 0;
}

/* Fill one chunk (a buffer of c, or a new one) with whole lines of text
 * and queue it.  Returns 0 to go on, 1 at the end of the text (the
 * file's end, an error, a stop: p->status says which). */
static int produce(RawPipe *p, TextChunk *c) {
    RawIn *r = &p->raw;
    if (!c && !(c = chunk_new(p->target))) {
        p->status = RAWIN_NOMEM;
        return 1;
    }
    c->len = 0;
    c->last = c->parsed = 0;
    c->res = NULL;
    int end = 0;   /* 1: the end of the file; 2: an error */
    /* the text is read a block at a time up to the chunk's target size
       (past it only for a line longer than that), and the buffer grows
       only to what that needs: under a memory limit, the load's own data
       is what runs out, not a reader's buffer */
    if (p->carry.len) {
        if (chunk_room(c, p->carry.len, p->target) < 0) { chunk_free(c); p->status = RAWIN_NOMEM; return 1; }
        memcpy(c->text, p->carry.s, p->carry.len);
        c->len = p->carry.len;
        p->carry.len = 0;
    }
    for (;;) {
        if ((p->cancel && *p->cancel) || __atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
            p->status = RAWIN_CANCELLED;
            end = 2;
            break;
        }
        size_t want = c->len < p->target && p->target - c->len < BLOCK ? p->target - c->len : BLOCK;
        if (chunk_room(c, c->len + want, p->target) < 0) { p->status = RAWIN_NOMEM; end = 2; break; }
        long n = raw_text(r, c->text + c->len, want);
        __atomic_store_n(&p->read_bytes, r->raw_bytes, __ATOMIC_RELAXED);
        if (n < 0 && r->zerr == Z_ERRNO && r->err_no == EINTR) {   /* a signal: read on, unless it was Ctrl-C */
            r->zerr = Z_OK;
            continue;
        }
        if (n < 0) {
            p->status = r->zerr == Z_ERRNO ? RAWIN_IO : r->zerr == Z_DATA_ERROR ? RAWIN_CORRUPT : RAWIN_NOMEM;
            p->err_no = r->err_no;
            end = 2;
            break;
        }
        if (n == 0) {
            if (r->zerr != Z_OK) { p->status = RAWIN_TRUNCATED; end = 2; }
            else end = 1;
            break;
        }
        c->len += (size_t)n;
        /* full enough, and a line end to cut after (else one long line: read on) */
        if (c->len >= p->target && (memchr(c->text + c->len - (size_t)n, '\n', (size_t)n) ||
                                    memrchr(c->text, '\n', c->len) || memrchr(c->text, '\r', c->len)))
            break;
    }
    if (end != 1) {   /* cut after the last line end; the rest goes to the next chunk (dropped after an error) */
        char *nl = memrchr(c->text, '\n', c->len);
        if (!nl && !end) nl = memrchr(c->text, '\r', c->len);   /* old Mac line ends */
        size_t cut = nl ? (size_t)(nl - c->text) + 1 : 0;
        if (!end && buf_try_add(&p->carry, c->text + cut, c->len - cut) < 0) {
            p->status = RAWIN_NOMEM;
            end = 2;
        }
        c->len = cut;
    }
    c->last = end == 1;
    memset(c->text + c->len, 0, RAWIN_PAD);
    p->text_total += c->len;
    c->text_end = p->text_total;
    c->raw_bytes = r->raw_bytes;
    pthread_mutex_lock(&p->mu);
    c->seq = p->head;
    p->q[p->head % QMAX] = c;
    p->head++;
    if (end == 1) p->eof_ok = 1;
    if (end) p->reader_done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return end != 0;
}

/* A chunk's text for a file of size bytes (compressed: about 4 times
 * that): a sixteenth of it, from 256 KB to 4 MB — work for every worker
 * in a mid-sized file, few chunks in a large one, and a first chunk (read
 * record by record, header included) that is small. */
static size_t chunk_target(uint64_t size, int gzip) {
    uint64_t t = (gzip ? 4 * size : size) / 16;
    return t < CHUNK_MIN ? CHUNK_MIN : t > CHUNK_TARGET ? CHUNK_TARGET : (size_t)t;
}

/* Room in the carry buffer, made on the opening thread. */
static int chunk_room_carry(RawPipe *p) {
    if (p->carry.cap >= (64u << 10)) return 0;
    size_t len = p->carry.len;
    char *s = realloc(p->carry.s, 64u << 10);
    if (!s) return -1;
    p->carry.s = s;
    p->carry.cap = 64u << 10;
    p->carry.len = len;
    return 0;
}

/* The reader thread: chunks, in order, while there is room in the queue. */
static void *reader_main(void *arg) {
    RawPipe *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && (p->head - p->done >= p->limit || !p->nspare)) pthread_cond_wait(&p->cv, &p->mu);
        int stop = p->stop;
        TextChunk *c = !stop ? p->spare[--p->nspare] : NULL;
        pthread_mutex_unlock(&p->mu);
        if (stop || produce(p, c)) break;
    }
    pthread_mutex_lock(&p->mu);
    p->reader_done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* A worker runs at a lower priority than the thread that started it,
 * its nice RAWIN_WORKER_NICE higher (Linux: nice is a thread's own;
 * elsewhere it would be the whole process's, so nothing is done).  With
 * more threads than processors the scheduler shares them out equally:
 * the reader (one thread: the read and the checksum, in file order) got
 * about half a processor beside a worker, fell behind, and both workers
 * then waited for text with a processor idle (9 % of the 1.76 GB
 * matrix's load on two processors).  Below it, they take what it leaves.
 * Against other programs, the load's workers yield a little too. */
static void worker_nice(void) {
#if defined(__linux__) && defined(SYS_gettid)
    const id_t tid = (id_t)syscall(SYS_gettid);
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, tid);
    if (nice == -1 && errno) return;
    nice += RAWIN_WORKER_NICE;
    (void)setpriority(PRIO_PROCESS, tid, nice > 19 ? 19 : nice);
#endif
}

/* A worker: run the parse function over the chunks from parse_from on,
 * each taken by one worker. */
static void *worker_main(void *arg) {
    RawPipe *p = arg;
    worker_nice();
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_parse >= p->head && !p->reader_done) pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next_parse >= p->head) break;
        TextChunk *c = p->q[p->next_parse % QMAX];
        p->next_parse++;
        pthread_mutex_unlock(&p->mu);
        void *res = p->parse(p->ctx, c);
        pthread_mutex_lock(&p->mu);
        c->res = res;
        c->parsed = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

RawPipe *rawpipe_open(const char *path, volatile sig_atomic_t *cancel, Buf *err) {
    struct stat st;
    if (stat(path, &st) != 0) {
        buf_printf(err, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        buf_printf(err, "cannot read %s: it is a directory", path);
        return NULL;
    }
    RawPipe *p = calloc(1, sizeof *p);
    if (!p) {
        buf_printf(err, "out of memory while reading %s", path);
        return NULL;
    }
    p->raw = (RawIn){.fd = open(path, O_RDONLY | O_CLOEXEC), .gzip = -1};
    if (p->raw.fd < 0) {
        buf_printf(err, "cannot open %s: %s", path, strerror(errno));
        free(p);
        return NULL;
    }
    sha256_init(&p->raw.sha);
    p->raw.in = malloc(RAW_BLOCK);
    p->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    p->cancel = cancel;
    p->parse_from = p->next_parse = -1;
    p->limit = 4;
    p->target = CHUNK_TARGET;   /* (set from the file's size once its first block is read) */
    p->sync = !S_ISREG(st.st_mode);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    /* what the reader thread will use, allocated here (see raw_detect) */
    for (int i = 0; p->raw.in && i < p->limit; i++)
        if ((p->spare[p->nspare] = chunk_new(64u << 10))) p->nspare++;
    int bad = !p->raw.in || p->nspare < 1 || buf_try_add(&p->carry, "", 0) < 0 || chunk_room_carry(p) < 0;
    while (!bad && p->raw.gzip < 0) {   /* the first block: plain or gzip */
        if (raw_detect(&p->raw) == 0) break;
        if (p->raw.zerr == Z_ERRNO && p->raw.err_no == EINTR && !(cancel && *cancel)) {
            p->raw.zerr = Z_OK;
            continue;
        }
        p->status = cancel && *cancel ? RAWIN_CANCELLED
                    : p->raw.zerr == Z_ERRNO ? RAWIN_IO : p->raw.zerr == Z_MEM_ERROR ? RAWIN_NOMEM : RAWIN_CORRUPT;
        p->err_no = p->raw.err_no;
        p->reader_done = 1;   /* no reader: the text is empty, and the status says why */
        p->sync = 1;
        break;
    }
    p->target = chunk_target(p->size, p->raw.gzip == 1);
    if (bad || (!p->sync && start_thread(&p->reader, reader_main, p) != 0)) {
        for (int i = 0; i < p->nspare; i++) chunk_free(p->spare[i]);
        buf_free(&p->carry);
        raw_close(&p->raw);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        free(p);
        buf_printf(err, "out of memory while reading %s", path);
        return NULL;
    }
    p->reader_started = !p->sync;
    return p;
}

TextChunk *rawpipe_next(RawPipe *p) {
    if (p->sync && p->out == p->head && !p->reader_done) {   /* read the next chunk here */
        TextChunk *spare = p->nspare ? p->spare[--p->nspare] : NULL;
        produce(p, spare);
    }
    pthread_mutex_lock(&p->mu);
    TextChunk *c = NULL;
    for (;;) {
        if (p->cancel && *p->cancel) {   /* Ctrl-C: the reader stops at its next block */
            p->cancelled = 1;
            break;
        }
        if (p->out < p->head) {
            c = p->q[p->out % QMAX];
            if (p->parse_from < 0 || c->seq < p->parse_from || c->parsed || !p->nworkers) break;
            c = NULL;
        } else if (p->reader_done) {
            break;
        }
        /* wake now and then to look at the cancel flag */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    }
    if (c) p->out++;
    pthread_mutex_unlock(&p->mu);
    return c;
}

void rawpipe_release(RawPipe *p, TextChunk *c) {
    pthread_mutex_lock(&p->mu);
    p->done++;
    c->res = NULL;
    if (p->nspare < QMAX) p->spare[p->nspare++] = c;
    else chunk_free(c);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

int rawpipe_bulk(RawPipe *p, int nworkers, void *(*parse)(void *ctx, const TextChunk *c),
                 void (*discard)(void *ctx, void *res), void *ctx) {
    if (p->sync) return 0;   /* a FIFO: read as it comes, record by record */
    if (nworkers < 1) nworkers = 1;
    if (nworkers > MAXW) nworkers = MAXW;
    /* the buffers of the chunks now in flight, made here: the reader allocates nothing */
    TextChunk *extra[QMAX];
    int nextra = 0, want = 2 * nworkers + 2 < QMAX ? 2 * nworkers + 2 : QMAX;
    for (int i = 4; i < want; i++)
        if ((extra[nextra] = chunk_new(64u << 10))) nextra++;
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < nextra; i++) {
        if (p->nspare < QMAX) p->spare[p->nspare++] = extra[i];
        else chunk_free(extra[i]);
    }
    p->parse = parse;
    p->discard = discard;
    p->ctx = ctx;
    p->parse_from = p->next_parse = p->out;
    p->limit = 4 + nextra;
    pthread_mutex_unlock(&p->mu);
    int n = 0;
    for (; n < nworkers; n++)
        if (start_thread(&p->workers[n], worker_main, p) != 0) break;
    pthread_mutex_lock(&p->mu);
    p->nworkers = n;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return n;
}

int rawpipe_status(const RawPipe *p, int *err_no) {
    if (err_no) *err_no = p->err_no;
    return p->cancelled ? RAWIN_CANCELLED : p->status;
}

uint64_t rawpipe_size(const RawPipe *p) { return p->size; }

uint64_t rawpipe_read_bytes(RawPipe *p) { return __atomic_load_n(&p->read_bytes, __ATOMIC_RELAXED); }

int rawpipe_close(RawPipe *p, char sha[65], unsigned long long *bytes) {
    if (!p) return 0;
    pthread_mutex_lock(&p->mu);
    __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (p->reader_started) pthread_join(p->reader, NULL);
    for (int i = 0; i < p->nworkers; i++) pthread_join(p->workers[i], NULL);
    /* chunks queued and not taken, with their results */
    for (long s = p->out; s < p->head; s++) {
        TextChunk *c = p->q[s % QMAX];
        if (c->res && p->discard) p->discard(p->ctx, c->res);
        chunk_free(c);
    }
    for (int i = 0; i < p->nspare; i++) chunk_free(p->spare[i]);
    int whole = p->eof_ok && p->status == RAWIN_OK && !p->cancelled && p->out == p->head;
    if (whole) {
        sha256_final_hex(&p->raw.sha, sha);
        if (bytes) *bytes = p->raw.raw_bytes;
    }
    raw_close(&p->raw);
    buf_free(&p->carry);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
    return whole;
}

int rawpipe_default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}
