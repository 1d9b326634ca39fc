/* measure — see measure.h. */
#include "measure.h"

#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <string.h>

static unsigned bucket_of(uint64_t v)
{
	if (v < (1u << HIST_SUB_BITS))
		return (unsigned)v;
	unsigned e = 63u - (unsigned)__builtin_clzll(v); /* >= HIST_SUB_BITS */
	unsigned sub = (unsigned)(v >> (e - HIST_SUB_BITS)) & ((1u << HIST_SUB_BITS) - 1);
	return ((e - HIST_SUB_BITS + 1) << HIST_SUB_BITS) + sub;
}

static double bucket_mid(unsigned i)
{
	if (i < (1u << HIST_SUB_BITS))
		return i;
	unsigned e = (i >> HIST_SUB_BITS) + HIST_SUB_BITS - 1;
	unsigned sub = i & ((1u << HIST_SUB_BITS) - 1);
	double lo = ldexp((double)((1u << HIST_SUB_BITS) + sub), (int)(e - HIST_SUB_BITS));
	return lo + ldexp(0.5, (int)(e - HIST_SUB_BITS));
}

void hist_add(struct hist *h, uint64_t v)
{
	h->b[bucket_of(v)]++;
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

void hist_merge(struct hist *into, const struct hist *from)
{
	for (unsigned i = 0; i < HIST_BUCKETS; i++)
		into->b[i] += from->b[i];
	into->count += from->count;
	into->sum += from->sum;
	if (from->max > into->max)
		into->max = from->max;
}

double hist_quantile(const struct hist *h, double q)
{
	if (!h->count)
		return 0;
	uint64_t rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	uint64_t seen = 0;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank)
			return bucket_mid(i) < (double)h->max ? bucket_mid(i) : (double)h->max;
	}
	return (double)h->max;
}

double measure_loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static int cpu_sample(unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return -1;
	unsigned long long v[10] = {0};
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 5)
		return -1;
	*total = 0;
	for (int i = 0; i < 8; i++) /* guest time is already inside user time */
		*total += v[i];
	*busy = *total - v[3] - v[4]; /* minus idle and iowait */
	return 0;
}

double measure_cpu_used(int ms)
{
	unsigned long long b0, t0, b1, t1;
	if (cpu_sample(&b0, &t0))
		return -1;
	nanosleep(&(struct timespec){ms / 1000, (long)(ms % 1000) * 1000000L}, NULL);
	if (cpu_sample(&b1, &t1) || t1 == t0)
		return -1;
	return (double)(b1 - b0) / (double)(t1 - t0);
}

int csvout_open(struct csvout *c, const char *path, const char *stamp)
{
	c->f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!c->f)
		return -errno;
	fprintf(c->f, "# %s\n", stamp);
	fputs("run_id,scenario,model,seed,metric,value,unit\n", c->f);
	return 0;
}

void csvout_row(struct csvout *c, enum metric_id id, double value)
{
	const struct metric_def *d = metric_def(id);
	char seed[32], val[64];
	snprintf(seed, sizeof(seed), "%lu", c->seed);
	if (value == floor(value) && fabs(value) < 1e15)
		snprintf(val, sizeof(val), "%.0f", value);
	else
		snprintf(val, sizeof(val), "%.6g", value);
	csvio_put(c->f, c->run_id, false);
	csvio_put(c->f, c->scenario, false);
	csvio_put(c->f, c->model, false);
	csvio_put(c->f, seed, false);
	csvio_put(c->f, d->name, false);
	csvio_put(c->f, val, false);
	csvio_put(c->f, d->unit, true);
}

int csvout_close(struct csvout *c)
{
	if (!c->f)
		return 0;
	int rc = 0;
	if (fflush(c->f) || ferror(c->f))
		rc = -EIO;
	if (c->f != stdout && fclose(c->f))
		rc = -EIO;
	c->f = NULL;
	return rc;
}
