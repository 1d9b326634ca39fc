/*
 * params — defaults with their sources, cross-key checks, and the vocabulary of keys.
 */
#include <string.h>

#include "io_model.h"
#include "sidecore.h"
#include "vriosim.h"
#include "workload.h"

/* ---- Vocabulary ---- */

static const char *const pooling_names[] = { "pooled", "partitioned", NULL };
static const char *const rx_claim_names[] = { "ring", "descriptor", NULL };
static const char *const dist_names[] = { "const", "exp", "lognormal", NULL };
static const char *const arrival_names[] = { "poisson", "constant", NULL };
static const char *const phase_names[] = { "random", "aligned", NULL };
static const char *const placement_names[] = { "local", "iohost", NULL };

const char *const *vs_vocab_names(enum vs_vocab v)
{
	switch (v) {
	case VS_VOCAB_MODEL: return io_model_names();
	case VS_VOCAB_WORKLOAD: return workload_names();
	case VS_VOCAB_POLICY: return sidecore_policy_names();
	case VS_VOCAB_POOLING: return pooling_names;
	case VS_VOCAB_RX_CLAIM: return rx_claim_names;
	case VS_VOCAB_DIST: return dist_names;
	case VS_VOCAB_ARRIVAL: return arrival_names;
	case VS_VOCAB_PHASE: return phase_names;
	case VS_VOCAB_PLACEMENT: return placement_names;
	case VS_VOCAB_COUNT: break;
	}
	return NULL;
}

