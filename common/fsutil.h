/*
 * fsutil — the few file-system chores every writer of results needs: make a directory with its
 * parents, replace a file atomically, read a small file whole, append one file to another.
 * Each returns 0 (or a pointer) on success, -1 (or NULL) with errno on failure, as POSIX does.
 */
#ifndef VRIOSIM_FSUTIL_H
#define VRIOSIM_FSUTIL_H

#include <stddef.h>
#include <stdio.h>

/* mkdir -p @dir. */
int fs_mkdir_p(const char *dir);
/* Write @path through @fill (0 ok, else failure) into "@path.tmp.<pid>", then rename it into
 * place: readers see the old file or the whole new one, never half of it. */
int fs_atomic_write(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx);
/* The whole file @path, NUL-terminated (free it); its length in @len (may be NULL). Larger
 * than @max bytes (0: no limit): NULL with errno EFBIG. */
char *fs_slurp(const char *path, size_t max, size_t *len);
/* Copy the file @path to the end of @out. */
int fs_append_file(FILE *out, const char *path);

#endif
