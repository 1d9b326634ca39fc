/*
 * fuzz_trace — the trace reader (workload.trace_file: CSV through libcsv, then each field)
 * on any file, through the scenario that includes it.
 *
 * Properties besides memory safety: an error is one line naming the trace; a trace that loads
 * holds 1 to VS_MAX_TRACE records in time order, each within its column's range.
 */
#define _GNU_SOURCE
#include <math.h>

#include "fuzz.h"
#include "scenario.h"

static struct scenario scn;
static struct fuzz_file input;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[160], err[SCN_ERR_MAX];
	fuzz_file_put(&input, data, size);
	int n = snprintf(text, sizeof(text), "[workload]\nkind = trace\ntrace_file = %s\n", input.path);
	if (scenario_load_text(&scn, "fuzz.ini", text, (size_t)n, err)) {
		FUZZ_ASSERT(!strncmp(err, input.path, strlen(input.path)), "error without its file: %s", err);
		FUZZ_ASSERT(!strchr(err, '\n'), "not one line: %s", err);
		scenario_free(&scn);
		return 0;
	}
	const struct vs_params *p = &scn.p;
	FUZZ_ASSERT(p->n_trace >= 1 && p->n_trace <= VS_MAX_TRACE, "%d records", p->n_trace);
	for (int i = 0; i < p->n_trace; i++) {
		const struct vs_trace_rec *r = &p->trace[i];
		FUZZ_ASSERT(isfinite(r->t_s) && r->t_s >= 0, "record %d: t_s %g", i, r->t_s);
		FUZZ_ASSERT(!i || r->t_s >= p->trace[i - 1].t_s, "record %d out of order", i);
		FUZZ_ASSERT(r->vm >= 0, "record %d: vm %d", i, r->vm);
		FUZZ_ASSERT(r->bytes >= 1 && r->bytes <= 1u << 30, "record %d: bytes %u", i, r->bytes);
		FUZZ_ASSERT(r->resp_bytes <= 1u << 30, "record %d: resp_bytes %u", i, r->resp_bytes);
	}
	scenario_free(&scn);
	return 0;
}
