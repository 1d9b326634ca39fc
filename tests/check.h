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
#include <unistd.h>

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

/*
 * Named tests, each written once:
 *
 *   CHECK_TEST(wrap_single)
 *   {
 *           ...
 *           return 0;
 *   }
 *
 * defines the test and registers it (a constructor, before main) under its name; check_main()
 * runs the one named by argv[1], or lists them all. CTest reads the same lines from the source
 * at configure time (tests/check_tests.cmake: one entry per name), so a test is never named
 * twice. Write CHECK_TEST(name) at the start of a line: that is what CMake looks for.
 */
#define CHECK_MAX_TESTS 256

struct check_test {
	const char *name;
	int (*fn)(void);
};

static struct check_test check_tests_[CHECK_MAX_TESTS];
static int check_ntests_;

/* A test that ran SimGrid ends with _exit, as the simulator's own simulation processes do:
 * LeakSanitizer's exit-time scan reads SimGrid's actor stacks, whose guard pages stop it with
 * a fatal error (signal 11 in its tracer). Tests without SimGrid keep the leak check. */
static int check_engine_ran_;
#define CHECK_ENGINE_RAN() (check_engine_ran_ = 1)

static inline void check_register_(const char *name, int (*fn)(void))
{
	if (check_ntests_ == CHECK_MAX_TESTS) {
		fprintf(stderr, "check.h: more than %d tests: raise CHECK_MAX_TESTS\n",
			CHECK_MAX_TESTS);
		exit(2);
	}
	check_tests_[check_ntests_++] = (struct check_test){ name, fn };
}

#define CHECK_TEST(name)                                                                    \
	static int check_test_##name(void);                                                     \
	__attribute__((constructor)) static void check_register_##name(void)                    \
	{                                                                                       \
		check_register_(#name, check_test_##name);                                          \
	}                                                                                       \
	static int check_test_##name(void)

/* No argument: list the tests, one name a line. Else run the test named argv[1]: its exit
 * code is 0 (pass), 1 (failed), CHECK_SKIP, or 2 (no such test). */
static inline int check_main(int argc, char **argv)
{
	if (argc < 2) {
		for (int i = 0; i < check_ntests_; i++)
			printf("%s\n", check_tests_[i].name);
		return 0;
	}
	for (int i = 0; i < check_ntests_; i++)
		if (!strcmp(check_tests_[i].name, argv[1])) {
			int rc = check_tests_[i].fn();
			if (check_engine_ran_) {
				fflush(stdout);
				fflush(stderr);
				_exit(rc);
			}
			return rc;
		}
	fprintf(stderr, "no test named %s\n", argv[1]);
	return 2;
}

#endif
