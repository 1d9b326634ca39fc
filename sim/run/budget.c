/*
 * budget — the estimate against this machine (see budget.h).
 */
#define _GNU_SOURCE
#include "budget.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A number read from a /proc file: the value after @key ("MemAvailable:"), or of the whole
 * file when @key is NULL; -1 when there is none. */
static double proc_value(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[256];
	double v = -1;
	while (fgets(line, sizeof(line), f)) {
		if (key && strncmp(line, key, strlen(key)))
			continue;
		if (sscanf(line + (key ? strlen(key) : 0), "%lf", &v) != 1)
			v = -1;
		break;
	}
	fclose(f);
	return v;
}

/* @bytes as "13.5 GB", "640 MB". */
static const char *human_bytes(double bytes, char *buf, size_t n)
{
	if (bytes >= 1e9)
		snprintf(buf, n, "%.3g GB", bytes / 1e9);
	else
		snprintf(buf, n, "%.3g MB", bytes / 1e6);
	return buf;
}

/* @s as "40 minutes", "3.2 days". */
static const char *human_time(double s, char *buf, size_t n)
{
	if (s == 3600)
		snprintf(buf, n, "an hour");
	else if (s < 10)
		snprintf(buf, n, "%.1f seconds", s);
	else if (s < 120)
		snprintf(buf, n, "%.0f seconds", s);
	else if (s < 7200)
		snprintf(buf, n, "%.0f minutes", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, n, "%.3g hours", s / 3600);
	else if (s < 2 * 365 * 86400.0)
		snprintf(buf, n, "%.3g days", s / 86400);
	else
		snprintf(buf, n, "%.3g years", s / (365 * 86400.0));
	return buf;
}

int budget_estimate(const struct scenario *s, struct budget *b)
{
	memset(b, 0, sizeof(*b));
	double worst = -1;
	for (int i = 0; i < s->n_models; i++) {
		struct vs_params p = s->p;
		p.kind = s->models[i];
		struct vs_estimate e;
		if (vs_estimate(&p, &e))
			return -1;
		if (e.bytes > b->bytes) {
			b->bytes = e.bytes;
			b->bytes_key = e.bytes_key;
		}
		if (e.actors > b->actors) {
			b->actors = e.actors;
			b->actors_key = e.actors_key;
		}
		double wall = e.wall_s * s->p.replications;
		if (wall > worst) { /* the dearest model's reason stands for all */
			worst = wall;
			b->wall_key = e.events_key;
		}
		b->wall_s += wall;
		b->requests += e.requests * s->p.replications;
	}
	return 0;
}

/* "bad.ini:4: [rack] vmhosts" for the key "rack.vmhosts". */
static void where(const struct scenario *s, const char *key, char *buf, size_t n)
{
	char at[PATH_MAX + 64];
	const char *dot = strchr(key, '.');
	scenario_key_where(s, key, at, sizeof(at));
	snprintf(buf, n, "%s: [%.*s] %s", at, (int)(dot - key), key, dot + 1);
}

void budget_print(const struct scenario *s, FILE *out)
{
	struct budget b;
	char x[32], y[32];
	if (budget_estimate(s, &b)) {
		fprintf(out, "no estimate (no such model)\n");
		return;
	}
	double avail = proc_value("/proc/meminfo", "MemAvailable:") * 1024;
	double maps = proc_value("/proc/sys/vm/max_map_count", NULL);
	fprintf(out, "memory    about %s at most (%.2g%% of the %s available here)\n",
		human_bytes(b.bytes, x, sizeof(x)), avail > 0 ? 100 * b.bytes / avail : 0,
		avail > 0 ? human_bytes(avail, y, sizeof(y)) : "?");
	fprintf(out, "actors    %.0f (vm.max_map_count %.0f allows about %.0f)\n", b.actors, maps,
		maps > 0 ? (maps - 1000) / 2 : 0);
	fprintf(out, "requests  %.3g at most, every model and replication\n", b.requests);
	fprintf(out, "time      about %s (the development machine's speed; limit %s)\n",
		human_time(b.wall_s, x, sizeof(x)), human_time(BUDGET_WALL_S, y, sizeof(y)));
}

int budget_check(const struct scenario *s, const char *force, char *err, size_t errn)
{
	struct budget b;
	char at[PATH_MAX + 128], x[32], y[32];
	if (budget_estimate(s, &b)) {
		snprintf(err, errn, "%s: cannot estimate the run's cost (no such model)", s->path);
		return -1;
	}
	double avail = proc_value("/proc/meminfo", "MemAvailable:") * 1024;
	if (avail > 0 && b.bytes > BUDGET_MEM_SHARE * avail) {
		where(s, b.bytes_key, at, sizeof(at));
		char what[96];
		double queues = (double)vs_total_vms(&s->p) * s->p.vcpus_per_vm;
		if (!strcmp(b.bytes_key, "run.duration_s"))
			snprintf(what, sizeof(what), "a latency sample for each of %.3g requests", b.requests);
		else if (!strcmp(b.bytes_key, "workload.trace_file"))
			snprintf(what, sizeof(what), "%d trace records", s->p.n_trace);
		else
			snprintf(what, sizeof(what), "%.0f guest queues of %d descriptors", queues,
				 s->p.queue_size);
		snprintf(err, errn, "%s: the run would need about %s of memory (%s), more than %.0f%% "
				    "of the %s available: make it smaller, or run with %s",
			 at, human_bytes(b.bytes, x, sizeof(x)), what, BUDGET_MEM_SHARE * 100,
			 human_bytes(avail, y, sizeof(y)), force);
		return -1;
	}
	/* Each actor maps its stack and a guard page: two mappings; the process has its own
	 * (libraries, heap) besides: a thousand is plenty. */
	double maps = proc_value("/proc/sys/vm/max_map_count", NULL);
	if (maps > 0 && b.actors > (maps - 1000) / 2) {
		where(s, b.actors_key, at, sizeof(at));
		snprintf(err, errn, "%s: the run would start %.0f SimGrid actors, each mapping a stack "
				    "and a guard page: vm.max_map_count = %.0f allows about %.0f; make it "
				    "smaller, raise vm.max_map_count (sysctl), or run with %s",
			 at, b.actors, maps, (maps - 1000) / 2, force);
		return -1;
	}
	if (b.wall_s > BUDGET_WALL_S) {
		where(s, b.wall_key, at, sizeof(at));
		snprintf(err, errn, "%s: the run would take about %s to simulate (%.3g requests), "
				    "over the limit of %s: make it shorter, or run with %s",
			 at, human_time(b.wall_s, x, sizeof(x)), b.requests,
			 human_time(BUDGET_WALL_S, y, sizeof(y)), force);

		return -1;
	}
	return 0;
}
