/* calibrate — see calibrate.h. */
#define _GNU_SOURCE
#include "calibrate.h"

#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "results.h"

int cal_fit_line(const double *x, const double *y, size_t n, int linear, struct cal_fit *f)
{
	memset(f, 0, sizeof(*f));
	f->n = n;
	f->linear = linear;
	if (n < 3)
		return -1;
	double mean = gsl_stats_mean(y, 1, n);
	double sst = 0;
	for (size_t i = 0; i < n; i++)
		sst += (y[i] - mean) * (y[i] - mean);
	if (!linear) {
		f->a = mean;
		f->se_a = gsl_stats_sd_m(y, 1, n, mean) / sqrt((double)n);
		f->r2 = 0; /* a constant explains none of the variance, by definition */
		return 0;
	}
	if (gsl_stats_variance(x, 1, n) <= 0)
		return -1;
	double cov00, cov01, cov11, sumsq;
	if (gsl_fit_linear(x, 1, y, 1, n, &f->a, &f->b, &cov00, &cov01, &cov11, &sumsq))
		return -1;
	/* gsl_fit_linear's covariance already carries the residual variance sumsq/(n-2). */
	f->se_a = sqrt(cov00);
	f->se_b = sqrt(cov11);
	f->r2 = sst > 0 ? 1 - sumsq / sst : 1;
	return 0;
}

/* ---- the input ---- */

enum cal_op { OP_SIDECORE, OP_VHOST, OP_POLL, OP_WAKEUP, OP_VRIO, OP_LAT_SIDECORE, OP_LAT_TRAP,
	      OP_LAT_VRIO, OP_CLAIM, OP_PASS, OP_SIDECORE_P50,
	      OP_RING, OP_KICK, OP_WIRE, OP_INTERPOSE, OP_SIDECORE_WARM, OP_COUNT };
static const struct {
	const char *name;
	int linear;        /* 1 a + b*x, 0 the mean, -1 a line when x varies, else the mean */
	const char *x;     /* the regressor column */
	const char *what;  /* for the [fit] comment */
} ops[OP_COUNT] = {
	[OP_SIDECORE] = { "sidecore_frame", true, "bytes", "sidecore TX work ns per frame (tap write path)" },
	[OP_VHOST] = { "vhost_frame", true, "bytes", "trap-mode I/O thread busy ns per frame" },
	[OP_POLL] = { "poll_scan", true, "queues", "ns per polling pass over N queues whose index moved" },
	[OP_WAKEUP] = { "wakeup", false, "-", "eventfd cross-core wake-up, write to return of read, ns" },
	[OP_VRIO] = { "vrio_frame", true, "bytes", "vRIO IOhost core busy ns per frame (decap + tap)" },
	[OP_LAT_SIDECORE] = { "latency_sidecore", true, "bytes", "sidecore mode p50 frame latency, ns" },
	[OP_LAT_TRAP] = { "latency_trap", true, "bytes", "trap mode p50 frame latency, ns" },
	[OP_LAT_VRIO] = { "latency_vrio", true, "bytes", "vrio mode p50 frame latency, ns" },
	[OP_SIDECORE_P50] = { "sidecore_frame_p50", true, "bytes", "median sidecore TX work ns per frame" },
	[OP_SIDECORE_WARM] = { "sidecore_frame_warm", true, "bytes", "sidecore TX work ns per frame at saturation (never idle: warm)" },
	[OP_RING] = { "ring_op", false, "-", "one request through a split ring on one core (add, pop, push, reap), ns" },
	[OP_KICK] = { "kick", false, "-", "a kick's eventfd write, nobody waiting (the exit before it: not measured), ns" },
	[OP_WIRE] = { "wire_frame", true, "bytes", "vrio: mean ns to send one frame over the veth (the VF and wire stand-in)" },
	[OP_INTERPOSE] = { "interpose", false, "-", "vrio: the IOhost's interposition hook with no added cost (a header check), ns" },
	[OP_PASS] = { "poll_pass", -1, "queues", "sidecore polling pass that found nothing (its RX check), ns" },
	[OP_CLAIM] = { "rx_claim", false, "-", "descriptor claim (atomic fetch-add) on a head two cores share, ns" },
};

#define CAL_MAX_ROWS 100000
struct cal_in {
	const char *file;
	int line;
	char err[512];
	bool failed;
	/* the current row */
	int field;
	char f[9][256];
	bool header_done;
	/* data */
	double *x[OP_COUNT], *y[OP_COUNT];
	size_t n[OP_COUNT];
	size_t rows, busy_rows;
	char host[128], cpu_model[256], kernel[128], date[64], stamp[128];
	double ghz;
};

