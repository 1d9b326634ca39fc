/*
 * vriosim — the models' whole public face: what a run needs (parameters), what it gives
 * (results, and each completed request to an observer), how to run one, and the names every
 * key of the models' vocabulary takes. Everything else under models/ is private to it.
 *
 * The models know nothing of files or command lines (sim/ fills the parameters from a
 * scenario file and writes the results). Every default has its source next to it in params.c:
 * [S] stated in a source, [S2] quoted by a secondary source, [E] an estimate (docs/model.md).
 */
#ifndef VRIOSIM_VRIOSIM_H
#define VRIOSIM_VRIOSIM_H

#include <stdbool.h>
#include <stdint.h>

#include "metric_schema.h"

/* ---- Vocabulary: the words enumerated keys take ---- */

/* I/O models, workloads and sidecore policies are registries (models/io/models.def,
 * models/guest/workloads.def, models/sidecore/policies.def): a parameter holds an index into
 * one, and only the registry knows which index is which. The other vocabularies are fixed. */
enum vs_vocab {
	VS_VOCAB_MODEL,      /* [model] kind */
	VS_VOCAB_WORKLOAD,   /* [workload] kind */
	VS_VOCAB_POLICY,     /* [rack] sidecore_policy */
	VS_VOCAB_POOLING,    /* [rack] iohost_pooling */
	VS_VOCAB_RX_CLAIM,   /* [rack] iohost_rx_claim */
	VS_VOCAB_DIST,       /* *_dist */
	VS_VOCAB_ARRIVAL,    /* [workload] arrival */
	VS_VOCAB_PHASE,      /* [workload] phase */
	VS_VOCAB_PLACEMENT,  /* [device] placement */
	VS_VOCAB_PATTERN,    /* [workload] pattern */
	VS_VOCAB_ASSIGN,     /* [rack] iohost_assign */
	VS_VOCAB_FAULT,      /* [fault] kind */
	VS_VOCAB_FAILOVER,   /* [fault] failover */
	VS_VOCAB_SHARED_CORES, /* [rack] shared_cores */
	VS_VOCAB_SCALING,    /* [sched] scaling */
	VS_VOCAB_IOHOST_POLICY, /* [dynamic] iohost_policy */
	VS_VOCAB_COUNT
};
/* The words of @v indexed by value, NULL-terminated. */
const char *const *vs_vocab_names(enum vs_vocab v);
/* The value of @word in @v, or -1. */
int vs_vocab_parse(enum vs_vocab v, const char *word);
/* The word for @value in @v ("?" if out of range). */
const char *vs_vocab_name(enum vs_vocab v, int value);
/* Shorthands for the I/O model registry. */
static inline const char *vs_model_name(int m) { return vs_vocab_name(VS_VOCAB_MODEL, m); }
static inline int vs_model_parse(const char *s) { return vs_vocab_parse(VS_VOCAB_MODEL, s); }
int vs_model_count(void);

enum vs_dist { DIST_CONST, DIST_EXP, DIST_LOGNORMAL };
enum vs_arrival { ARRIVAL_POISSON, ARRIVAL_CONSTANT };
enum vs_phase { PHASE_RANDOM, PHASE_ALIGNED };
enum vs_rx_claim { RX_CLAIM_RING, RX_CLAIM_DESCRIPTOR };
enum vs_pooling { POOL_SHARED, POOL_PARTITIONED };
enum vs_placement { PLACE_LOCAL, PLACE_IOHOST };
enum vs_fault { FAULT_NONE, FAULT_IOHOST, FAULT_LINK, FAULT_SIDECORE };
enum vs_failover { FAILOVER_NONE, FAILOVER_IOHOST, FAILOVER_TRAP };
/* vRIO's IOhost sidecores: all polling throughout, or added and parked as load changes. */
enum vs_iohost_policy { IOHOST_POLICY_STATIC, IOHOST_POLICY_LOAD };
enum vs_assign { ASSIGN_STATIC, ASSIGN_HASHED, ASSIGN_LEAST_LOADED };
enum vs_pattern { PATTERN_CONSTANT, PATTERN_STEP, PATTERN_RAMP, PATTERN_SINE, PATTERN_ONOFF };
enum vs_shared_cores { SHARED_CFS, SHARED_PS };
/* Linux's sysctl_sched_tunable_scaling, in its order. */
enum vs_sched_scaling { SCALING_NONE, SCALING_LOG, SCALING_LINEAR };

