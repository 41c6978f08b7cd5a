/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha_paths.h - what test_sha1 and test_sha256 share about the two block
 * paths (core/sha_path.h): the CPUID probe checked against the kernel's
 * flags, forcing each path, and running a test with a path forced.
 * Include after harness.h, sha_path.h and the test's own h_bad.
 */
#ifndef TEST_SHA_PATHS_H
#define TEST_SHA_PATHS_H
#include <stdio.h>
#include <string.h>

/* True when /proc/cpuinfo lists sha_ni (what sha_x86_cpu() must agree with). */
static int cpuinfo_sha_ni(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int yes = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5) && strstr(line, " sha_ni"))
			yes = 1;
	if (f)
		fclose(f);
	return yes;
}

/* The CPUID probe agrees with the kernel; forcing each path takes effect. */
static int test_path_choice(void)
{
	int want = cpuinfo_sha_ni();

	h_bad = 0;
	EXPECT(sha_x86_cpu() == (want != 0), "CPUID says %d, /proc/cpuinfo sha_ni %d",
	       (int)sha_x86_cpu(), want);
	EXPECT(sha_path_set(SHA_PATH_PORTABLE) == SHA_PATH_PORTABLE, "portable not forced");
	EXPECT(sha_path() == SHA_PATH_PORTABLE, "portable did not stick");
	EXPECT(sha_path_set(SHA_PATH_X86) == (want ? SHA_PATH_X86 : SHA_PATH_PORTABLE),
	       "x86 path request gave %d", (int)sha_path());
	return h_bad;
}

/* Run one test (the path already forced) and report it as name[tag]. */
static void run_on(int (*fn)(void), const char *name, const char *tag)
{
	char n[96];
	int bad = fn();

	snprintf(n, sizeof(n), "%s[%s]", name, tag);
	h_result(bad == 0, n, "expectations failed (see above)");
}

/* Run one test with the path forced, named test[path]. */
#define RUN_ON(fn, tag) run_on(fn, #fn, tag)

#endif
