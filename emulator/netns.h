/*
 * netns — the network namespaces a run lives in, and the programs it runs inside them.
 *
 * Every namespace is named "<prefix><role>" with prefix "vemu<pid>", so that what a crashed or
 * SIGKILLed run left behind can be recognized by the next one (its pid is dead, or belongs to
 * another program) and removed: its processes killed, its namespaces deleted (the taps and the
 * veth pair live inside them and go with them). Namespaces are managed with iproute2
 * (`ip netns`), so they are visible to and removable by an operator with the same tool.
 */
#ifndef VRIOEMU_NETNS_H
#define VRIOEMU_NETNS_H

#include <stddef.h>
#include <sys/types.h>

#define NETNS_TAG "vemu"
#define NETNS_NAME_MAX 32

/* Run @argv (argv[0] looked up in PATH), wait. 0 on exit status 0; otherwise a positive exit
 * status or negative errno, with the program's output (first line) in @out if given. */
int netns_run(char *const argv[], char *out, size_t outlen);
/* Create namespace @name. 0, or -EPERM with ip's reason in @why (any failure to create one is
 * this machine refusing: no privileges, a read-only /run, no namespace support). */
int netns_add(const char *name, char *why, size_t n);
/* Kill every process inside, then delete. 0 or the failure of the deletion. */
int netns_del(const char *name);
/* Move the calling thread into namespace @name; @saved receives a handle to go back. */
int netns_enter(const char *name, int *saved);
int netns_leave(int saved);
/* Start @argv inside @name, killed by the kernel if we die (PR_SET_PDEATHSIG). Its output goes
 * to @log (or /dev/null when NULL); pinned to @cpu with real-time priority unless @cpu < 0.
 * pid, or negative errno. */
pid_t netns_spawn(const char *name, char *const argv[], const char *log, int cpu);
/* Remove namespaces of runs that are gone. Returns how many were removed (>= 0); @failed (may
 * be NULL) gets how many stale ones could not be removed. */
int netns_clean_stale(int *failed);
/* Namespaces of runs that are gone, still present (what clean would remove). */
int netns_count_stale(void);
/* Namespaces of the run with prefix @prefix still present (for tests and checks). */
int netns_count(const char *prefix);

#endif
