/*
 * env — the little network a run needs, built under its own prefix and always torn down:
 *  - namespace "<prefix>io": one tap per guest ("<prefix>t<q>", peer address 198.18.q.1/24,
 *    a permanent neighbour entry for the guest 198.18.q.2) and the real peer program,
 *    `sockperf server` on UDP 11111; in vrio mode this is the IOhost;
 *  - vrio mode only: namespace "<prefix>vm" (the VMhost) and a veth pair "<prefix>a" (vm side)
 *    / "<prefix>b" (io side) between them.
 * IPv6 is off in our namespaces so the kernel sends nothing we did not ask for (router
 * solicitations, MLD) into the taps.
 */
#ifndef VRIOEMU_ENV_H
#define VRIOEMU_ENV_H

#include <stdbool.h>
#include <sys/types.h>

#include "netns.h"

#define ENV_MAX_TAPS 64

struct env {
	char prefix[16];            /* "vemu<pid>" */
	char ns_io[NETNS_NAME_MAX];
	char ns_vm[NETNS_NAME_MAX];
	char veth_vm[16], veth_io[16];
	bool have_io, have_vm;
	int taps[ENV_MAX_TAPS];
	unsigned ntaps;
	pid_t peer;                 /* sockperf server, or 0 */
	char peer_log[64];
	int stale_removed;          /* leftovers of dead runs removed at setup */
};

/* 0, or -EPERM with a reason in @why when we lack the privileges (root, /dev/net/tun, ip). */
int env_check(char *why, size_t n);
/* Build it. On failure everything built so far is torn down, and @why says what failed. */
/* @peer_cpu: where the peer program runs (< 0: anywhere). On this 2-core machine it shares the
 * guest's core, never the polling core's. */
int env_create(struct env *e, unsigned ntaps, bool vrio, bool peer, int peer_cpu, char *why,
	       size_t n);
/* Tear it all down (idempotent). */
void env_destroy(struct env *e);
/* Read a counter of the io namespace's kernel stack from /proc/net/snmp ("Udp", "InDatagrams"),
 * or -1. */
long long env_snmp(const struct env *e, const char *proto, const char *field);

#endif
