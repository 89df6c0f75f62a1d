/* atomic.c — see atomic.h. */
#include "io/atomic.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the registry of live temporary paths (read by a signal handler) ---- */

#define MAX_LIVE 32
static const char *volatile live[MAX_LIVE];      /* tracked paths, NULL = free slot */
static volatile sig_atomic_t live_dir[MAX_LIVE]; /* the path is a directory */
static volatile sig_atomic_t live_child;         /* a helper writing into them, 0 = none */

int atomic_track(const char *path, int is_dir) {
    for (size_t i = 0; i < MAX_LIVE; i++)
        if (!live[i]) {
            live_dir[i] = is_dir;   /* before the pointer: the handler reads the pointer first */
            live[i] = path;
            return 0;
        }
    return -1;
}

void atomic_untrack(const char *path) {
    for (size_t i = 0; i < MAX_LIVE; i++)
        if (live[i] == path) live[i] = NULL;
}

void atomic_track_child(pid_t pid) { live_child = (sig_atomic_t)pid; }

void atomic_cleanup_signal(void) {
    int saved = errno;
    pid_t pid = (pid_t)live_child;
    if (pid > 0) {   /* it could still create or write a file once they are gone */
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    }
    for (size_t i = 0; i < MAX_LIVE; i++) {
        const char *p = live[i];
        if (p && !live_dir[i]) unlink(p);
    }
    for (size_t i = 0; i < MAX_LIVE; i++) {
        const char *p = live[i];
        if (p && live_dir[i]) rmdir(p);
    }
    errno = saved;
}

/* ---- opening ---- */

static void clear(AtomicFile *a) {
    if (a->tmp) atomic_untrack(a->tmp);
    free(a->tmp);
    free(a->path);
    free(a->target);
    memset(a, 0, sizeof *a);
}

static int fail(AtomicFile *a, Buf *err, const char *why) {
    buf_printf(err, "cannot write %s: %s", a->path, why);
    clear(a);
    return -1;
}

/* /dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N, /proc/self/fd/N: the
 * descriptor they name, else -1.  (Opening them anew would start at
 * offset 0 of a file that stdout is redirected to, over what rgx wrote.) */
static int named_fd(const char *path) {
    if (!strcmp(path, "/dev/stdin")) return 0;
    if (!strcmp(path, "/dev/stdout")) return 1;
    if (!strcmp(path, "/dev/stderr")) return 2;
    const char *p = !strncmp(path, "/dev/fd/", 8) ? path + 8 : !strncmp(path, "/proc/self/fd/", 14) ? path + 14 : NULL;
    if (!p || !*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9) return -1;
    return atoi(p);
}

/* Would the kernel refuse to follow this link (fs.protected_symlinks)?  A
 * link in a sticky world-writable directory (/tmp) that belongs neither
 * to us nor to the directory's owner: someone else's link, planted to
 * make us write where they choose.  dir is the directory holding it. */
static int untrusted_link(const char *dir, const struct stat *lst) {
    struct stat dst;
    return stat(dir, &dst) == 0 && (dst.st_mode & S_ISVTX) && (dst.st_mode & S_IWOTH) &&
           lst->st_uid != geteuid() && lst->st_uid != dst.st_uid;
}

/* dir + "/" + name as a new string ("" is the current directory, "/" the root). */
static char *path_join(const char *dir, const char *name, size_t nlen) {
    Buf b = {0};
    buf_puts(&b, dir);
    if (dir[0] && dir[strlen(dir) - 1] != '/') buf_puts(&b, "/");
    buf_add(&b, name, nlen);
    if (!b.s) buf_puts(&b, "");
    return b.s;
}

