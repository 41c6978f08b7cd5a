/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libc.c - the few C library routines the resident runtime uses. */
#include "resident.h"

/* Copy n bytes (non-overlapping). */
void *memcpy(void *d, const void *s, size_t n)
{
	void *r = d;
	__asm__ volatile("cld; rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

/* Copy n bytes; the ranges may overlap. */
void *memmove(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

/* Fill n bytes with c. */
void *memset(void *d, int c, size_t n)
{
	void *r = d;
	__asm__ volatile("cld; rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return r;
}

/* Compare n bytes. */
int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
