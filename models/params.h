/*
 * params — everything a simulation run needs to know, as plain values.
 *
 * This is the models' whole input: the rack, the wire, the per-operation costs, the workload and
 * the devices. It knows nothing of files or command lines (sim/scenario.c fills it from INI).
 * Every default has its source next to it: [S] stated in a source, [S2] quoted by a secondary
 * source, [E] an estimate (see shared/references/published-numbers.md).
 */
#ifndef VRIOSIM_PARAMS_H
#define VRIOSIM_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

enum vs_model { VS_TRAP, VS_ELVIS, VS_VRIO, VS_SRIOV, VS_BAREMETAL, VS_MODEL_COUNT };
enum vs_workload { WL_RR, WL_STREAM, WL_OPEN, WL_PKTGEN, WL_BLOCK, WL_TRACE, WL_COUNT };
enum vs_dist { DIST_CONST, DIST_EXP, DIST_LOGNORMAL };
enum vs_arrival { ARRIVAL_POISSON, ARRIVAL_CONSTANT };
enum vs_phase { PHASE_RANDOM, PHASE_ALIGNED };
enum vs_rx_claim { RX_CLAIM_RING, RX_CLAIM_DESCRIPTOR };
enum vs_policy { POLICY_RR, POLICY_LONGEST };
enum vs_pooling { POOL_SHARED, POOL_PARTITIONED };
enum vs_placement { PLACE_LOCAL, PLACE_IOHOST };

#define VS_MAX_VMHOSTS 1024
#define VS_MAX_TRACE 1000000
#define VS_MAX_BURST 256

/* A size or time distribution: constant, exponential (mean), lognormal (mean and sigma of the
 * underlying normal; the mean is preserved). */
struct vs_dist_spec {
	enum vs_dist kind;
	double sigma; /* lognormal shape; ignored otherwise */
};

/* One request of a recorded trace (workload.kind = trace). */
struct vs_trace_rec {
	double t_s;      /* issue time, relative to the trace start */
	int vm;          /* VM index (modulo the rack's VMs) */
	uint32_t bytes;  /* request bytes */
	uint32_t resp_bytes; /* response bytes (0: none) */
};

struct vs_params {
	/* [run] */
	double duration_s;   /* simulated seconds */
	double warmup_s;     /* statistics ignore what completes before this */
	uint64_t seed;       /* base seed; replications use other streams of it */
	int replications;    /* independent runs (different RNG streams) */
	int replication;     /* which one this run is (set by the runner) */

	/* [model] */
	enum vs_model kind;  /* which I/O model this run simulates */
	bool eli;            /* exitless interrupts (ELI / posted interrupts) for trap & sriov */
	bool event_idx;      /* VIRTIO_F_EVENT_IDX notification suppression */

	/* [rack] */
	int vmhosts, cores_per_vmhost, vms_per_vmhost, vcpus_per_vm;
	double cpu_ghz;
	int elvis_sidecores;     /* per VMhost */
	int iohost_sidecores, iohost_cores;
	int clients;             /* external client hosts (network peers) */
	int queue_size;          /* descriptors per virtqueue */
	int sidecore_batch;      /* requests served per queue visit */
	enum vs_policy sidecore_policy;
	enum vs_pooling iohost_pooling;
	int iohost_rx_rings;     /* vRIO: IOhost NIC receive rings polled (0: one per queue, <= 64) */
	enum vs_rx_claim iohost_rx_claim; /* vRIO: a ring drained by one sidecore at a time, or
					   * descriptors claimed one by one by any (multi-consumer) */

	/* [wire] */
	double gbps;             /* line rate of every port */
	double iohost_gbps;      /* the IOhost's port (0: gbps) */
	int mtu;                 /* L3 bytes per frame */
	bool tso;                /* segmentation offload: one send cost per message */
	double nic_latency_us;   /* per NIC traversal (TX or RX port) */
	double switch_latency_us;
	double propagation_us;   /* per link */

	/* [costs] — cycles unless the name says otherwise */
	double exit_direct_cycles, exit_indirect_cycles, notify_cycles;
	double irq_inject_cycles, eoi_cycles, guest_irq_cycles;
	double app_cycles, guest_stack_cycles, guest_byte_cycles;
	double vhost_req_cycles, vhost_byte_cycles, wakeup_us;
	double sidecore_req_cycles, sidecore_byte_cycles, poll_queue_ns;
	double rx_claim_ns;      /* claiming one descriptor of a multi-consumer ring (an atomic) */
	double poll_pass_ns;     /* fixed cost of one polling pass, whatever the queues (e.g. an
				  * event-source check at its end: vrioemu's epoll over its taps) */
	struct vs_dist_spec sidecore_dist; /* per-request sidecore work: constant by default */
	double sidecore_warm_ratio; /* a request served right after another (no idle poll between:
				     * warm caches) costs this share of sidecore_req_cycles */
	double interpose_cycles, vrio_encap_cycles, virt_overhead;
	double peer_us;          /* network peer: its stack + application per request */

	/* [workload] */
	enum vs_workload workload;
	uint32_t msg_bytes, resp_bytes;
	int outstanding;         /* closed loop: requests in flight per vCPU */
	int burst;               /* closed loops: requests handed off together (xmit_more) */
	double rate_rps;         /* open / pktgen: per vCPU (0 for pktgen: as fast as possible) */
	enum vs_arrival arrival;
	enum vs_phase phase;     /* open loops: queues start at random offsets, or all together */
	struct vs_dist_spec size_dist, service_dist;
	double service_us;       /* extra per-request work at the peer (mean) */
	double read_fraction;    /* block: share of reads */
	int n_vm_load;           /* per-VMhost load weights (imbalance) */
	double vm_load[VS_MAX_VMHOSTS];
	const struct vs_trace_rec *trace; /* workload.kind = trace */
	int n_trace;

	/* [device] */
	double dev_latency_us, dev_gbps;
	int dev_queue_depth;
	enum vs_placement dev_placement;

	/* [debug] — faults injected on purpose, so tests can prove the run's own checks fire */
	uint64_t debug_leak_request; /* the Nth completion vanishes uncounted (0: never) */
	bool debug_stall;            /* every guest blocks forever after its first request */
};

/* Fill @p with the documented defaults (the built-in default scenario's values). */
void vs_params_default(struct vs_params *p);

/* A cross-key problem: the key to blame ("section.key") and what is wrong. */
struct vs_check {
	const char *key;
	const char *msg;
};
/* Cross-key consistency (the rack is possible, the workload makes sense): 0, or -1 with the
 * first problem in @out. */
int vs_params_check(const struct vs_params *p, struct vs_check *out);

const char *vs_model_name(enum vs_model m);
int vs_model_parse(const char *s); /* -1 if unknown */

#endif
