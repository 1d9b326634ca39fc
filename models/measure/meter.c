/*
 * meter — counting, with the window rule in one place.
 */
#include "meter.h"

#include <simgrid/engine.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"
#include "vclock.h"

void meter_init(struct meter *m, double window_start, double window_end)
{
	memset(m, 0, sizeof(*m));
	m->window_start = window_start;
	m->window_end = window_end;
}

void meter_free(struct meter *m)
{
	samples_free(&m->latency);
	free(m->per_ms);
	m->per_ms = NULL;
}

void meter_count(struct meter *m, uint64_t *counter, uint64_t n) { meter_count_at(m, counter, n, vs_now()); }

void meter_count_at(struct meter *m, uint64_t *counter, uint64_t n, double t)
{
	if (meter_in_window(m, t))
		*counter += n;
}

void meter_complete(struct meter *m, double t_issue, double t)
{
	m->completed++;
	if (m->per_ms && t >= 0 && t * 1000 < m->n_ms)
		m->per_ms[(int)(t * 1000)]++;
	VS_BUG_ON(m->completed + m->dropped + m->lost > m->issued,
		  "completed %llu + dropped %llu + lost %llu > issued %llu",
		  (unsigned long long)m->completed, (unsigned long long)m->dropped,
		  (unsigned long long)m->lost, (unsigned long long)m->issued);
	if (!meter_in_window(m, t))
		return;
	m->w_completed++;
	int rc = samples_add(&m->latency, t - t_issue);
	if (rc && !m->error)
		m->error = rc;
}

void meter_sample(struct meter *m)
{
	if (m->n_samples < METER_SAMPLES)
		m->inflight_at[m->n_samples++] = (double)meter_inflight(m);
}

bool meter_growing(const struct meter *m)
{
	int n = m->n_samples;
	if (n < 3)
		return false;
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (int i = 0; i < n; i++) {
		double x = (double)i / (n - 1); /* the window as [0, 1] */
		sx += x;
		sy += m->inflight_at[i];
		sxx += x * x;
		sxy += x * m->inflight_at[i];
	}
	double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); /* growth over the window */
	double mean = sy / n;
	return slope > 10 && slope > 0.1 * mean;
}
