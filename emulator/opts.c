/* opts — see opts.h. */
#include "opts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"

const char opts_usage[] =
	"usage: vrioemu run [options]     run one mode against a real peer, print a summary\n"
	"       vrioemu bench [options]   raw tap / AF_PACKET rates vs elvis and vrio forwarding\n"
	"       vrioemu clean             remove namespaces left by runs that died (root)\n"
	"       vrioemu calibrate -o FILE.csv   measurements for vriosim calibrate (--help)\n"
	"       vrioemu --help | --version\n"
	"\n"
	"options:\n"
	"  --mode elvis|trap|vrio      I/O model, named as in vriosim (default elvis; sidecore\n"
	"                              is accepted for elvis)\n"
	"  --workload stream|rr|pktgen (default rr)\n"
	"  --queues N                  guests, one TX+RX queue pair each, 1..64 (default 1)\n"
	"  --size BYTES                L2 frame size, 64..9000 (default 64)\n"
	"  --outstanding K             rr: requests in flight per guest, 1..64 (default 1)\n"
	"  --rate PPS                  pktgen: total frames/s, 0 = as fast as possible (default 100000)\n"
	"  --duration S                measured seconds, 0.1..600 (default 2)\n"
	"  --warmup S                  seconds before measuring, 0..60 (default 0.3)\n"
	"  --queue-size N              descriptors per queue, power of 2, 8..4096 (default 256)\n"
	"  --batch N                   frames per queue visit, 1..256 (default 16)\n"
	"  --policy rr|longest         elvis: the sidecore's queue order (default rr; longest:\n"
	"                              the fullest TX queue, ties to the lowest index)\n"
	"  --event-idx on|off          VIRTIO_F_EVENT_IDX (default on)\n"
	"  --guest-wait block|spin     idle guest sleeps until interrupted, or polls\n"
	"                              (default: block in trap mode, spin otherwise)\n"
	"  --peer sockperf|none        the real peer program, or the namespace's kernel stack\n"
	"                              alone (frames to a port nobody listens on; no rr)\n"
	"  --peer-cpu N|any            where sockperf runs (default: a core that is neither the\n"
	"                              guest's nor the I/O core, else the guest's: never the\n"
	"                              measured I/O core; pinned, it runs at real-time priority).\n"
	"                              On 2 cores rr then pays a cross-core wake-up of the peer\n"
	"                              (p50 ~18-24 us, not ~13 us with the peer on the I/O core,\n"
	"                              which steals half the polling core: sidecore_cpu ~0.55)\n"
	"  --guest-cpu N --io-cpu N    pinning (default 0 and 1; trap same-core: --io-cpu 0)\n"
	"  --interpose-us US           vrio: interposition cost per request (default 0)\n"
	"  --vrio-ring v3|v2           vrio: IOhost AF_PACKET ring version (default v2:\n"
	"                              per frame; v3 hands over blocks, ~1 ms apart at low rates)\n"
	"  --seed N  --scenario NAME  --run-id ID   labels for the CSV\n"
	"  -o FILE                     write the CSV results (\"-\" = stdout)\n"
	"  --record FILE               write each request of the measured window as a trace\n"
	"                              (t_s,vm,bytes,resp_bytes) for vriosim workload.kind=trace\n"
	"  -q                          no summary on stdout\n"
	"\n"
	"exit: 0 ok, 1 runtime failure (incl. frames not accounted for), 2 usage, privileges, or\n"
	"      a machine that cannot host the run's network (e.g. no namespaces: read-only /run)\n";

const char *opts_mode_name(enum opts_mode m)
{
	static const char *const n[] = {[MODE_ELVIS] = "elvis", [MODE_TRAP] = "trap",
					 [MODE_VRIO] = "vrio"};
	return n[m];
}

static int bad(const char *flag, const char *val, const char *want)
{
	fprintf(stderr, "vrioemu: %s: invalid value '%s' (expected %s)\n", flag, val, want);
	return 2;
}

static int num(const char *flag, const char *v, double lo, double hi, bool integer, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(d) || d < lo || d > hi ||
	    (integer && d != floor(d))) {
		char want[96];
		snprintf(want, sizeof(want), "%s %g..%g", integer ? "an integer" : "a number", lo, hi);
		return bad(flag, v, want);
	}
	*out = d;
	return 0;
}

