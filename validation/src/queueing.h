/*
 * queueing — the closed forms validation layer 1 compares the simulator against: sojourn time
 * (waiting + service) means and quantiles of M/M/1, M/D/1 and M/M/c FCFS queues, and Erlang C.
 * Times in seconds, rates per second.
 */
#ifndef VRIOSIM_QUEUEING_H
#define VRIOSIM_QUEUEING_H

/* M/M/1 sojourn time: mean 1/(mu - lambda); the q-quantile -ln(1-q)/(mu - lambda). */
double queueing_mm1_mean(double lambda, double mu);
double queueing_mm1_quantile(double lambda, double mu, double q);
/* The M/M/1 arrival rate whose sojourn q-quantile is @t: mu + ln(1-q)/t (the capacity at that
 * latency target). */
double queueing_mm1_rate_at_quantile(double mu, double q, double t);
/* M/D/1 with service time @d: mean sojourn d + rho d / (2 (1 - rho)) (Pollaczek-Khinchine);
 * the quantile from the waiting-time series P(W <= t) = (1-rho) sum_k [lambda(kd-t)]^k/k!
 * e^{-lambda(kd-t)} (Erlang 1909 / Crommelin 1932), plus d. */
double queueing_md1_mean(double lambda, double d);
double queueing_md1_quantile(double lambda, double d, double q);
/* Erlang C: the probability that an arrival waits in M/M/c with offered load a = lambda/mu. */
double queueing_erlang_c(int c, double a);
/* M/M/c FCFS sojourn: mean C/(c mu - lambda) + 1/mu; quantile of W + S (W: 0 with 1-C, else
 * exponential at c mu - lambda; S exponential at mu), by bisection. */
double queueing_mmc_mean(double lambda, double mu, int c);
double queueing_mmc_quantile(double lambda, double mu, int c, double q);

#endif
