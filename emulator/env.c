/* env — see env.h. */
#define _GNU_SOURCE
#include "env.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pkt.h"
#include "tap.h"

int env_check(char *why, size_t n)
{
	if (geteuid() != 0) {
		snprintf(why, n, "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network "
				 "namespaces, taps and veth pairs");
		return -EPERM;
	}
	if (access("/dev/net/tun", R_OK | W_OK) != 0) {
		snprintf(why, n, "/dev/net/tun is not usable: %s", strerror(errno));
		return -EPERM;
	}
	char *argv[] = {"ip", "-V", NULL};
	if (netns_run(argv, NULL, 0) != 0) {
		snprintf(why, n, "iproute2's `ip` is not installed (tools/install-deps)");
		return -EPERM;
	}
	return 0;
}

/* ip -n NS <args...> */
static int ipn(const char *ns, char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int ipn(const char *ns, char *why, size_t n, const char *fmt, ...)
{
	char cmd[256], shown[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	memcpy(shown, cmd, sizeof(cmd));
	char *argv[32];
	int argc = 0;
	argv[argc++] = "ip";
	if (ns) {
		argv[argc++] = "-n";
		argv[argc++] = (char *)ns;
	}
	for (char *s = strtok(cmd, " "); s && argc < 31; s = strtok(NULL, " "))
		argv[argc++] = s;
	argv[argc] = NULL;
	char out[256];
	int rc = netns_run(argv, out, sizeof(out));
	if (rc) {
		char *nl = strchr(out, '\n');
		if (nl)
			*nl = 0;
		snprintf(why, n, "ip -n %s %s: %s", ns ? ns : "-", shown, out);
		return rc < 0 ? rc : -EIO;
	}
	return 0;
}

/* Write a sysctl of namespace @ns (/proc/sys/net is that of the opening thread's netns). */
static void ns_sysctl(const char *ns, const char *path, const char *val)
{
	int saved;
	if (netns_enter(ns, &saved))
		return;
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, val, strlen(val)) < 0) {
			/* best effort: IPv6 may be compiled out, which is what we want anyway */
		}
		close(fd);
	}
	netns_leave(saved);
}

static int ns_create(const char *ns, char *why, size_t n)
{
	int rc = netns_add(ns, why, n);
	if (rc)
		return rc; /* -EPERM: this machine cannot host our network (exit 2) */
	ns_sysctl(ns, "/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	ns_sysctl(ns, "/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	return ipn(ns, why, n, "link set lo up");
}

static int make_tap(struct env *e, unsigned q, char *why, size_t n)
{
	char name[16], ip[20], gip[20], mac[20], gmac[20];
	snprintf(name, sizeof(name), "%st%u", e->prefix, q);
	struct pkt_link l;
	pkt_link_addrs(q, &l);
	pkt_ip_str(l.peer_ip, ip, sizeof(ip));
	pkt_ip_str(l.guest_ip, gip, sizeof(gip));
	pkt_mac_str(l.peer_mac, mac, sizeof(mac));
	pkt_mac_str(l.guest_mac, gmac, sizeof(gmac));
	int saved, rc = netns_enter(e->ns_io, &saved);
	if (rc) {
		snprintf(why, n, "cannot enter namespace %s: %s", e->ns_io, strerror(-rc));
		return rc;
	}
	int fd = tap_open(name);
	netns_leave(saved);
	if (fd < 0) {
		snprintf(why, n, "cannot create tap %s: %s", name, strerror(-fd));
		return fd;
	}
	e->taps[e->ntaps++] = fd;
	if ((rc = ipn(e->ns_io, why, n, "link set dev %s address %s mtu %u up", name, mac,
		      PKT_MAX_FRAME)) ||
	    (rc = ipn(e->ns_io, why, n, "addr add %s/24 dev %s", ip, name)) ||
	    (rc = ipn(e->ns_io, why, n, "neigh replace %s lladdr %s dev %s nud permanent", gip, gmac,
		      name)))
		return rc;
	return 0;
}

/* Is UDP port @port bound in @pid's network namespace? (/proc/<pid>/net is the task's netns) */
static bool udp_bound(pid_t pid, unsigned port)
{
	char path[64], line[256], want[16];
	snprintf(path, sizeof(path), "/proc/%d/net/udp", (int)pid);
	snprintf(want, sizeof(want), ":%04X ", port);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool found = false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *local = strchr(line, ':'); /* "sl: local_address ..." */
		if (local && strstr(local + 1, want) && strstr(local + 1, want) < local + 24)
			found = true;
	}
	fclose(f);
	return found;
}