/* ---- Parameters ---- */

#define VS_MAX_MODELS 16       /* I/O models in the registry, at most */
#define VS_MAX_VMHOSTS 1024
#define VS_MAX_QUEUE_SIZE 32768 /* descriptors per virtqueue: the spec's largest split ring */
#define VS_MAX_TRACE 1000000
#define VS_MAX_BURST 256
#define VS_MAX_CLASSES 16      /* VMhost classes ([classes]), at most */

/* A comma list of numbers ([classes]): @n of them (0: not given). */
struct vs_list {
	int n;
	double v[VS_MAX_CLASSES];
};

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
	double series_ms;    /* time series: the measured window in intervals of this (0: none) */
	uint64_t seed;       /* base seed; replications use other streams of it */
	int replications;    /* independent runs (different RNG streams) */
	int replication;     /* which one this run is (set by the runner) */

	/* [model] */
	int kind;            /* which I/O model this run simulates (VS_VOCAB_MODEL) */
	bool eli;            /* exitless interrupts (ELI / posted interrupts) for trap & sriov */
	bool event_idx;      /* VIRTIO_F_EVENT_IDX notification suppression */

	/* [rack] */
	int vmhosts, cores_per_vmhost, vms_per_vmhost, vcpus_per_vm;
	double cpu_ghz;
	/* [classes] — VMhosts that differ: class c has class_vmhosts.v[c] of them (in rack order,
	 * class by class), each with its own cores, clock, NIC speed and VMs; a list not given
	 * takes the [rack]/[wire] value for every class. No list given: every VMhost alike. */
	struct vs_list class_vmhosts, class_cores, class_ghz, class_gbps, class_vms;
	int elvis_sidecores;     /* per VMhost */
	int iohosts;             /* IOhosts (vRIO; consolidated devices) */
	int iohost_assign;       /* which IOhost serves a VM (enum vs_assign) */
	int iohost_sidecores, iohost_cores; /* per IOhost */
	int clients;             /* external client hosts (network peers) */
	int queue_size;          /* descriptors per virtqueue */
	int sidecore_batch;      /* requests served per queue visit */
	int sidecore_policy;     /* how a sidecore picks its next queue (VS_VOCAB_POLICY) */
	enum vs_pooling iohost_pooling;
	int iohost_rx_rings;     /* vRIO: IOhost NIC receive rings polled (0: one per queue, <= 64) */
	enum vs_rx_claim iohost_rx_claim; /* vRIO: a ring drained by one sidecore at a time, or
					   * descriptors claimed one by one by any (multi-consumer) */
	enum vs_shared_cores shared_cores; /* threads sharing a VMhost's cores: a CFS-like
					    * scheduler, or SimGrid's ideal processor sharing */

	/* [wire] */
	double gbps;             /* line rate of every port */
	double iohost_gbps;      /* the IOhost's port (0: gbps) */
	int mtu;                 /* L3 bytes per frame */
	bool tso;                /* segmentation offload: one send cost per message */
	double nic_latency_us;   /* per NIC traversal (TX or RX port) */
	double switch_latency_us;
	double propagation_us;   /* per link */
	int nic_ring;            /* descriptors of a hardware NIC ring (VF, host NIC, IOhost) */
	double itr_us;           /* NIC interrupt throttling interval (VFs, bare metal) */
	double switch_buffer_kb; /* ToR buffer per port (output queue); beyond it frames drop */

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
	struct vs_dist_spec cost_dist; /* every other software cost (exits, handlers, stacks,
					* vhost, wake-ups, the peer): its spread around its mean */
	double sidecore_warm_ratio; /* a request served right after another (no idle poll between:
				     * warm caches) costs this share of sidecore_req_cycles */
	double interpose_cycles, vrio_encap_cycles, virt_overhead;
	double peer_us;          /* network peer: its stack + application per request */
	double peer_ack_us;      /* network peer: its kernel's receive path before an ACK */
	double host_irq_cycles;  /* a host interrupt handler (trap: the NIC's, before vhost) */
	double halt_wakeup_us;   /* a halted vCPU's host thread woken from sleep */
	double c1_exit_us;       /* bare metal: leaving the C1 idle state */
	double vrio_decap_cycles; /* the guest's vRIO front end, per received message */
	double interpose_byte_cycles; /* interposition per byte (encryption, compression) */
	double ctx_switch_cycles; /* a context switch between two threads on a shared core */

	/* [guest] — the guest's drivers and its vCPU's idle */
	int napi_budget;         /* packets one NAPI poll takes before yielding */
	double virtio_rx_usecs;  /* virtio-net notification coalescing: delay */
	int virtio_rx_frames;    /* virtio-net notification coalescing: frames */
	double halt_poll_us;     /* KVM halt polling: a vCPU idle shorter than this is not
				  * descheduled (its core spins) */

	/* [sched] — the CFS-like scheduler of shared cores (rack.shared_cores = cfs): Linux's
	 * base tunables, multiplied by the scaling factor of the VMhost's CPU count */
	double sched_latency_us;     /* sched_latency: every runnable thread runs once in it */
	double sched_min_gran_us;    /* min_granularity: the shortest slice */
	double sched_wakeup_gran_us; /* wakeup_granularity: a waker's lead needed to preempt */
	enum vs_sched_scaling sched_scaling; /* sysctl_sched_tunable_scaling */

	/* [workload] */
	int workload;            /* which workload (VS_VOCAB_WORKLOAD) */
	uint32_t msg_bytes, resp_bytes;
	int outstanding;         /* closed loop: requests in flight per vCPU */
	int burst;               /* closed loops: requests handed off together (xmit_more) */
	double rate_rps;         /* open / pktgen: per vCPU (0 for pktgen: as fast as possible) */
	enum vs_arrival arrival;
	enum vs_phase phase;     /* open loops: queues start at random offsets, or all together */
	struct vs_dist_spec size_dist, service_dist;
	double service_us;       /* extra per-request work at the peer (mean) */
	double read_fraction;    /* block: share of reads */
	enum vs_pattern pattern; /* the load in time: constant, or a multiplier that varies */
	double pattern_low, pattern_high; /* the multiplier's two levels */
	double pattern_at_s;     /* step: when it goes from low to high */
	double pattern_period_s; /* ramp: low to high over this; sine: its period */
	bool pattern_stagger;    /* sine: VMhost h runs h/vmhosts of a period behind */
	double pattern_on_s, pattern_off_s; /* on/off: mean sojourns (exponential), per VM */
	double timeout_ms;       /* UDP-like request-response: the application gives up */
	double window_kb;        /* TCP-like: bytes in flight at most */
	int delack_segments;     /* TCP-like: the receiver ACKs every this many full segments */
	double rto_ms;           /* TCP-like: retransmission timeout */
	double delack_ms;        /* TCP-like: a lone segment's delayed ACK goes out after this */
	bool gro;                /* TCP-like: the receiver merges a burst's segments (one ACK) */
	int n_vm_load;           /* per-VMhost load weights (imbalance) */
	double vm_load[VS_MAX_VMHOSTS];
	const struct vs_trace_rec *trace; /* workload.kind = trace */
	int n_trace;

	/* [device] */
	double dev_latency_us, dev_gbps;
	int dev_queue_depth;
	enum vs_placement dev_placement;
	int iohost_devices;      /* block devices at the IOhost (0: one per VMhost) */
	double iohost_dev_latency_us, iohost_dev_gbps; /* theirs (0: as the local ones) */
	int iohost_dev_queue_depth;

	/* [fault] — a component down at fault_at_s, back at fault_until_s (0: not in the run) */
	enum vs_fault fault;     /* what goes down: none, an IOhost, a VMhost's link, a sidecore */
	int fault_target;        /* which one (IOhost, VMhost or sidecore number) */
	double fault_at_s, fault_until_s;
	double fault_detect_ms;  /* the failure is noticed this long after it happens */
	enum vs_failover failover; /* then: nothing, the VMs move to another IOhost, or their
				    * queues fall back to trap-and-emulate on their VMhosts */

	/* [dynamic] — I/O cores that follow the load: the dynamic model's guest queues move
	 * between trap-and-emulate and a local sidecore by notification rate; vRIO's IOhost
	 * sidecores are added and parked (dynamic.iohost_policy). A controller samples every
	 * dyn_interval_ms. */
	double dyn_interval_ms;  /* the controller's sampling interval */
	double poll_start_rate;  /* a queue handing this many requests a second starts polling */
	double poll_stop_rate;   /* a polling queue below this goes back to trap (0: never) */
	double poll_stop_idle_ms; /* a polling queue idle this long goes back to trap */
	int dyn_cooldown;        /* intervals after a change before the same queue (IOhost) changes
				  * again */
	double switch_us;        /* moving a queue between trap and polling: neither backend
				  * serves it meanwhile, and it costs that much I/O CPU */
	double core_switch_ms;   /* taking a core for a sidecore: it polls only this much later */
	enum vs_iohost_policy iohost_policy; /* vRIO: static, or load (add and park sidecores) */
	double add_idle;         /* load: add a sidecore when its IOhost's idle polling is below
				  * this many cores' worth */
	double park_idle;        /* load: park one when it is above this */

	/* [cost] — what the rack's parts cost and draw (docs/cost.md): cost_usd, power_w */
	struct vs_cost {
		double server_2s_usd;    /* a 1-2 socket server without its CPUs */
		double server_4s_usd;    /* a 3-4 socket server without its CPUs */
		int cpu_cores;           /* cores per socket */
		double cpu_usd;          /* one socket's processor (priced per core used) */
		double cpu_w;            /* one socket's processor at full load (TDP) */
		double platform_w;       /* a server's other parts at full load, per socket */
		double idle_ratio;       /* a server's idle power over its full-load power */
		double nic_usd, nic_w;   /* a 10 Gb/s NIC port */
		double switch_port_usd, switch_port_w; /* a 10 Gb/s ToR switch port */
		double port_exp;         /* a port of r Gb/s costs and draws (r/10)^port_exp of one
					  * of 10 Gb/s */
		double flash_usd, flash_w; /* one block device (a PCIe flash card) */
	} cost;

	/* [debug] — faults injected on purpose, so tests can prove the run's own checks fire */
	uint64_t debug_leak_request; /* the Nth completion vanishes uncounted (0: never) */
	bool debug_stall;            /* every guest blocks forever after its first request */
};

