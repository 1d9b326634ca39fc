/*
 * keys — every parameter of struct vs_params by its scenario name: type, range, unit, default
 * and the source of that default, in one table. The scenario reader, `--params`, the defaults
 * and the key reference in docs/model.md all come from here; adding a parameter is its field
 * in vriosim.h and one line below.
 *
 * Sources: [S] stated in a paper, datasheet or the Linux/KVM source; [S2] quoted by a
 * secondary source; [M] measured by vrioemu (validation/calibration.csv); [E] an estimate or
 * arithmetic; [F] fitted to a published result (such claims are then not validation).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vriosim.h"

#define P(f) (unsigned)offsetof(struct vs_params, f)
#define BIG 1e300
#define NUM(sec, name, field, lo, hi, unit, def, src, doc) \
	{ sec, name, VS_KEY_DOUBLE, P(field), lo, hi, 0, unit, def, src, doc }
#define INT(sec, name, field, lo, hi, unit, def, src, doc) \
	{ sec, name, VS_KEY_INT, P(field), lo, hi, 0, unit, def, src, doc }
#define WORD(sec, name, field, vocab, def, src, doc) \
	{ sec, name, VS_KEY_ENUM, P(field), 0, 0, vocab, "", def, src, doc }
#define FLAG(sec, name, field, def, src, doc) \
	{ sec, name, VS_KEY_BOOL, P(field), 0, 1, 0, "", def, src, doc }
#define LIST(sec, name, field, lo, hi, unit, doc) \
	{ sec, name, VS_KEY_LIST, P(field), lo, hi, 0, unit, "", "", doc }
#define CYCLES(name, field, def, src, doc) NUM("costs", name, field, 0, BIG, "cycles", def, src, doc)

static const struct vs_key keys[] = {
	/* [run] */
	NUM("run", "duration_s", duration_s, 1e-9, 1e6, "s", "0.2", "",
	    "simulated time of one run, warm-up included"),
	NUM("run", "warmup_s", warmup_s, 0, 1e6, "s", "0.02", "",
	    "statistics ignore what completes before this"),
	NUM("run", "series_ms", series_ms, 0, 1e9, "ms", "0", "",
	    "time series: throughput, latency, in-flight, drops and utilisation per interval of the "
	    "measured window (0: none)"),
	{ "run", "seed", VS_KEY_U64, P(seed), 0, 1.8e19, 0, "", "1", "",
	  "base seed of every random stream" },
	INT("run", "replications", replications, 1, 1000, "", "1", "",
	    "independent runs (other random streams of the seed); summaries give mean and 95% CI"),
	/* [model] */
	FLAG("model", "eli", eli, "on", "",
	     "exitless interrupts (ELI / posted interrupts) for trap and sriov"),
	FLAG("model", "event_idx", event_idx, "on", "[S] virtio 1.x VIRTIO_F_EVENT_IDX",
	     "notification suppression by event index"),
	/* [rack] */
	INT("rack", "vmhosts", vmhosts, 1, VS_MAX_VMHOSTS, "", "2", "", "VM hosts in the rack"),
	INT("rack", "cores_per_vmhost", cores_per_vmhost, 1, 4096, "cores", "4", "",
	    "cores of each VMhost (VMs, vhost threads and local sidecores share them)"),
	INT("rack", "vms_per_vmhost", vms_per_vmhost, 1, 4096, "", "3", "", "VMs on each VMhost"),
	INT("rack", "vcpus_per_vm", vcpus_per_vm, 1, 256, "", "1", "",
	    "vCPUs per VM; each has its own virtqueue and copy of the workload"),
	NUM("rack", "cpu_ghz", cpu_ghz, 0.01, 100, "GHz", "3.0", "[E] a contemporary Xeon",
	    "clock of every core: cycles become time"),
	INT("rack", "elvis_sidecores", elvis_sidecores, 0, 4096, "cores", "1",
	    "[S] Elvis, ATC'13: one sidecore per host", "local sidecores per VMhost (elvis)"),
	INT("rack", "iohosts", iohosts, 1, 256, "", "1", "",
	    "IOhosts, each with its sidecores, cores, NIC port and devices"),
	WORD("rack", "iohost_assign", iohost_assign, VS_VOCAB_ASSIGN, "static", "",
	     "which IOhost serves a VM: static (VMhosts in contiguous blocks), hashed (by VM), "
	     "least_loaded (each VM to the IOhost with the least load weight so far)"),
	INT("rack", "iohost_sidecores", iohost_sidecores, 0, 4096, "cores", "1",
	    "[S] vRIO: fewer sidecores than VMhosts", "polling cores of each IOhost (vrio)"),
	INT("rack", "iohost_cores", iohost_cores, 1, 4096, "cores", "2", "", "cores of each IOhost"),
	INT("rack", "clients", clients, 1, 65536, "", "2", "",
	    "client hosts running the network peers"),
	{ "rack", "queue_size", VS_KEY_INT, P(queue_size), 2, VS_MAX_QUEUE_SIZE, 0, "descriptors",
	  "256", "[S] QEMU virtio-net's default ring size", "descriptors per virtqueue (a power of 2)" },
	INT("rack", "sidecore_batch", sidecore_batch, 1, 256, "requests", "16",
	    "[E] Elvis' fine-grained batch bound", "requests a sidecore serves per queue visit"),
	WORD("rack", "sidecore_policy", sidecore_policy, VS_VOCAB_POLICY, "rr", "",
	     "the order a sidecore visits its queues: round-robin or longest first"),
	WORD("rack", "iohost_pooling", iohost_pooling, VS_VOCAB_POOLING, "pooled", "",
	     "IOhost sidecores serve every ring (pooled) or a fixed share (partitioned)"),
	INT("rack", "iohost_rx_rings", iohost_rx_rings, 0, 4096, "rings", "0",
	    "[E] a NIC port's usual queue count, 64",
	    "IOhost NIC receive rings (RSS); 0: one per guest queue, at most 64"),
	WORD("rack", "iohost_rx_claim", iohost_rx_claim, VS_VOCAB_RX_CLAIM, "ring", "",
	     "a ring drained by one sidecore at a time, or descriptors claimed one by one"),
	WORD("rack", "shared_cores", shared_cores, VS_VOCAB_SHARED_CORES, "cfs",
	     "[S] KVM vCPUs and vhost threads are Linux tasks under CFS (kernel/sched/fair.c)",
	     "threads sharing a VMhost's cores (trap's vCPUs and vhost threads, vCPUs of VMs that "
	     "outnumber cores): a CFS-like scheduler ([sched]) or SimGrid's ideal processor sharing"),
	/* [classes] */
	LIST("classes", "vmhosts", class_vmhosts, 1, VS_MAX_VMHOSTS, "",
	     "VMhosts of each class, in rack order (adding up to rack.vmhosts); the other lists "
	     "give each class its own value"),
	LIST("classes", "cores_per_vmhost", class_cores, 1, 4096, "cores",
	     "cores of a VMhost of each class (not given: rack.cores_per_vmhost)"),
	LIST("classes", "cpu_ghz", class_ghz, 0.01, 100, "GHz",
	     "clock of each class's cores (not given: rack.cpu_ghz; IOhosts and clients keep it)"),
	LIST("classes", "gbps", class_gbps, 1e-3, 1e5, "Gb/s",
	     "NIC line rate of each class's VMhosts (not given: wire.gbps)"),
	LIST("classes", "vms_per_vmhost", class_vms, 1, 4096, "",
	     "VMs on a VMhost of each class (not given: rack.vms_per_vmhost)"),
	/* [wire] */
	NUM("wire", "gbps", gbps, 1e-3, 1e5, "Gb/s", "10", "", "line rate of every NIC port"),
	NUM("wire", "iohost_gbps", iohost_gbps, 0, 1e5, "Gb/s", "0", "",
	    "line rate of the IOhost's port (0: wire.gbps)"),
	INT("wire", "mtu", mtu, 68, 65535, "bytes", "1500", "[S] IEEE 802.3", "L3 bytes per frame"),
	FLAG("wire", "tso", tso, "on", "", "segmentation offload: one send cost per message"),
	NUM("wire", "nic_latency_us", nic_latency_us, 0, 1e6, "us", "1.3",
	    "[S] Mellanox ConnectX-2: ~1.3 us per 10GE port (The Register, 2011-06-06)",
	    "one NIC traversal (TX or RX port)"),
	NUM("wire", "switch_latency_us", switch_latency_us, 0, 1e6, "us", "0.3",
	    "[S] cut-through ToR 250-380 ns (Nexus 3548, Arista 7150)", "ToR switch latency"),
	NUM("wire", "propagation_us", propagation_us, 0, 1e6, "us", "0.05", "[E] ~10 m of fibre",
	    "propagation per link"),
	INT("wire", "nic_ring", nic_ring, 8, VS_MAX_QUEUE_SIZE, "descriptors", "512",
	    "[S] Linux ixgbe/ixgbevf IXGBE_DEFAULT_RXD",
	    "a hardware NIC ring (VF, host NIC, IOhost receive ring); a full one drops"),
	NUM("wire", "itr_us", itr_us, 0, 1e6, "us", "0",
	    "[E] adaptive moderation at request-response rates (ixgbe's bulk setting: 50 us [S])",
	    "NIC interrupt throttling: at least this long between two interrupts (VFs, bare metal)"),
	NUM("wire", "switch_buffer_kb", switch_buffer_kb, 0, 1e9, "KiB", "144",
	    "[E] Arista 7150S: 9 MB shared by 64 ports [S], a static share",
	    "ToR output buffer per port; a frame that finds it full is dropped"),
	/* [costs] */
	CYCLES("exit_direct_cycles", exit_direct_cycles, "2000", "[S] SplitX, WIOV'11",
	       "VM exit, direct cost (world switch both ways)"),
	CYCLES("exit_indirect_cycles", exit_indirect_cycles, "6000",
	       "[E] SplitX: up to ~10x direct [S]; 3x taken", "VM exit, indirect cost (cache pollution)"),
	CYCLES("notify_cycles", notify_cycles, "560", "[S2] Dall et al. ISCA'16",
	       "guest notify to backend (ioeventfd)"),
	CYCLES("irq_inject_cycles", irq_inject_cycles, "3102", "[S2] Dall et al. ATC'17 (virtual IPI)",
	       "interrupt injection exit"),
	CYCLES("eoi_cycles", eoi_cycles, "1556", "[S2] Dall et al. ISCA'16",
	       "EOI exit without exitless interrupts"),
	CYCLES("guest_irq_cycles", guest_irq_cycles, "3000",
	       "[S] ~1 us interrupt + context switch (AMD Onload guide)",
	       "guest interrupt handler and waking the blocked application"),
	CYCLES("app_cycles", app_cycles, "3000", "[E] netperf-like request loop, ~1 us",
	       "application work per request"),
	CYCLES("guest_stack_cycles", guest_stack_cycles, "6000",
	       "[E] kernel TCP/IP + syscall + driver, ~2 us per message and direction",
	       "guest TCP/IP + syscall + driver per message and direction"),
	NUM("costs", "guest_byte_cycles", guest_byte_cycles, 0, BIG, "cycles/byte", "0.1",
	    "[E] checksum/copy with offloads", "guest stack per byte"),
	CYCLES("vhost_req_cycles", vhost_req_cycles, "12325.5",
	       "[M] vrioemu trap mode: I/O thread busy per frame (validation/profile.ini)",
	       "vhost thread per request or received packet"),
	NUM("costs", "vhost_byte_cycles", vhost_byte_cycles, 0, BIG, "cycles/byte", "0.2688",
	    "[M] vrioemu trap mode", "vhost thread per byte"),
	NUM("costs", "wakeup_us", wakeup_us, 0, 1e6, "us", "11.85",
	    "[M] vrioemu: eventfd cross-core wake-up, write to return of read",
	    "vhost thread wake-up after an eventfd signal"),
	CYCLES("sidecore_req_cycles", sidecore_req_cycles, "8244.5",
	       "[M] vrioemu elvis mode: polling core's TX work per frame (tap write path)",
	       "polled backend per request or received packet"),
	NUM("costs", "sidecore_byte_cycles", sidecore_byte_cycles, 0, BIG, "cycles/byte", "0.1323",
	    "[M] vrioemu elvis mode", "polled backend per byte"),
	NUM("costs", "poll_queue_ns", poll_queue_ns, 0, 1e9, "ns", "0.466",
	    "[M] vrioemu: polling pass over N queues, per queue (an index in cache)",
	    "polling one queue in a pass"),
	NUM("costs", "rx_claim_ns", rx_claim_ns, 0, 1e9, "ns", "20.741",
	    "[M] vrioemu: a contended descriptor claim (atomic) on this machine",
	    "claiming one descriptor of a multi-consumer ring"),
	NUM("costs", "poll_pass_ns", poll_pass_ns, 0, 1e9, "ns", "0",
	    "[E] Elvis/vRIO sidecores poll rings only (vrioemu's epoll: ~1.2 us [M])",
	    "fixed cost at the end of a polling pass that served something"),
	WORD("costs", "sidecore_dist", sidecore_dist.kind, VS_VOCAB_DIST, "lognormal",
	     "[M] vrioemu: the TX work's mean over its median", "distribution of the per-request sidecore work"),
	NUM("costs", "sidecore_sigma", sidecore_dist.sigma, 0, 10, "", "0.4031",
	    "[M] vrioemu: the TX work's mean over its median", "lognormal shape of the sidecore work"),
	WORD("costs", "dist", cost_dist.kind, VS_VOCAB_DIST, "lognormal",
	     "[M] vrioemu's measured spread (sidecore_sigma) applied to every software cost [E]",
	     "distribution of every other per-operation cost around its mean (exits, interrupt "
	     "handlers, guest stack, vhost, wake-ups, the peer)"),
	NUM("costs", "sigma", cost_dist.sigma, 0, 10, "", "0.4031",
	    "[M] vrioemu: a frame's TX work, mean over median; [E] for the other costs",
	    "lognormal shape of those costs"),
	NUM("costs", "sidecore_warm_ratio", sidecore_warm_ratio, 0.01, 1, "", "0.6753",
	    "[M] vrioemu: saturated runs (every frame after another) over idle ones",
	    "share of the sidecore work a request pays right after another (warm caches)"),
	CYCLES("interpose_cycles", interpose_cycles, "0", "", "interposition per request"),
	CYCLES("vrio_encap_cycles", vrio_encap_cycles, "300", "[E]",
	       "vRIO header build or parse, per message"),
	NUM("costs", "virt_overhead", virt_overhead, 1, 100, "", "1",
	    "[E] guest code at native speed: exits, interrupts and halts are modelled one by one",
	    "guest cycles cost this much more virtualized (2-D paging etc.)"),
	NUM("costs", "peer_us", peer_us, 0, 1e9, "us", "10",
	    "[E] bare-metal peer: kernel RX 2-5 us + wake-up + application + TX",
	    "network peer: its stack and application per request"),
	NUM("costs", "peer_ack_us", peer_ack_us, 0, 1e9, "us", "2",
	    "[E] kernel RX path 2-5 us per side", "network peer: its kernel's receive path before an ACK"),
	CYCLES("host_irq_cycles", host_irq_cycles, "3000",
	       "[S] ~1 us interrupt + context switch (AMD Onload guide)",
	       "a host interrupt handler (trap: the NIC's, before waking vhost)"),
	NUM("costs", "halt_wakeup_us", halt_wakeup_us, 0, 1e6, "us", "11.85",
	    "[M] vrioemu: eventfd cross-core wake-up of a sleeping thread",
	    "a halted vCPU whose host thread slept: the wake-up after its interrupt"),
	NUM("costs", "c1_exit_us", c1_exit_us, 0, 1e6, "us", "2",
	    "[S] Linux intel_idle C1 exit latency", "bare metal: leaving the C1 idle state"),
	CYCLES("vrio_decap_cycles", vrio_decap_cycles, "300", "[E] as vrio_encap_cycles",
	       "the guest's vRIO front end, per received message"),
	NUM("costs", "interpose_byte_cycles", interpose_byte_cycles, 0, BIG, "cycles/byte", "0", "",
	    "interposition per byte (e.g. AES-GCM with AES-NI: ~1 cycle/byte)"),
	CYCLES("ctx_switch_cycles", ctx_switch_cycles, "11400",
	       "[S] Li, Ding, Shen, ExpCS'07: 3.8 us direct cost, as cycles at 3 GHz ([M] 1.6-3.1 us "
	       "here: docs/scheduler.md)",
	       "a context switch between two threads on a shared core (rack.shared_cores = cfs)"),
	/* [guest] */
	INT("guest", "napi_budget", napi_budget, 1, 65536, "packets", "64",
	    "[S] Linux NAPI_POLL_WEIGHT", "packets one NAPI poll takes before yielding"),
	NUM("guest", "virtio_rx_usecs", virtio_rx_usecs, 0, 1e6, "us", "0",
	    "[S] virtio 1.2 VIRTIO_NET_F_NOTF_COAL: off unless set",
	    "virtio-net notification coalescing: wait this long after the first completion"),
	INT("guest", "virtio_rx_frames", virtio_rx_frames, 0, 65536, "frames", "0",
	    "[S] virtio 1.2 VIRTIO_NET_F_NOTF_COAL: off unless set",
	    "virtio-net notification coalescing: or until this many completions"),
	NUM("guest", "halt_poll_us", halt_poll_us, 0, 1e6, "us", "200",
	    "[S] KVM halt_poll_ns default 200000",
	    "KVM halt polling: a vCPU idle shorter than this keeps its core spinning, no wake-up"),
	/* [sched] */
	NUM("sched", "latency_us", sched_latency_us, 1, 1e7, "us", "6000",
	    "[S] Linux kernel/sched/fair.c sysctl_sched_latency, before scaling",
	    "sched_latency: the period in which every runnable thread of a core runs once"),
	NUM("sched", "min_granularity_us", sched_min_gran_us, 0.001, 1e7, "us", "750",
	    "[S] Linux kernel/sched/fair.c sysctl_sched_min_granularity, before scaling",
	    "min_granularity: no slice is shorter (the period grows past latency_us / this)"),
	NUM("sched", "wakeup_granularity_us", sched_wakeup_gran_us, 0, 1e7, "us", "1000",
	    "[S] Linux kernel/sched/fair.c sysctl_sched_wakeup_granularity, before scaling",
	    "a woken thread preempts the running one if its vruntime is smaller by more than this"),
	WORD("sched", "scaling", sched_scaling, VS_VOCAB_SCALING, "log",
	     "[S] Linux kernel/sched/fair.c: SCHED_TUNABLESCALING_LOG",
	     "the three tunables above times 1 + log2(CPUs) (log), CPUs (linear) or 1 (none); "
	     "CPUs = rack.cores_per_vmhost, at most 8"),
	/* [workload] */
	WORD("workload", "kind", workload, VS_VOCAB_WORKLOAD, "rr", "", "what the guests ask for"),
	{ "workload", "msg_bytes", VS_KEY_U32, P(msg_bytes), 1, 1 << 30, 0, "bytes", "64", "",
	  "request payload (mean with a size distribution)" },
	{ "workload", "resp_bytes", VS_KEY_U32, P(resp_bytes), 0, 1 << 30, 0, "bytes", "0", "",
	  "response payload (0: as many as the request)" },
	INT("workload", "outstanding", outstanding, 1, VS_MAX_QUEUE_SIZE, "requests", "1", "",
	    "closed loops: requests in flight per queue"),
	INT("workload", "burst", burst, 1, VS_MAX_BURST, "requests", "1", "",
	    "closed loops: requests handed off together (one publish, one kick)"),
	NUM("workload", "rate_rps", rate_rps, 0, 1e12, "req/s", "20000", "",
	    "open loops: offered rate per queue (pktgen 0: as fast as possible)"),
	WORD("workload", "arrival", arrival, VS_VOCAB_ARRIVAL, "poisson", "", "open-loop arrivals"),
	WORD("workload", "phase", phase, VS_VOCAB_PHASE, "random", "",
	     "open loops start at random offsets, or all together"),
	WORD("workload", "size_dist", size_dist.kind, VS_VOCAB_DIST, "const", "",
	     "distribution of request sizes"),
	NUM("workload", "size_sigma", size_dist.sigma, 0, 10, "", "1", "", "lognormal shape of sizes"),
	WORD("workload", "service_dist", service_dist.kind, VS_VOCAB_DIST, "const", "",
	     "distribution of the peer's extra service time"),
	NUM("workload", "service_sigma", service_dist.sigma, 0, 10, "", "1", "",
	    "lognormal shape of the service time"),
	NUM("workload", "service_us", service_us, 0, 1e9, "us", "0", "",
	    "extra per-request work at the peer (mean)"),
	NUM("workload", "read_fraction", read_fraction, 0, 1, "", "1", "", "block: share of reads"),
	WORD("workload", "pattern", pattern, VS_VOCAB_PATTERN, "constant", "",
	     "the load in time: constant, or step, ramp, sine (diurnal) or onoff (bursts, per VM) "
	     "between pattern_low and pattern_high times the load"),
	NUM("workload", "pattern_low", pattern_low, 0, 1e6, "", "1", "",
	    "the load multiplier's low level (step: before; ramp: at the start; onoff: off)"),
	NUM("workload", "pattern_high", pattern_high, 0, 1e6, "", "1", "",
	    "the load multiplier's high level (step: after; ramp: at the end; onoff: on)"),
	NUM("workload", "pattern_at_s", pattern_at_s, 0, 1e6, "s", "0", "", "step: when the load steps"),
	NUM("workload", "pattern_period_s", pattern_period_s, 1e-6, 1e9, "s", "1", "",
	    "ramp: low to high over this; sine: its period"),
	FLAG("workload", "pattern_stagger", pattern_stagger, "off", "",
	     "sine: VMhost h runs h/vmhosts of a period behind (diurnal load across time zones)"),
	NUM("workload", "pattern_on_s", pattern_on_s, 1e-9, 1e9, "s", "0.01", "",
	    "onoff: mean time a VM's load is on (exponential)"),
	NUM("workload", "pattern_off_s", pattern_off_s, 1e-9, 1e9, "s", "0.01", "",
	    "onoff: mean time a VM's load is off (exponential)"),
	NUM("workload", "timeout_ms", timeout_ms, 0.001, 1e6, "ms", "10",
	    "[E] an RPC client's timeout", "UDP-like request-response: the application gives up on a lost request"),
	NUM("workload", "window_kb", window_kb, 1, 1e6, "KiB", "128",
	    "[S] Linux net.ipv4.tcp_rmem default 131072", "TCP-like: bytes in flight at most"),
	INT("workload", "delack_segments", delack_segments, 1, 64, "segments", "2",
	    "[S] RFC 1122 4.2.3.2", "TCP-like: the receiver ACKs every this many full segments"),
	NUM("workload", "delack_ms", delack_ms, 0, 1e6, "ms", "40", "[S] Linux TCP_DELACK_MIN",
	    "TCP-like: a lone segment's delayed ACK goes out after this"),
	NUM("workload", "rto_ms", rto_ms, 0.001, 1e6, "ms", "200", "[S] Linux TCP_RTO_MIN",
	    "TCP-like: retransmission timeout"),
	FLAG("workload", "gro", gro, "on", "[S] Linux: GRO on by default",
	     "TCP-like: the receiver merges a burst's segments and ACKs it once"),
	{ "workload", "vm_load", VS_KEY_WEIGHTS, 0, 0, 1e6, 0, "", "", "",
	  "per-VMhost load weights (imbalance): closed loops scale requests in flight, open loops the rate" },
	/* [device] */
	NUM("device", "latency_us", dev_latency_us, 0, 1e9, "us", "50",
	    "[S] ioDrive2 4 KiB read 47-68 us", "block device media latency per I/O"),
	NUM("device", "gbps", dev_gbps, 1e-6, 1e6, "Gb/s", "12", "[E] ~1.5 GB/s",
	    "block device bandwidth"),
	INT("device", "queue_depth", dev_queue_depth, 1, 65536, "I/Os", "32", "",
	    "I/Os the device serves in parallel"),
	WORD("device", "placement", dev_placement, VS_VOCAB_PLACEMENT, "local", "",
	     "where non-vRIO models keep the block device (vRIO always at the IOhost)"),
	INT("device", "iohost_devices", iohost_devices, 0, 65536, "devices", "0",
	    "[E] consolidation moves the devices: as many as VMhosts",
	    "block devices at each IOhost, its VMs striped over them (0: as many as VMhosts over IOhosts)"),
	NUM("device", "iohost_latency_us", iohost_dev_latency_us, 0, 1e9, "us", "0", "",
	    "media latency of an IOhost device (0: device.latency_us)"),
	NUM("device", "iohost_gbps", iohost_dev_gbps, 0, 1e6, "Gb/s", "0", "",
	    "bandwidth of an IOhost device (0: device.gbps)"),
	INT("device", "iohost_queue_depth", iohost_dev_queue_depth, 0, 65536, "I/Os", "0", "",
	    "queue depth of an IOhost device (0: device.queue_depth)"),
	/* [fault] */
	WORD("fault", "kind", fault, VS_VOCAB_FAULT, "none", "",
	     "what goes down: an IOhost (its sidecores and port), a VMhost's link, or a sidecore"),
	INT("fault", "target", fault_target, 0, 1 << 20, "", "0", "",
	    "which one: the IOhost, VMhost or sidecore number (sidecores: IOhost by IOhost, or "
	    "VMhost by VMhost for elvis)"),
	NUM("fault", "at_s", fault_at_s, 0, 1e6, "s", "0", "", "when it goes down"),
	NUM("fault", "until_s", fault_until_s, 0, 1e6, "s", "0", "",
	    "when it comes back (0: not in the run)"),
	NUM("fault", "detect_ms", fault_detect_ms, 0, 1e6, "ms", "10",
	    "[E] a heartbeat-based failure detector; no source states vRIO's",
	    "the failure is noticed this long after it happens"),
	WORD("fault", "failover", failover, VS_VOCAB_FAILOVER, "iohost", "",
	     "once noticed: nothing, or an IOhost's VMs (a sidecore's queues) move to the least "
	     "loaded one that is up"),
	/* [cost]: the parts' dollars and watts (docs/cost.md has the table and its sources) */
	NUM("cost", "server_2s_usd", cost.server_2s_usd, 0, 1e9, "$", "5000",
	    "[E] a 2015 2-socket server with memory and disks, no CPUs: no price page found",
	    "a server of 1-2 sockets, without its processors"),
	NUM("cost", "server_4s_usd", cost.server_4s_usd, 0, 1e9, "$", "12000",
	    "[E] Dell PowerEdge R930 (the paper cites its July 2015 prices): no price page found",
	    "a server of 3-4 sockets, without its processors (more sockets: several)"),
	INT("cost", "cpu_cores", cost.cpu_cores, 1, 4096, "cores", "18",
	    "[S] Xeon E7-8890 v3, 18 cores (sqlskills.com: Intel Xeon E7 v3 family released, 2015)",
	    "cores per socket"),
	NUM("cost", "cpu_usd", cost.cpu_usd, 0, 1e9, "$", "7174",
	    "[E] E7-8890 v3 list price as recalled: Intel's June 2015 price list not found",
	    "one socket's processor; a server pays the share of the cores it has"),
	NUM("cost", "cpu_w", cost.cpu_w, 0, 1e6, "W", "165",
	    "[E] E7-8890 v3 TDP as recalled: its specification page not found",
	    "one socket's processor at full load; a server draws the share of the cores it has"),
	NUM("cost", "platform_w", cost.platform_w, 0, 1e6, "W", "100",
	    "[E] memory, disks, fans, regulators, supply losses", "a server's other parts at full load, per socket"),
	NUM("cost", "idle_ratio", cost.idle_ratio, 0, 1, "", "0.5",
	    "[S] Barroso & Hoelzle, IEEE Computer 2007 (ai.google/research/pubs/pub33387): idle ~ half of peak",
	    "a server's idle power over its full-load power (linear in CPU use between: Fan et al. ISCA'07)"),
	NUM("cost", "nic_usd", cost.nic_usd, 0, 1e9, "$", "250",
	    "[S2] Solarflare: 10GBASE-T adapters at $400-500 (techworld.com); per port of two [E]",
	    "a 10 Gb/s NIC port"),
	NUM("cost", "nic_w", cost.nic_w, 0, 1e6, "W", "4",
	    "[S] 40-nm 10GBASE-T PHY < 4 W a port (EETimes, Debunking 10GBase-T myths, 2012)",
	    "a 10 Gb/s NIC port"),
	NUM("cost", "switch_port_usd", cost.switch_port_usd, 0, 1e9, "$", "259",
	    "[S] IDC 3Q15: 10GbE switches $2.2B for 8.5M ports (communicationstoday.co.in); the quotient [E]",
	    "a 10 Gb/s ToR switch port"),
	NUM("cost", "switch_port_w", cost.switch_port_w, 0, 1e6, "W", "4",
	    "[S] the 10GBASE-T PHY, as nic_w; switching silicon not counted [E]", "a 10 Gb/s ToR switch port"),
	NUM("cost", "port_exp", cost.port_exp, 0, 4, "", "0.75",
	    "[E] a 40 GbE port ~2.8x a 10 GbE one", "a port of r Gb/s costs and draws (r/10)^port_exp of a 10 Gb/s one"),
	NUM("cost", "flash_usd", cost.flash_usd, 0, 1e9, "$", "6400",
	    "[E] 1.6 TB PCIe flash at ~$4/GB: the Fusion ioMemory SX300's price not found",
	    "one block device (a PCIe flash card)"),
	NUM("cost", "flash_w", cost.flash_w, 0, 1e6, "W", "25",
	    "[E] a PCIe x8 slot's 25 W: the SX300 specification not found", "one block device, active"),
	/* [debug] */
	{ "debug", "leak_request", VS_KEY_U64, P(debug_leak_request), 0, 1.8e19, 0, "", "0", "",
	  "the Nth completion vanishes uncounted (proves the conservation check)" },
	FLAG("debug", "stall", debug_stall, "off", "",
	     "every guest blocks after its first request (proves the stall check)"),
};

