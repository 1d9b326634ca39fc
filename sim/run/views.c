/*
 * views — per-VM, per-host and per-stage accumulators and the time series in the child, and
 * their join.
 */
#define _GNU_SOURCE
#include "views.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "version.h"

/* The latency histogram: bins of ratio 1.04 from 10 ns, up to ~100 s (what lies beyond counts
 * in the last bin). */
#define HIST_BINS 600
#define HIST_MIN_S 1e-8
#define HIST_RATIO 1.04

/* One VM's or one VMhost's completions in the window. */
struct acc {
	uint64_t n;        /* completions */
	double lat_s;      /* their latencies' sum (s) */
	double bytes;      /* their payload, both ways */
	uint32_t *hist;    /* HIST_BINS counts (into struct views' store) */
};

struct views {
	double t0, t1;                /* the measured window */
	int n_vms, n_hosts;           /* accumulators */
	int *vm_host;                 /* VM v is on VMhost vm_host[v] */
	struct acc *vm, *host;        /* n_vms, n_hosts */
	uint32_t *store;              /* every histogram */
	double stage_s[VS_STAGES];    /* the completions' stages summed (s) */
	uint64_t n;                   /* completions in the window */
	struct vs_series *series;     /* the time series' intervals so far (run.series_ms) */
	int n_series, cap_series;
	int error;                    /* no memory for a series row: -ENOMEM */
};

struct views *views_new(const struct vs_params *p)
{
	struct views *v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->t0 = p->warmup_s;
	v->t1 = p->duration_s;
	v->n_hosts = p->vmhosts;
	v->n_vms = vs_total_vms(p);
	v->vm = calloc((size_t)v->n_vms, sizeof(*v->vm));
	v->vm_host = calloc((size_t)v->n_vms, sizeof(*v->vm_host));
	v->host = calloc((size_t)v->n_hosts, sizeof(*v->host));
	v->store = calloc((size_t)(v->n_vms + v->n_hosts) * HIST_BINS, sizeof(*v->store));
	if (!v->vm || !v->vm_host || !v->host || !v->store) {
		views_free(v);
		return NULL;
	}
	for (int i = 0; i < v->n_vms; i++)
		v->vm[i].hist = v->store + (size_t)i * HIST_BINS;
	for (int h = 0; h < v->n_hosts; h++) {
		v->host[h].hist = v->store + (size_t)(v->n_vms + h) * HIST_BINS;
		struct vs_host vh;
		vs_host(p, h, &vh);
		for (int k = 0; k < vh.vms; k++)
			v->vm_host[vh.first_vm + k] = h;
	}
	return v;
}

void views_free(struct views *v)
{
	if (!v)
		return;
	free(v->vm);
	free(v->vm_host);
	free(v->host);
	free(v->store);
	free(v->series);
	free(v);
}

static int bin_of(double s)
{
	if (!(s > HIST_MIN_S))
		return 0;
	int b = (int)(log(s / HIST_MIN_S) / log(HIST_RATIO));
	return b < HIST_BINS ? b : HIST_BINS - 1;
}

static void add(struct acc *a, double lat, double bytes, int bin)
{
	a->n++;
	a->lat_s += lat;
	a->bytes += bytes;
	a->hist[bin]++;
}

void views_done(void *ctx, const struct vs_completion *c)
{
	struct views *v = ctx;
	/* The window rule of the meter: completions from warm-up to the end, both included. */
	if (c->t_done < v->t0 || c->t_done > v->t1 || c->vm < 0 || c->vm >= v->n_vms)
		return;
	double lat = c->t_done - c->t_issue, bytes = (double)c->bytes + c->resp_bytes;
	int bin = bin_of(lat);
	add(&v->vm[c->vm], lat, bytes, bin);
	add(&v->host[v->vm_host[c->vm]], lat, bytes, bin);
	for (int s = 0; s < VS_STAGES; s++)
		v->stage_s[s] += c->stage_s[s];
	v->n++;
}

