/*
 * sweep — plan, run in parallel, resume, emit jobs.
 *
 * Why one process per point: SimGrid loads one platform per process (DESIGN §3), so a point is
 * `vriosim run` exec'd from /proc/self/exe — the very binary the user called, whatever its path.
 */
#define _GNU_SOURCE
#include "sweep.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "merge.h"
#include "csvfield.h"
#include "results.h"

#define SWEEP_MAX_POINTS 100000

/* ---- small helpers ---- */

uint64_t sweep_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A whole small file as a string (NULL if unreadable). */
char *sweep_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	char chunk[8192];
	size_t k;
	while (m && (k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, k, m);
	fclose(f);
	if (!m || fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Directory names are made of the axis assignments, so a user can find a point with ls. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("._-=,+", *s)))
			*s = '_';
}

/* ---- plan ---- */

static void axis_free(struct scn_axis *a);

static int axis_parse(struct scn_axis *a, const char *text, char *err, size_t errn)
{
	const char *eq = strchr(text, '=');
	memset(a, 0, sizeof(*a));
	if (!eq || eq == text || (size_t)(eq - text) >= sizeof(a->key)) {
		snprintf(err, errn, "--axis %s: expected section.key=v1,v2,...", text);
		return -1;
	}
	memcpy(a->key, text, (size_t)(eq - text));
	if (!scenario_key_exists(a->key)) {
		snprintf(err, errn, "--axis %s: unknown key %s", text, a->key);
		return -1;
	}
	const char *why;
	if (scenario_axis_values(a, eq + 1, &why)) {
		snprintf(err, errn, "--axis %s: %s", text, why);
		axis_free(a);
		return -1;
	}
	return 0;
}

static void axis_free(struct scn_axis *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->values[i]);
	a->n = 0;
}

/* The stamp: what makes a point's results what they are. A trace file's content is hashed too,
 * since only its path is a key. */
