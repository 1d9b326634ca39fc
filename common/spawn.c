/*
 * spawn — fork, exec, wait (see spawn.h).
 *
 * Output files are opened in the parent, before the fork: a file that cannot be made is an
 * error the caller sees, not a child writing to the wrong place.
 */
#define _GNU_SOURCE
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ======================= status ======================= */

void spawn_decode(int raw, struct spawn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->raw = raw;
	st->exited = WIFEXITED(raw);
	if (st->exited)
		st->code = WEXITSTATUS(raw);
	else if (WIFSIGNALED(raw))
		st->signal = WTERMSIG(raw);
}

bool spawn_succeeded(const struct spawn_status *st) { return st->exited && st->code == 0; }

const char *spawn_describe(const struct spawn_status *st, char *buf, size_t n)
{
	if (st->exited)
		snprintf(buf, n, "exit %d", st->code);
	else
		snprintf(buf, n, "signal %d", st->signal);
	return buf;
}

/* ======================= children ======================= */

static int open_out(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

/* In the child: redirect, move, reset, exec; never returns. */
static void child(const struct spawn_opts *o, int out_fd, int err_fd)
{
	if (out_fd >= 0)
		dup2(out_fd, 1);
	if (err_fd >= 0)
		dup2(err_fd, 2);
	if (o->default_signals) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	if (o->cwd && chdir(o->cwd)) {
		if (o->exec_fail)
			fprintf(stderr, "%s: cd %s: %s\n", o->exec_fail, o->cwd, strerror(errno));
		_exit(127);
	}
	execvp(o->file ? o->file : o->argv[0], (char *const *)o->argv);
	if (o->exec_fail)
		fprintf(stderr, "%s: %s\n", o->exec_fail, strerror(errno));
	_exit(127);
}

int spawn_start(const struct spawn_opts *o, pid_t *pid)
{
	int out_fd = -1, err_fd = -1, rc = 0;
	if (o->out && (out_fd = open_out(o->out)) < 0)
		return -errno;
	if (o->err && o->out && !strcmp(o->err, o->out))
		err_fd = out_fd;
	else if (o->err && (err_fd = open_out(o->err)) < 0) {
		rc = -errno;
		goto out;
	}
	fflush(NULL); /* or the child's exit would write our buffered output again */
	*pid = fork();
	if (*pid < 0) {
		rc = -errno;
		goto out;
	}
	if (*pid == 0)
		child(o, out_fd, err_fd);
out:
	if (err_fd >= 0 && err_fd != out_fd)
		close(err_fd);
	if (out_fd >= 0)
		close(out_fd);
	return rc;
}

int spawn_wait(pid_t pid, struct spawn_status *st)
{
	int raw;
	while (waitpid(pid, &raw, 0) < 0)
		if (errno != EINTR)
			return -errno;
	spawn_decode(raw, st);
	return 0;
}

int spawn_reap(pid_t *pid, struct spawn_status *st)
{
	int raw;
	pid_t p = waitpid(-1, &raw, WNOHANG);
	if (p < 0)
		return errno == EINTR ? 0 : -errno;
	if (p == 0)
		return 0;
	*pid = p;
	spawn_decode(raw, st);
	return 1;
}

int spawn_run(const struct spawn_opts *o, struct spawn_status *st)
{
	pid_t pid;
	int rc = spawn_start(o, &pid);
	return rc ? rc : spawn_wait(pid, st);
}
