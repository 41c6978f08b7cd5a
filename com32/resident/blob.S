/* SPDX-License-Identifier: GPL-2.0-or-later */
/* blob.S - embeds the linked resident runtime (flat binary) into winpe.c32. */
	.section .rodata
	.balign 16
	.globl	resident_bin, resident_bin_end
resident_bin:
	.incbin	RES_BIN
resident_bin_end:
	.section .note.GNU-stack, "", @progbits
