/* SPDX-License-Identifier: GPL-2.0-or-later */
/* highmem.c - RAM above 4 GiB (see highmem.h). */
#include <com32.h>
#include <string.h>
#include "highmem.h"
#include "winpe.h"

#define FOUR_G    0x100000000ull
#define SMAP      0x534d4150u
#define MAX_E820  128

struct e820 {
	uint64_t base, len;
	uint32_t type, attr;
} __attribute__((packed));

static struct e820 map[MAX_E820]; /* the last E820 map read */

/* See highmem.h. */
bool highmem_cpu_pae(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d & (1u << 6);
}

/* Read the E820 map into map[]; returns the number of entries. */
static unsigned read_e820(void)
{
	struct e820 *buf = lmalloc(sizeof *buf);
	com32sys_t in, out;
	unsigned n = 0;
	uint32_t next = 0;

	if (!buf)
		return 0;
	do {
		memset(&in, 0, sizeof in);
		memset(buf, 0, sizeof *buf);
		buf->attr = 1; /* a 20-byte answer leaves "enabled" */
		in.eax.l = 0xe820;
		in.edx.l = SMAP;
		in.ebx.l = next;
		in.ecx.l = sizeof *buf;
		in.es = SEG(buf);
		in.edi.w[0] = OFFS(buf);
		__intcall(0x15, &in, &out);
		if ((out.eflags.l & EFLAGS_CF) || out.eax.l != SMAP || out.ecx.l < 20)
			break;
		if (buf->len && (buf->attr & 1))
			map[n++] = *buf;
		next = out.ebx.l;
	} while (next && n < MAX_E820);
	lfree(buf);
	return n;
}

/* Does [s, s+len) overlap an entry of map[0..n) other than RAM? */
static bool overlaps_other(unsigned n, uint64_t s, uint64_t len)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (map[i].type != 1 && s < map[i].base + map[i].len && map[i].base < s + len)
			return true;
	return false;
}

/* See highmem.h. */
uint64_t highmem_ram_total(void)
{
	unsigned n = read_e820(), i;
	uint64_t sum = 0;

	for (i = 0; i < n; i++)
		if (map[i].type == 1)
			sum += map[i].len;
	return sum;
}

/* The machine's RAM for the module's pre-fetch check (see winpe.h). */
uint64_t winpe_ram_bytes(void)
{
	return highmem_ram_total();
}

/* See highmem.h. */
uint64_t highmem_find(uint64_t len)
{
	unsigned n = read_e820(), i;
	uint64_t best = 0;

	len = (len + 0xfff) & ~0xfffull;
	for (i = 0; len && i < n; i++) {
		uint64_t s = map[i].base, e = map[i].base + map[i].len, cand;

		if (map[i].type != 1 || e <= FOUR_G)
			continue;
		if (s < FOUR_G)
			s = FOUR_G;
		if (e - s < len)
			continue;
		cand = (e - len) & ~0xfffull;
		if (cand >= s && cand > best && !overlaps_other(n, cand, len))
			best = cand;
	}
	return best;
}
