/*
 * fuzz.h — what the fuzz targets share: a check that stops the run with a message (libFuzzer
 * saves the input that got there), a scratch directory, and a file in memory.
 */
#ifndef VRIOSIM_FUZZ_H
#define VRIOSIM_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
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

static char fuzz_dir_[256]; /* the scratch directory, once made */

/* At exit: the scratch directory and what is in it (a crash leaves it, with the input). */
static inline void fuzz_scratch_remove(void)
{
	DIR *d = opendir(fuzz_dir_);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(fuzz_dir_);
}

/* A property broken, said how (abort: a finding). */
#define FUZZ_FAIL(...) FUZZ_ASSERT(!"broken", __VA_ARGS__)

/* A fresh directory under $TMPDIR (or /tmp), its absolute path (the working directory is
 * left alone: libFuzzer reads corpus directories relative to it). Removed at exit. */
static inline const char *fuzz_scratch_dir(void)
{
	if (fuzz_dir_[0])
		return fuzz_dir_;
	const char *tmp = getenv("TMPDIR");
	snprintf(fuzz_dir_, sizeof(fuzz_dir_), "%s/vriosim-fuzz-XXXXXX",
		 tmp && *tmp == '/' ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir_)) {
		perror("fuzz: scratch directory");
		abort();
	}
	atexit(fuzz_scratch_remove);
	return fuzz_dir_;
}

/* @name in the scratch directory, into @buf. */
static inline const char *fuzz_scratch(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", fuzz_scratch_dir(), name);
	return buf;
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
	static int null = -1;
	if (null < 0)
		null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	fflush(stderr);
	int saved = dup(2);
	if (null >= 0)
		dup2(null, 2);
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
