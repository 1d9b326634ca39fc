/*
 * fuzz.h — what the fuzz targets share: a check that stops the run with a message (libFuzzer
 * saves the input that got there), a scratch directory, and a file in memory.
 */
#ifndef VRIOSIM_FUZZ_H
#define VRIOSIM_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A property the code under test must keep: abort (a finding) when it does not. */
#define FUZZ_ASSERT(cond, ...)                                                                \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                         \
			fputc('\n', stderr);                                                  \
			abort();                                                              \
		}                                                                             \
	} while (0)

/* A fresh directory under $TMPDIR (or /tmp) made current: relative paths the input names
 * resolve there. Removed at exit when it is empty. */
static inline const char *fuzz_scratch_dir(void)
{
	static char dir[256];
	if (dir[0])
		return dir;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/vriosim-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || chdir(dir)) {
		perror("fuzz: scratch directory");
		abort();
	}
	return dir;
}

/* A file in memory (memfd) named "/proc/self/fd/N" in @path, holding @data: what the code
 * under test opens as any file. One per target, rewritten for each input. */
struct fuzz_file {
	int fd;
	char path[64];
};

static inline void fuzz_file_put(struct fuzz_file *f, const void *data, size_t n)
{
	if (!f->path[0]) {
		f->fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (f->fd < 0) {
			perror("fuzz: memfd_create");
			abort();
		}
		snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) || (n && pwrite(f->fd, data, n, 0) != (ssize_t)n)) {
		perror("fuzz: memfd write");
		abort();
	}
}

/* Run with stderr silenced (the code under test prints its refusals; libFuzzer's own output
 * stays). */
static inline int fuzz_quiet_begin(void)
{
	fflush(stderr);
	int saved = dup(2);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		dup2(fileno(null), 2);
		fclose(null);
	}
	return saved;
}

static inline void fuzz_quiet_end(int saved)
{
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
}

#endif
