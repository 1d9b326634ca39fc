/*
 * fsutil — directories, atomic replacement, whole-file reads (see fsutil.h).
 */
#define _GNU_SOURCE
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdir_p(const char *dir)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0777) && errno != EEXIST ? -1 : 0;
}

/* Fill the stream @f (its descriptor @fd) through @fill and flush it. 0, or -1 with errno. */
static int fill_flush(FILE *f, int (*fill)(FILE *f, void *ctx), void *ctx)
{
	errno = 0;
	int rc = fill(f, ctx);
	int e = errno;
	if (!rc) {
		errno = 0;
		if (!fflush(f) && !ferror(f))
			return 0;
		e = errno; /* the disk's answer: ENOSPC, EDQUOT, EIO */
	} else if (ferror(f)) {
		/* A buffered write failed, maybe long before fill gave up, and errno has been
		 * overwritten by its other calls since: flushing again asks the disk again. */
		clearerr(f);
		errno = 0;
		if (fflush(f) && errno)
			e = errno;
	}
	errno = e ? e : EIO;
	return -1;
}

/* An unnamed file in @path's directory (O_TMPFILE): a process killed while filling it leaves
 * nothing behind. Named only once complete: linked to "@path.tmp.<pid>", renamed over @path.
 * 0, -1 with errno, or 1 when the file system cannot make one (use a named file instead). */
static int atomic_unnamed(const char *path, const char *tmp,
			  int (*fill)(FILE *f, void *ctx), void *ctx)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = 0;
	else
		*slash = 0;
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? 1 : -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	int rc = fill_flush(f, fill, ctx);
	int e = errno;
	if (!rc && linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW)) {
		e = errno;
		rc = e == ENOENT || e == EXDEV ? 1 : -1; /* no /proc: a named file then */
	}
	if (fclose(f) && !rc) {
		e = errno;
		unlink(tmp);
		rc = -1;
	}
	if (!rc && rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		rc = -1;
	}
	errno = e;
	return rc;
}

int fs_atomic_write(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx)
{
	char tmp[PATH_MAX + 32];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int rc = atomic_unnamed(path, tmp, fill, ctx);
	if (rc <= 0)
		return rc;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	rc = fill_flush(f, fill, ctx);
	int e = errno;
	if (fclose(f) && !rc) {
		e = errno;
		rc = -1;
	}
	if (!rc && rename(tmp, path)) {
		e = errno;
		rc = -1;
	}
	if (rc)
		unlink(tmp);
	errno = e;
	return rc;
}

char *fs_slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, got, total = 0;
	char chunk[8192];
	FILE *m = open_memstream(&buf, &n);
	if (!m) {
		int e = errno;
		fclose(f);
		errno = e;
		return NULL;
	}
	int e = 0;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (max && total + got > max) {
			e = EFBIG;
			break;
		}
		if (fwrite(chunk, 1, got, m) != got) {
			e = errno ? errno : ENOMEM;
			break;
		}
		total += got;
	}
	if (!e && ferror(f))
		e = errno ? errno : EIO;
	fclose(f);
	if (fclose(m) && !e)
		e = errno ? errno : ENOMEM;
	if (e) {
		free(buf);
		errno = e;
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}

int fs_append_fd(FILE *out, int fd)
{
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			return -1;
	}
}

int fs_append_file(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	if (!in)
		return -1;
	char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	int e = errno;
	fclose(in);
	errno = e;
	return rc;
}
