/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * harness.h - minimal host unit-test harness.  Each check prints
 * "PASS name" or "FAIL name: why"; tests/run.sh counts the lines.
 * A test binary exits non-zero when any check failed.
 */
#ifndef WP_HARNESS_H
#define WP_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h_failed, h_passed;

/* Report one named result. */
static inline void h_result(int ok, const char *name, const char *why)
{
	if (ok) {
		h_passed++;
		printf("PASS %s\n", name);
	} else {
		h_failed++;
		printf("FAIL %s: %s\n", name, why ? why : "");
	}
	fflush(stdout);
}

/* Report a skipped check, always with the reason. */
static inline void h_skip(const char *name, const char *why)
{
	printf("SKIP %s: %s\n", name, why);
}

/* Record a failure detail without ending the test (use inside one test). */
#define EXPECT(cond, ...)                                                    \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stdout, "  %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stdout, __VA_ARGS__);                        \
			fprintf(stdout, "\n");                               \
			h_bad++;                                             \
		}                                                            \
	} while (0)

/* Run one test function: it returns the number of failed expectations. */
#define RUN(fn)                                                              \
	do {                                                                 \
		int bad_ = fn();                                             \
		h_result(bad_ == 0, #fn, "expectations failed (see above)"); \
	} while (0)

/* Exit status of a test binary. */
#define H_DONE() (h_failed ? 1 : 0)

#endif