/* path with every symbolic link on it followed, component by component as
 * the kernel resolves a path, so that the rule of fs.protected_symlinks
 * is applied to each link on the way (a planted /tmp/x/sub -> elsewhere
 * as much as a planted last component), whatever the kernel's setting.
 * ".." after a link goes up from where the link led, as in the kernel.
 * The part from the first missing component on is kept as written (the
 * file to create, or a missing directory that the write then reports).
 * Returns the resolved path (caller frees; relative when path is), or
 * NULL with errno ELOOP (more than 40 links) or EPERM (an untrusted link,
 * its path in *bad, caller frees).
 * The check is made before the file is created: a link planted between
 * the two is what the kernel's own protected_symlinks stops. */
static char *follow_links(const char *path, char **bad) {
    char *cur = xstrdup(path[0] == '/' ? "/" : "");   /* resolved so far: real directories */
    char *rest = xstrdup(path[0] == '/' ? path + 1 : path);
    int hops = 0;
    size_t off = 0;   /* start of the next component in rest */
    while (rest[off]) {
        const char *c = rest + off;
        size_t clen = strcspn(c, "/");
        size_t next = off + clen + (c[clen] == '/');
        if (clen == 0 || (clen == 1 && c[0] == '.')) { off = next; continue; }
        if (clen == 2 && c[0] == '.' && c[1] == '.') {
            char *slash = strrchr(cur, '/');
            const char *last = slash ? slash + 1 : cur;
            if (!strcmp(cur, "/")) {}   /* /.. is / */
            else if (!cur[0] || !strcmp(last, "..")) { char *u = path_join(cur, "..", 2); free(cur); cur = u; }
            else if (slash == cur) cur[1] = '\0';   /* /a → / */
            else if (slash) *slash = '\0';
            else cur[0] = '\0';                      /* a → (current directory) */
            off = next;
            continue;
        }
        char *cand = path_join(cur, c, clen);
        struct stat st;
        if (lstat(cand, &st) != 0) {   /* missing: the rest as written */
            free(cand);
            char *o = path_join(cur, c, strlen(c));
            free(cur);
            free(rest);
            return o;
        }
        if (!S_ISLNK(st.st_mode)) {
            free(cur);
            cur = cand;
            off = next;
            continue;
        }
        if (++hops > 40) { errno = ELOOP; break; }
        if (untrusted_link(cur[0] ? cur : ".", &st)) { *bad = cand; errno = EPERM; break; }
        char link[PATH_MAX];
        ssize_t n = readlink(cand, link, sizeof link - 1);
        free(cand);
        if (n <= 0) { errno = n < 0 ? errno : ENOENT; break; }
        link[n] = '\0';
        /* the link's text takes its place in what remains */
        Buf r = {0};
        buf_puts(&r, link[0] == '/' ? link + 1 : link);
        if (c[clen]) { buf_puts(&r, "/"); buf_puts(&r, c + clen + 1); }
        if (!r.s) buf_puts(&r, "");
        free(rest);
        rest = r.s;
        off = 0;
        if (link[0] == '/') { free(cur); cur = xstrdup("/"); }
    }
    if (!rest[off]) {   /* every component resolved */
        free(rest);
        if (!cur[0]) { free(cur); cur = xstrdup("."); }
        return cur;
    }
    int e = errno;
    free(cur);
    free(rest);
    errno = e;
    return NULL;
}

/* TARGET.tmp.XXXXXX beside target, the name cut so that it stays within
 * NAME_MAX however long the target's name is. */
static char *temp_name(const char *target) {
    const char *slash = strrchr(target, '/');
    size_t dl = slash ? (size_t)(slash - target) + 1 : 0, bl = strlen(target + dl);
    Buf b = {0};
    buf_add(&b, target, dl);
    buf_add(&b, target + dl, bl > 200 ? 200 : bl);
    buf_puts(&b, ".tmp.XXXXXX");
    return b.s;
}

static mode_t current_umask(void) {
    mode_t m = umask(0);
    umask(m);
    return m;
}

static int open_direct(AtomicFile *a, int fd, Buf *err) {
    a->direct = 1;
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;
        close(fd);
        return fail(a, err, strerror(e));
    }
    return 0;
}

