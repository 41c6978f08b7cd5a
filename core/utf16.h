/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * utf16.h - UTF-16LE <-> UTF-8 conversion and Windows-style case-insensitive
 * comparison of names.  Unpaired surrogates survive a round trip (they are
 * written as 3-byte sequences, "WTF-8").
 */
#ifndef WP_UTF16_H
#define WP_UTF16_H
#include "wp.h"

/* Simple upper-casing of one UTF-16 code unit (ASCII, Latin-1, Latin
 * Extended-A/B pairs, Greek, Cyrillic, Armenian, fullwidth, ...). */
uint16_t utf16_upcase(uint16_t c);
/*
 * Convert n UTF-16LE code units at in to UTF-8 (no NUL).  Writes at most cap
 * bytes to out (out may be NULL when cap is 0) and returns the full length.
 */
size_t utf16le_to_utf8(const uint8_t *in, size_t n, char *out, size_t cap);
/* Case-insensitive equality of n UTF-16LE units and a UTF-8 string of len
 * bytes; invalid UTF-8 never matches. */
bool utf16le_eq_utf8_ci(const uint8_t *in, size_t n, const char *s, size_t len);
/* Convert len bytes of UTF-8 to UTF-16LE (at most cap units written); returns
 * the number of units needed, or -1 for invalid UTF-8. */
long utf8_to_utf16le(const char *s, size_t len, uint8_t *out, size_t cap);

#endif
