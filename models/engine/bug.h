/*
 * bug — invariant checks inside the models, in the spirit of Linux virtio_ring.c's BAD_RING and
 * START_USE/END_USE: a broken invariant is a bug in vriosim, not bad input, so it stops the
 * run at once with file, line and the values involved, instead of producing wrong numbers.
 *
 * They are compiled in debug and sanitizer builds (VS_DEBUG_CHECKS, set by CMake for
 * CMAKE_BUILD_TYPE=Debug and VRIOSIM_SANITIZE=ON, so CI runs every test with them) and vanish
 * from release builds, where they would cost time on the hot paths. The condition is still
 * type-checked in release builds.
 */
#ifndef VRIOSIM_BUG_H
#define VRIOSIM_BUG_H

/* Report a broken invariant and abort (never returns). */
_Noreturn void vs_bug(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#ifdef VS_DEBUG_CHECKS
#define VS_BUG_ON(cond, ...)                                                                \
	do {                                                                                \
		if (__builtin_expect(!!(cond), 0))                                          \
			vs_bug(__FILE__, __LINE__, #cond, __VA_ARGS__);                     \
	} while (0)
#define VS_DEBUG 1
#else
#define VS_BUG_ON(cond, ...)                                                                \
	do {                                                                                \
		if (0 && (cond))                                                            \
			vs_bug(__FILE__, __LINE__, #cond, __VA_ARGS__);                     \
	} while (0)
#define VS_DEBUG 0
#endif

#endif