static const char *const header[] = { "op", "mode", "queues", "bytes", "rep", "value", "unit",
				      "loadavg", "busy" };

static void on_field(void *s, size_t len, void *ctx)
{
	struct cal_in *c = ctx;
	if (c->field < 9)
		snprintf(c->f[c->field], sizeof(c->f[0]), "%.*s", (int)(len < 255 ? len : 255),
			 s ? (const char *)s : "");
	c->field++;
}

static bool num(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return *s && !*end && !errno && isfinite(*v);
}

static void bad(struct cal_in *c, const char *key, const char *what)
{
	if (c->failed)
		return;
	snprintf(c->err, sizeof(c->err), "%s:%d: %s: %s", c->file, c->line, key, what);
	c->failed = true;
}

static void on_row(int term, void *ctx)
{
	(void)term;
	struct cal_in *c = ctx;
	int nf = c->field;
	c->field = 0;
	if (c->failed)
		return;
	if (!c->header_done) {
		for (int i = 0; i < 9; i++)
			if (nf != 9 || strcmp(c->f[i], header[i])) {
				bad(c, "header", "expected op,mode,queues,bytes,rep,value,unit,loadavg,busy");
				return;
			}
		c->header_done = true;
		return;
	}
	if (nf != 9) {
		bad(c, "row", "expected 9 fields");
		return;
	}
	int op = -1;
	for (int i = 0; i < OP_COUNT; i++)
		if (!strcmp(c->f[0], ops[i].name))
			op = i;
	if (op < 0) {
		bad(c, "op", "unknown operation (sidecore_frame, vhost_frame, poll_scan, wakeup, "
			     "vrio_frame, latency_sidecore, latency_trap, latency_vrio, rx_claim, poll_pass, "
			     "sidecore_frame_p50, ring_op, kick, wire_frame, interpose, sidecore_frame_warm)");
		return;
	}
	double q, b, v, load, busy;
	if (!num(c->f[2], &q) || q < 1 || q > 4096 || q != floor(q))
		return bad(c, "queues", "an integer 1..4096");
	if (!num(c->f[3], &b) || b < 0 || b > 65536 || b != floor(b))
		return bad(c, "bytes", "an integer 0..65536");
	if (!num(c->f[5], &v) || v <= 0 || v > 1e9)
		return bad(c, "value", "a positive number of ns (<= 1e9)");
	if (strcmp(c->f[6], "ns"))
		return bad(c, "unit", "ns");
	if (!num(c->f[7], &load) || load < 0)
		return bad(c, "loadavg", "a non-negative number");
	if (!num(c->f[8], &busy) || (busy != 0 && busy != 1))
		return bad(c, "busy", "0 or 1");
	if (c->rows >= CAL_MAX_ROWS)
		return bad(c, "row", "too many rows (100000 at most)");
	if (!c->x[op]) {
		c->x[op] = malloc(CAL_MAX_ROWS * sizeof(double));
		c->y[op] = malloc(CAL_MAX_ROWS * sizeof(double));
		if (!c->x[op] || !c->y[op])
			return bad(c, "row", "out of memory");
	}
	c->x[op][c->n[op]] = strcmp(ops[op].x, "queues") ? b : q;
	c->y[op][c->n[op]++] = v;
	c->rows++;
	c->busy_rows += busy > 0;
}

/* "# key=value" lines carry the machine; the first '#' line is the stamp. */
static void stamp_line(struct cal_in *c, char *line)
{
	line[strcspn(line, "\r\n")] = 0;
	char *p = line + 1;
	while (*p == ' ')
		p++;
	char *eq = strchr(p, '=');
	if (!eq) {
		if (!c->stamp[0])
			snprintf(c->stamp, sizeof(c->stamp), "%s", p);
		return;
	}
	*eq = 0;
	const char *v = eq + 1;
	if (!strcmp(p, "host"))
		snprintf(c->host, sizeof(c->host), "%s", v);
	else if (!strcmp(p, "cpu_model"))
		snprintf(c->cpu_model, sizeof(c->cpu_model), "%s", v);
	else if (!strcmp(p, "kernel"))
		snprintf(c->kernel, sizeof(c->kernel), "%s", v);
	else if (!strcmp(p, "date"))
		snprintf(c->date, sizeof(c->date), "%s", v);
	else if (!strcmp(p, "cpu_ghz")) {
		double g;
		if (!num(v, &g) || g < 0.1 || g > 20)
			bad(c, "cpu_ghz", "a clock in GHz, 0.1..20");
		else
			c->ghz = g;
	}
}