int vs_vocab_parse(enum vs_vocab v, const char *word)
{
	const char *const *names = vs_vocab_names(v);
	for (int i = 0; names && names[i]; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

const char *vs_vocab_name(enum vs_vocab v, int value)
{
	const char *const *names = vs_vocab_names(v);
	for (int i = 0; names && names[i]; i++)
		if (i == value)
			return names[i];
	return "?";
}

int vs_model_count(void) { return io_model_count(); }

/* ---- Defaults ---- */

void vs_params_default(struct vs_params *p)
{
	memset(p, 0, sizeof(*p));
	p->duration_s = 0.2;
	p->warmup_s = 0.02;
	p->seed = 1;
	p->replications = 1;

	p->kind = vs_model_parse("elvis");
	p->eli = true;
	p->event_idx = true;

	/* A small rack: two VMhosts of 4 cores with 3 single-vCPU VMs each. */
	p->vmhosts = 2;
	p->cores_per_vmhost = 4;
	p->vms_per_vmhost = 3;
	p->vcpus_per_vm = 1;
	p->cpu_ghz = 3.0;           /* [E] a contemporary Xeon */
	p->elvis_sidecores = 1;     /* Elvis ATC'13: one sidecore per host [S] */
	p->iohost_sidecores = 1;    /* vRIO: fewer sidecores than VMhosts [S] */
	p->iohost_cores = 2;
	p->clients = 2;
	p->queue_size = 256;        /* virtio-net's default ring size */
	p->sidecore_batch = 16;     /* [E] Elvis' fine-grained batch bound */
	p->sidecore_policy = vs_vocab_parse(VS_VOCAB_POLICY, "rr");
	p->iohost_pooling = POOL_SHARED;
	p->iohost_rx_claim = RX_CLAIM_RING; /* a NIC RX queue belongs to one core at a time */

	p->gbps = 10.0;
	p->mtu = 1500;
	p->tso = true;
	p->nic_latency_us = 0.65;   /* ConnectX-2: 1.3 us port to port [S], half per NIC [E] */
	p->switch_latency_us = 0.3; /* cut-through ToR 250–380 ns [S] */
	p->propagation_us = 0.05;   /* ~10 m of fibre [E] */

	p->exit_direct_cycles = 2000;   /* SplitX, WIOV'11 [S] */
	p->exit_indirect_cycles = 6000; /* SplitX: up to ~10x direct; 3x taken [E] */
	p->notify_cycles = 560;         /* ioeventfd notify -> backend, Dall ISCA'16 [S2] */
	p->irq_inject_cycles = 3102;    /* virtual IPI, Dall ATC'17 [S2] */
	p->eoi_cycles = 1556;           /* EOI exit, Dall ISCA'16 [S2] */
	p->guest_irq_cycles = 3000;     /* interrupt + waking the blocked app, ~1 us [S] (Onload) */
	p->app_cycles = 3000;           /* netperf-like request loop, ~1 us [E] */
	p->guest_stack_cycles = 9000;   /* guest TCP/IP + syscall + driver per message and direction, ~3 us [E] */
	p->guest_byte_cycles = 0.1;     /* per byte (checksum/copy with offloads) [E] */
	p->vhost_req_cycles = 4500;     /* the same work woken by eventfd, cold caches: 3x [E] */
	p->vhost_byte_cycles = 0.25;    /* copy from/to guest memory [E] */
	p->wakeup_us = 3.0;             /* vhost thread wake-up after eventfd [E]; ~5 us seen here */
	p->sidecore_req_cycles = 1500;  /* polled backend per packet: 0.3–3 us (IsoStack) [S]; 0.5 us [E] */
	p->sidecore_byte_cycles = 0.25; /* [E] */
	p->poll_queue_ns = 100;         /* one cache-line transfer, 50–500 ns [S]/[E] */
	p->sidecore_warm_ratio = 1;     /* [E] no warm-up effect unless calibrated (vrioemu: ~0.7) */
	p->poll_pass_ns = 0;            /* Elvis/vRIO sidecores poll rings only; vrioemu's costs ~1.2 us */
	p->rx_claim_ns = 100;           /* a contended atomic on the ring head: one cache-line transfer [E] */
	p->interpose_cycles = 0;        /* no interposition by default */
	p->vrio_encap_cycles = 300;     /* vRIO header build/parse [E] */
	p->virt_overhead = 1.02;        /* 2-D paging etc.: ELI reaches 97–100% of bare metal [S] */
	p->peer_us = 12.0;              /* bare-metal peer: kernel RX 2–5 us + wake-up + app + TX [E] */

	p->workload = vs_vocab_parse(VS_VOCAB_WORKLOAD, "rr");
	p->msg_bytes = 64;
	p->resp_bytes = 0; /* 0: same as msg_bytes */
	p->outstanding = 1;
	p->burst = 1;
	p->rate_rps = 20000;
	p->arrival = ARRIVAL_POISSON;
	p->phase = PHASE_RANDOM;
	p->size_dist.kind = DIST_CONST;
	p->service_dist.kind = DIST_CONST;
	p->sidecore_dist.kind = DIST_CONST;
	p->size_dist.sigma = p->service_dist.sigma = p->sidecore_dist.sigma = 1.0;
	p->service_us = 0;
	p->read_fraction = 1.0;

	p->dev_latency_us = 50.0;  /* ioDrive2 4 KiB read 47–68 us [S] */
	p->dev_gbps = 12.0;        /* ~1.5 GB/s [E] */
	p->dev_queue_depth = 32;
	p->dev_placement = PLACE_LOCAL;
}

/* ---- Cross-key checks ---- */

int vs_params_check(const struct vs_params *p, struct vs_check *out)
{
#define FAIL(k, m)                                                                           \
	do {                                                                                 \
		out->key = (k);                                                              \
		out->msg = (m);                                                              \
		return -1;                                                                   \
	} while (0)
	const struct io_model *model = io_model_get(p->kind);
	const struct workload *wl = workload_get(p->workload);
	if (!model)
		FAIL("model.kind", "is not an I/O model");
	if (!wl)
		FAIL("workload.kind", "is not a workload");
	if (p->warmup_s >= p->duration_s)
		FAIL("run.warmup_s", "must be less than run.duration_s");
	if (model->check && model->check(p, out))
		return -1;
	if (p->iohost_sidecores > p->iohost_cores)
		FAIL("rack.iohost_sidecores", "is more than rack.iohost_cores");
	if (p->n_vm_load && p->n_vm_load != p->vmhosts)
		FAIL("workload.vm_load", "must list one weight per VMhost (rack.vmhosts of them)");
	if ((long long)p->outstanding * wl->descriptors > p->queue_size)
		FAIL("workload.outstanding", "needs more descriptors than rack.queue_size holds");
	if (wl->check && wl->check(p, out))
		return -1;
	if ((long long)p->vmhosts * p->vms_per_vmhost * p->vcpus_per_vm > 1000000)
		FAIL("rack.vms_per_vmhost", "more than a million guest queues");
	return 0;
#undef FAIL
}
