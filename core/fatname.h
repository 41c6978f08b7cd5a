/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fatname.h - FAT directory names: UTF-8 -> UTF-16 long names, long file name
 * (LFN) entries and their checksum, and Windows-style unique 8.3 aliases
 * (NAME~1.EXT).
 */
#ifndef WP_FATNAME_H
#define WP_FATNAME_H
#include "wp.h"

#define FATNAME_MAX 255   /* UTF-16 code units in a long name */
#define FATNAME_LFN_CHARS 13

/* How a long name maps onto an 8.3 name. */
enum fatname_kind {
	FATNAME_EXACT = 0,    /* already an upper-case 8.3 name: no LFN entries */
	FATNAME_CASE = 1,     /* 8.3 apart from case: LFN + upper-cased alias */
	FATNAME_LOSSY = 2,    /* needs LFN + an alias with a ~N tail */
};

/*
 * Convert one UTF-8 path component of len bytes to UTF-16 (out: FATNAME_MAX
 * units).  Rejects invalid UTF-8, empty names, ".", "..", characters FAT
 * forbids (control, \ / : * ? " < > |), trailing dots or spaces and names
 * longer than FATNAME_MAX units.  Returns the unit count or a negative WP_E*.
 */
int fatname_from_utf8(const char *s, size_t len, uint16_t *out,
		      struct wp_err *err);

/* Upper-case one UTF-16 unit (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic). */
uint16_t fatname_upcase(uint16_t c);

/* The 8.3 basis of a long name in sfn[11]; returns its enum fatname_kind. */
int fatname_basis(const uint16_t *name, unsigned n, uint8_t sfn[11]);

/* sfn = basis with the numeric tail ~k (k >= 1), base shortened to fit. */
void fatname_tail(uint8_t sfn[11], const uint8_t basis[11], unsigned k);

/* The checksum of an 8.3 name stored in every LFN entry. */
uint8_t fatname_checksum(const uint8_t sfn[11]);

/* Number of 32-byte LFN entries a name of n units needs. */
static inline unsigned fatname_lfn_count(unsigned n)
{
	return (n + FATNAME_LFN_CHARS - 1) / FATNAME_LFN_CHARS;
}

/*
 * Write the LFN entries of name (n units) in on-disk order (last part
 * first) to dst: fatname_lfn_count(n) * 32 bytes.
 */
void fatname_lfn_write(uint8_t *dst, const uint16_t *name, unsigned n,
		       uint8_t checksum);

#endif
