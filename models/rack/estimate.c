/*
 * estimate — what a run will cost, from its parameters alone (vs_estimate in vriosim.h), so a
 * run that cannot finish is refused before it starts instead of swapping, aborting inside
 * SimGrid or running for days.
 *
 * Every figure errs high (a refused run can be forced; a machine brought to its knees cannot
 * be taken back). The constants were measured with `/usr/bin/time -v` (peak RSS) and the
 * requests in summary.csv, on the 2-core development machine, release build, 2026-11-30:
 *
 *   memory   default rack (6 guest queues): 33 MiB, the process before any rack (SimGrid,
 *            the libraries, the parent's image). RR racks of 1,024 / 2,048 / 8,192 / 16,384
 *            queues (elvis, 256 descriptors): 56 / 104 / 386 / 763 MiB, i.e. 46 KiB more
 *            per queue; trap (a vhost thread per queue) 56 KiB. 1,024 queues at 4,096 and
 *            32,768 descriptors: 510 MiB and 3.6 GiB, i.e. 108-115 bytes per descriptor
 *            (ring entries: 16 + 2 + 8 bytes; the request record: ~64; the free list: 2). So
 *            a queue is ~18 KiB (its actor's touched stack, state, RNG) + 112 B per
 *            descriptor, another actor ~10 KiB. A run of 7.6M requests (sriov, 30 s): 69 MiB:
 *            8-byte latency samples in an array that doubles, 16 bytes a request at worst.
 *            Remeasured 2026-12-01 (the request record has grown since): bench/rack1024.ini
 *            (elvis, 1,024 queues of 256 descriptors) 139 MiB against 33 MiB with one VM per
 *            VMhost, i.e. 114 KiB per queue; at 64 descriptors 63 MiB: 432 B per descriptor,
 *            ~6 KiB per queue besides. bench/rack10k.ini (10,000 queues, 625 VMhosts):
 *            1.24 GiB against 116 MiB with one VM per VMhost, 126 KiB per queue. The
 *            estimate keeps 20 KiB + 448 B per descriptor (132 KiB at 256): it errs high.
 *   actors   SimGrid maps a stack and a guard page per actor: 16,384 trap queues (32,768
 *            actors) abort with "Failed to protect stack" at vm.max_map_count = 65,530.
 *   time     wall µs per request simulated (default rack, RR, 0.5 s): trap 13.5, elvis 4.9,
 *            vrio 6.3, sriov 1.6, baremetal 1.6; bench/README: per request, 1,024 VMs cost
 *            about twice what 64 do (caches), and 16,384 queues start in ~1 s (60 µs each).
 *   requests closed loops: a round trip per request in flight; open loops: every arrival.
 *            Completions are bound by the guests' cycles on their VMhost's cores (the
 *            guest work of a request: application, stack, bytes).
 *            A run of nothing takes 0.05-0.1 s (a process, SimGrid, the platform). A step
 *            below is 1 µs of that machine: VS_EST_STEPS_PER_S. Against every shipped
 *            scenario and benchmark rack the estimate was 0.5 to 2.5 times the wall time
 *            (open loops with interposition the lowest), the memory 1.3 times the RSS.
 */
#include <math.h>
#include <string.h>

#include "io_model.h"
#include "vriosim.h"

#define MIB (1024.0 * 1024.0)
#define EST_BASE_BYTES (40 * MIB)     /* 33 MiB measured, rounded up */
#define EST_QUEUE_BYTES (20 * 1024.0) /* per guest queue, besides its descriptors (18 KiB) */
#define EST_DESC_BYTES 448.0          /* per descriptor of a guest queue (432 B, 2026-12-01) */
#define EST_ACTOR_BYTES (12 * 1024.0) /* per actor besides the guests' (10 KiB) */
#define EST_SAMPLE_BYTES 16.0         /* per completed request (8 B in a doubling array) */
#define EST_START_STEPS 60.0          /* per guest queue, building the rack */
#define EST_RUN_STEPS 1e5             /* per run: a process, SimGrid, the platform (0.1 s) */

/* Steps (µs of the development machine) per request, by model; a model not listed costs
 * as the dearest. */
static const struct {
	const char *model;
	double steps;
} model_steps[] = {
	{ "trap", 14 }, { "elvis", 5 }, { "vrio", 7 }, { "sriov", 2 }, { "baremetal", 2 },
};

static double steps_per_request(int kind)
{
	const char *name = vs_model_name(kind);
	double most = 0;
	for (size_t i = 0; i < sizeof(model_steps) / sizeof(model_steps[0]); i++) {
		if (!strcmp(model_steps[i].model, name))
			return model_steps[i].steps;
		if (model_steps[i].steps > most)
			most = model_steps[i].steps;
	}
	return most;
}

/* The rack's size key to blame: the largest factor of the queue count. */
static const char *rack_key(const struct vs_params *p)
{
	if (p->vmhosts >= p->vms_per_vmhost && p->vmhosts >= p->vcpus_per_vm)
		return "rack.vmhosts";
	return p->vms_per_vmhost >= p->vcpus_per_vm ? "rack.vms_per_vmhost" : "rack.vcpus_per_vm";
}

/* Requests per second one guest queue can issue at most: it does the application's and the
 * stack's work for each (its own core at best). */
