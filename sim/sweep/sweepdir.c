/*
 * sweepdir — paths, stamps and the done rule (see sweepdir.h).
 */
#define _GNU_SOURCE
#include "sweepdir.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <limits.h>
#include <stdio.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "spawn.h"
#include "version.h"

int sweepdir_lock(const char *dir, bool shared)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/.lock", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	/* Close-on-exec: a point's `vriosim run` must not keep the sweep's lock alive. */
	if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
		int e = errno;
		close(fd);
		return e == EWOULDBLOCK ? -EWOULDBLOCK : -e;
	}
	return fd;
}

void sweepdir_point_path(char *out, size_t n, const char *dir, const char *point, const char *file)
{
	snprintf(out, n, "%s/runs/%s%s%s", dir, point, file ? "/" : "", file ? file : "");
}

uint64_t sweepdir_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* A trace file's content is hashed into the stamp, since only its path is a key. */
char *sweepdir_stamp(const struct scenario *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	if (!m)
		return NULL;
	fprintf(m, "# %s\nscenario=%s\n", version_string(), s->name);
	scenario_dump(s, m);
	if (s->trace_file[0]) {
		char *t = fs_slurp(s->trace_file, 0, NULL);
		fprintf(m, "trace_fnv=%016llx\n", t ? (unsigned long long)sweepdir_hash(t) : 0ULL);
		free(t);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

bool sweepdir_point_done(const char *dir, const char *point, uint64_t hash)
{
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, point, "params.txt");
	char *stamp = fs_slurp(path, 0, NULL);
	bool ok = stamp && sweepdir_hash(stamp) == hash;
	if (ok) {
		/* The stamp's first line is the version line its summary.csv must start with. */
		char want[512], line[512];
		snprintf(want, sizeof(want), "%.*s\n", (int)strcspn(stamp, "\n"), stamp);
		sweepdir_point_path(path, sizeof(path), dir, point, "summary.csv");
		FILE *f = fopen(path, "r");
		ok = f && fgets(line, sizeof(line), f) && !strcmp(line, want);
		if (f)
			fclose(f);
	}
	free(stamp);
	return ok;
}

static int fill_stamp(FILE *f, void *ctx)
{
	fputs(ctx, f);
	return ferror(f) ? -1 : 0;
}

int sweepdir_mark_done(const char *dir, const char *point, const char *stamp)
{
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, point, "params.txt");
	return fs_atomic_write(path, fill_stamp, (void *)stamp);
}

void sweepdir_point_log_tail(const char *dir, const char *point, char *out, size_t n)
{
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, point, "log.txt");
	char *text = fs_slurp(path, 0, NULL);
	int e = text ? 0 : errno;
	size_t len = text ? strlen(text) : 0;
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = 0;
	if (len) {
		char *nl = strrchr(text, '\n');
		snprintf(out, n, "%s", nl ? nl + 1 : text);
	} else {
		struct statvfs vfs;
		if (!statvfs(dir, &vfs) && vfs.f_bavail == 0)
			e = ENOSPC;
		snprintf(out, n, "no message: its log.txt is %s%s%s", text ? "empty" : "unreadable",
			 e ? " (" : "", e ? strerror(e) : "");
		if (e)
			snprintf(out + strlen(out), n - strlen(out), ")");
	}
	free(text);
}

int sweepdir_point_spawn(const char *dir, const char *point, const char *const *argv,
			 const char *who, pid_t *pid)
{
	char path[PATH_MAX], fail[128];
	sweepdir_point_path(path, sizeof(path), dir, point, NULL);
	if (fs_mkdir_p(path))
		return -1;
	sweepdir_point_path(path, sizeof(path), dir, point, "log.txt");
	snprintf(fail, sizeof(fail), "%s: cannot exec /proc/self/exe", who);
	struct spawn_opts o = {
		.argv = argv,
		.file = "/proc/self/exe",
		.out = path,
		.err = path,
		.default_signals = true,
		.exec_fail = fail,
	};
	int rc = spawn_start(&o, pid);
	if (rc) {
		errno = -rc;
		return -1;
	}
	return 0;
}