int opts_parse(struct opts *o, int argc, char **argv)
{
	*o = (struct opts){.cmd = OPTS_RUN, .mode = MODE_ELVIS, .workload = GUEST_RR,
			   .queues = 1, .queue_size = 256, .frame = 64, .outstanding = 1,
			   .rate = 100000, .duration = 2, .warmup = 0.3, .batch = 16,
			   .policy = POLLER_RR, .event_idx = true, .vrio_v2 = true, .guest_block = -1, .guest_cpu = 0, .io_cpu = 1, .peer_cpu = -2,
			   .scenario = "emulator"};
	int i = 1;
	if (argc < 2) {
		fputs(opts_usage, stderr);
		return 2;
	}
	const char *cmd = argv[i++];
	if (!strcmp(cmd, "run"))
		o->cmd = OPTS_RUN;
	else if (!strcmp(cmd, "bench"))
		o->cmd = OPTS_BENCH;
	else if (!strcmp(cmd, "clean"))
		o->cmd = OPTS_CLEAN;
	else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
		o->cmd = OPTS_HELP;
	else if (!strcmp(cmd, "--version"))
		o->cmd = OPTS_VERSION;
	else {
		fprintf(stderr, "vrioemu: unknown command '%s' (expected run, bench or clean; see "
				"vrioemu --help)\n", cmd);
		return 2;
	}
	for (; i < argc; i++) {
		const char *f = argv[i];
		if (!strcmp(f, "-q")) {
			o->quiet = true;
			continue;
		}
		if (!strcmp(f, "--help") || !strcmp(f, "-h")) {
			o->cmd = OPTS_HELP;
			return 0;
		}
		if (strncmp(f, "-", 1)) {
			fprintf(stderr, "vrioemu: unexpected argument '%s'\n", f);
			return 2;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "vrioemu: %s: missing value\n", f);
			return 2;
		}
		const char *v = argv[++i];
		double d;
		int rc = 0;
		if (!strcmp(f, "--mode")) {
			if (!strcmp(v, "elvis") || !strcmp(v, "sidecore")) /* the old name */
				o->mode = MODE_ELVIS;
			else if (!strcmp(v, "trap"))
				o->mode = MODE_TRAP;
			else if (!strcmp(v, "vrio"))
				o->mode = MODE_VRIO;
			else
				return bad(f, v, "elvis, trap or vrio");
		} else if (!strcmp(f, "--workload")) {
			if (!strcmp(v, "stream"))
				o->workload = GUEST_STREAM;
			else if (!strcmp(v, "rr"))
				o->workload = GUEST_RR;
			else if (!strcmp(v, "pktgen"))
				o->workload = GUEST_PKTGEN;
			else
				return bad(f, v, "stream, rr or pktgen");
		} else if (!strcmp(f, "--queues")) {
			if (!(rc = num(f, v, 1, GUEST_MAX_PORTS, true, &d)))
				o->queues = (unsigned)d;
		} else if (!strcmp(f, "--size")) {
			if (!(rc = num(f, v, PKT_MIN_FRAME, PKT_MAX_FRAME, true, &d)))
				o->frame = (unsigned)d;
		} else if (!strcmp(f, "--outstanding")) {
			if (!(rc = num(f, v, 1, GUEST_MAX_OUTSTANDING, true, &d)))
				o->outstanding = (unsigned)d;
		} else if (!strcmp(f, "--rate")) {
			if (!(rc = num(f, v, 0, 1e8, false, &d)))
				o->rate = d;
		} else if (!strcmp(f, "--duration")) {
			if (!(rc = num(f, v, 0.1, 600, false, &d)))
				o->duration = d;
		} else if (!strcmp(f, "--warmup")) {
			if (!(rc = num(f, v, 0, 60, false, &d)))
				o->warmup = d;
		} else if (!strcmp(f, "--queue-size")) {
			if (!(rc = num(f, v, 8, 4096, true, &d))) {
				unsigned q = (unsigned)d;
				if (q & (q - 1))
					return bad(f, v, "a power of 2, 8..4096");
				o->queue_size = q;
			}
		} else if (!strcmp(f, "--batch")) {
			if (!(rc = num(f, v, 1, 256, true, &d)))
				o->batch = (unsigned)d;
		} else if (!strcmp(f, "--policy")) {
			if (!strcmp(v, "rr"))
				o->policy = POLLER_RR;
			else if (!strcmp(v, "longest"))
				o->policy = POLLER_LONGEST;
			else
				return bad(f, v, "rr or longest");
		} else if (!strcmp(f, "--event-idx")) {
			if (!strcmp(v, "on"))
				o->event_idx = true;
			else if (!strcmp(v, "off"))
				o->event_idx = false;
			else
				return bad(f, v, "on or off");
		} else if (!strcmp(f, "--guest-wait")) {
			if (!strcmp(v, "block"))
				o->guest_block = 1;
			else if (!strcmp(v, "spin"))
				o->guest_block = 0;
			else
				return bad(f, v, "block or spin");
		} else if (!strcmp(f, "--peer")) {
			if (!strcmp(v, "sockperf"))
				o->no_peer = false;
			else if (!strcmp(v, "none"))
				o->no_peer = true;
			else
				return bad(f, v, "sockperf or none");
		} else if (!strcmp(f, "--peer-cpu")) {
			if (!strcmp(v, "any"))
				o->peer_cpu = -1;
			else if (!(rc = num(f, v, 0, 1023, true, &d)))
				o->peer_cpu = (int)d;
		} else if (!strcmp(f, "--guest-cpu") || !strcmp(f, "--io-cpu")) {
			if (!(rc = num(f, v, 0, 1023, true, &d)))
				*(!strcmp(f, "--io-cpu") ? &o->io_cpu : &o->guest_cpu) = (int)d;
		} else if (!strcmp(f, "--interpose-us")) {
			if (!(rc = num(f, v, 0, 100000, false, &d)))
				o->interpose_us = d;
		} else if (!strcmp(f, "--vrio-ring")) {
			if (!strcmp(v, "v3"))
				o->vrio_v2 = false;
			else if (!strcmp(v, "v2"))
				o->vrio_v2 = true;
			else
				return bad(f, v, "v3 or v2");
		} else if (!strcmp(f, "--seed")) {
			if (!(rc = num(f, v, 0, 4294967295.0, true, &d)))
				o->seed = (unsigned long)d;
		} else if (!strcmp(f, "--scenario")) {
			o->scenario = v;
		} else if (!strcmp(f, "--run-id")) {
			o->run_id = v;
		} else if (!strcmp(f, "-o")) {
			o->out = v;
		} else if (!strcmp(f, "--record")) {
			o->record = v;
		} else {
			fprintf(stderr, "vrioemu: unknown option '%s' (see vrioemu --help)\n", f);
			return 2;
		}
		if (rc)
			return rc;
	}
	return 0;
}