enum { K_FD, K_DIRECT, K_FILE };
static const char *const WHY_DIR = "it is a directory; name a file in it";
static const char *const WHY_SPECIAL = "it is not a regular file (a block device or a socket)";
static const char *const WHY_LINK = "owned by someone else in a shared sticky directory (as /tmp); refusing to "
                                    "follow it";

/* How path would be written: K_FD (a descriptor rgx has, *fd), K_DIRECT
 * (a FIFO or character device, written through), K_FILE (a file, new or
 * not, *exists and *st say which; *target its path with the links
 * followed, caller frees).  -1 with the reason in why. */
static int kind_of(const char *path, int *fd, struct stat *st, int *exists, char **target, Buf *why) {
    *target = NULL;
    if ((*fd = named_fd(path)) >= 0) return K_FD;
    /* every link on the path first: a planted one is refused before a
       FIFO or a device behind it is opened */
    char *bad = NULL;
    *target = follow_links(path, &bad);
    if (!*target) {
        if (errno != EPERM) buf_puts(why, strerror(errno));
        else if (!strcmp(bad, path)) buf_printf(why, "it is a symbolic link %s", WHY_LINK);
        else buf_printf(why, "%s, on its path, is a symbolic link %s", bad, WHY_LINK);
        free(bad);
        return -1;
    }
    *exists = stat(*target, st) == 0;
    const char *w = NULL;
    if (!*exists && errno != ENOENT) w = strerror(errno);
    else if (*exists && S_ISDIR(st->st_mode)) w = WHY_DIR;
    else if (*exists && (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode))) return K_DIRECT;
    else if (*exists && !S_ISREG(st->st_mode)) w = WHY_SPECIAL;
    if (w) {
        free(*target);
        *target = NULL;
        buf_puts(why, w);
        return -1;
    }
    return K_FILE;
}

int atomic_check(const char *path, Buf *err) {
    int fd, exists;
    struct stat st;
    char *target;
    Buf why = {0};
    int k = kind_of(path, &fd, &st, &exists, &target, &why);
    free(target);
    if (k < 0) buf_printf(err, "cannot write %s: %s", path, why.s);
    buf_free(&why);
    return k < 0 ? -1 : 0;
}

static AtomicHooks hooks;   /* provenance (see atomic.h); all NULL: none */

void atomic_set_hooks(const AtomicHooks *h) {
    if (h) hooks = *h;
    else memset(&hooks, 0, sizeof hooks);
}

void *atomic_hooks_ctx(void) { return hooks.ctx; }

static int open_file(AtomicFile *a, const char *path, Buf *err, int use_hooks);

int atomic_open(AtomicFile *a, const char *path, Buf *err) { return open_file(a, path, err, 1); }

static int open_file(AtomicFile *a, const char *path, Buf *err, int use_hooks) {
    memset(a, 0, sizeof *a);
    a->hooks = use_hooks;
    a->path = xstrdup(path);
    int nfd, exists;
    struct stat st;
    Buf why = {0};
    int k = kind_of(path, &nfd, &st, &exists, &a->target, &why);
    if (k < 0) {
        fail(a, err, why.s);
        buf_free(&why);
        return -1;
    }
    if (k == K_FD) {
        fflush(NULL);   /* what rgx has printed there comes first */
        int fd = fcntl(nfd, F_DUPFD_CLOEXEC, 3);
        if (fd < 0) return fail(a, err, strerror(errno));
        return open_direct(a, fd, err);
    }
    if (k == K_DIRECT) {
        fflush(NULL);
        int fd = open(a->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) return fail(a, err, strerror(errno));
        return open_direct(a, fd, err);
    }
    a->tmp = temp_name(a->target);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        free(a->tmp);
        a->tmp = NULL;
        return fail(a, err, strerror(e));
    }
    atomic_track(a->tmp, 0);
    /* the mode: an existing file keeps its own (and its group, or loses
       the group's permissions); a new one gets 0666 less the umask */
    mode_t mode = exists ? st.st_mode & 0777 : 0666 & ~current_umask();
    struct stat tst;
    if (exists && fstat(fd, &tst) == 0) {
        if (tst.st_gid != st.st_gid && fchown(fd, (uid_t)-1, st.st_gid) != 0) mode &= ~(mode_t)070;
        if (tst.st_uid != st.st_uid && geteuid() == 0 && fchown(fd, st.st_uid, (gid_t)-1) != 0) mode &= ~(mode_t)077;
    }
    fchmod(fd, mode);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        return fail(a, err, strerror(e));
    }
    if (a->hooks && hooks.prefix) {   /* provenance=header's first line */
        char *pre = hooks.prefix(hooks.ctx, a->path);
        if (pre) fputs(pre, a->f);
        free(pre);
    }
    return 0;
}

