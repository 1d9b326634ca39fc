/*
 * fsutil — directories, atomic replacement, whole-file reads (see fsutil.h).
 */
#define _GNU_SOURCE
#include "fsutil.h"

#include <errno.h>
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

int fs_atomic_write(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx)
{
	char tmp[PATH_MAX + 16];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	errno = 0;
	int rc = fill(f, ctx);
	int e = errno;
	if (fclose(f) || rc) {
		e = e ? e : errno ? errno : EIO;
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
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