static int read_input(struct cal_in *c)
{
	FILE *f = fopen(c->file, "r");
	if (!f) {
		snprintf(c->err, sizeof(c->err), "%s: cannot open (%s)", c->file, strerror(errno));
		return -1;
	}
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
	char line[8192];
	bool data = false;
	while (!c->failed && fgets(line, sizeof(line), f)) {
		c->line++;
		if (!data && line[0] == '#') {
			stamp_line(c, line);
			continue;
		}
		data = true;
		if (line[strspn(line, " \t\r\n")] == 0)
			continue;
		size_t n = strlen(line);
		if (csv_parse(&p, line, n, on_field, on_row, c) != n)
			bad(c, "row", csv_strerror(csv_error(&p)));
	}
	if (!c->failed && csv_fini(&p, on_field, on_row, c))
		bad(c, "row", "malformed CSV at the end of the file");
	csv_free(&p);
	fclose(f);
	if (!c->failed && !c->header_done)
		bad(c, "header", "no header line (op,mode,queues,bytes,rep,value,unit,loadavg,busy)");
	return c->failed ? -1 : 0;
}

/* The clock from /proc/cpuinfo ("cpu MHz"), when the CSV does not say. */
static double cpuinfo_ghz(char *model, size_t mn)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	double mhz = 0;
	char line[512];
	while (f && fgets(line, sizeof(line), f)) {
		double v;
		if (!mhz && sscanf(line, "cpu MHz : %lf", &v) == 1)
			mhz = v;
		if (!model[0] && !strncmp(line, "model name", 10) && strchr(line, ':')) {
			char *s = strchr(line, ':') + 2;
			s[strcspn(s, "\n")] = 0;
			snprintf(model, mn, "%s", s);
		}
	}
	if (f)
		fclose(f);
	return mhz / 1000;
}

/* ---- the output ---- */

struct cal_out {
	struct cal_in *in;
	struct cal_fit fit[OP_COUNT];
	bool have[OP_COUNT];
};

static int write_profile(FILE *f, void *ctx)
{
	struct cal_out *o = ctx;
	const struct cal_in *c = o->in;
	double g = c->ghz;
	fprintf(f, "; vriosim calibration profile: fitted by `vriosim calibrate %s`\n", c->file);
	fprintf(f, "; %s. Include it from a scenario with [costs] profile = <this file>.\n",
		results_version());
	fprintf(f, "; Least squares (GSL gsl_fit_linear) on the emulator's per-operation measurements.\n\n");
	fprintf(f, "[profile]\n");
	fprintf(f, "source = %s\n", c->file);
	fprintf(f, "stamp = %s\n", c->stamp);
	fprintf(f, "host = %s\n", c->host[0] ? c->host : "unknown");
	fprintf(f, "cpu_model = %s\n", c->cpu_model[0] ? c->cpu_model : "unknown");
	fprintf(f, "cpu_ghz = %.4f\n", g);
	fprintf(f, "kernel = %s\n", c->kernel[0] ? c->kernel : "unknown");
	fprintf(f, "measured = %s\n", c->date[0] ? c->date : "unknown");
	fprintf(f, "rows = %zu\n", c->rows);
	fprintf(f, "rows_on_busy_machine = %zu\n", c->busy_rows);
	/* Kept under libinih's 200-character line limit. */
	fprintf(f, "not_measured = exit_direct_cycles exit_indirect_cycles notify_cycles "
		   "irq_inject_cycles eoi_cycles guest_irq_cycles\n");
	fprintf(f, "not_measured_why = VM exits and interrupt injection cannot be measured here "
		   "(no hardware virtualization): they remain literature values\n");
	fprintf(f, "\n[costs]\n");
	if (o->have[OP_SIDECORE]) {
		fprintf(f, "sidecore_req_cycles = %.1f\n", fmax(0, o->fit[OP_SIDECORE].a) * g);
		fprintf(f, "sidecore_byte_cycles = %.4f\n", fmax(0, o->fit[OP_SIDECORE].b) * g);
	}
	if (o->have[OP_VHOST]) {
		fprintf(f, "vhost_req_cycles = %.1f\n", fmax(0, o->fit[OP_VHOST].a) * g);
		fprintf(f, "vhost_byte_cycles = %.4f\n", fmax(0, o->fit[OP_VHOST].b) * g);
	}
	if (o->have[OP_POLL])
		fprintf(f, "poll_queue_ns = %.3f\n", fmax(0, o->fit[OP_POLL].b));
	if (o->have[OP_WAKEUP])
		fprintf(f, "wakeup_us = %.4f\n", o->fit[OP_WAKEUP].a / 1000);
	if (o->have[OP_PASS])
		fprintf(f, "poll_pass_ns = %.1f\n", o->fit[OP_PASS].a);
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_WARM] && o->fit[OP_SIDECORE].a > 0) {
		/* The per-frame part of the work, warm over cold (the byte part is a copy). */
		double r = o->fit[OP_SIDECORE_WARM].a / o->fit[OP_SIDECORE].a;
		fprintf(f, "sidecore_warm_ratio = %.4f\n", r < 0.01 ? 0.01 : r > 1 ? 1 : r);
	}
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_P50]) {
		/* Per-frame work is skewed (its mean is above its median): lognormal, whose
		 * mean/median = exp(sigma^2 / 2), from the measured means over the medians. */
		double r = gsl_stats_mean(c->y[OP_SIDECORE], 1, c->n[OP_SIDECORE]) /
			   gsl_stats_mean(c->y[OP_SIDECORE_P50], 1, c->n[OP_SIDECORE_P50]);
		if (r > 1)
			fprintf(f, "sidecore_dist = lognormal\nsidecore_sigma = %.4f\n", sqrt(2 * log(r)));
		else
			fprintf(f, "sidecore_dist = const\n");
	}
	if (o->have[OP_CLAIM])
		fprintf(f, "rx_claim_ns = %.3f\n", o->fit[OP_CLAIM].a);
	fprintf(f, "\n[fit]\n");
	fprintf(f, "; per fit: y = a + b*x in ns; standard errors from the residuals; R^2; n points\n");
	for (int i = 0; i < OP_COUNT; i++) {
		if (!o->have[i])
			continue;
		const struct cal_fit *t = &o->fit[i];
		fprintf(f, "%s = %s\n", ops[i].name, ops[i].what);
		fprintf(f, "%s_x = %s\n", ops[i].name, ops[i].x);
		fprintf(f, "%s_a_ns = %.4f\n%s_a_se = %.4f\n", ops[i].name, t->a, ops[i].name, t->se_a);
		if (t->linear)
			fprintf(f, "%s_b_ns = %.6f\n%s_b_se = %.6f\n%s_r2 = %.4f\n", ops[i].name, t->b,
				ops[i].name, t->se_b, ops[i].name, t->r2);
		fprintf(f, "%s_n = %zu\n", ops[i].name, t->n);
	}
	return ferror(f) ? -1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vriosim calibrate MEASURED.csv -o PROFILE.ini\n"
		   "  fit the emulator's measurements (vrioemu calibrate -o MEASURED.csv) into a cost\n"
		   "  profile: [costs] keys in cycles at the measured clock, [fit] with standard errors\n"
		   "  and R^2, [profile] with the machine. Include it with [costs] profile = FILE.\n");
}

