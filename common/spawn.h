/*
 * spawn — run another program as a child process and learn how it ended: fork, exec, wait,
 * with the wait status decoded (exited with a code, or killed by a signal).
 *
 * One program per child: SimGrid allows one simulation per process, so the simulator runs
 * itself (sweeps, validation, benchmarks), gnuplot, and the emulator its own runs this way.
 * Functions return 0 (or a count) on success and -errno on failure.
 */
#ifndef VRIOSIM_SPAWN_H
#define VRIOSIM_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How a child ended. */
struct spawn_status {
	bool exited;     /* it exited (@code); false: a signal killed it (@signal) */
	int code;        /* its exit code, when it exited */
	int signal;      /* the signal that killed it, when it did not exit */
	int raw;         /* the wait status as waitpid(2) gave it */
};

/* What to run and where its output goes. */
struct spawn_opts {
	const char *const *argv; /* the program and its arguments, NULL-terminated */
	const char *file;        /* the program (NULL: argv[0]); searched in PATH without a '/' */
	const char *cwd;         /* the child's working directory (NULL: ours) */
	const char *out;         /* its stdout into this file, created or truncated (NULL: ours) */
	const char *err;         /* its stderr likewise; the same path as @out: one file for both */
	bool default_signals;    /* SIGINT and SIGTERM back to their default actions in the child */
	const char *exec_fail;   /* if exec fails, the child writes "<exec_fail>: <why>" to its
				  * stderr (NULL: nothing); it exits 127 either way */
};

/* Start a child; its pid in @pid. -errno when it cannot (fork, or opening @out / @err). */
int spawn_start(const struct spawn_opts *o, pid_t *pid);
/* Wait for child @pid to end (EINTR is retried). */
int spawn_wait(pid_t pid, struct spawn_status *st);
/* Any child that has ended, without blocking: 1 with @pid and @st filled, 0 when none has
 * ended yet, -errno (-ECHILD: no child at all). */
int spawn_reap(pid_t *pid, struct spawn_status *st);
/* spawn_start, then spawn_wait. */
int spawn_run(const struct spawn_opts *o, struct spawn_status *st);

/* Decode a wait status (for children made with fork alone, as the runner does). */
void spawn_decode(int raw, struct spawn_status *st);
/* Did it exit with code 0? */
bool spawn_succeeded(const struct spawn_status *st);
/* "exit N" or "signal N", into @buf. */
const char *spawn_describe(const struct spawn_status *st, char *buf, size_t n);

#endif
