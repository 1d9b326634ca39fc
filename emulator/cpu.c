/* cpu — see cpu.h. */
#define _GNU_SOURCE
#include "cpu.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

int cpu_pin(int cpu)
{
	if (cpu < 0)
		return 0;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

int cpu_count(void) { return (int)sysconf(_SC_NPROCESSORS_ONLN); }

int cpu_helper_default(int guest_cpu, int io_cpu)
{
	cpu_set_t allowed;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &allowed) && c != guest_cpu && c != io_cpu)
				return c;
	return guest_cpu != io_cpu ? guest_cpu : -1;
}