/* The sidecar of a (see AtomicHooks): *kind 0 none, 1 written to side (a
 * temporary file, not yet renamed), 2 an old one to remove at *side_path.
 * Returns 0, or -1 with the message in err. */
static int sidecar_prepare(AtomicFile *a, AtomicFile *side, char **side_path, int *kind, Buf *err) {
    *kind = 0;
    *side_path = NULL;
    if (!a->hooks || a->direct || !hooks.sidecar) return 0;
    Buf text = {0};
    int k = hooks.sidecar(hooks.ctx, a->path, fileno(a->f), side_path, &text, err);
    if (k < 0) { buf_free(&text); free(*side_path); *side_path = NULL; return -1; }
    if (k == 1) {
        struct stat st;   /* never a FIFO or a device: writing would wait or go elsewhere */
        if (stat(*side_path, &st) == 0 && !S_ISREG(st.st_mode)) {
            buf_printf(err, "cannot write %s: it is not a regular file (the provenance sidecar of %s)", *side_path,
                       a->path);
            k = -1;
        } else if (open_file(side, *side_path, err, 0) < 0) {
            k = -1;
        } else if ((text.len && fwrite(text.s, 1, text.len, side->f) != text.len) || fflush(side->f) != 0 ||
                   fsync(fileno(side->f)) != 0) {
            buf_printf(err, "cannot write %s: %s", *side_path, strerror(errno ? errno : EIO));
            atomic_abort(side);
            k = -1;
        }
    }
    buf_free(&text);
    if (k < 0) { free(*side_path); *side_path = NULL; return -1; }
    *kind = k;
    return 0;
}

int atomic_commit(AtomicFile *a, Buf *err) {
    int e = 0;
    if (fflush(a->f) != 0) e = errno ? errno : EIO;
    else if (ferror(a->f)) e = errno ? errno : EIO;
    if (!e && !a->direct && fsync(fileno(a->f)) != 0) e = errno;
    /* the sidecar is complete on disk before the file takes its place */
    AtomicFile side = {0};
    char *side_path = NULL;
    int side_kind = 0;
    if (!e && sidecar_prepare(a, &side, &side_path, &side_kind, err) < 0) {
        fclose(a->f);
        a->f = NULL;
        unlink(a->tmp);
        clear(a);
        return -1;
    }
    if (fclose(a->f) != 0 && !e) e = errno ? errno : EIO;
    a->f = NULL;
    if (!e && !a->direct && rename(a->tmp, a->target) != 0) e = errno;
    if (e) {
        buf_printf(err, "cannot write %s: %s", a->path, strerror(e));
        if (!a->direct) unlink(a->tmp);
        if (side_kind == 1) atomic_abort(&side);
        free(side_path);
        clear(a);
        return -1;
    }
    int rc = 0;
    if (side_kind == 1 && atomic_commit(&side, err) < 0) {
        buf_printf(err, " (%s was written without its provenance sidecar)", a->path);
        rc = -1;
    }
    if (side_kind == 2) {   /* an old sidecar would describe the old bytes */
        struct stat st;
        if (lstat(side_path, &st) == 0 && S_ISREG(st.st_mode)) unlink(side_path);
    }
    free(side_path);
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
