/*
 * views — what a run shows beyond its summary, gathered in the simulation child from the
 * completions inside the measured window and the time series (an observer), written to an
 * unnamed part file per run and joined by the parent, as the per-request trace is:
 *
 *   DIR/per_vm.csv    model,replication,vm,vmhost,completed,throughput_rps,throughput_gbps,
 *                     latency_mean_us,latency_p99_us        one row per VM and run
 *   DIR/per_host.csv  model,replication,vmhost,<the same>    one row per VMhost and run
 *   DIR/stages.csv    model,stage,mean_us,share               the latency by stage (the
 *                     per-request trace's columns), mean over the runs' completions
 *   DIR/series.csv    model,replication,t_s,throughput_rps,throughput_gbps,latency_p50_us,
 *                     latency_p99_us,inflight,drops,util_vm_cores,util_sidecores,
 *                     active_sidecores,trap_queues           one row per interval and run,
 *                     with run.series_ms > 0 only (struct vs_series says what each is)
 *
 * Throughput in Gb/s counts each completed request's payload both ways (request and
 * response). The p99 comes from a log histogram of 4% bins (the bin's geometric middle): exact
 * enough to compare VMs, cheap enough to keep per VM. Jain's fairness over the VMs is a metric
 * of the summary (fairness_jain).
 */
#ifndef VRIOSIM_VIEWS_H
#define VRIOSIM_VIEWS_H

#include <stddef.h>
#include <stdint.h>

#include "vriosim.h"

/* The child's side: its accumulators (one per VM and per VMhost) and the stage sums. */
struct views;

/* For a run of @p: NULL when there is no memory. */
struct views *views_new(const struct vs_params *p);
void views_free(struct views *v);
/* The observer's callback (ctx: the struct views). */
void views_done(void *ctx, const struct vs_completion *c);
/* The observer's time series callback (ctx: the struct views). */
void views_series(void *ctx, const struct vs_series *row);
/* Write the part of run (@model, @replication) to @fd (an open file: at its offset). 0, or -1
 * with errno. */
int views_write_part(const struct views *v, int fd, const char *model, int replication);

/* The parent's side: join the @n parts (open files, in run order) into DIR's per_vm.csv,
 * per_host.csv, stages.csv and, when the runs had a time series, series.csv (each
 * atomically). 0, or -1 with @err. */
int views_join(const char *dir, const int *parts, int n, char *err, size_t errn);

#endif
