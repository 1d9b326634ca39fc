/*
 * Unit tests of the scenario reader (sim/scenario) through its public face: texts in memory
 * (what the fuzz target feeds it), line ends and line numbers, values printed back in their
 * shortest form, and the did-you-mean of unknown keys.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario.h"

static struct scenario scn;
static char err[SCN_ERR_MAX];

/* Load @text (@len bytes, NUL bytes allowed) as "t.ini". */
static int load(const char *text, size_t len)
{
	scenario_free(&scn);
	return scenario_load_text(&scn, "t.ini", text, len, err);
}
#define LOAD(lit) load(lit, sizeof(lit) - 1)

/* The --params line of @key ("section.key=..."), or "" when absent. */
static const char *param(const char *key)
{
	static char line[4096];
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	CHECK(m != NULL);
	scenario_dump(&scn, m);
	fclose(m);
	line[0] = 0;
	size_t k = strlen(key);
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		if (!strncmp(l, key, k) && l[k] == '=')
			snprintf(line, sizeof(line), "%s", l + k + 1);
	free(buf);
	return line;
}

CHECK_TEST(line_ends_count_alike)
{
	/* CR alone, CRLF and LF: the error on the 6th line is reported there. */
	CHECK_EQ(LOAD("[run]\rduration_s = 0.05\r\n\n[rack]\rvmhosts = 3\nbogus = 1\r"), -1);
	CHECK_STR_EQ(err, "t.ini:6: [rack] bogus: unknown key");
	CHECK_EQ(LOAD("[run]\rduration_s = 0.05\r\n\n[rack]\rvmhosts = 3\r"), 0);
	CHECK_EQ(scn.p.vmhosts, 3);
	CHECK_NEAR(scn.p.duration_s, 0.05, 0);
	return 0;
}

CHECK_TEST(nul_byte_is_an_error)
{
	CHECK_EQ(LOAD("[rack]\nvmhosts = 3\n\0vmhosts = 4\n"), -1);
	CHECK_STR_EQ(err, "t.ini:3: NUL byte");
	CHECK_EQ(LOAD("[rack]\nvmhosts = 3\0\n"), -1);
	CHECK_STR_EQ(err, "t.ini:2: NUL byte");
	return 0;
}

CHECK_TEST(long_lines_whole)
{
	/* A 70,000-byte comment is over the limit; a 60,000-byte one is a comment, nothing else. */
	size_t n = 70000;
	char *t = malloc(n + 64);
	CHECK(t != NULL);
	int k = sprintf(t, "[rack]\n;");
	memset(t + k, 'c', n);
	strcpy(t + k + n, " vmhosts = 7\n");
	CHECK_EQ(load(t, strlen(t)), -1);
	CHECK_STR_EQ(err, "t.ini:2: line longer than 65536 bytes");
	strcpy(t + k + 60000, " vmhosts = 7\nvms_per_vmhost = 2\n");
	CHECK_EQ(load(t, strlen(t)), 0);
	CHECK_EQ(scn.p.vmhosts, 2);
	CHECK_EQ(scn.p.vms_per_vmhost, 2);
	free(t);
	return 0;
}

CHECK_TEST(duplicate_keys_name_both_lines)
{
	CHECK_EQ(LOAD("[rack]\nvmhosts = 2\n[wire]\ngbps = 1\n[rack]\n  vmhosts = 3\n"), -1);
	CHECK_STR_EQ(err, "t.ini:6: [rack] vmhosts: set twice (first at line 2)");
	/* --set is an override, not a duplicate. */
	CHECK_EQ(LOAD("[rack]\nvmhosts = 2\n"), 0);
	CHECK_EQ(scenario_set(&scn, "rack.vmhosts=5", err), 0);
	CHECK_EQ(scenario_set(&scn, "rack.vmhosts=6", err), 0);
	CHECK_EQ(scn.p.vmhosts, 6);
	return 0;
}

CHECK_TEST(unclosed_section_on_its_line)
{
	CHECK_EQ(LOAD("[run]\nduration_s = 0.1\n[rack\nvmhosts = 2\n"), -1);
	CHECK_STR_EQ(err, "t.ini:3: syntax error: section header [rack without ']'");
	return 0;
}

CHECK_TEST(suggestions)
{
	char hint[160];
	CHECK_STR_EQ(scenario_key_suggest("rack.vmhostz", hint, sizeof(hint)),
		     " (did you mean rack.vmhosts?)");
	CHECK_STR_EQ(scenario_key_suggest("wrie.mtu", hint, sizeof(hint)), " (did you mean wire.mtu?)");
	CHECK_STR_EQ(scenario_key_suggest("rack.zzzzzzzzzz", hint, sizeof(hint)), "");
	CHECK_EQ(LOAD("[costs]\ninterpose_cylces = 3\n"), -1);
	CHECK_STR_EQ(err, "t.ini:2: [costs] interpose_cylces: unknown key (did you mean interpose_cycles?)");
	return 0;
}

CHECK_TEST(shortest_values)
{
	/* The shortest text that reads back: no exponent where that is longer. */
	CHECK_EQ(LOAD("[wire]\ngbps = 10\nnic_latency_us = 0.65\n[costs]\nexit_direct_cycles = 2e3\n"
		      "guest_byte_cycles = 0.00001\nvhost_req_cycles = 1e300\n"), 0);
	CHECK_STR_EQ(param("wire.gbps"), "10");
	CHECK_STR_EQ(param("wire.nic_latency_us"), "0.65");
	CHECK_STR_EQ(param("costs.exit_direct_cycles"), "2000");
	CHECK_STR_EQ(param("costs.guest_byte_cycles"), "1e-05");
	CHECK_STR_EQ(param("costs.vhost_req_cycles"), "1e+300");
	CHECK_EQ(LOAD("[costs]\nvhost_byte_cycles = 0.1234567890123456789\n"), 0);
	CHECK_NEAR(strtod(param("costs.vhost_byte_cycles"), NULL), 0.1234567890123456789, 0);
	return 0;
}

CHECK_TEST(interpose_us_alias)
{
	CHECK_EQ(LOAD("[costs]\ninterpose_us = 1.5\n[rack]\ncpu_ghz = 2\n"), 0);
	CHECK_EQ(scenario_check(&scn, err), 0);
	CHECK_NEAR(scn.p.interpose_cycles, 3000, 1e-9);
	CHECK_EQ(LOAD("[costs]\ninterpose_cycles = 10\ninterpose_us = 1.5\n"), -1);
	CHECK_STR_EQ(err, "t.ini:3: [costs] interpose_us: interpose_cycles set at line 2 already "
			  "(give one of them)");
	return 0;
}

int main(int argc, char **argv)
{
	int rc = check_main(argc, argv);
	scenario_free(&scn);
	return rc;
}
