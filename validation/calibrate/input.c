/*
 * input — reading the measurements (see input.h).
 */
#define _GNU_SOURCE
#include "input.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

#define CAL_MAX_ROWS 100000

const struct cal_op_def cal_ops[OP_COUNT] = {
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

static const char *const header[] = { "op", "mode", "queues", "bytes", "rep", "value", "unit",
				      "loadavg", "busy" };

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

/* One measurement; a check failure stops the read. */
static void measurement(struct cal_in *c, char *const *f)
{
	int op = -1;
	for (int i = 0; i < OP_COUNT; i++)
		if (!strcmp(f[0], cal_ops[i].name))
			op = i;
	if (op < 0) {
		bad(c, "op", "unknown operation (sidecore_frame, vhost_frame, poll_scan, wakeup, "
			     "vrio_frame, latency_sidecore, latency_trap, latency_vrio, rx_claim, poll_pass, "
			     "sidecore_frame_p50, ring_op, kick, wire_frame, interpose, sidecore_frame_warm)");
		return;
	}
	double q, b, v, load, busy;
	if (!num(f[2], &q) || q < 1 || q > 4096 || q != floor(q))
		return bad(c, "queues", "an integer 1..4096");
	if (!num(f[3], &b) || b < 0 || b > 65536 || b != floor(b))
		return bad(c, "bytes", "an integer 0..65536");
	if (!num(f[5], &v) || v <= 0 || v > 1e9)
		return bad(c, "value", "a positive number of ns (<= 1e9)");
	if (strcmp(f[6], "ns"))
		return bad(c, "unit", "ns");
	if (!num(f[7], &load) || load < 0)
		return bad(c, "loadavg", "a non-negative number");
	if (!num(f[8], &busy) || (busy != 0 && busy != 1))
		return bad(c, "busy", "0 or 1");
	if (c->rows >= CAL_MAX_ROWS)
		return bad(c, "row", "too many rows (100000 at most)");
	if (!c->x[op]) {
		c->x[op] = malloc(CAL_MAX_ROWS * sizeof(double));
		c->y[op] = malloc(CAL_MAX_ROWS * sizeof(double));
		c->busy[op] = malloc(CAL_MAX_ROWS * sizeof(bool));
		if (!c->x[op] || !c->y[op] || !c->busy[op])
			return bad(c, "row", "no memory for the rows of this operation");
	}
	c->x[op][c->n[op]] = strcmp(cal_ops[op].x, "queues") ? b : q;
	c->busy[op][c->n[op]] = busy > 0;
	c->y[op][c->n[op]++] = v;
	c->n_busy[op] += busy > 0;
	c->rows++;
	c->busy_rows += busy > 0;
}

static int on_row(void *ctx, char *const *f, int nf, int line)
{
	struct cal_in *c = ctx;
	c->line = line;
	if (!c->header_done) {
		for (int i = 0; i < 9; i++)
			if (nf != 9 || strcmp(f[i], header[i])) {
				bad(c, "header", "expected op,mode,queues,bytes,rep,value,unit,loadavg,busy");
				return -1;
			}
		c->header_done = true;
		return 0;
	}
	if (nf != 9)
		bad(c, "row", "expected 9 fields");
	else
		measurement(c, f);
	return c->failed ? -1 : 0;
}

/* "# key=value" lines carry the machine; the first '#' line is the stamp. */
static int on_stamp(void *ctx, const char *text, int line)
{
	struct cal_in *c = ctx;
	char buf[8192];
	c->line = line;
	snprintf(buf, sizeof(buf), "%s", text);
	char *p = buf;
	while (*p == ' ')
		p++;
	char *eq = strchr(p, '=');
	if (!eq) {
		if (!c->stamp[0])
			snprintf(c->stamp, sizeof(c->stamp), "%s", p);
		return 0;
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
	return c->failed ? -1 : 0;
}

int cal_read(struct cal_in *c)
{
	const char *file = c->file;
	memset(c, 0, sizeof(*c));
	c->file = file;
	struct csvio_reader rd = { .comment = on_stamp, .row = on_row, .ctx = c };
	struct csvio_pos pos;
	enum csvio_rc rc = csvio_each(c->file, &rd, &pos);
	c->line = pos.line;
	switch (rc) {
	case CSVIO_OK:
		break;
	case CSVIO_EREAD:
		csvio_strerror(c->file, rc, &pos, c->err, sizeof(c->err));
		c->failed = true;
		return -1;
	case CSVIO_ESYNTAX:
		bad(c, "row", pos.at_end ? "malformed CSV at the end of the file" : pos.syntax);
		return -1;
	case CSVIO_STOPPED:
		return -1; /* a callback said why */
	}
	if (!c->header_done)
		bad(c, "header", "no header line (op,mode,queues,bytes,rep,value,unit,loadavg,busy)");
	return c->failed ? -1 : 0;
}

void cal_in_free(struct cal_in *c)
{
	for (int i = 0; i < OP_COUNT; i++) {
		free(c->x[i]);
		free(c->y[i]);
		free(c->busy[i]);
		c->x[i] = c->y[i] = NULL;
		c->busy[i] = NULL;
	}
}

/* The clock from /proc/cpuinfo ("cpu MHz"), when the CSV does not say. */
double cal_cpuinfo_ghz(char *model, size_t mn)
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
