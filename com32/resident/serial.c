/* SPDX-License-Identifier: GPL-2.0-or-later */
/* serial.c - diagnostic messages of the resident runtime on COM1 (0x3F8). */
#include "resident.h"

/* Send one byte to COM1, waiting for the transmitter. */
static void serial_putc(char c)
{
	unsigned i;
	uint8_t lsr;

	for (i = 0; i < 100000; i++) {
		__asm__ volatile("inb %1, %0" : "=a"(lsr) : "Nd"((uint16_t)0x3fd));
		if (lsr & 0x20)
			break;
	}
	__asm__ volatile("outb %0, %1" : : "a"(c), "Nd"((uint16_t)0x3f8));
}

/* Print a string; \n becomes \r\n. */
void serial_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

/* Print the low `digits` hex digits of v, after "0x". */
static void put_hex(uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char buf[19];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < digits; i++)
		buf[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xf];
	buf[2 + digits] = 0;
	serial_puts(buf);
}

/* Print v as 0x%08x. */
void serial_hex(uint32_t v)
{
	put_hex(v, 8);
}

/* Write v in decimal. */
void serial_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	serial_puts(buf + i);
}

/* Print v as 0x%016llx. */
void serial_hex64(uint64_t v)
{
	put_hex(v, 16);
}
