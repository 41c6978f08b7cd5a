/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * out.c - the probe's output: lines written straight to the COM1 UART (not
 * ConOut, whose 80-column wrapping would split long lines), a tiny formatter,
 * and the file list.
 */
#include <stdarg.h>
#include "probe.h"

unsigned probe_errors;

/* Write one byte to port. */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* Read one byte from port. */
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* One character to COM1, waiting for the transmitter. */
static void ser(char c)
{
	unsigned spin = 100000;

	while (!(inb(0x3fd) & 0x20) && --spin)
		;
	outb(0x3f8, (uint8_t)c);
}

/* Unsigned number in base 10 or 16. */
static void ser_num(unsigned long long v, unsigned base)
{
	char b[24];
	int n = 0;

	do {
		b[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		ser(b[--n]);
}

/* Format %s %u %x %llu %llx %c to COM1. */
static void vout(const char *fmt, va_list ap)
{
	const char *p;

	for (p = fmt; *p; p++) {
		if (*p != '%') {
			if (*p == '\n')
				ser('\r');
			ser(*p);
			continue;
		}
		p++;
		if (*p == 's') {
			const char *s = va_arg(ap, const char *);
			while (*s)
				ser(*s++);
		} else if (*p == 'u') {
			ser_num(va_arg(ap, unsigned), 10);
		} else if (*p == 'x') {
			ser_num(va_arg(ap, unsigned), 16);
		} else if (*p == 'c') {
			ser((char)va_arg(ap, int));
		} else if (p[0] == 'l' && p[1] == 'l') {
			p += 2;
			ser_num(va_arg(ap, unsigned long long), *p == 'x' ? 16 : 10);
		}
	}
}

void pout(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
}

void perr(const char *fmt, ...)
{
	va_list ap;

	probe_errors++;
	pout("PROBE ERROR ");
	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
	pout("\n");
}

void probe_add(struct probe_list *l, const char *path, uint64_t size,
	       const uint8_t *hash, const char *how)
{
	struct probe_rec *r;
	unsigned i;

	pout("PROBE FILE %s %llu ", path, (unsigned long long)size);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		pout("%c", "0123456789abcdef"[hash[i] >> 4]);
		pout("%c", "0123456789abcdef"[hash[i] & 15]);
	}
	pout(" %s\n", how);
	if (l->n >= PROBE_MAX_FILES) {
		perr("too many files (%s)", how);
		return;
	}
	r = &l->r[l->n++];
	for (i = 0; path[i] && i + 1 < PROBE_PATH; i++)
		r->path[i] = path[i];
	r->path[i] = 0;
	r->size = size;
	memcpy(r->hash, hash, SHA256_DIGEST_SIZE);
}
