/*
 * bench_out — the bench's tables: results.csv (this run, one row per case) and history.csv
 * (one line per commit and case, kept across runs: a commit's earlier line for a case is
 * replaced by the new one).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define HISTORY_HEADER                                                                      \
	"commit,date,case,vms,repeats,requests,wall_s,cpu_s,req_per_wall_s,req_per_cpu_s,"   \
	"ir_per_req,prim_ns_per_sleep,prim_ir_per_sleep,sleeps_per_req,ir_ratio,peak_rss_mib,"   \
	"steps_per_req,simcalls_per_req,base_cpu_s,net_req_per_cpu_s,prim_step_ns,prim_step_ir,"  \
	"prim_wake_ns,prim_wake_ir,wakes_per_req,floor_share,ceiling_req_per_cpu_s,"              \
	"ceiling_prim_req_per_cpu_s,prim_timer_ns,prim_timer_ir\n"
/* Lines written before the last columns existed have fewer fields: they are kept, padded with
 * empty ones. */
#define HISTORY_FIELDS 30

static void fmt_ir(char *buf, size_t n, double v)
{
	if (v > 0)
		snprintf(buf, n, "%.0f", v);
	else
		buf[0] = 0;
}

/* The numbers of one row, from "vms" on (no newline). */
static void row(FILE *f, const struct bench_result *r, const struct bench_primitive *prim)
{
	char ir[32], pir[32], ratio[32], steps[32] = "", simcalls[32] = "", wakes[32] = "";
	char sir[32], wir[32], tir[32], share[32] = "", ceiling[32] = "", ceiling_prim[32] = "";
	fmt_ir(tir, sizeof(tir), prim->timer_ir);
	fmt_ir(sir, sizeof(sir), prim->step_ir);
	fmt_ir(wir, sizeof(wir), prim->wake_ir);
	fmt_ir(ir, sizeof(ir), r->ir_per_req);
	fmt_ir(pir, sizeof(pir), prim->ir_per_sleep);
	if (r->ir_per_req > 0 && prim->ir_per_sleep > 0)
		snprintf(ratio, sizeof(ratio), "%.1f", r->ir_per_req / prim->ir_per_sleep);
	else
		ratio[0] = 0;
	if (r->ir_per_req > 0) {
		snprintf(steps, sizeof(steps), "%.2f", r->steps_per_req);
		snprintf(simcalls, sizeof(simcalls), "%.2f", r->simcalls_per_req);
		snprintf(wakes, sizeof(wakes), "%.2f", r->wakes_per_req);
	}
	if (r->floor_share > 0)
		snprintf(share, sizeof(share), "%.3f", r->floor_share);
	if (r->ceiling_per_cpu_s > 0)
		snprintf(ceiling, sizeof(ceiling), "%.0f", r->ceiling_per_cpu_s);
	if (r->ceiling_prim_per_cpu_s > 0)
		snprintf(ceiling_prim, sizeof(ceiling_prim), "%.0f", r->ceiling_prim_per_cpu_s);
	fprintf(f, "%d,%d,%.0f,%.4f,%.4f,%.0f,%.0f,%s,%.0f,%s,%.1f,%s,%.1f,%s,%s,%.4f,%.0f,%.0f,%s,"
		   "%.0f,%s,%s,%s,%s,%s,%.0f,%s",
		r->c->vms, r->repeats, r->completed, r->wall_s, r->cpu_s, r->per_wall_s, r->per_cpu_s,
		ir, prim->ns_per_sleep, pir, r->sleeps_per_req, ratio, r->rss_mib, steps, simcalls,
		r->base_cpu_s, r->net_per_cpu_s, prim->step_ns, sir, prim->wake_ns, wir, wakes, share,
		ceiling, ceiling_prim, prim->timer_ns, tir);
}

int bench_write_results(const char *path, const struct bench_result *r, int n,
			const struct bench_primitive *prim)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "vriosim-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fputs(strchr(strchr(HISTORY_HEADER, ',') + 1, ',') + 1, f); /* from "case" on */
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s,", r[i].c->name);
		row(f, &r[i], prim);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

int bench_write_history(const char *path, const char *commit, const struct bench_result *r, int n,
			const struct bench_primitive *prim)
{
	/* Keep every line but this commit's for the cases measured now. */
	char *keep = NULL;
	size_t keep_n = 0;
	FILE *mem = open_memstream(&keep, &keep_n);
	FILE *old = fopen(path, "r");
	if (old) {
		char *line = NULL;
		size_t cap = 0;
		bool first = true;
		while (getline(&line, &cap, old) > 0) {
			if (first) {
				first = false;
				continue; /* the header, rewritten below */
			}
			bool drop = false;
			size_t cl = strlen(commit);
			if (!strncmp(line, commit, cl) && line[cl] == ',') {
				const char *cs = strchr(line + cl + 1, ','); /* after the date */
				for (int i = 0; cs && i < n; i++) {
					size_t nl = strlen(r[i].c->name);
					if (!strncmp(cs + 1, r[i].c->name, nl) && cs[1 + nl] == ',')
						drop = true;
				}
			}
			if (drop)
				continue;
			int fields = 1;
			for (const char *q = line; *q; q++)
				fields += *q == ',';
			line[strcspn(line, "\n")] = 0;
			fputs(line, mem);
			for (; fields < HISTORY_FIELDS; fields++) /* an older line: new columns empty */
				fputc(',', mem);
			fputc('\n', mem);
		}
		free(line);
		fclose(old);
	}
	fclose(mem);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "vriosim-bench: %s: %s\n", path, strerror(errno));
		free(keep);
		return -1;
	}
	char date[32];
	time_t t = time(NULL);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	fputs(HISTORY_HEADER, f);
	fwrite(keep, 1, keep_n, f);
	free(keep);
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s,%s,%s,", commit, date, r[i].c->name);
		row(f, &r[i], prim);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}
