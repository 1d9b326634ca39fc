/*
 * simulate — SimGrid set-up for one run, and the models' results turned into a record.
 */
#define _GNU_SOURCE
#include "simulate.h"

#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rack.h"

_Static_assert(RUN_MAX_METRICS >= VS_MAX_METRICS, "a run record must hold every metric");

/* The per-request trace: one CSV row per completed request. */
struct trace_sink {
	FILE *f;             /* the trace part of this run */
	const char *model;   /* the model's name, first column */
};

static void trace_done(void *ctx, const struct request *q, double t_done, const char *path)
{
	struct trace_sink *t = ctx;
	fprintf(t->f, "%s,%d,%d,%llu,%.9f,%.9f,%.3f,%u,%u,%s\n", t->model, q->vcpu->id, q->vcpu->vm,
		(unsigned long long)q->id, q->t_issue, t_done, (t_done - q->t_issue) * 1e6, q->bytes,
		q->resp_bytes, path);
}

/* The models' results as a record's metrics. */
static void to_record(const struct vs_results *res, struct run_record *rec)
{
	rec->n = res->n;
	for (int i = 0; i < res->n; i++)
		rec->m[i] = (struct run_metric){ res->m[i].name, res->m[i].value, res->m[i].unit };
	snprintf(rec->error, sizeof(rec->error), "%s", res->error);
}

int simulate_one(const struct vs_params *p, struct run_record *rec, const char *trace_path)
{
	rec->n = 0;
	rec->error[0] = 0;
	/* Quiet SimGrid (results never go through its log), small actor stacks: our actors keep
	 * little on the stack and a 1,024-VM rack has thousands of them. */
	char *argv[] = { "vriosim", "--log=root.thresh:critical", "--cfg=contexts/stack-size:256",
			 NULL };
	int argc = 3;
	simgrid_init(&argc, argv);

	char platform[] = "/tmp/vriosim-platform-XXXXXX.xml";
	int fd = mkstemps(platform, 4);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(rec->error, sizeof(rec->error), "cannot create the platform file: %s",
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(platform);
		}
		return -1;
	}
	rack_platform_xml(p, f);
	fclose(f);
	simgrid_load_platform(platform);
	unlink(platform);

	struct trace_sink sink = { NULL, vs_model_name(p->kind) };
	struct rack_observer obs = { trace_done, &sink };
	if (trace_path) {
		sink.f = fopen(trace_path, "w");
		if (!sink.f) {
			snprintf(rec->error, sizeof(rec->error), "%s: cannot write trace: %s", trace_path,
				 strerror(errno));
			return -1;
		}
	}
	struct vs_results res;
	memset(&res, 0, sizeof(res));
	int rc = rack_run(p, &res, trace_path ? &obs : NULL);
	to_record(&res, rec);
	if (sink.f && fclose(sink.f) && !rc) {
		snprintf(rec->error, sizeof(rec->error), "%s: write failed", trace_path);
		rc = -1;
	}
	return rc;
}