/* ---- Keys: every parameter by its scenario name, with unit, default and source ---- */

enum vs_key_type {
	VS_KEY_DOUBLE,   /* a finite number in [min, max] */
	VS_KEY_INT,      /* a whole number in [min, max] */
	VS_KEY_U32,
	VS_KEY_U64,
	VS_KEY_BOOL,     /* on|off (true|false, yes|no, 1|0) */
	VS_KEY_ENUM,     /* a word of vocabulary @vocab */
	VS_KEY_WEIGHTS,  /* a comma list of non-negative numbers, one per VMhost */
	VS_KEY_LIST,     /* a comma list of numbers in [min, max], one per class (struct vs_list) */
};

/* One parameter: where it lives in struct vs_params, what it accepts, what it means. */
struct vs_key {
	const char *section, *name;  /* "[section] name" in a scenario, "section.name" on --set */
	enum vs_key_type type;
	unsigned off;                /* offset of the field in struct vs_params */
	double min, max;             /* accepted range (numbers) */
	enum vs_vocab vocab;         /* VS_KEY_ENUM: its words */
	const char *unit;            /* "cycles", "us", "ns", "Gb/s", "bytes", "" ... */
	const char *def;             /* the default, as a scenario writes it */
	const char *source;          /* where the default comes from: [S] stated, [S2] quoted,
				      * [M] measured by vrioemu, [E] estimated, [F] fitted to a
				      * published result (docs/model.md) */
	const char *doc;             /* what it means, one line */
};