void views_series(void *ctx, const struct vs_series *row)
{
	struct views *v = ctx;
	if (v->n_series == v->cap_series) {
		int cap = v->cap_series ? 2 * v->cap_series : 256;
		struct vs_series *m = realloc(v->series, (size_t)cap * sizeof(*m));
		if (!m) {
			v->error = -ENOMEM;
			return;
		}
		v->series = m;
		v->cap_series = cap;
	}
	v->series[v->n_series++] = *row;
}

/* The p99 of @a (s): the middle of the bin where the count reaches 99%. */
static double p99(const struct acc *a)
{
	if (!a->n)
		return 0;
	uint64_t want = (uint64_t)ceil(0.99 * (double)a->n), seen = 0;
	int b = 0;
	for (; b < HIST_BINS - 1; b++)
		if ((seen += a->hist[b]) >= want)
			break;
	return HIST_MIN_S * pow(HIST_RATIO, b + 0.5);
}

static void put_acc(FILE *f, const struct acc *a, double window)
{
	fprintf(f, ",%llu,%.10g,%.10g,%.10g,%.10g\n", (unsigned long long)a->n, a->n / window,
		a->bytes * 8 / window / 1e9, a->n ? a->lat_s / a->n * 1e6 : 0, p99(a) * 1e6);
}

