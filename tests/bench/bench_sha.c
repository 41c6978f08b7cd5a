/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_sha.c - throughput of core/sha256.c and core/sha1.c on a 256 MiB
 * buffer, and the time a 500 MiB boot.wim would take.  Built twice by
 * tests/bench/bench-sha.mk: host flags, and -m32 -Os -march=i386 as a
 * stand-in for the BIOS module's code generation.  Times are CPU seconds.
 * Each algorithm runs on the portable path and, where the CPU has them, on
 * the x86 SHA extensions; the digest prefix in brackets must match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "sha1.h"
#include "sha256.h"
#include "sha_path.h"

/*
 * Seconds of CPU time used by this process: unlike wall time it stays
 * meaningful on a machine shared with other jobs.
 */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Hash 256 MiB with each algorithm on each available path and print MB/s. */
int main(int argc, char **argv)
{
	static const char *const name[] = { "portable", "x86-sha" };
	/* both hashes write at most 32 bytes into d */
	static const struct {
		const char *name;
		void (*fn)(const void *, size_t, uint8_t *);
	} alg[2] = { { "sha256", sha256 }, { "sha1", sha1 } };
	const size_t n = 256u << 20;
	uint8_t *buf = malloc(n), d[32];
	const char *tag = argc > 1 ? argv[1] : "host";
	double t0, t;
	size_t i;
	int path, a;

	if (!buf)
		return 1;
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 24);
	for (path = SHA_PATH_PORTABLE; path <= SHA_PATH_X86; path++) {
		if ((int)sha_path_set((enum sha_path)path) != path) {
			printf("bench sha %s %s: skipped, this CPU has no SHA extensions\n",
			       tag, name[path]);
			continue;
		}
		for (a = 0; a < 2; a++) {
			t0 = now();
			alg[a].fn(buf, n, d);
			t = now() - t0;
			printf("bench %s %s %s: %.0f MB/s per CPU second (500 MiB in %.2f s) "
			       "[%02x%02x%02x%02x]\n", alg[a].name, tag, name[path], n / 1e6 / t,
			       t * 500.0 / 256.0, d[0], d[1], d[2], d[3]);
		}
	}
	free(buf);
	return 0;
}
