/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha1_x86.c - SHA-1 block function on the x86 SHA extensions.
 * ABCD lives in one register (A on top), E in the top lane of another;
 * each group of four rounds is one sha1rnds4 whose E input is sha1nexte of
 * the ABCD from four rounds earlier plus the next four message words, and
 * the schedule comes from sha1msg1/sha1msg2 and one xor.  GCC builtins with
 * a per-function target attribute, like core/sha256_x86.c.  Called only when
 * sha_path() says the CPU has the extensions.
 */
#include "sha_path.h"

#if defined(__i386__) || defined(__x86_64__)
typedef int v4si __attribute__((vector_size(16)));
typedef char v16qi __attribute__((vector_size(16)));
typedef int v4si_u __attribute__((vector_size(16), aligned(1)));

#define SHA1_X86 __attribute__((target("sha,ssse3,sse4.1")))

/*
 * Five groups of four rounds with round function f (0..3; an immediate, so
 * this is always inlined with a constant f).  m[] holds the message words of
 * the next four groups and is advanced; *e the E input of the first group
 * (already summed for group 0), *prev the ABCD before it.
 */
static inline __attribute__((always_inline)) SHA1_X86 void
five_groups(v4si *abcd, v4si *prev, v4si m[4], const int f, unsigned first)
{
	unsigned g;

	for (g = first; g < first + 5; g++) {
		v4si e, next;

		if (g == 0)
			e = *prev + m[0]; /* *prev holds E for the very first group */
		else
			e = __builtin_ia32_sha1nexte(*prev, m[0]);
		*prev = *abcd;
		/* the round function is an immediate: spelt out for compilers
		 * (clang) that want a literal even in an inlined function */
		switch (f) {
		case 0: *abcd = __builtin_ia32_sha1rnds4(*abcd, e, 0); break;
		case 1: *abcd = __builtin_ia32_sha1rnds4(*abcd, e, 1); break;
		case 2: *abcd = __builtin_ia32_sha1rnds4(*abcd, e, 2); break;
		default: *abcd = __builtin_ia32_sha1rnds4(*abcd, e, 3); break;
		}
		next = __builtin_ia32_sha1msg2(__builtin_ia32_sha1msg1(m[0], m[1]) ^ m[2], m[3]);
		m[0] = m[1];
		m[1] = m[2];
		m[2] = m[3];
		m[3] = next; /* past group 15 these words are unused */
	}
}

/* Hash n consecutive 64-byte blocks at p into the state h. */
SHA1_X86 void sha1_blocks_x86(uint32_t h[5], const uint8_t *p, size_t n)
{
	const v16qi rev = { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	v4si abcd = __builtin_ia32_pshufd(*(const v4si_u *)h, 0x1B); /* A on top */
	v4si e0 = { 0, 0, 0, (int)h[4] };

	while (n--) {
		v4si m[4], abcd0 = abcd, prev = e0;
		unsigned i;

		for (i = 0; i < 4; i++)
			m[i] = (v4si)__builtin_ia32_pshufb128(
				(v16qi) * (const v4si_u *)(p + 16 * i), rev);
		five_groups(&abcd, &prev, m, 0, 0);
		five_groups(&abcd, &prev, m, 1, 5);
		five_groups(&abcd, &prev, m, 2, 10);
		five_groups(&abcd, &prev, m, 3, 15);
		/* E after 80 rounds: rol30 of the A four rounds back, plus old E */
		e0 = __builtin_ia32_sha1nexte(prev, e0);
		abcd += abcd0;
		p += 64;
	}
	*(v4si_u *)h = __builtin_ia32_pshufd(abcd, 0x1B);
	h[4] = (uint32_t)e0[3];
}
#else
/* Not x86: never called (sha_path() is always portable). */
void sha1_blocks_x86(uint32_t h[5], const uint8_t *p, size_t n)
{
}
#endif