/* The table of every parameter key, in documentation order; *@n gets its length. */
const struct vs_key *vs_keys(int *n);
/* The key "[section] name", or NULL. */
const struct vs_key *vs_key_find(const char *section, const char *name);
/* Set key @k of @p from the text @value. NULL, or what was expected (a static string or one
 * written into @buf of @bufn bytes), for a message "expected ..., got <value>". */
const char *vs_key_set(struct vs_params *p, const struct vs_key *k, const char *value, char *buf,
		       unsigned bufn);
/* The value of key @k in @p as a scenario would write it (shortest form that reads back the
 * same number). */
void vs_key_format(const struct vs_params *p, const struct vs_key *k, char *buf, unsigned bufn);

/* One VMhost as [classes] (or [rack] and [wire] alike for all) make it. */
struct vs_host {
	int class_id;   /* its class (0 without classes) */
	int cores;      /* its cores */
	double cpu_ghz; /* their clock */
	double gbps;    /* its NIC port's line rate */
	int vms;        /* VMs on it */
	int first_vm;   /* the number of its first VM (VMs are numbered VMhost by VMhost) */
};
/* VMhost @h of @p (0 <= h < p->vmhosts; @p checked). */
void vs_host(const struct vs_params *p, int h, struct vs_host *out);
/* VMs in the rack (every VMhost's). */
int vs_total_vms(const struct vs_params *p);

