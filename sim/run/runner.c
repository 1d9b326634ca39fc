/*
 * runner — fork, simulate, collect.
 *
 * A run's children never outlive it: each asks the kernel to kill it when its parent dies
 * (PR_SET_PDEATHSIG, then checks the parent is still the one that forked it: it may have died
 * in between), and SIGINT, SIGTERM or SIGHUP in the parent kill the child at once. The
 * per-request trace's and the views' parts are unnamed (created and unlinked before the fork,
 * written through the descriptor), so a run killed even by SIGKILL leaves no part behind.
 */
#define _GNU_SOURCE
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "simulate.h"
#include "spawn.h"
#include "version.h"
#include "views.h"

/* ======================= signals ======================= */

static volatile sig_atomic_t caught;   /* the signal that asks the run to stop, or 0 */
static struct sigaction saved[3];      /* the handlers before runner_signals_catch */
static const int stop_signals[3] = { SIGINT, SIGTERM, SIGHUP };

static void on_stop(int sig)
{
	if (!caught)
		caught = sig;
}

void runner_signals_catch(void)
{
	struct sigaction sa = { .sa_handler = on_stop }; /* no SA_RESTART: waits see EINTR */
	sigemptyset(&sa.sa_mask);
	caught = 0;
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &saved[i]);
}

int runner_signal_caught(void) { return caught; }

void runner_signals_release(void)
{
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &saved[i], NULL);
	if (caught) {
		/* End as the signal would have ended us, so whoever waits for us knows. */
		signal(caught, SIG_DFL);
		raise(caught);
	}
}

/* ======================= the progress line ======================= */

/* How far the simulation child is: it writes its simulated time into a word it shares with
 * the parent (an anonymous shared mapping made before the fork); the parent reads it while
 * waiting and redraws one line on stderr. */
struct progress {
	bool on;                 /* show it (stderr is a terminal, and not -q) */
	bool shown;              /* a line is on the terminal now */
	double *t_sim;           /* the shared word: simulated seconds reached */
	double t0;               /* wall clock at the child's start */
	double last;             /* wall clock of the last redraw */
	double duration;         /* run.duration_s */
	double after;            /* wall seconds before the first line */
	char label[96];          /* "elvis (2 of 5)" */
};

/* A run shorter than this (wall seconds) shows nothing; VRIOSIM_PROGRESS_AFTER_S overrides it
 * (the tests use 0: how fast a run is must not decide whether they see the line). */
static double progress_after_s(void)
{
	const char *e = getenv("VRIOSIM_PROGRESS_AFTER_S");
	char *end;
	double v = e ? strtod(e, &end) : 0;
	return e && *e && !*end && v >= 0 ? v : 3.0;
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress_draw(struct progress *pg)
{
	double now = wall_now(), wall = now - pg->t0, t;
	if (!pg->on || wall < pg->after || now - pg->last < 0.5)
		return;
	__atomic_load(pg->t_sim, &t, __ATOMIC_RELAXED);
	double rate = t / wall; /* simulated seconds per wall second */
	char eta[32] = "?";
	if (rate > 0) {
		double left = (pg->duration - t) / rate;
		if (left < 120)
			snprintf(eta, sizeof(eta), "%.0f s", left);
		else if (left < 7200)
			snprintf(eta, sizeof(eta), "%.0f min", left / 60);
		else
			snprintf(eta, sizeof(eta), "%.1f h", left / 3600);
	}
	fprintf(stderr, "\rvriosim: %s: %.4g of %.4g s simulated (%.0f%%), %.3g s/s, ETA %s\033[K",
		pg->label, t, pg->duration, 100 * t / pg->duration, rate, eta);
	fflush(stderr);
	pg->shown = true;
	pg->last = now;
}

static void progress_clear(struct progress *pg)
{
	if (pg->shown)
		fputs("\r\033[K", stderr);
	pg->shown = false;
}

/* In the child: the simulated clock, as the completions tell it. */
static void progress_report(void *ctx, double t)
{
	__atomic_store((double *)ctx, &t, __ATOMIC_RELAXED);
}

/* ======================= one simulation ======================= */

/* All @n bytes from the pipe into @buf, or -1 (EOF, an error, or a stop signal: EINTR). The
 * progress line is redrawn meanwhile. */
static int pipe_read_all(int fd, void *buf, size_t n, struct progress *pg)
{
	char *p = buf;
	while (n) {
		if (caught) {
			errno = EINTR;
			return -1;
		}
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, 100) <= 0) {
			progress_draw(pg);
			continue; /* a signal (checked above) or 100 ms gone: look again */
		}
		ssize_t k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int pipe_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* In the child: die with the parent, and of the stop signals (the parent's handlers only
 * set a flag). Never returns. */
static void child(const struct vs_params *p, int out, int trace_fd, int views_fd, double *t_sim,
		  pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(4); /* the parent is gone already: nobody wants the result */
	for (int i = 0; i < 3; i++)
		signal(stop_signals[i], SIG_DFL);
	struct run_record r;
	memset(&r, 0, sizeof(r));
	struct sim_outputs o = { trace_fd, views_fd, t_sim ? progress_report : NULL, t_sim };
	int rc = simulate_one(p, &r, &o);
	/* Metric names are static strings of this same program image: valid in the parent. The
	 * record fits in a pipe's buffer: several children may finish before the parent reads. */
	if (pipe_write_all(out, &r, sizeof(r)))
		_exit(3);
	_exit(rc ? 1 : 0);
}

/* A simulation started in a child process: its pid, and the pipe its record comes through. */
struct child {
	pid_t pid;   /* the child */
	int fd;      /* the read end of its pipe */
};

/* Start one simulation in a child (@t_sim: NULL, or the word it reports its progress in).
 * 0, or -1 with errno. */
static int child_start(const struct vs_params *p, int trace_fd, int views_fd, double *t_sim,
		       struct child *c)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(p, fds[1], trace_fd, views_fd, t_sim, parent);
	}
	close(fds[1]);
	c->pid = pid;
	c->fd = fds[0];
	return 0;
}

