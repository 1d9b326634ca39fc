/*
 * simulate — SimGrid set-up for one run.
 */
#define _GNU_SOURCE
#include "simulate.h"

#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct trace_sink {
	FILE *f;
	const char *model;
};

static void trace_done(void *ctx, const struct request *q, double t_done, const char *path)
{
	struct trace_sink *t = ctx;
	fprintf(t->f, "%s,%d,%d,%llu,%.9f,%.9f,%.3f,%u,%u,%s\n", t->model, q->vcpu->id, q->vcpu->vm,
		(unsigned long long)q->id, q->t_issue, t_done, (t_done - q->t_issue) * 1e6, q->bytes,
		q->resp_bytes, path);
}

int simulate_one(const struct vs_params *p, struct vs_results *res, const char *trace_path)
{
	memset(res, 0, sizeof(*res));
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
		snprintf(res->error, sizeof(res->error), "cannot create the platform file: %s",
			 strerror(errno));
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
			snprintf(res->error, sizeof(res->error), "%s: cannot write trace: %s", trace_path,
				 strerror(errno));
			return -1;
		}
	}
	int rc = rack_run(p, res, trace_path ? &obs : NULL);
	if (sink.f && fclose(sink.f) && !rc) {
		snprintf(res->error, sizeof(res->error), "%s: write failed", trace_path);
		rc = -1;
	}
	return rc;
}
