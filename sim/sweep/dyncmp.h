/*
 * dyncmp — a dynamic configuration against the best static one at each load step of a sweep
 * (`vriosim dynamic`, docs/model.md "Dynamic I/O cores"). The sweep has one axis, the load;
 * its first model is the dynamic one, the others the static candidates. At each step:
 *   best static  the static model with the highest throughput; among those within 1% of it,
 *                the one using the least I/O CPU (equal capacity: the cheaper one)
 *   I/O CPU      cpu_io_cores + cpu_poll_cores + cpu_exit_cores: cores' worth of I/O work,
 *                polling (sidecores in service) and VM exits
 *   ratio        the dynamic one's throughput over the best static's
 * Acceptance (issue 12): ratio >= 0.9 at every step, and the dynamic one's I/O CPU at the
 * lowest step below its I/O CPU at the highest.
 */
#ifndef VRIOSIM_DYNCMP_H
#define VRIOSIM_DYNCMP_H

#include <stdbool.h>
#include <stdio.h>

/* Read DIR/sweep.csv, print the table to @out and write DIR/dynamic.csv. 0 (*pass says whether
 * the acceptance holds), or -1 with @err. */
int dyncmp_report(const char *dir, FILE *out, bool *pass, char *err, size_t errn);

#endif