/* Its record, then its end (the progress line redrawn meanwhile). 0, or -1 with
 * rec->res.error (errno EINTR when a stop signal came). */
static int child_finish(const struct child *c, struct run_record *rec, struct progress *pg)
{
	int got = pipe_read_all(c->fd, rec, sizeof(*rec), pg);
	close(c->fd);
	progress_clear(pg);
	if (got && caught)
		kill(c->pid, SIGKILL); /* stopped: the child's work is of no use now */
	int raw;
	while (waitpid(c->pid, &raw, 0) < 0 && errno == EINTR)
		;
	if (caught) {
		memset(rec, 0, sizeof(*rec));
		snprintf(rec->res.error, sizeof(rec->res.error), "interrupted by signal %d (%s)",
			 caught, strsignal(caught));
		errno = EINTR;
		return -1;
	}
	if (got) {
		struct spawn_status st;
		spawn_decode(raw, &st);
		memset(rec, 0, sizeof(*rec));
		if (!st.exited)
			snprintf(rec->res.error, sizeof(rec->res.error), "the simulation died (signal %d)",
				 st.signal);
		else
			snprintf(rec->res.error, sizeof(rec->res.error),
				 "the simulation exited without results (status %d)", st.code);
		return -1;
	}
	return rec->res.error[0] ? -1 : 0;
}

/* One simulation in a child process; its record through a pipe. 0, or -1 with rec->res.error
 * (or errno, when no child could be made; EINTR when a stop signal came). */
static int run_child(const struct vs_params *p, struct run_record *rec, int trace_fd,
		     int views_fd, struct progress *pg)
{
	struct child c;
	double zero = 0;
	if (pg->t_sim)
		__atomic_store(pg->t_sim, &zero, __ATOMIC_RELAXED);
	pg->t0 = pg->last = wall_now();
	if (child_start(p, trace_fd, views_fd, pg->t_sim, &c))
		return -1;
	return child_finish(&c, rec, pg);
}

/* ======================= the trace ======================= */

/* Per-run parts (the trace's, the views'): unnamed files open for reading and writing, in run
 * order. */
struct parts {
	int *fds;         /* the parts */
	int n;            /* parts made */
};

static int parts_init(struct parts *pt, bool want, int n)
{
	pt->n = 0;
	pt->fds = want ? calloc((size_t)n, sizeof(*pt->fds)) : NULL;
	return want && !pt->fds ? -1 : 0;
}

/* The next part, in @path's directory: its descriptor (-1 when not wanted), or -2 with errno. */
static int parts_next(struct parts *pt, const char *path)
{
	if (!pt->fds)
		return -1;
	int fd = runner_trace_part(path);
	if (fd < 0)
		return -2;
	return pt->fds[pt->n++] = fd;
}

static void parts_free(struct parts *pt)
{
	for (int i = 0; pt->fds && i < pt->n; i++)
		close(pt->fds[i]);
	free(pt->fds);
	pt->fds = NULL;
}

static int fill_trace(FILE *f, void *ctx)
{
	struct parts *j = ctx;
	fprintf(f, "# %s\n", version_string());
	fputs("model,vcpu,vm,request_id,issue_s,complete_s,latency_us,bytes,resp_bytes,path", f);
	for (int s = 0; s < VS_STAGES; s++)
		fprintf(f, ",%s_us", vs_stage_names[s]);
	fputc('\n', f);
	for (int i = 0; i < j->n; i++) {
		if (caught) {
			errno = EINTR;
			return -1;
		}
		if (fs_append_fd(f, j->fds[i]))
			return -1;
	}
	return ferror(f) ? -1 : 0;
}