/* Fill @p with the defaults of every key (the built-in default scenario's values). */
void vs_params_default(struct vs_params *p);

/* A cross-key problem: the key to blame ("section.key") and what is wrong. */
struct vs_check {
	const char *key;
	const char *msg;
};
/* Cross-key consistency (the rack is possible, the workload makes sense, the model has what
 * it needs): 0, or -1 with the first problem in @out. */
int vs_params_check(const struct vs_params *p, struct vs_check *out);

/* ---- Results ---- */

/* One named result of a run: a metric of the schema (common/metrics.def). */
struct vs_metric {
	const char *name;  /* the schema's name (a static string) */
	double value;
	const char *unit;  /* the schema's unit */
};
/* The latency distribution a run reports: its quantiles at vs_cdf_q[] (0.01 .. 0.99 by 0.01,
 * then 0.995, 0.999, 0.9999 and the maximum). */
#define VS_CDF_POINTS 103
extern const double vs_cdf_q[VS_CDF_POINTS];

/* What one run gives: every simulator metric of the schema, in the schema's order, and the
 * latency distribution of the window. */
struct vs_results {
	int n;                          /* metrics in m[] */
	struct vs_metric m[METRIC_COUNT];
	double cdf_us[VS_CDF_POINTS];   /* latency (us) at the quantiles vs_cdf_q (0: no sample) */
	char error[256];                /* non-empty: the run failed (conservation, stall, set-up) */
};

/* The stages of a request's latency (struct vs_completion.stage_s), and their names. */
enum { VS_STAGE_GUEST, VS_STAGE_TO_BACKEND, VS_STAGE_QUEUE, VS_STAGE_SERVICE, VS_STAGE_DEVICE,
       VS_STAGE_RETURN, VS_STAGE_GUEST_RX, VS_STAGES };
extern const char *const vs_stage_names[VS_STAGES];

/* One completed request, as the per-request trace sees it. */
struct vs_completion {
	int vcpu;            /* guest queue (global index) */
	int vm;              /* VM (global index) */
	uint64_t id;         /* request sequence number in the run */
	double t_issue;      /* when the application issued it (s) */
	double t_done;       /* when its completion reached the application (s) */
	uint32_t bytes;      /* request payload */
	uint32_t resp_bytes; /* response payload */
	const char *path;    /* the stages it crossed, e.g. "guest>vring>sidecore>nic>peer>..." */
	/* Its latency by stage (s): the guest's TX work; to its backend (vRIO: the wire to the
	 * IOhost); waiting there; the backend's service; the device (wire, peer, block I/O);
	 * back to the guest's ring (the backend's RX work; vRIO: the wire back); the guest's
	 * receive path (interrupt, NAPI, stack). They add up to the latency. */
	double stage_s[VS_STAGES];
};
/* One interval of a run's time series (run.series_ms > 0): the measured window cut into
 * intervals, each reported when it ends. */
