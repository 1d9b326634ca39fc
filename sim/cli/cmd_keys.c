/*
 * cmd_keys — `vriosim keys [--markdown | --metrics]`: every scenario key with its unit, default,
 * source and meaning, from the models' key table; or every metric the simulator writes, from
 * the metric schema. docs/model.md's references are this output (CTest docs.reference).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vriosim.h"

/* A Markdown table cell: '|' would end it. */
static void cell(FILE *out, const char *s)
{
	for (; *s; s++)
		fputs(*s == '|' ? "\\|" : (char[]){ *s, 0 }, out);
}

static void values(const struct vs_key *k, char *buf, size_t n)
{
	if (k->type == VS_KEY_ENUM) {
		const char *const *w = vs_vocab_names(k->vocab);
		size_t len = 0;
		buf[0] = 0;
		for (int i = 0; w && w[i] && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", w[i]);
	} else if (k->type == VS_KEY_BOOL) {
		snprintf(buf, n, "on, off");
	} else if (k->type == VS_KEY_WEIGHTS) {
		snprintf(buf, n, "w1,w2,... (one per VMhost)");
	} else if (k->type == VS_KEY_LIST) {
		snprintf(buf, n, "v1,v2,... (one per class), each %g .. %g", k->min, k->max);
	} else {
		snprintf(buf, n, "%g .. %g", k->min, k->max);
	}
}

/* The simulator's metrics as a Markdown table. */
static void metrics(void)
{
	printf("| metric | unit | window | in the table | meaning |\n|---|---|---|---|---|\n");
	for (int id = 0; id < METRIC_COUNT; id++) {
		const struct metric_def *d = metric_def((enum metric_id)id);
		if (!(d->who & MS_SIM))
			continue;
		printf("| `%s` | %s | %s | %s | ", d->name, d->unit, metric_window_name(d->window),
		       d->table ? "yes" : "no");
		cell(stdout, d->doc);
		printf(" |\n");
	}
}

int cmd_keys(int argc, char **argv)
{
	bool md = argc > 1 && !strcmp(argv[1], "--markdown");
	if (argc == 2 && !strcmp(argv[1], "--metrics")) {
		metrics();
		return 0;
	}
	if (argc > 2 || (argc == 2 && !md)) {
		fprintf(stderr, "vriosim keys: usage: vriosim keys [--markdown | --metrics]\n");
		return 2;
	}
	int n;
	const struct vs_key *k = vs_keys(&n);
	const char *section = "";
	for (int i = 0; i < n; i++) {
		char vals[512];
		values(&k[i], vals, sizeof(vals));
		if (!md) {
			printf("%s.%s = %s %s  (%s)  %s%s%s\n", k[i].section, k[i].name,
			       k[i].def[0] ? k[i].def : "-", k[i].unit, vals, k[i].doc,
			       k[i].source[0] ? "  source: " : "", k[i].source);
			continue;
		}
		if (strcmp(section, k[i].section)) {
			section = k[i].section;
			printf("%s### [%s]\n\n| key | default | unit | values | meaning | source |\n"
			       "|---|---|---|---|---|---|\n", i ? "\n" : "", section);
		}
		printf("| `%s` | %s | %s | ", k[i].name, k[i].def[0] ? k[i].def : "-",
		       k[i].unit[0] ? k[i].unit : "-");
		cell(stdout, vals);
		printf(" | ");
		cell(stdout, k[i].doc);
		printf(" | ");
		cell(stdout, k[i].source[0] ? k[i].source : "-");
		printf(" |\n");
	}
	return 0;
}
