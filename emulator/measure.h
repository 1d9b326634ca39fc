/*
 * measure — clocks, a latency histogram, machine load, and the CSV every run writes.
 *
 * The histogram is log-linear (128 sub-buckets per power of two: under 1% relative error) so
 * recording is a few instructions and needs no allocation on the hot path. CSV rows follow the
 * simulator's contract (DESIGN §5): tidy long format through libcsv, every metric's name and
 * unit from the schema vriosim shares (common/metrics.def).
 */
#ifndef VRIOEMU_MEASURE_H
#define VRIOEMU_MEASURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "metric_schema.h"

static inline uint64_t measure_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
/* Wall time (monotonic) and the calling thread's CPU time, in ns. */
static inline uint64_t measure_now(void) { return measure_ns(CLOCK_MONOTONIC); }
static inline uint64_t measure_thread_cpu(void) { return measure_ns(CLOCK_THREAD_CPUTIME_ID); }

#define HIST_SUB_BITS 7
#define HIST_BUCKETS ((64 - HIST_SUB_BITS + 1) << HIST_SUB_BITS)
struct hist {
	uint64_t count;
	uint64_t sum;   /* ns, for the mean */
	uint64_t max;
	uint32_t b[HIST_BUCKETS];
};
void hist_add(struct hist *h, uint64_t v);
void hist_merge(struct hist *into, const struct hist *from);
/* The value below which a fraction @q of samples lie (bucket midpoint), 0 when empty. */
double hist_quantile(const struct hist *h, double q);

/* A machine whose CPUs were more than this share busy (measure_cpu_used) just before a
 * measurement is busy: the measurement is flagged, and calibration retries or leaves it out. */
#define MEASURE_BUSY_SHARE 0.15

/* The 1-minute load average, or -1. */
double measure_loadavg(void);
/* Fraction of all CPUs' time spent non-idle over the next @ms milliseconds (/proc/stat), or -1.
 * Sampled before a run starts: anything above a few percent competes with our pinned threads.
 * (The load average lags by minutes, so a run right after another would look busy.) */
double measure_cpu_used(int ms);

/* A CSV results file: "# <stamp>" (emu_version(): "vrioemu <version> (<git rev>)"), the
 * header, then one row per metric. */
struct csvout {
	FILE *f;
	char run_id[64];
	char scenario[64];
	char model[32];
	unsigned long seed;
};
/* @path "-" writes to stdout. 0 or negative errno. */
int csvout_open(struct csvout *c, const char *path, const char *stamp);
/* One row: @id's name and unit from the schema (common/metrics.def), never free text. */
void csvout_row(struct csvout *c, enum metric_id id, double value);
int csvout_close(struct csvout *c);

#endif
