/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzms_x86.c - the x86 filter of LZMS: after a chunk is decoded, absolute
 * call/jump/rip-relative targets the encoder made are turned back into
 * relative ones.
 */
#include "lzms_int.h"

/* Bytes that may start an instruction the filter translates (or skips). */
static const uint8_t x86_op[256] = {
	[0x48] = 1, [0x4C] = 1, [0xE8] = 1, [0xE9] = 1, [0xF0] = 1, [0xFF] = 1,
};

/*
 * Candidates of the 32-byte window at base found by the last vector scan
 * (bit k: d[base + k]); the filter only modifies bytes it then skips, so a
 * window's mask stays right for the positions still ahead.
 */
struct x86_scan {
	int32_t base;
	uint32_t m;
};

/*
 * First position >= i below tail whose byte may start a candidate, or a
 * position >= tail.  With SSE2 (x86_64 host, efi64) 32 bytes are tested at
 * a time with GCC vector extensions and the pmovmskb builtin (no intrinsics
 * header): 48/4C as (b & FB) == 48, E8/E9 as (b | 1) == E9, F0, FF; the
 * window's mask is kept in *sc for the following calls.  Otherwise 4 bytes
 * a time through x86_op.
 */
#if defined(__SSE2__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
typedef uint8_t x86_v16 __attribute__((vector_size(16)));
typedef char x86_c16 __attribute__((vector_size(16)));

/* Bit k set when p[k] (k < 16) may start a candidate. */
static inline unsigned x86_mask16(const uint8_t *p)
{
	x86_v16 v, m;

	memcpy(&v, p, 16);
	m = (x86_v16)(((v & 0xFB) == 0x48) | ((v | 1) == 0xE9) | (v == 0xF0) | (v == 0xFF));
	return (unsigned)__builtin_ia32_pmovmskb128((x86_c16)m);
}

static inline int32_t x86_next(const uint8_t *d, int32_t i, int32_t tail, struct x86_scan *sc)
{
	uint32_t off = (uint32_t)(i - sc->base);

	if (off < 32) {
		uint32_t m = sc->m & (0xffffffffu << off);
		if (m)
			return sc->base + (int32_t)__builtin_ctz(m);
		i = sc->base + 32;
	}
	while (i + 32 <= tail) {
		uint32_t m = x86_mask16(d + i) | x86_mask16(d + i + 16) << 16;
		if (m) {
			sc->base = i;
			sc->m = m;
			return i + (int32_t)__builtin_ctz(m);
		}
		i += 32;
	}
	while (i < tail && !x86_op[d[i]])
		i++;
	return i;
}
#else
static inline int32_t x86_next(const uint8_t *d, int32_t i, int32_t tail, struct x86_scan *sc)
{
	(void)sc;
	while (i + 3 < tail && !(x86_op[d[i]] | x86_op[d[i + 1]] |
				 x86_op[d[i + 2]] | x86_op[d[i + 3]]))
		i += 4;
	while (i < tail && !x86_op[d[i]])
		i++;
	return i;
}
#endif

/*
 * Undo the encoder's x86 translation in place.  From position 1 up to 16
 * bytes before the end, recognise call rel32 (E8), rip-relative loads/lea
 * (48 8B 05/0D, 48 8D x5, 4C 8D x5), lock add (F0 83 05) and call [rip]
 * (FF 15); jmp rel32 (E9) only skips its operand.  An operand is translated
 * (absolute -> relative) only within 1023 bytes (511 for E8) of the last
 * position where two instructions referenced the same 16-bit target within
 * 65535 bytes.  x86_op marks the bytes that may start a candidate.
 */
void lzms_x86_undo(uint8_t *d, int32_t n, int32_t *last)
{
	int32_t tail, i, last_x86 = -LZMS_X86_MAX_TRANS - 1;
	struct x86_scan sc = { -64, 0 }; /* no window yet */
	unsigned k;

	if (n <= 17)
		return;
	for (k = 0; k < 65536; k++)
		last[k] = -LZMS_X86_WINDOW - 1;
	tail = n - 16;

	for (i = 1;; i++) {
		int32_t limit = LZMS_X86_MAX_TRANS;
		unsigned oplen;
		uint16_t target;

		i = x86_next(d, i, tail, &sc);
		if (i >= tail)
			break;

		switch (d[i]) {
		case 0x48:
			if (d[i + 1] == 0x8B && (d[i + 2] == 0x05 || d[i + 2] == 0x0D))
				oplen = 3;
			else if (d[i + 1] == 0x8D && (d[i + 2] & 7) == 5)
				oplen = 3;
			else
				continue;
			break;
		case 0x4C:
			if (d[i + 1] == 0x8D && (d[i + 2] & 7) == 5)
				oplen = 3;
			else
				continue;
			break;
		case 0xE8:
			oplen = 1;
			limit /= 2;
			break;
		case 0xE9:
			i += 4;
			continue;
		case 0xF0:
			if (d[i + 1] == 0x83 && d[i + 2] == 0x05)
				oplen = 3;
			else
				continue;
			break;
		default: /* 0xFF */
			if (d[i + 1] == 0x15)
				oplen = 2;
			else
				continue;
			break;
		}
		if (i - last_x86 <= limit)
			wp_put32(d + i + oplen, wp_le32(d + i + oplen) - (uint32_t)i);
		target = (uint16_t)(i + wp_le16(d + i + oplen));
		i += (int32_t)oplen + 3;
		if (i - last[target] <= LZMS_X86_WINDOW)
			last_x86 = i;
		last[target] = i;
	}
}