#define N_KEYS (int)(sizeof(keys) / sizeof(keys[0]))

const struct vs_key *vs_keys(int *n)
{
	*n = N_KEYS;
	return keys;
}

const struct vs_key *vs_key_find(const char *section, const char *name)
{
	for (int i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static int parse_double(const char *v, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", "1" }, *const no[] = { "off", "false", "no", "0" };
	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* "a|b|c" into @buf. */
static void word_list(enum vs_vocab v, char *buf, unsigned n)
{
	const char *const *names = vs_vocab_names(v);
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; names && names[i] && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "|" : "", names[i]);
}

/* A comma list of at most @cap numbers in [@min, @max] into @out (*@n of them; blanks around
 * items and a trailing comma allowed). 0, or -1 when it is not one. */
static int parse_list(const char *value, double min, double max, int cap, double *out, int *n)
{
	int k = 0;
	const char *s = value;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		char tok[64];
		double d;
		if (!len && !end)
			break; /* a trailing empty field (or nothing at all) */
		if (len >= sizeof(tok) || k == cap)
			return -1;
		memcpy(tok, s, len);
		tok[len] = 0;
		if (len && (parse_double(tok, &d) || d < min || d > max))
			return -1;
		if (len)
			out[k++] = d;
		if (!end)
			break;
		s = end + 1;
	}
	if (!k)
		return -1;
	*n = k;
	return 0;
}

static const char *set_weights(struct vs_params *p, const struct vs_key *k, const char *value)
{
	if (parse_list(value, 0, k->max, VS_MAX_VMHOSTS, p->vm_load, &p->n_vm_load))
		return "a comma list of non-negative weights, one per VMhost";
	return NULL;
}

static const char *set_list(struct vs_params *p, const struct vs_key *k, const char *value,
			    char *buf, unsigned bufn)
{
	struct vs_list *l = (struct vs_list *)((char *)p + k->off);
	if (!parse_list(value, k->min, k->max, VS_MAX_CLASSES, l->v, &l->n))
		return NULL;
	snprintf(buf, bufn, "a comma list of at most %d numbers in [%g, %g], one per class",
		 VS_MAX_CLASSES, k->min, k->max);
	return buf;
}

const char *vs_key_set(struct vs_params *p, const struct vs_key *k, const char *value, char *buf,
		       unsigned bufn)
{
	char *base = (char *)p;
	double d;
	bool b;
	switch (k->type) {
	case VS_KEY_DOUBLE:
		if (parse_double(value, &d) || d < k->min || d > k->max) {
			snprintf(buf, bufn, "a number from %g to %g", k->min, k->max);
			return buf;
		}
		*(double *)(base + k->off) = d;
		return NULL;
	case VS_KEY_INT:
	case VS_KEY_U32:
	case VS_KEY_U64: {
		char *end;
		errno = 0;
		unsigned long long u = strtoull(value, &end, 10);
		if (end == value || *end || errno || value[0] == '-' || (double)u < k->min ||
		    (double)u > k->max) {
			snprintf(buf, bufn, "a whole number from %.0f to %.0f", k->min, k->max);
			return buf;
		}
		if (k->type == VS_KEY_INT)
			*(int *)(base + k->off) = (int)u;
		else if (k->type == VS_KEY_U32)
			*(uint32_t *)(base + k->off) = (uint32_t)u;
		else
			*(uint64_t *)(base + k->off) = u;
		if (k->off == P(queue_size) && (u & (u - 1)))
			return "a power of 2 (virtio split rings)";
		return NULL;
	}
	case VS_KEY_BOOL:
		if (parse_bool(value, &b))
			return "on or off";
		*(bool *)(base + k->off) = b;
		return NULL;
	case VS_KEY_ENUM: {
		int i = vs_vocab_parse(k->vocab, value);
		if (i >= 0) {
			*(int *)(base + k->off) = i;
			return NULL;
		}
		word_list(k->vocab, buf, bufn);
		return buf;
	}
	case VS_KEY_WEIGHTS:
		return set_weights(p, k, value);
	case VS_KEY_LIST:
		return set_list(p, k, value, buf, bufn);
	}
	return "a value";
}

/* The shortest text that reads back as @v: the fewest significant digits (%g), written without
 * an exponent when that is no longer (2000, not 2e+03; 1e-05, not 0.00001). */
static void shortest(double v, char *buf, size_t n)
{
	char plain[400];
	int prec = 1;
	for (; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (!strchr(buf, 'e') || v == 0 || !isfinite(v))
		return;
	int exp10 = (int)floor(log10(fabs(v)));
	int decimals = prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0;
	if (decimals > 30 || exp10 > 30)
		return;
	snprintf(plain, sizeof(plain), "%.*f", decimals, v);
	if (strtod(plain, NULL) == v && strlen(plain) <= strlen(buf))
		snprintf(buf, n, "%s", plain);
}


/* @n numbers, comma separated, each in its shortest form. */
static void format_list(const double *v, int n, char *buf, unsigned bufn)
{
	size_t len = 0;
	buf[0] = 0;
	for (int w = 0; w < n && len < bufn; w++) {
		char one[32];
		shortest(v[w], one, sizeof(one));
		len += (size_t)snprintf(buf + len, bufn - len, "%s%s", w ? "," : "", one);
	}
}

void vs_key_format(const struct vs_params *p, const struct vs_key *k, char *buf, unsigned bufn)
{
	const char *base = (const char *)p;
	switch (k->type) {
	case VS_KEY_DOUBLE: shortest(*(const double *)(base + k->off), buf, bufn); return;
	case VS_KEY_INT: snprintf(buf, bufn, "%d", *(const int *)(base + k->off)); return;
	case VS_KEY_U32: snprintf(buf, bufn, "%u", *(const uint32_t *)(base + k->off)); return;
	case VS_KEY_U64:
		snprintf(buf, bufn, "%llu", (unsigned long long)*(const uint64_t *)(base + k->off));
		return;
	case VS_KEY_BOOL: snprintf(buf, bufn, "%s", *(const bool *)(base + k->off) ? "on" : "off"); return;
	case VS_KEY_ENUM:
		snprintf(buf, bufn, "%s", vs_vocab_name(k->vocab, *(const int *)(base + k->off)));
		return;
	case VS_KEY_WEIGHTS: format_list(p->vm_load, p->n_vm_load, buf, bufn); return;
	case VS_KEY_LIST: {
		const struct vs_list *l = (const struct vs_list *)(base + k->off);
		format_list(l->v, l->n, buf, bufn);
		return;
	}
	}
	buf[0] = 0;
}
