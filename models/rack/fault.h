/*
 * fault — one scheduled failure of the rack ([fault]): a component goes down at fault.at_s,
 * the failure is noticed fault.detect_ms later and, with fault.failover = iohost, what it
 * served moves elsewhere; it comes back at fault.until_s.
 *
 *   iohost    its NIC port drops whatever it sends or is sent, its sidecores stop, what waited
 *             in its receive rings is lost; its VMs move to the live IOhost with the least load
 *             weight
 *   link      a VMhost's NIC port drops whatever it sends or is sent (no failover: nothing else
 *             reaches the VMhost)
 *   sidecore  it stops after its visit under way; a pool's other sidecores take its work at
 *             once; a partition's queues move to the next live partition once noticed
 *
 * Requests lost on the way are resent by their transport (TCP-like: RTO; the vRIO front end:
 * its timeout) or given up by a UDP-like application (requests_lost). The run measures, from
 * its completions millisecond by millisecond, the time to recover (until a 5 ms average is back
 * to 90% of the pre-fault rate) and the unavailability (the service lost: each millisecond's
 * shortfall from that rate, as a fraction, summed: 100 ms at half the rate is 50 ms).
 */
#ifndef VRIOSIM_FAULT_H
#define VRIOSIM_FAULT_H

struct rack;

/* Schedule the run's fault, if it has one (a daemon actor). 0 or -errno with rack_fail. */
int fault_start(struct rack *r);
/* After the run: time to recover and unavailability, in ms (0 without a fault). */
void fault_measure(const struct rack *r, double *recovery_ms, double *unavailable_ms);

#endif
