/* netns — see netns.h. */
#define _GNU_SOURCE
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define NETNS_DIR "/run/netns"

int netns_run(char *const argv[], char *out, size_t outlen)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return e;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	size_t got = 0;
	char sink[256];
	for (;;) {
		char *dst = out && got + 1 < outlen ? out + got : sink;
		size_t room = out && got + 1 < outlen ? outlen - 1 - got : sizeof(sink);
		ssize_t n = read(pfd[0], dst, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (dst != sink)
			got += (size_t)n;
	}
	close(pfd[0]);
	if (out && outlen)
		out[got] = 0;
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int netns_add(const char *name, char *why, size_t n)
{
	char *argv[] = {"ip", "netns", "add", (char *)name, NULL};
	char out[256] = "";
	int rc = netns_run(argv, out, sizeof(out));
	if (rc == 0)
		return 0;
	out[strcspn(out, "\n")] = 0;
	if (rc > 0)
		snprintf(why, n, "ip netns add %s: %s", name, out[0] ? out : "failed (no message)");
	else
		snprintf(why, n, "ip netns add %s: cannot run ip: %s", name, strerror(-rc));
	return -EPERM;
}

/* Kill what runs in the namespace: it would keep the namespace (and its taps) alive. */
static void kill_pids(const char *name)
{
	char *argv[] = {"ip", "netns", "pids", (char *)name, NULL};
	char out[4096];
	if (netns_run(argv, out, sizeof(out)) != 0)
		return;
	for (char *s = out, *end; *s; s = end) {
		long pid = strtol(s, &end, 10);
		if (end == s)
			break;
		if (pid > 1 && pid != getpid())
			kill((pid_t)pid, SIGKILL);
	}
}

int netns_del(const char *name)
{
	kill_pids(name);
	char *argv[] = {"ip", "netns", "del", (char *)name, NULL};
	return netns_run(argv, NULL, 0) ? -EIO : 0;
}

int netns_enter(const char *name, int *saved)
{
	char path[128];
	snprintf(path, sizeof(path), NETNS_DIR "/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0 || setns(fd, CLONE_NEWNET) < 0) {
		int e = -errno;
		close(fd);
		if (*saved >= 0)
			close(*saved);
		return e;
	}
	close(fd);
	return 0;
}

int netns_leave(int saved)
{
	int rc = setns(saved, CLONE_NEWNET) < 0 ? -errno : 0;
	close(saved);
	return rc;
}

pid_t netns_spawn(const char *name, char *const argv[], const char *log, int cpu)
{
	char path[128];
	snprintf(path, sizeof(path), NETNS_DIR "/%s", name);
	int nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return -errno;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(nsfd);
		return e;
	}
	if (pid == 0) {
		/* Dies with us even on SIGKILL, so a peer never outlives its run. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		if (setns(nsfd, CLONE_NEWNET) < 0)
			_exit(126);
		if (cpu >= 0) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			sched_setaffinity(0, sizeof(set), &set);
			/* The peer stands for another machine: when a frame wakes it, it must run at
			 * once, not after the spinning poller's time slice (milliseconds under EEVDF).
			 * Real-time priority does that; it sleeps in recvfrom otherwise, and the
			 * kernel's RT throttling bounds it. */
			struct sched_param sp = {.sched_priority = 10};
			sched_setscheduler(0, SCHED_FIFO, &sp);
		}
		int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		/* Signals blocked by our threads' setup stay blocked across exec: unblock. */
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(nsfd);
	return pid;
}

/* "vemu<pid><role>" → pid, or 0 if the name is not ours. */
static pid_t owner_of(const char *name)
{
	if (strncmp(name, NETNS_TAG, strlen(NETNS_TAG)))
		return 0;
	char *end;
	long pid = strtol(name + strlen(NETNS_TAG), &end, 10);
	return end == name + strlen(NETNS_TAG) || pid <= 0 ? 0 : (pid_t)pid;
}

/* Is @pid a live vrioemu? A dead pid, or one reused by another program, means a stale run. */
static int run_alive(pid_t pid)
{
	if (pid == getpid())
		return 1;
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return 0;
	char path[64], comm[64] = "";
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = 0;
	fclose(f);
	return strncmp(comm, "vrioemu", 7) == 0;
}

/* Names of stale namespaces (at most 64) into @names; how many. */
static int list_stale(char names[][NETNS_NAME_MAX])
{
	DIR *d = opendir(NETNS_DIR);
	if (!d)
		return 0; /* no namespace was ever created here */
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		pid_t pid = owner_of(e->d_name);
		if (pid && !run_alive(pid) && strlen(e->d_name) < NETNS_NAME_MAX)
			snprintf(names[n++], NETNS_NAME_MAX, "%s", e->d_name);
	}
	closedir(d);
	return n;
}

int netns_clean_stale(int *failed)
{
	char names[64][NETNS_NAME_MAX];
	int n = list_stale(names), removed = 0;
	for (int i = 0; i < n; i++)
		if (netns_del(names[i]) == 0)
			removed++;
	if (failed)
		*failed = n - removed;
	return removed;
}

int netns_count_stale(void)
{
	char names[64][NETNS_NAME_MAX];
	return list_stale(names);
}

int netns_count(const char *prefix)
{
	DIR *d = opendir(NETNS_DIR);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			n++;
	closedir(d);
	return n;
}