static double queue_cpu_rate(const struct vs_params *p, const struct io_model *m)
{
	double cycles = p->app_cycles + p->guest_stack_cycles + p->guest_byte_cycles * p->msg_bytes;
	if (m->virtualized)
		cycles *= p->virt_overhead;
	return p->cpu_ghz * 1e9 / (cycles > 1 ? cycles : 1);
}

/* Requests the workload issues in the run (every arrival of an open loop, dropped or not,
 * is simulated); @completed gets at most how many can complete. */
static double requests(const struct vs_params *p, const struct io_model *m, double queues,
		       double *completed, bool *by_rate)
{
	const char *wl = vs_vocab_name(VS_VOCAB_WORKLOAD, p->workload);
	double weight = queues; /* queues, each weighted by its VMhost's load */
	if (p->n_vm_load) {
		double sum = 0;
		for (int h = 0; h < p->n_vm_load && h < p->vmhosts; h++)
			sum += p->vm_load[h];
		weight = sum * queues / p->vmhosts;
	}
	double cpu_rate = queue_cpu_rate(p, m), rate;
	*by_rate = false;
	if (!strcmp(wl, "trace")) {
		double n = 0;
		for (int i = 0; i < p->n_trace && p->trace[i].t_s < p->duration_s; i++)
			n++;
		*completed = n;
		return n;
	}
	if (!strcmp(wl, "open") || (!strcmp(wl, "pktgen") && p->rate_rps > 0)) {
		rate = p->rate_rps;
		*by_rate = rate > cpu_rate;
	} else if (!strcmp(wl, "rr") || !strcmp(wl, "block")) {
		/* A closed loop waits a round trip for each of its requests in flight. */
		double hops = 2 * (2 * p->nic_latency_us + p->switch_latency_us + 2 * p->propagation_us);
		double serve = !strcmp(wl, "block") ? p->dev_latency_us : p->peer_us + p->service_us;
		double rtt = 1 / cpu_rate + (hops + serve) * 1e-6;
		double flight = p->outstanding > 0 ? p->outstanding : 1;
		rate = fmin(cpu_rate, flight / rtt);
	} else {
		rate = cpu_rate; /* stream, pktgen as fast as it goes, or a workload not known here */
	}
	/* The guests' work for a request runs on their VMhost's cores: at most that many queues
	 * at a time, however many share them. Arrivals of an open loop are simulated anyway;
	 * closed loops and every completion are bound by it. */
	double per_host = queues / p->vmhosts, cores = m->vm_cores(p) > 0 ? m->vm_cores(p) : 1;
	double cap = p->vmhosts * fmin(per_host, cores) * cpu_rate * p->duration_s;
	double issued = rate * weight * p->duration_s;
	*completed = fmin(fmin(rate, cpu_rate) * weight * p->duration_s, cap);
	return *by_rate || !strcmp(wl, "open") || !strcmp(wl, "pktgen") ? issued : fmin(issued, cap);
}

int vs_estimate(const struct vs_params *p, struct vs_estimate *e)
{
	memset(e, 0, sizeof(*e));
	const struct io_model *m = io_model_get(p->kind);
	if (!m)
		return -1;
	double queues = (double)vs_total_vms(p) * p->vcpus_per_vm;
	/* Actors: a guest per queue, a vhost thread per queue where I/O threads share the
	 * VMhost's cores (trap), the VMhost cores a model keeps from the guests (local
	 * sidecores), and the IOhost's sidecores whatever the model (at most 4,096: the bound
	 * is not worth a model's word). */
	double local = (double)p->vmhosts * (p->cores_per_vmhost - m->vm_cores(p));
	double extra = (m->shared_cpu ? queues : 0) + (local > 0 ? local : 0) + p->iohost_sidecores;
	e->queues = queues;
	e->actors = queues + extra;
	e->actors_key = rack_key(p);

	double completed;
	bool by_rate;
	e->requests = requests(p, m, queues, &completed, &by_rate);

	double rack = queues * (EST_QUEUE_BYTES + EST_DESC_BYTES * p->queue_size) + extra * EST_ACTOR_BYTES;
	double samples = completed * EST_SAMPLE_BYTES;
	double trace = (double)p->n_trace * sizeof(struct vs_trace_rec);
	e->bytes = EST_BASE_BYTES + rack + samples + trace;
	if (samples > rack && samples > trace)
		e->bytes_key = "run.duration_s";
	else if (trace > rack)
		e->bytes_key = "workload.trace_file";
	else if (p->queue_size > 1024 && EST_DESC_BYTES * p->queue_size > 2 * EST_QUEUE_BYTES)
		e->bytes_key = "rack.queue_size"; /* rings far above the usual 256 descriptors */
	else
		e->bytes_key = rack_key(p);

	/* Per request, racks beyond 64 queues pay their caches: x2 at 1,024, x3 at 16,384. */
	double size = queues > 64 ? 1 + log2(queues / 64) / 4 : 1;
	double run = e->requests * steps_per_request(p->kind) * size;
	double start = EST_RUN_STEPS + queues * EST_START_STEPS;
	e->events = run + start;
	e->wall_s = e->events / VS_EST_STEPS_PER_S;
	if (start > run)
		e->events_key = rack_key(p);
	else if (by_rate)
		e->events_key = "workload.rate_rps";
	else
		e->events_key = "run.duration_s";
	return 0;
}
