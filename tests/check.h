/*
 * check.h — assertions that explain their failures (file:line and both values), never compiled
 * out, in the manner of libuv's test/task.h. A test is a function returning 0 (pass), or
 * CHECK_SKIP (CTest's SKIP_RETURN_CODE) with a reason on stderr.
 */
#ifndef VRIOSIM_CHECK_H
#define VRIOSIM_CHECK_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_SKIP 77

#define CHECK_FAIL(...)                                                                     \
	do {                                                                                    \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                     \
		fprintf(stderr, __VA_ARGS__);                                                       \
		fputc('\n', stderr);                                                                \
		exit(1);                                                                            \
	} while (0)

#define CHECK(cond)                                                                         \
	do {                                                                                    \
		if (!(cond))                                                                        \
			CHECK_FAIL("check failed: %s", #cond);                                          \
	} while (0)

#define CHECK_INT_OP(a, op, b)                                                              \
	do {                                                                                    \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                     \
		if (!(check_a_ op check_b_))                                                        \
			CHECK_FAIL("%s %s %s: %lld vs %lld", #a, #op, #b, check_a_, check_b_);          \
	} while (0)
#define CHECK_EQ(a, b) CHECK_INT_OP(a, ==, b)
#define CHECK_NE(a, b) CHECK_INT_OP(a, !=, b)
#define CHECK_LT(a, b) CHECK_INT_OP(a, <, b)
#define CHECK_LE(a, b) CHECK_INT_OP(a, <=, b)
#define CHECK_GT(a, b) CHECK_INT_OP(a, >, b)
#define CHECK_GE(a, b) CHECK_INT_OP(a, >=, b)

/* |a - b| <= tol */
#define CHECK_NEAR(a, b, tol)                                                               \
	do {                                                                                    \
		double check_a_ = (a), check_b_ = (b), check_t_ = (tol);                            \
		if (!(fabs(check_a_ - check_b_) <= check_t_))                                       \
			CHECK_FAIL("%s ~ %s (tol %g): %.12g vs %.12g", #a, #b, check_t_, check_a_,      \
				   check_b_);                                                           \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                                  \
	do {                                                                                    \
		const char *check_a_ = (a), *check_b_ = (b);                                        \
		if (strcmp(check_a_, check_b_))                                                     \
			CHECK_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, check_a_, check_b_);           \
	} while (0)

/* A table of named tests run by name from argv[1] (CTest registers one entry per name). */
struct check_test {
	const char *name;
	int (*fn)(void);
};

static inline int check_main(const struct check_test *tests, int argc, char **argv)
{
	if (argc < 2) {
		for (const struct check_test *t = tests; t->name; t++)
			printf("%s\n", t->name);
		return 0;
	}
	for (const struct check_test *t = tests; t->name; t++)
		if (!strcmp(t->name, argv[1]))
			return t->fn();
	fprintf(stderr, "no test named %s\n", argv[1]);
	return 2;
}

#endif