int cli_calibrate(int argc, char **argv)
{
	static const struct option lo[] = { { "out", required_argument, NULL, 'o' },
					    { "help", no_argument, NULL, 'h' },
					    { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "vriosim calibrate: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (argc - optind != 1 || !out) {
		fprintf(stderr, "vriosim calibrate: expected MEASURED.csv and -o PROFILE.ini\n");
		return 2;
	}
	static struct cal_in in;
	memset(&in, 0, sizeof(in));
	in.file = argv[optind];
	int rc = 2;
	struct cal_out o = { .in = &in };
	if (read_input(&in)) {
		fprintf(stderr, "%s\n", in.err);
		goto done;
	}
	if (!in.ghz)
		in.ghz = cpuinfo_ghz(in.cpu_model, sizeof(in.cpu_model));
	if (!(in.ghz > 0)) {
		fprintf(stderr, "%s:%d: cpu_ghz: not in the file and not in /proc/cpuinfo\n", in.file, 1);
		goto done;
	}
	int fitted = 0;
	for (int i = 0; i < OP_COUNT; i++) {
		if (!in.n[i])
			continue;
		int linear = ops[i].linear;
		if (linear < 0)
			linear = in.n[i] > 1 && gsl_stats_variance(in.x[i], 1, in.n[i]) > 0;
		if (cal_fit_line(in.x[i], in.y[i], in.n[i], linear, &o.fit[i])) {
			fprintf(stderr, "%s:%d: %s: cannot fit (%zu rows; need 3 or more%s)\n", in.file,
				in.line, ops[i].name, in.n[i],
				linear ? " over at least two distinct x" : "");
			goto done;
		}
		o.have[i] = true;
		fitted++;
	}
	if (!fitted) {
		fprintf(stderr, "%s:%d: op: no measurements\n", in.file, in.line);
		goto done;
	}
	if (results_atomic_write(out, write_profile, &o)) {
		fprintf(stderr, "vriosim calibrate: -o %s: cannot write (%s)\n", out, strerror(errno));
		rc = 1;
		goto done;
	}
	rc = 0;
done:
	for (int i = 0; i < OP_COUNT; i++) {
		free(in.x[i]);
		free(in.y[i]);
	}
	return rc;
}