static char *make_stamp(const struct scenario *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	if (!m)
		return NULL;
	fprintf(m, "# %s\nscenario=%s\n", results_version(), s->name);
	scenario_dump(s, m);
	if (s->trace_file[0]) {
		char *t = sweep_slurp(s->trace_file);
		fprintf(m, "trace_fnv=%016llx\n", t ? (unsigned long long)sweep_hash(t) : 0ULL);
		free(t);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int resolve_point(struct sweep_plan *plan, const struct sweep_spec *spec,
			 struct sweep_point *pt, struct scenario *s, char *err, size_t errn)
{
	char serr[SCN_ERR_MAX];
	if (scenario_load(s, spec->file, serr)) {
		snprintf(err, errn, "%s", serr);
		return -1;
	}
	int rc = -1;
	for (int i = 0; i < spec->n_sets; i++)
		if (scenario_set(s, spec->sets[i], serr)) {
			snprintf(err, errn, "%s", serr);
			goto out;
		}
	for (int a = 0; a < plan->n_axes; a++) {
		char asg[8192];
		snprintf(asg, sizeof(asg), "%s=%s", plan->axes[a].key, pt->values[a]);
		if (scenario_set(s, asg, serr)) {
			/* scenario_set names it "--set k=v: ..."; here it came from an axis. */
			snprintf(err, errn, "axis %s", serr + (strncmp(serr, "--set ", 6) ? 0 : 6));
			goto out;
		}
	}
	if (scenario_check(s, serr))
		snprintf(pt->invalid, sizeof(pt->invalid), "%s", serr);
	pt->stamp = make_stamp(s);
	if (!pt->stamp) {
		snprintf(err, errn, "out of memory");
		goto out;
	}
	pt->stamp_hash = sweep_hash(pt->stamp);
	rc = 0;
out:
	scenario_free(s);
	return rc;
}

int sweep_plan_build(struct sweep_plan *plan, const struct sweep_spec *spec, char *err, size_t errn)
{
	memset(plan, 0, sizeof(*plan));
	struct scenario *s = malloc(sizeof(*s));
	if (!s) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	char serr[SCN_ERR_MAX];
	if (scenario_load(s, spec->file, serr)) {
		snprintf(err, errn, "%s", serr);
		free(s);
		return -1;
	}
	snprintf(plan->scenario, sizeof(plan->scenario), "%s", s->name);
	/* File axes first, in file order; a command-line axis replaces the file's axis of the same
	 * key in place, or comes after them. */
	for (int a = 0; a < s->n_axes; a++) {
		struct scn_axis *d = &plan->axes[plan->n_axes++];
		snprintf(d->key, sizeof(d->key), "%s", s->axes[a].key);
		for (int i = 0; i < s->axes[a].n; i++)
			d->values[d->n++] = strdup(s->axes[a].values[i]);
	}
	scenario_free(s);
	for (int c = 0; c < spec->n_cli_axes; c++) {
		struct scn_axis a;
		if (axis_parse(&a, spec->cli_axes[c], err, errn))
			goto fail;
		int k = 0;
		while (k < plan->n_axes && strcmp(plan->axes[k].key, a.key))
			k++;
		if (k == SCN_MAX_AXES) {
			snprintf(err, errn, "--axis %s: at most %d axes", spec->cli_axes[c], SCN_MAX_AXES);
			axis_free(&a);
			goto fail;
		}
		if (k < plan->n_axes)
			axis_free(&plan->axes[k]);
		else
			plan->n_axes++;
		plan->axes[k] = a;
	}
	long total = 1;
	for (int a = 0; a < plan->n_axes; a++) {
		const struct scn_axis *ax = &plan->axes[a];
		for (int i = 0; i < ax->n; i++)
			for (int j = 0; j < i; j++)
				if (!strcmp(ax->values[i], ax->values[j])) {
					snprintf(err, errn, "axis %s: value %s appears twice", ax->key,
						 ax->values[i]);
					goto fail;
				}
		total *= ax->n;
		if (total > SWEEP_MAX_POINTS) {
			snprintf(err, errn, "the sweep has more than %d points", SWEEP_MAX_POINTS);
			goto fail;
		}
	}
	plan->points = calloc((size_t)total, sizeof(*plan->points));
	if (!plan->points) {
		snprintf(err, errn, "out of memory");
		goto fail;
	}
	plan->n_points = (int)total;
	for (int p = 0; p < plan->n_points; p++) {
		struct sweep_point *pt = &plan->points[p];
		pt->index = p;
		/* Mixed radix, last axis fastest: the order a reader expects from nested loops. */
		int rem = p;
		for (int a = plan->n_axes - 1; a >= 0; a--) {
			pt->values[a] = plan->axes[a].values[rem % plan->axes[a].n];
			rem /= plan->axes[a].n;
		}
		int len = 0;
		for (int a = 0; a < plan->n_axes; a++)
			len += snprintf(pt->name + len, sizeof(pt->name) - (size_t)len, "%s%s=%s",
					a ? "," : "", plan->axes[a].key, pt->values[a]);
		if (!plan->n_axes)
			snprintf(pt->name, sizeof(pt->name), "base");
		bool clash = len >= 200;
		sanitize(pt->name);
		for (int q = 0; q < p && !clash; q++)
			clash = !strcmp(plan->points[q].name, pt->name);
		if (clash) /* too long, or two values that sanitize alike: fall back to a number */
			snprintf(pt->name, sizeof(pt->name), "point%05d", p);
		if (resolve_point(plan, spec, pt, s, err, errn))
			goto fail;
	}
	free(s);
	return 0;
fail:
	free(s);
	sweep_plan_free(plan);
	return -1;
}

void sweep_plan_free(struct sweep_plan *plan)
{
	for (int p = 0; p < plan->n_points; p++)
		free(plan->points[p].stamp);
	free(plan->points);
	for (int a = 0; a < plan->n_axes; a++)
		axis_free(&plan->axes[a]);
	memset(plan, 0, sizeof(*plan));
}

static int fill_plan(FILE *f, void *ctx)
{
	const struct sweep_plan *plan = ctx;
	fprintf(f, "# %s\n", results_version());
	csvfield_put_quoted(f, "point", false);
	csvfield_put_quoted(f, "dir", false);
	csvfield_put_quoted(f, "stamp", plan->n_axes == 0);
	for (int a = 0; a < plan->n_axes; a++)
		csvfield_put_quoted(f, plan->axes[a].key, a == plan->n_axes - 1);
	for (int p = 0; p < plan->n_points; p++) {
		const struct sweep_point *pt = &plan->points[p];
		char idx[16], h[32];
		snprintf(idx, sizeof(idx), "%d", pt->index);
		snprintf(h, sizeof(h), "%016llx", (unsigned long long)pt->stamp_hash);
		csvfield_put_quoted(f, idx, false);
		csvfield_put_quoted(f, pt->name, false);
		csvfield_put_quoted(f, h, plan->n_axes == 0);
		for (int a = 0; a < plan->n_axes; a++)
			csvfield_put_quoted(f, pt->values[a], a == plan->n_axes - 1);
	}
	return ferror(f) ? -1 : 0;
}

int sweep_plan_write(const struct sweep_plan *plan, const char *dir, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/runs", dir);
	if (results_mkdir_p(path)) {
		snprintf(err, errn, "-o %s: cannot create the directory (%s)", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_PLAN);
	if (results_atomic_write(path, fill_plan, (void *)plan)) {
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- running ---- */

static volatile sig_atomic_t sweep_stop;

static void on_signal(int sig) { sweep_stop = sig; }

static void point_path(char *out, size_t n, const char *dir, const struct sweep_point *pt,
		       const char *file)
{
	snprintf(out, n, "%s/runs/%s%s%s", dir, pt->name, file ? "/" : "", file ? file : "");
}

/* Done = our stamp in params.txt (written only after a successful run) and a summary.csv made
 * by this version. */
static bool point_done(const char *dir, const struct sweep_point *pt)
{
	char path[PATH_MAX];
	point_path(path, sizeof(path), dir, pt, "params.txt");
	char *stamp = sweep_slurp(path);
	bool ok = stamp && !strcmp(stamp, pt->stamp);
	free(stamp);
	if (!ok)
		return false;
	point_path(path, sizeof(path), dir, pt, "summary.csv");
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[512], want[512];
	snprintf(want, sizeof(want), "# %s\n", results_version());
	ok = fgets(line, sizeof(line), f) && !strcmp(line, want);
	fclose(f);
	return ok;
}

static int fill_stamp(FILE *f, void *ctx)
{
	fputs(ctx, f);
	return ferror(f) ? -1 : 0;
}

/* The argument vector of `vriosim run` for a point (all strings owned by @store). */
struct argv_buf {
	char *argv[2 * SWEEP_MAX_SETS + 2 * SCN_MAX_AXES + 16];
	char *store[SWEEP_MAX_SETS + SCN_MAX_AXES + 4];
	int n_store;
};

static void build_argv(struct argv_buf *b, const struct sweep_plan *plan,
		       const struct sweep_spec *spec, const struct sweep_point *pt)
{
	int n = 0;
	b->n_store = 0;
	b->argv[n++] = "vriosim";
	b->argv[n++] = "run";
	if (spec->file)
		b->argv[n++] = (char *)spec->file;
	for (int i = 0; i < spec->n_sets; i++) {
		b->argv[n++] = "--set";
		b->argv[n++] = (char *)spec->sets[i];
	}
	for (int a = 0; a < plan->n_axes; a++) {
		char *s = NULL;
		if (asprintf(&s, "%s=%s", plan->axes[a].key, pt->values[a]) < 0)
			s = NULL;
		b->store[b->n_store++] = s;
		b->argv[n++] = "--set";
		b->argv[n++] = s ? s : "";
	}
	char *out = malloc(PATH_MAX);
	if (out)
		point_path(out, PATH_MAX, spec->dir, pt, NULL);
	b->store[b->n_store++] = out;
	b->argv[n++] = "-o";
	b->argv[n++] = out ? out : "";
	b->argv[n++] = "-q";
	b->argv[n++] = "--no-plot";
	b->argv[n] = NULL;
}

static void free_argv(struct argv_buf *b)
{
	for (int i = 0; i < b->n_store; i++)
		free(b->store[i]);
	b->n_store = 0;
}

static pid_t launch(const struct sweep_plan *plan, const struct sweep_spec *spec,
		    const struct sweep_point *pt)
{
	char path[PATH_MAX];
	point_path(path, sizeof(path), spec->dir, pt, NULL);
	if (results_mkdir_p(path))
		return -1;
	/* A point being re-run is not done until it succeeds again. */
	point_path(path, sizeof(path), spec->dir, pt, "params.txt");
	unlink(path);
	point_path(path, sizeof(path), spec->dir, pt, "log.txt");
	struct argv_buf b;
	build_argv(&b, plan, spec, pt);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv("/proc/self/exe", b.argv);
		fprintf(stderr, "vriosim sweep: cannot exec /proc/self/exe: %s\n", strerror(errno));
		_exit(127);
	}
	free_argv(&b);
	return pid;
}

/* The last non-empty line of a point's log: what went wrong, in the run's own words. */
static void last_log_line(const char *dir, const struct sweep_point *pt, char *out, size_t n)
{
	char path[PATH_MAX];
	point_path(path, sizeof(path), dir, pt, "log.txt");
	snprintf(out, n, "(no message)");
	char *text = sweep_slurp(path);
	if (!text)
		return;
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = 0;
	char *nl = strrchr(text, '\n');
	if (len)
		snprintf(out, n, "%s", nl ? nl + 1 : text);
	free(text);
}

struct progress {
	bool on, tty, shown;
	double t0, last;
};

static void progress_show(struct progress *pg, const struct sweep_stats *st, int done_now,
			  bool force)
{
	if (!pg->on)
		return;
	double t = now_s();
	if (!force && t - pg->last < (pg->tty ? 0.5 : 1e30))
		return;
	pg->last = t;
	double el = t - pg->t0;
	int done = st->skipped + st->ran + st->failed;
	int left = st->total - done;
	char eta[32] = "?";
	if (done_now > 0)
		snprintf(eta, sizeof(eta), "%.0f s", el / done_now * left);
	else if (!left)
		snprintf(eta, sizeof(eta), "0 s");
	fprintf(stderr, "%ssweep: %d/%d done (%d up to date), %d failed, %.0f s elapsed, ETA %s%s",
		pg->tty ? "\r\033[K" : "", done, st->total, st->skipped, st->failed, el, eta,
		pg->tty ? "" : "\n");
	pg->shown = pg->tty;
}

/* Before any other line on stderr: leave the progress line. */
static void progress_break(struct progress *pg)
{
	if (pg->shown) {
		fputs("\r\033[K", stderr);
		pg->shown = false;
	}
}

int sweep_execute(const struct sweep_plan *plan, const struct sweep_spec *spec, int only,
		  struct sweep_stats *st)
{
	memset(st, 0, sizeof(*st));
	struct progress pg = { .t0 = now_s() };
	pg.tty = isatty(2);
	pg.on = only < 0 && (spec->progress > 0 || (spec->progress < 0 && pg.tty));
	char err[1024];
	if (only < 0 && sweep_plan_write(plan, spec->dir, err, sizeof(err))) {
		fprintf(stderr, "vriosim sweep: %s\n", err);
		return 1;
	}
	if (only >= 0) {
		char runs[PATH_MAX];
		snprintf(runs, sizeof(runs), "%s/runs", spec->dir);
		if (results_mkdir_p(runs)) {
			fprintf(stderr, "vriosim sweep: %s: cannot create (%s)\n", runs, strerror(errno));
			return 1;
		}
	}

	int *todo = calloc((size_t)plan->n_points + 1, sizeof(int));
	int jobs = spec->jobs > 0 ? spec->jobs : 1;
	pid_t *pids = calloc((size_t)jobs, sizeof(pid_t));
	int *slot_point = calloc((size_t)jobs, sizeof(int));
	if (!todo || !pids || !slot_point) {
		free(todo);
		free(pids);
		free(slot_point);
		fprintf(stderr, "vriosim sweep: out of memory\n");
		return 1;
	}
	int n_todo = 0;
	for (int p = 0; p < plan->n_points; p++) {
		const struct sweep_point *pt = &plan->points[p];
		if (only >= 0 && p != only)
			continue;
		st->total++;
		if (pt->invalid[0]) {
			st->failed++;
			fprintf(stderr, "vriosim sweep: point %s failed: %s\n", pt->name, pt->invalid);
		} else if (!spec->force && point_done(spec->dir, pt)) {
			st->skipped++;
		} else {
			todo[n_todo++] = p;
		}
	}

	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term, old_hup;
	sigemptyset(&sa.sa_mask);
	sweep_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	int next = 0, running = 0;
	progress_show(&pg, st, 0, true);
	while ((next < n_todo || running) && !sweep_stop) {
		while (next < n_todo && running < jobs && !sweep_stop) {
			int slot = 0;
			while (pids[slot])
				slot++;
			const struct sweep_point *pt = &plan->points[todo[next++]];
			pid_t pid = launch(plan, spec, pt);
			if (pid < 0) {
				progress_break(&pg);
				fprintf(stderr, "vriosim sweep: point %s failed: cannot start (%s)\n",
					pt->name, strerror(errno));
				st->failed++;
				continue;
			}
			pids[slot] = pid;
			slot_point[slot] = pt->index;
			running++;
		}
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			if (pid < 0 && errno == ECHILD)
				break; /* cannot happen while running > 0; do not spin */
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			progress_show(&pg, st, st->ran + st->failed, false);
			continue;
		}
		int slot = 0;
		while (slot < jobs && pids[slot] != pid)
			slot++;
		if (slot == jobs)
			continue; /* not ours (a plot, say) */
		pids[slot] = 0;
		running--;
		const struct sweep_point *pt = &plan->points[slot_point[slot]];
		char path[PATH_MAX];
		point_path(path, sizeof(path), spec->dir, pt, "summary.csv");
		bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && !access(path, R_OK);
		if (ok) {
			point_path(path, sizeof(path), spec->dir, pt, "params.txt");
			ok = !results_atomic_write(path, fill_stamp, pt->stamp);
		}
		if (ok) {
			st->ran++;
		} else if (!sweep_stop) {
			char msg[512];
			last_log_line(spec->dir, pt, msg, sizeof(msg));
			progress_break(&pg);
			if (WIFEXITED(status))
				fprintf(stderr, "vriosim sweep: point %s failed (exit %d): %s\n", pt->name,
					WEXITSTATUS(status), msg);
			else
				fprintf(stderr, "vriosim sweep: point %s failed (signal %d): %s\n",
					pt->name, WTERMSIG(status), msg);
			st->failed++;
		}
		progress_show(&pg, st, st->ran + st->failed, true);
	}
	if (sweep_stop) {
		/* Interrupted: stop what runs; its point stays not-done, so a re-run redoes it. */
		for (int i = 0; i < jobs; i++)
			if (pids[i])
				kill(pids[i], SIGTERM);
		for (int i = 0; i < jobs; i++)
			if (pids[i])
				while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
					;
		st->interrupted = true;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	progress_break(&pg);
	free(todo);
	free(pids);
	free(slot_point);
	st->wall_s = now_s() - pg.t0;

	int rc = st->failed || st->interrupted ? 1 : 0;
	if (st->interrupted) {
		fprintf(stderr, "vriosim sweep: interrupted after %d of %d points; run it again to "
				"resume\n",
			st->skipped + st->ran, st->total);
		return 1;
	}
	if (only < 0) {
		int missing = 0;
		if (merge_sweep(spec->dir, false, &missing, err, sizeof(err))) {
			fprintf(stderr, "vriosim sweep: %s\n", err);
			rc = 1;
		}
	}
	if (!spec->quiet)
		fprintf(stderr, "vriosim sweep: %d point%s: %d run, %d up to date, %d failed, %.1f s%s%s\n",
			st->total, st->total == 1 ? "" : "s", st->ran, st->skipped, st->failed,
			st->wall_s, only < 0 ? "; wrote " : "", only < 0 ? spec->dir : "");
	return rc;
}

/* ---- jobs for other runners ---- */

/* POSIX shell single quotes: the only character that needs care is ' itself. */
static void shell_word(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

int sweep_emit_jobs(const struct sweep_plan *plan, const struct sweep_spec *spec, const char *path,
		    char *err, size_t errn)
{
	char exe[PATH_MAX], file[PATH_MAX], dir[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (k < 0) {
		snprintf(err, errn, "/proc/self/exe: %s", strerror(errno));
		return -1;
	}
	exe[k] = 0;
	if (spec->file && !realpath(spec->file, file)) {
		snprintf(err, errn, "%s: %s", spec->file, strerror(errno));
		return -1;
	}
	if (sweep_plan_write(plan, spec->dir, err, errn))
		return -1;
	if (!realpath(spec->dir, dir)) {
		snprintf(err, errn, "-o %s: %s", spec->dir, strerror(errno));
		return -1;
	}
	char tmp[PATH_MAX + 32];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errn, "--emit-jobs %s: %s", path, strerror(errno));
		return -1;
	}
	for (int p = 0; p < plan->n_points; p++) {
		/* Every path absolute and every axis spelled out: the line runs from any directory,
		 * on any machine that sees the same files. */
		shell_word(f, exe);
		fputs(" sweep", f);
		if (spec->file) {
			fputc(' ', f);
			shell_word(f, file);
		}
		for (int i = 0; i < spec->n_sets; i++) {
			fputs(" --set ", f);
			shell_word(f, spec->sets[i]);
		}
		for (int a = 0; a < plan->n_axes; a++) {
			char *ax = NULL;
			size_t an = 0;
			FILE *m = open_memstream(&ax, &an);
			const char *sep = ",";
			for (int i = 0; i < plan->axes[a].n; i++)
				if (strchr(plan->axes[a].values[i], ','))
					sep = "|"; /* list values: keep them whole */
			fprintf(m, "%s=", plan->axes[a].key);
			for (int i = 0; i < plan->axes[a].n; i++)
				fprintf(m, "%s%s", i ? sep : "", plan->axes[a].values[i]);
			fclose(m);
			fputs(" --axis ", f);
			shell_word(f, ax);
			free(ax);
		}
		fputs(" -o ", f);
		shell_word(f, dir);
		fprintf(f, " -q --job %d\n", p);
	}
	if (fclose(f) || rename(tmp, path)) {
		snprintf(err, errn, "--emit-jobs %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
