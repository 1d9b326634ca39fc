/*
 * input — the emulator's measurements (`vrioemu calibrate -o MEASURED.csv`), read and checked.
 *
 * '#' stamp lines first — "# vrioemu <ver> calibrate", then "# key=value" lines naming the
 * machine (host, cpu_model, cpu_ghz, kernel, date) — then the header
 * op,mode,queues,bytes,rep,value,unit,loadavg,busy and one row per measurement (value in ns).
 */
#ifndef VRIOSIM_CAL_INPUT_H
#define VRIOSIM_CAL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* The operations measured. */
enum cal_op { OP_SIDECORE, OP_VHOST, OP_POLL, OP_WAKEUP, OP_VRIO, OP_LAT_SIDECORE, OP_LAT_TRAP,
	      OP_LAT_VRIO, OP_CLAIM, OP_PASS, OP_SIDECORE_P50,
	      OP_RING, OP_KICK, OP_WIRE, OP_INTERPOSE, OP_SIDECORE_WARM, OP_COUNT };

/* What is known of an operation. */
struct cal_op_def {
	const char *name;  /* the op column */
	int linear;        /* 1 a + b*x, 0 the mean, -1 a line when x varies, else the mean */
	const char *x;     /* the regressor column */
	const char *what;  /* for the [fit] comment */
};
extern const struct cal_op_def cal_ops[OP_COUNT];

/* A measurement file, read. */
struct cal_in {
	const char *file;      /* its path, for messages */
	int line;              /* the line being read; after the read, the file's line count */
	char err[512];         /* "file:line: key: what" */
	bool failed;           /* err is set */
	bool header_done;      /* the header row was checked */
	double *x[OP_COUNT];   /* per op: the regressor of each row (owned) */
	double *y[OP_COUNT];   /* per op: the value of each row, ns (owned) */
	bool *busy[OP_COUNT];  /* per op: the row was taken on a busy machine (owned) */
	size_t n[OP_COUNT];    /* per op: rows */
	size_t n_busy[OP_COUNT]; /* per op: rows taken on a busy machine */
	size_t rows;           /* measurement rows */
	size_t busy_rows;      /* rows taken on a busy machine */
	char host[256], cpu_model[512], kernel[256], date[128]; /* the machine, as stamped */
	char stamp[256];       /* the first stamp line */
	double ghz;            /* cpu_ghz (0: not in the file) */
};

/* Read c->file (the rest of @c zeroed). 0, or -1 with c->err. */
int cal_read(struct cal_in *c);
void cal_in_free(struct cal_in *c);
/* The clock from /proc/cpuinfo ("cpu MHz"), in GHz (0: unknown); its model name into @model
 * when @model is empty. */
double cal_cpuinfo_ghz(char *model, size_t mn);

#endif
