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
/* Write @path through @fill (0 ok, else failure with errno), then put it in place: readers see
 * the old file or the whole new one, never half of it. The new file is filled unnamed
 * (O_TMPFILE) where the file system allows, so a process killed meanwhile leaves nothing;
 * complete, it is linked as "@path.tmp.<pid>" and renamed over @path (elsewhere it is written
 * under that name, and removed on failure). A write error keeps its errno (ENOSPC ...).
 * @fill may be called twice (when the unnamed file cannot be named): it must start over. */
int fs_atomic_write(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx);
/* The whole file @path, NUL-terminated (free it); its length in @len (may be NULL). Larger
 * than @max bytes (0: no limit): NULL with errno EFBIG. */
char *fs_slurp(const char *path, size_t max, size_t *len);
/* Copy the file @path to the end of @out. */
int fs_append_file(FILE *out, const char *path);
/* Copy the whole file open as @fd (from its start) to the end of @out. */
int fs_append_fd(FILE *out, int fd);

#endif