int runner_trace_part(const char *trace_path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", trace_path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		slash[slash == dir] = 0; /* "/t.csv" -> "/" */
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd; /* an unnamed file, or the reason there can be none there */
	char tmpl[PATH_MAX + 32];
	if (snprintf(tmpl, sizeof(tmpl), "%s.part.XXXXXX", trace_path) >= (int)sizeof(tmpl)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0)
		return -1;
	unlink(tmpl); /* unnamed from now on: nothing to clean up, however the run ends */
	return fd;
}

/* ======================= the runs ======================= */

int runner_run(const struct scenario *s, struct run_record *runs, const char *trace_path,
	       const char *views_dir, bool progress, char *err, size_t errn)
{
	int reps = s->p.replications, n = s->n_models * reps, rc = 0;
	struct parts tp, vp;
	char views_at[PATH_MAX];
	if (views_dir)
		snprintf(views_at, sizeof(views_at), "%s/per_vm.csv", views_dir);
	struct progress pg = { .on = progress, .duration = s->p.duration_s,
				.after = progress_after_s() };
	if (progress) {
		void *m = mmap(NULL, sizeof(double), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       -1, 0);
		pg.t_sim = m == MAP_FAILED ? NULL : m;
		pg.on = pg.t_sim != NULL; /* no line rather than no run */
	}
	if (parts_init(&tp, trace_path, n) || parts_init(&vp, views_dir, n)) {
		snprintf(err, errn, "no memory for %d part files", n);
		rc = -1;
	}
	for (int mi = 0; mi < s->n_models && !rc; mi++) {
		for (int r = 0; r < reps && !rc; r++) {
			struct run_record *rec = &runs[mi * reps + r];
			struct vs_params p = s->p;
			p.kind = s->models[mi];
			p.replication = r;
			int tfd = parts_next(&tp, trace_path), vfd = parts_next(&vp, views_at);
			if (tfd == -2 || vfd == -2) {
				snprintf(err, errn, "%s: cannot write there (%s)",
					 tfd == -2 ? trace_path : views_dir, strerror(errno));
				rc = -1;
				break;
			}
			snprintf(pg.label, sizeof(pg.label), "%s", vs_model_name(p.kind));
			if (n > 1)
				snprintf(pg.label + strlen(pg.label), sizeof(pg.label) - strlen(pg.label),
					 " (run %d of %d)", mi * reps + r + 1, n);
			if (run_child(&p, rec, tfd, vfd, &pg)) {
				snprintf(err, errn, "%s: model %s, replication %d: %s", s->path,
					 vs_model_name(p.kind), r,
					 rec->res.error[0] ? rec->res.error : strerror(errno));
				rc = -1;
			}
			rec->model = p.kind;
			rec->replication = r;
		}
	}
	if (!rc && trace_path && fs_atomic_write(trace_path, fill_trace, &tp)) {
		snprintf(err, errn, "%s: cannot write the trace (%s)", trace_path,
			 caught ? "interrupted" : strerror(errno));
		rc = -1;
	}
	if (!rc && views_dir && views_join(views_dir, vp.fds, vp.n, err, errn))
		rc = -1;
	parts_free(&tp);
	parts_free(&vp);
	if (pg.t_sim)
		munmap(pg.t_sim, sizeof(double));
	return rc;
}

int runner_run_jobs(const struct scenario *s, struct run_record *runs, int jobs, char *err,
		    size_t errn)
{
	int reps = s->p.replications, n = s->n_models * reps, rc = 0;
	if (jobs < 1)
		jobs = 1;
	struct child *kids = calloc((size_t)jobs, sizeof(*kids));
	if (!kids) {
		snprintf(err, errn, "no memory for %d children", jobs);
		return -1;
	}
	struct progress quiet = { .on = false };
	/* Batches of @jobs runs: started together, collected in run order. */
	for (int b = 0; b < n && !rc; b += jobs) {
		int k = 0;
		for (int i = b; i < n && i < b + jobs; i++, k++) {
			struct vs_params p = s->p;
			p.kind = s->models[i / reps];
			p.replication = i % reps;
			runs[i].model = p.kind;
			runs[i].replication = p.replication;
			if (child_start(&p, -1, -1, NULL, &kids[k])) {
				snprintf(err, errn, "%s: cannot start a simulation (%s)", s->path,
					 strerror(errno));
				rc = -1;
				break;
			}
		}
		for (int j = 0; j < k; j++) {
			struct run_record *rec = &runs[b + j];
			int model = rec->model, rep = rec->replication;
			if (child_finish(&kids[j], rec, &quiet) && !rc) {
				snprintf(err, errn, "%s: model %s, replication %d: %s", s->path,
					 vs_model_name(model), rep, rec->res.error);
				rc = -1;
			}
			rec->model = model;
			rec->replication = rep;
		}
	}
	free(kids);
	return rc;
}
