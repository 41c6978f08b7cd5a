/* SPDX-License-Identifier: GPL-2.0-or-later */
/* out.c - probe output on COM1 (port 0x3F8) and exit via isa-debug-exit. */
#include "probe.h"

/* Write a byte to an I/O port. */
static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* Read a byte from an I/O port. */
static uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* One character to COM1. */
static void out_c(char c)
{
	unsigned i;

	for (i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++)
		;
	outb(0x3f8, (uint8_t)c);
}

/* A string to COM1. */
void out_str(const char *s)
{
	while (*s)
		out_c(*s++);
}

/* End of line. */
void out_nl(void)
{
	out_str("\r\n");
}

/* v as 0x%08x. */
void out_hex(uint32_t v)
{
	int i;

	out_str("0x");
	for (i = 28; i >= 0; i -= 4)
		out_c("0123456789abcdef"[(v >> i) & 0xf]);
}

/* v in decimal. */
void out_dec(uint64_t v)
{
	char b[24];
	int n = 0;

	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_c(b[--n]);
}

/* Leave QEMU through isa-debug-exit (port 0xf4); halt if it is absent. */
void probe_exit(int code)
{
	outb(0xf4, (uint8_t)code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Report failure and exit. */
void probe_fail(const char *why, uint32_t v)
{
	out_str("PROBE VERDICT FAIL ");
	out_str(why);
	out_str(" (");
	out_hex(v);
	out_str(")");
	out_nl();
	probe_exit(PROBE_EXIT_FAIL);
}