int views_write_part(const struct views *v, int fd, const char *model, int replication)
{
	if (v->error) {
		errno = -v->error;
		return -1;
	}
	int d = dup(fd);
	FILE *f = d >= 0 ? fdopen(d, "w") : NULL;
	if (!f) {
		int e = errno;
		if (d >= 0)
			close(d);
		errno = e;
		return -1;
	}
	double window = v->t1 - v->t0;
	for (int i = 0; i < v->n_vms; i++) {
		fprintf(f, "vm,%s,%d,%d,%d", model, replication, i, v->vm_host[i]);
		put_acc(f, &v->vm[i], window);
	}
	for (int h = 0; h < v->n_hosts; h++) {
		fprintf(f, "host,%s,%d,%d", model, replication, h);
		put_acc(f, &v->host[h], window);
	}
	for (int s = 0; s < VS_STAGES; s++)
		fprintf(f, "stage,%s,%d,%s,%.17g,%llu\n", model, replication, vs_stage_names[s],
			v->stage_s[s], (unsigned long long)v->n);
	for (int i = 0; i < v->n_series; i++) {
		const struct vs_series *r = &v->series[i];
		fprintf(f, "series,%s,%d,%.6f,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.6f,%.6f,%d\n", model,
			replication, r->t_s, r->throughput_rps, r->throughput_gbps, r->latency_p50_us,
			r->latency_p99_us, r->inflight, r->drops, r->util_vm_cores, r->util_sidecores,
			r->active_sidecores);
	}
	int e = ferror(f) ? EIO : 0;
	if (fflush(f) && !e)
		e = errno;
	if (fclose(f) && !e)
		e = errno;
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

/* ======================= the join ======================= */

/* What the fill callbacks share. */
struct join {
	const int *parts;      /* the parts (open files), in run order */
	int n;                 /* how many */
	const char *tag;       /* "vm", "host" or "series": the rows to copy */
};

static void stamp(FILE *f) { fprintf(f, "# %s\n", version_string()); }

/* Part @fd from its start, for reading (its own descriptor: closing it leaves @fd open). */
static FILE *part_open(int fd)
{
	int d = dup(fd);
	if (d < 0)
		return NULL;
	/* dup shares the offset: rewinding here rewinds the part for the next reader too */
	FILE *in = lseek(d, 0, SEEK_SET) == 0 ? fdopen(d, "r") : NULL;
	if (!in)
		close(d);
	return in;
}

/* Copy the rows tagged j->tag, without the tag. */
static int fill_rows(FILE *f, void *ctx)
{
	const struct join *j = ctx;
	stamp(f);
	if (!strcmp(j->tag, "series"))
		fputs("model,replication,t_s,throughput_rps,throughput_gbps,latency_p50_us,"
		      "latency_p99_us,inflight,drops,util_vm_cores,util_sidecores,active_sidecores\n", f);
	else if (!strcmp(j->tag, "vm"))
		fputs("model,replication,vm,vmhost,completed,throughput_rps,throughput_gbps,"
		      "latency_mean_us,latency_p99_us\n", f);
	else
		fputs("model,replication,vmhost,completed,throughput_rps,throughput_gbps,"
		      "latency_mean_us,latency_p99_us\n", f);
	size_t tl = strlen(j->tag);
	char line[512];
	for (int i = 0; i < j->n; i++) {
		FILE *in = part_open(j->parts[i]);
		if (!in)
			return -1;
		while (fgets(line, sizeof(line), in))
			if (!strncmp(line, j->tag, tl) && line[tl] == ',')
				fputs(line + tl + 1, f);
		fclose(in);
	}
	return ferror(f) ? -1 : 0;
}

/* The stage means per model, over every run's completions, in the order models come. */
static int fill_stages(FILE *f, void *ctx)
{
	const struct join *j = ctx;
	stamp(f);
	fputs("model,stage,mean_us,share\n", f);
	char models[VS_MAX_MODELS][64];
	double sum[VS_MAX_MODELS][VS_STAGES] = { { 0 } }, n[VS_MAX_MODELS] = { 0 };
	int n_models = 0;
	char line[512];
	for (int i = 0; i < j->n; i++) {
		FILE *in = part_open(j->parts[i]);
		if (!in)
			return -1;
		while (fgets(line, sizeof(line), in)) {
			char model[64], stage[64];
			int rep;
			double s;
			unsigned long long cnt;
			if (strncmp(line, "stage,", 6) ||
			    sscanf(line + 6, "%63[^,],%d,%63[^,],%lf,%llu", model, &rep, stage, &s, &cnt) != 5)
				continue;
			int m = 0;
			while (m < n_models && strcmp(models[m], model))
				m++;
			if (m == n_models) {
				if (n_models == VS_MAX_MODELS)
					continue;
				snprintf(models[n_models++], sizeof(models[0]), "%s", model);
			}
			for (int k = 0; k < VS_STAGES; k++)
				if (!strcmp(stage, vs_stage_names[k])) {
					sum[m][k] += s;
					if (k == 0)
						n[m] += (double)cnt;
				}
		}
		fclose(in);
	}
	for (int m = 0; m < n_models; m++) {
		double total = 0;
		for (int k = 0; k < VS_STAGES; k++)
			total += sum[m][k];
		for (int k = 0; k < VS_STAGES; k++)
			fprintf(f, "%s,%s,%.10g,%.6f\n", models[m], vs_stage_names[k],
				n[m] ? sum[m][k] / n[m] * 1e6 : 0, total > 0 ? sum[m][k] / total : 0);
	}
	return ferror(f) ? -1 : 0;
}

/* Does any part have a time series? */
static bool has_series(const int *parts, int n)
{
	char line[512];
	bool any = false;
	for (int i = 0; i < n && !any; i++) {
		FILE *in = part_open(parts[i]);
		while (in && !any && fgets(line, sizeof(line), in))
			any = !strncmp(line, "series,", 7);
		if (in)
			fclose(in);
	}
	return any;
}

int views_join(const char *dir, const int *parts, int n, char *err, size_t errn)
{
	static const char *const files[] = { "per_vm.csv", "per_host.csv", "stages.csv",
					     "series.csv" };
	static const char *const tags[] = { "vm", "host", NULL, "series" };
	struct join j = { parts, n, NULL };
	for (int i = 0; i < 4; i++) {
		if (i == 3 && !has_series(parts, n))
			break;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		j.tag = tags[i];
		if (fs_atomic_write(path, tags[i] ? fill_rows : fill_stages, &j)) {
			snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}
