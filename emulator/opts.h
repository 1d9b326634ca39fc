/*
 * opts — vrioemu's command line: subcommands and flags, checked with one clear line per error
 * naming the flag (exit 2 at the edge).
 */
#ifndef VRIOEMU_OPTS_H
#define VRIOEMU_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "poller.h"

enum opts_cmd { OPTS_RUN, OPTS_BENCH, OPTS_CLEAN, OPTS_HELP, OPTS_VERSION };
/* The I/O models, by vriosim's names (opts_mode_name): elvis (a local sidecore polls the
 * guests' queues), trap (KVM + vhost: kicks and interrupts), vrio (remote sidecores). */
enum opts_mode { MODE_ELVIS, MODE_TRAP, MODE_VRIO };

struct opts {
	enum opts_cmd cmd;
	enum opts_mode mode;
	enum guest_workload workload;
	unsigned queues;          /* guests, one virtio-net device (TX+RX queue pair) each */
	unsigned queue_size;
	unsigned frame;           /* L2 bytes */
	unsigned outstanding;     /* rr */
	double rate;              /* pktgen, frames/s total (0: as fast as possible) */
	double duration, warmup;  /* s */
	unsigned batch;
	enum poller_policy policy;
	bool event_idx;
	int guest_block;          /* idle guest waits for an interrupt: 1, spins: 0, -1: per mode */
	int guest_cpu, io_cpu;
	int peer_cpu;             /* the peer program (-1: anywhere, -2: cpu_helper_default) */
	double interpose_us;      /* vrio: per-request interposition cost */
	bool vrio_v2;             /* vrio: TPACKET_V2 (per-frame, the default) or V3 (per-block) */
	unsigned long seed;
	const char *out;          /* CSV path, "-" = stdout, NULL = none */
	const char *record;       /* --record: per-request trace path, NULL = none */
	const char *scenario;
	const char *run_id;
	bool quiet;
	bool no_peer;             /* the kernel stack alone sinks the frames (no program) */
};

extern const char opts_usage[];
/* Parse argv into @o. 0, or 2 with one line on stderr. */
int opts_parse(struct opts *o, int argc, char **argv);
const char *opts_mode_name(enum opts_mode m);

#endif
