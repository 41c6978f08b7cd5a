/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256_x86.c - SHA-256 block function on the x86 SHA extensions.
 * The state is kept as the two registers sha256rnds2 works on, ABEF and
 * CDGH (A in the top lane); each group of four rounds adds four message words
 * and four constants and runs two sha256rnds2; the message schedule for the
 * next groups comes from sha256msg1/sha256msg2 and one palignr.
 * GCC builtins with a per-function target attribute: no intrinsics header
 * (they pull system headers) and no -msse flag on the rest of the core, so it
 * builds unchanged for the host, i386 (BIOS) and efi64.  Called only when
 * sha_path() says the CPU has the extensions (core/sha_path.c).
 */
#include "sha_path.h"

#if defined(__i386__) || defined(__x86_64__)
typedef int v4si __attribute__((vector_size(16)));
typedef long long v2di __attribute__((vector_size(16)));
typedef short v8hi __attribute__((vector_size(16)));
typedef char v16qi __attribute__((vector_size(16)));
typedef int v4si_u __attribute__((vector_size(16), aligned(1)));

#define SHA256_X86 __attribute__((target("sha,ssse3,sse4.1")))


/* Load 16 message bytes as four big-endian words (lane 0 = first word). */
static inline __attribute__((always_inline)) SHA256_X86 v4si load_be(const uint8_t *p,
								     v16qi swap)
{
	return (v4si)__builtin_ia32_pshufb128((v16qi)*(const v4si_u *)p, swap);
}

/* Hash n consecutive 64-byte blocks at p into the state h. */
SHA256_X86 void sha256_blocks_x86(uint32_t h[8], const uint8_t *p, size_t n)
{
	const v16qi swap = { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12 };
	v4si abcd = *(const v4si_u *)h, efgh = *(const v4si_u *)(h + 4);
	v4si abef, cdgh, t;

	/* a b c d / e f g h in lanes 0..3  ->  ABEF / CDGH, A and C on top */
	t = __builtin_ia32_pshufd(abcd, 0xB1);           /* b a d c */
	efgh = __builtin_ia32_pshufd(efgh, 0x1B);        /* h g f e */
	abef = (v4si)__builtin_ia32_palignr128((v2di)t, (v2di)efgh, 64);
	cdgh = (v4si)__builtin_ia32_pblendw128((v8hi)efgh, (v8hi)t, 0xF0);

	while (n--) {
		v4si m0 = load_be(p, swap), m1 = load_be(p + 16, swap);
		v4si m2 = load_be(p + 32, swap), m3 = load_be(p + 48, swap);
		v4si abef0 = abef, cdgh0 = cdgh;
		unsigned g;

		for (g = 0; g < 16; g++) {
			/* rounds 4g..4g+3 with message words m0 */
			v4si wk = m0 + *(const v4si *)(sha256_k + 4 * g);

			cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, wk);
			wk = __builtin_ia32_pshufd(wk, 0x0E);
			abef = __builtin_ia32_sha256rnds2(abef, cdgh, wk);
			if (g < 12) {
				/* words 4(g+4)..: sigma0 of m0/m1, + w[t-7], sigma1 */
				v4si next = __builtin_ia32_sha256msg1(m0, m1) +
					    (v4si)__builtin_ia32_palignr128((v2di)m3, (v2di)m2, 32);

				next = __builtin_ia32_sha256msg2(next, m3);
				m0 = m1;
				m1 = m2;
				m2 = m3;
				m3 = next;
			} else {
				m0 = m1;
				m1 = m2;
				m2 = m3;
			}
		}
		abef += abef0;
		cdgh += cdgh0;
		p += 64;
	}
	/* back to a b c d / e f g h */
	t = __builtin_ia32_pshufd(abef, 0x1B);           /* a b e f */
	cdgh = __builtin_ia32_pshufd(cdgh, 0xB1);        /* g h c d */
	abcd = (v4si)__builtin_ia32_pblendw128((v8hi)t, (v8hi)cdgh, 0xF0);
	efgh = (v4si)__builtin_ia32_palignr128((v2di)cdgh, (v2di)t, 64);
	*(v4si_u *)h = abcd;
	*(v4si_u *)(h + 4) = efgh;
}
#else
/* Not x86: never called (sha_path() is always portable). */
void sha256_blocks_x86(uint32_t h[8], const uint8_t *p, size_t n)
{
}
#endif
