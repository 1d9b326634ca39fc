/*
 * report — every number vrioemu writes, through the one schema of metric names, units and
 * windows that vriosim shares (common/metrics.def). A metric is put by its schema name with
 * EMU_PUT: its name and unit come from the schema, and a name the schema lacks, or one the
 * schema does not give to vrioemu (MS_EMU, MS_BOTH), does not compile. Rates of the measured
 * window (MW_WINDOW) are counts of that window over its length, as vriosim's. Rows come out
 * in the schema's order.
 *
 * report_run() and report_bench() turn a run's (or bench's) counters into metrics; they are
 * pure, so the unit tests check what they write against the schema.
 */
#ifndef VRIOEMU_REPORT_H
#define VRIOEMU_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "guest.h"
#include "metric_schema.h"
#include "opts.h"
#include "poller.h"
#include "vnet.h"
#include "vrio.h"

/* The metrics of one run: at most one value per schema entry. */
struct emu_metrics {
	bool put[METRIC_COUNT];
	double v[METRIC_COUNT];
};

/* Who writes each metric, as constants, for EMU_PUT's compile-time check. */
enum emu_metric_who {
#define METRIC(name, unit, window, who, table, doc) EMU_WHO_##name = (who),
#include "metrics.def"
#undef METRIC
};

#define EMU_PUT(m, name, value)                                                             \
	do {                                                                                    \
		_Static_assert(EMU_WHO_##name & MS_EMU,                                             \
			       "metrics.def: " #name " is not marked as written by vrioemu");            \
		emu_metrics_put((m), METRIC_##name, (double)(value));                               \
	} while (0)

/* Put @id's value (for a metric chosen at run time): aborts, naming it, when the schema does
 * not give it to vrioemu or it was put already. Prefer EMU_PUT. */
void emu_metrics_put(struct emu_metrics *m, enum metric_id id, double v);
/* The value put for @id, or NAN. */
double emu_metrics_get(const struct emu_metrics *m, enum metric_id id);

/* The summary on @f: the shared metrics always, the others when not zero. */
void emu_metrics_print(const struct emu_metrics *m, FILE *f);
/* The CSV (measure.h): "# @stamp", the header, one row per metric. 0 or negative errno. */
int emu_metrics_write(const struct emu_metrics *m, const char *path, const char *stamp,
		      const char *run_id, const char *scenario, const char *model,
		      unsigned long seed);

/* Device-side totals over all guests. */
struct devtot {
	uint64_t tx_frames, rx_frames, irqs, irqs_suppressed, kicks_seen;
	uint64_t drops[VNET_DROP_COUNT];
	uint64_t tx_drops, rx_drops;
};
void devtot_sum(struct devtot *t, const struct vnet_dev *devs, unsigned n);

/* UDP counters of the peer's namespace (env_snmp; -1: unknown). */
struct snmp {
	long long udp_in, udp_rcvbuf, udp_inerr, udp_noports, ip_in;
};

/* What a run measured. */
struct run_report {
	const struct opts *o;
	const struct guest_stats *guest;
	const struct devtot *dev;
	const struct poller *poller;  /* elvis and trap: the I/O thread */
	const struct vrio *vrio;      /* vrio: the front end and the IOhost core */
	struct snmp peer0, peer1;     /* before and after */
	double load0, load1;          /* load average before and after */
	double cpu_used;              /* others' CPU use before the run */
	bool busy;                    /* ... over the threshold: numbers are suspect */
	int stale_removed;            /* namespaces of dead runs removed at setup */
};
void report_run(struct emu_metrics *m, const struct run_report *r);

/* What bench measured (frames/s). */
struct bench_report {
	double tap_pps;               /* raw tap write, one pinned thread */
	double afp_pps;               /* raw AF_PACKET send over the veth */
	double elvis_pps;             /* elvis forwarding, a streaming guest to its tap */
	double vrio_pps;              /* vrio forwarding, delivered to the IOhost's tap */
	unsigned frame;
	double load0, load1, cpu_used;
	bool busy;
};
void report_bench(struct emu_metrics *m, const struct bench_report *b);

#endif
