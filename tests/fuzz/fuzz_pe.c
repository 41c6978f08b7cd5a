/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_pe.c - libFuzzer target for core/pe.c: any input is parsed; an
 * accepted one is loaded into a buffer of exactly total_len bytes (so ASan
 * sees any overrun) and the loader's invariants are checked.
 * Run: make fuzz FUZZ_TARGETS=fuzz_pe (seeds: tests/fuzz/util-seeds.sh)
 */
#include <stdlib.h>
#include "pe.h"

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* libFuzzer entry point: one input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_err err = { 0, "" };
	struct pe_info pi, pi2;
	struct pe_section s;
	uint8_t *buf;
	unsigned i;
	int rc;

	rc = pe_parse(data, size, "fuzz.exe", &pi, &err);
	if (rc) {
		must(err.code == rc && err.msg[0]);
		return 0;
	}
	must(pi.total_len == pi.image_len + (uint64_t)size);
	must(pi.image_len >= pi.size_of_headers);
	must(pi.entry_rva < pi.image_len);
	for (i = 0; i < pi.n_sections; i++) {
		must(pe_section(data, size, &pi, i, &s) == 0);
		must((uint64_t)s.va + s.mem_size <= pi.image_len);
		must(!s.copy_size || (uint64_t)s.raw_off + s.copy_size <= size);
	}
	if (pi.total_len > (64u << 20))
		return 0;
	buf = malloc(pi.total_len);
	must(buf != NULL);
	rc = pe_load(data, size, "fuzz.exe", buf, pi.total_len, &pi2, &err);
	must(rc == 0);
	must(!memcmp(&pi, &pi2, sizeof(pi)));
	must(!memcmp(buf, data, pi.size_of_headers));
	must(!memcmp(buf + pi.image_len, data, size));
	free(buf);
	return 0;
}
