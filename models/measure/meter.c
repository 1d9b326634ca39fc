/*
 * meter — counting, with the window rule in one place.
 */
#include "meter.h"

#include <simgrid/engine.h>
#include <string.h>

#include "bug.h"

void meter_init(struct meter *m, double window_start)
{
	memset(m, 0, sizeof(*m));
	m->window_start = window_start;
}

void meter_free(struct meter *m) { samples_free(&m->latency); }

void meter_count(struct meter *m, uint64_t *counter, uint64_t n)
{
	if (meter_in_window(m, simgrid_get_clock()))
		*counter += n;
}

void meter_complete(struct meter *m, double t_issue, double t, double bytes)
{
	m->completed++;
	VS_BUG_ON(m->completed + m->dropped > m->issued,
		  "completed %llu + dropped %llu > issued %llu", (unsigned long long)m->completed,
		  (unsigned long long)m->dropped, (unsigned long long)m->issued);
	if (!meter_in_window(m, t))
		return;
	m->w_completed++;
	m->w_bytes += bytes;
	int rc = samples_add(&m->latency, t - t_issue);
	if (rc && !m->error)
		m->error = rc;
}
