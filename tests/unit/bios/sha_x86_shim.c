/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha_x86_shim.c - core/sha256_x86.c and core/sha1_x86.c compiled with the
 * BIOS module's code generation (-m32 -march=i386 -mregparm=3
 * -mpreferred-stack-boundary=2 -fPIC -Os, see tests/unit/sha-i386.mk), with
 * regparm(0) entry points so that an ordinary 32-bit test program can call
 * them (test_sha_x86_bios.c).  QEMU 7.2's TCG has no SHA extensions, so this
 * is where the BIOS build of the x86 path runs on real SHA-NI.
 */
#include "../../../core/sha256_x86.c"
#include "../../../core/sha1_x86.c"

/* sha256_blocks_x86 as the BIOS module compiles it. */
__attribute__((regparm(0))) void bios_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	sha256_blocks_x86(h, p, n);
}

/* sha1_blocks_x86 as the BIOS module compiles it. */
__attribute__((regparm(0))) void bios_sha1_blocks(uint32_t h[5], const uint8_t *p, size_t n)
{
	sha1_blocks_x86(h, p, n);
}
