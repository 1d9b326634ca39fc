/*
 * validate — `vriosim validate`: the validation layers of DESIGN §7 in one command, and the
 * queueing closed forms they compare against.
 *
 * Layers: (1) analytic — scenarios in validation/analytic/ that reduce to M/M/1, M/D/1, M/M/c
 * (Erlang C) and partitioned servers, against the closed forms below; (2) the published claims
 * (shipped scenarios, bounds from references/published-numbers.md); (3) simulator vs emulator
 * (validation/emulator/: measured emulator CSVs vs the simulator with a fitted profile; skipped
 * with the reason when there are none); (4) conservation and determinism. Each check is one
 * PASS/FAIL line in DIR/report.md and a row in DIR/checks.csv; failures are listed, never hidden.
 *
 * Every simulation is its own process (`vriosim run`, one platform per process): validate
 * re-executes its own binary.
 */
#ifndef VRIOSIM_VALIDATE_H
#define VRIOSIM_VALIDATE_H

/* ---- closed forms (times in seconds, rates per second) ---- */

/* M/M/1 sojourn time: mean 1/(mu - lambda); the q-quantile -ln(1-q)/(mu - lambda). */
double vq_mm1_mean(double lambda, double mu);
double vq_mm1_quantile(double lambda, double mu, double q);
/* M/D/1 with service time @d: mean sojourn d + rho d / (2 (1 - rho)) (Pollaczek-Khinchine);
 * the quantile from the waiting-time series P(W <= t) = (1-rho) sum_k [lambda(kd-t)]^k/k!
 * e^{-lambda(kd-t)} (Erlang 1909 / Crommelin 1932), plus d. */
double vq_md1_mean(double lambda, double d);
double vq_md1_quantile(double lambda, double d, double q);
/* Erlang C: the probability that an arrival waits in M/M/c with offered load a = lambda/mu. */
double vq_erlang_c(int c, double a);
/* M/M/c FCFS sojourn: mean C/(c mu - lambda) + 1/mu; quantile of W + S (W: 0 with 1-C, else
 * exponential at c mu - lambda; S exponential at mu), by bisection. */
double vq_mmc_mean(double lambda, double mu, int c);
double vq_mmc_quantile(double lambda, double mu, int c, double q);

/* The subcommand: argv[0] = "validate". Returns the exit code: 0 all checks passed, 1 some
 * failed (the report says which) or a run could not be made, 2 usage error. */
int cli_validate(int argc, char **argv);

#endif
