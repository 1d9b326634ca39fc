/*
 * fuzz_profile — calibration profiles, both ways. The first byte of the input picks:
 *
 *   even  the rest is a profile: included by a scenario ([costs] profile = FILE), it loads
 *         or fails with one line naming it;
 *   odd   the rest is a measurement file (vrioemu calibrate's CSV): whatever `vriosim
 *         calibrate` makes of it (validation/calibrate: read, fit, check, write), a profile it
 *         writes must load back through the scenario's include, its every [costs] value
 *         accepted ("a written profile loads back").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>

#include "calibrate.h"
#include "fuzz.h"
#include "scenario.h"

static struct scenario scn;
static struct fuzz_file input;
static char out[512]; /* where vriosim calibrate writes its profile */

/* Include @path from a scenario: 0, or -1 with @err. */
static int include(const char *path, char *err)
{
	char text[PATH_MAX + 32];
	int n = snprintf(text, sizeof(text), "[costs]\nprofile = %s\n", path);
	int rc = scenario_load_text(&scn, "fuzz.ini", text, (size_t)n, err);
	if (!rc)
		rc = scenario_check(&scn, err);
	scenario_free(&scn);
	return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_scratch("p.ini", out, sizeof(out));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[SCN_ERR_MAX];
	if (size < 1)
		return 0;
	fuzz_file_put(&input, data + 1, size - 1);
	if (!(data[0] & 1)) {
		if (include(input.path, err))
			FUZZ_ASSERT(strstr(err, input.path) && !strchr(err, '\n'), "%s", err);
		return 0;
	}
	if (unlink(out) && errno != ENOENT)
		abort();
	int quiet = fuzz_quiet_begin();
	int rc = calibrate_run(input.path, out);
	fuzz_quiet_end(quiet);
	FUZZ_ASSERT(rc == 0 || rc == 1 || rc == 2, "exit code %d", rc);
	if (rc == 0) {
		if (include(out, err)) {
			char *text = NULL;
			FILE *f = fopen(out, "r");
			size_t n = 0;
			if (f) {
				text = calloc(1, 1 << 16);
				n = text ? fread(text, 1, (1 << 16) - 1, f) : 0;
				fclose(f);
			}
			FUZZ_FAIL("the profile written does not load back: %s\n%.*s", err, (int)n,
				  text ? text : "");
		}
	} else {
		FUZZ_ASSERT(access(out, F_OK), "calibrate exited %d and wrote a profile", rc);
	}
	return 0;
}