struct vs_series {
	double t_s;              /* the interval's end (s) */
	double throughput_rps;   /* requests completed in it, per second */
	double throughput_gbps;  /* payload delivered in it */
	double latency_p50_us;   /* of the requests completed in it (0: none) */
	double latency_p99_us;
	double inflight;         /* requests in flight at its end */
	double drops;            /* messages dropped in it */
	double util_vm_cores;    /* the VM cores' busy share (all VMhosts) */
	double util_sidecores;   /* the polling cores' busy share, apart from polling */
	int active_sidecores;    /* polling cores in service (neither failed nor parked) */
	int trap_queues;         /* guest queues served by trap-and-emulate now (kicks exit) */
};

/* Who wants to see every completed request, the time series, or how far the run is. Any may
 * be NULL. */
struct vs_observer {
	void (*done)(void *ctx, const struct vs_completion *c); /* a request completed */
	void (*series)(void *ctx, const struct vs_series *row); /* an interval ended */
	void *ctx;
	/* The run reached simulated time @t (s), as its completions tell: about every hundredth
	 * of run.duration_s while requests complete (or NULL). The run is the same without. */
	void (*progress)(void *ctx, double t);
	/* done must see the completions in the order of their times, and the requests numbered
	 * in the order they were issued (a per-request trace). Without it, a vCPU that runs
	 * ahead of the clock (docs/model.md, "Order at equal times") may report a completion
	 * before another VM's that came a little earlier. */
	bool in_order;
};

/* ---- Running ---- */

/* Simulate @p in this process: start SimGrid, build the rack, run p->duration_s, check the
 * run (every issued request completed, dropped or in flight; no stall), fill @res. SimGrid
 * allows one simulation per process: call it once, in a process of its own. Returns 0, or -1
 * with res->error set (the run cannot be trusted, or could not be set up). @obs may be NULL. */
int vs_simulate(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs);

/* The engine alone (what a step and a wake cost at the least; vriosim-bench measures it), @n
 * times, 1 us apart. Like vs_simulate, once per process. 0 with *@clock the simulated end
 * (@n us), or -1. */
enum vs_loop {
	VS_LOOP_STEP,  /* an actor waits on its inbox until a date (a kernel timer), as vriosim's
			* dedicated-core actors wait */
	VS_LOOP_WAKE,  /* the same, and it rings a second actor's inbox after each, which waits
			* again */
	VS_LOOP_TIMER, /* no actor: a kernel timer whose callback sets the next (SimGrid's
			* cheapest step, the one a model without an actor per guest would take) */
};
int vs_engine_loop(long n, enum vs_loop kind, double *clock);

/* What simulating @p will cost, estimated from the parameters alone (no SimGrid), so that a
 * run that cannot finish can be refused before it starts. Every figure errs high; the
 * constants are measured (models/rack/estimate.c says how and where). */
struct vs_estimate {
	double queues;          /* guest queues (vCPUs) */
	double actors;          /* SimGrid actors: a stack mapping and a guard page each */
	double bytes;           /* peak memory of the simulation process */
	double requests;        /* requests issued (open loops: every arrival, dropped or not) */
	double events;          /* simulation steps: requests x the model's steps per request,
				 * and building the rack; a step is about 1 us of the machine the
				 * constants were measured on (VS_EST_STEPS_PER_S) */
	double wall_s;          /* events at VS_EST_STEPS_PER_S */
	const char *bytes_key;  /* the parameter that makes most of @bytes ("rack.vmhosts") */
	const char *actors_key; /* ... of @actors */
	const char *events_key; /* ... of @events ("run.duration_s", "workload.rate_rps") */
};
#define VS_EST_STEPS_PER_S 1e6 /* steps per wall second, measured (estimate.c) */
/* Estimate @p's cost into @e: 0, or -1 when @p names no I/O model of the registry. */
int vs_estimate(const struct vs_params *p, struct vs_estimate *e);

#endif