static int start_peer(struct env *e, int cpu, char *why, size_t n)
{
	char port[8];
	snprintf(port, sizeof(port), "%u", PKT_PEER_PORT);
	snprintf(e->peer_log, sizeof(e->peer_log), "/tmp/%s-sockperf.log", e->prefix);
	char *argv[] = {"sockperf", "server", "-i", "0.0.0.0", "-p", port, NULL};
	pid_t pid = netns_spawn(e->ns_io, argv, e->peer_log, cpu);
	if (pid < 0) {
		snprintf(why, n, "cannot start sockperf: %s", strerror(-pid));
		return pid;
	}
	e->peer = pid;
	/* Wait (bounded: 5 s) until it listens, or it has died (not installed?). */
	for (int i = 0; i < 500; i++) {
		if (udp_bound(pid, PKT_PEER_PORT))
			return 0;
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			e->peer = 0;
			snprintf(why, n, "sockperf server exited at start (status %d): is sockperf "
					 "installed (tools/install-deps)? see %s",
				 WIFEXITED(st) ? WEXITSTATUS(st) : -1, e->peer_log);
			return -ENOENT;
		}
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	snprintf(why, n, "sockperf server did not bind UDP %u within 5 s", PKT_PEER_PORT);
	return -ETIMEDOUT;
}

int env_create(struct env *e, unsigned ntaps, bool vrio, bool peer, int peer_cpu, char *why,
	       size_t n)
{
	memset(e, 0, sizeof(*e));
	e->stale_removed = netns_clean_stale(NULL);
	snprintf(e->prefix, sizeof(e->prefix), NETNS_TAG "%d", (int)getpid());
	snprintf(e->ns_io, sizeof(e->ns_io), "%sio", e->prefix);
	snprintf(e->ns_vm, sizeof(e->ns_vm), "%svm", e->prefix);
	snprintf(e->veth_vm, sizeof(e->veth_vm), "%sa", e->prefix);
	snprintf(e->veth_io, sizeof(e->veth_io), "%sb", e->prefix);
	if (ntaps > ENV_MAX_TAPS) {
		snprintf(why, n, "at most %d taps", ENV_MAX_TAPS);
		return -EINVAL;
	}
	int rc = ns_create(e->ns_io, why, n);
	if (rc)
		goto fail;
	e->have_io = true;
	for (unsigned q = 0; q < ntaps; q++)
		if ((rc = make_tap(e, q, why, n)))
			goto fail;
	if (vrio) {
		if ((rc = ns_create(e->ns_vm, why, n)))
			goto fail;
		e->have_vm = true;
		/* Created inside the namespaces: nothing of ours ever sits in the root namespace. */
		if ((rc = ipn(e->ns_vm, why, n, "link add %s mtu 9100 type veth peer name %s mtu 9100 "
					    "netns %s", e->veth_vm, e->veth_io, e->ns_io)) ||
		    (rc = ipn(e->ns_vm, why, n, "link set dev %s up", e->veth_vm)) ||
		    (rc = ipn(e->ns_io, why, n, "link set dev %s up", e->veth_io)))
			goto fail;
	}
	if (peer && (rc = start_peer(e, peer_cpu, why, n)))
		goto fail;
	return 0;
fail:
	env_destroy(e);
	return rc;
}

void env_destroy(struct env *e)
{
	if (e->peer > 0) {
		kill(e->peer, SIGKILL);
		waitpid(e->peer, NULL, 0);
		e->peer = 0;
		unlink(e->peer_log);
	}
	for (unsigned i = 0; i < e->ntaps; i++)
		close(e->taps[i]);
	e->ntaps = 0;
	if (e->have_vm && netns_del(e->ns_vm) == 0)
		e->have_vm = false;
	if (e->have_io && netns_del(e->ns_io) == 0)
		e->have_io = false;
}

long long env_snmp(const struct env *e, const char *proto, const char *field)
{
	int saved;
	if (!e->have_io || netns_enter(e->ns_io, &saved))
		return -1;
	/* /proc/net follows the reading thread's namespace: read it all while inside. */
	FILE *f = fopen("/proc/thread-self/net/snmp", "r");
	char buf[8192];
	size_t len = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	netns_leave(saved);
	buf[len] = 0;
	f = fmemopen(buf, len + 1, "r");
	if (!f)
		return -1;
	char names[1024], vals[1024];
	long long result = -1;
	size_t plen = strlen(proto);
	while (fgets(names, sizeof(names), f) && fgets(vals, sizeof(vals), f)) {
		if (strncmp(names, proto, plen) || names[plen] != ':')
			continue;
		char *ns = names + plen + 1, *vs = vals + plen + 1, *s1, *s2;
		for (char *a = strtok_r(ns, " \n", &s1), *b = strtok_r(vs, " \n", &s2); a && b;
		     a = strtok_r(NULL, " \n", &s1), b = strtok_r(NULL, " \n", &s2))
			if (!strcmp(a, field)) {
				result = atoll(b);
				break;
			}
		break;
	}
	fclose(f);
	return result;
}
