/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tftp_url.c - TFTP source names to server/port/path (tftp_url.h). */
#include "tftp_url.h"

/* Copy n bytes of s into a NUL-terminated field of size cap; false if too long. */
static bool put_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return false;
	memcpy(dst, s, n);
	dst[n] = 0;
	return true;
}

/* Find "://" in s: the scheme length, or 0. */
static size_t scheme_len(const char *s)
{
	size_t i;

	for (i = 0; s[i] && s[i] != '/' && s[i] != ':'; i++)
		;
	return (i && s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') ? i : 0;
}

/* Position of "::" in s, or -1. */
static long double_colon(const char *s)
{
	const char *q;

	for (q = s; *q; q++) {
		if (*q == ':')
			return q[1] == ':' ? (long)(q - s) : -1; /* only the first ':' counts */
	}
	return -1;
}

/* Parse a "tftp://host[:port]/path" URL (after the scheme). */
static int parse_authority(const char *src, const char *p, struct tftp_target *t, struct wp_err *err)
{
	const char *slash = strchr(p, '/'), *colon, *end;
	uint32_t port = 0;

	if (!slash || slash == p)
		return wp_fail(err, WP_EINVAL, "%s: a tftp:// URL needs a host and a path "
			       "(tftp://server[:port]/path)", src);
	end = slash;
	for (colon = p; colon < end && *colon != ':'; colon++)
		;
	if (colon < end) {
		const char *d;
		if (colon + 1 == end)
			return wp_fail(err, WP_EINVAL, "%s: empty port; write tftp://server:PORT/path", src);
		for (d = colon + 1; d < end; d++) {
			if (*d < '0' || *d > '9' || port > 65535)
				return wp_fail(err, WP_EINVAL, "%s: the port must be a number 1..65535", src);
			port = port * 10 + (uint32_t)(*d - '0');
		}
		if (!port || port > 65535)
			return wp_fail(err, WP_EINVAL, "%s: the port must be a number 1..65535", src);
		end = colon;
	}
	if (!put_field(t->host, sizeof(t->host), p, (size_t)(end - p)))
		return wp_fail(err, WP_EINVAL, "%s: host name too long", src);
	if (!slash[1])
		return wp_fail(err, WP_EINVAL, "%s: no file path after the server", src);
	if (!put_field(t->path, sizeof(t->path), slash + 1, strlen(slash + 1)))
		return wp_fail(err, WP_EINVAL, "%s: path too long for TFTP", src);
	t->port = port ? (uint16_t)port : 69;
	t->explicit_url = true;
	return 0;
}

/* Resolve a source name to a TFTP target (see tftp_url.h). */
int tftp_url_parse(const char *src, const char *cwd, struct tftp_target *t, struct wp_err *err)
{
	size_t sl = scheme_len(src);
	long dc;

	memset(t, 0, sizeof(*t));
	t->port = 69;
	if (sl) {
		if (sl == 4 && !strncmp(src, "tftp", 4))
			return parse_authority(src, src + 7, t, err);
		return WP_EUNSUPP;
	}
	dc = double_colon(src);
	if (dc < 0 && cwd && *cwd) {
		/* relative: pxelinux prefixes its current directory */
		int rc;
		size_t a = strlen(cwd), b = strlen(src);
		char *full = malloc(a + b + 1);
		if (!full)
			return wp_fail(err, WP_ENOMEM, "out of memory");
		memcpy(full, cwd, a);
		memcpy(full + a, src, b + 1);
		rc = tftp_url_parse(full, NULL, t, err);
		free(full);
		if (rc == WP_EINVAL)
			return wp_fail(err, WP_EINVAL, "%s: cannot be resolved against the directory %s", src, cwd);
		return rc;
	}
	if (dc >= 0) {
		if (!put_field(t->host, sizeof(t->host), src, (size_t)dc))
			return wp_fail(err, WP_EINVAL, "%s: host name too long", src);
		src += dc + 2;
	}
	if (!*src)
		return wp_fail(err, WP_EINVAL, "empty TFTP path");
	if (!put_field(t->path, sizeof(t->path), src, strlen(src)))
		return wp_fail(err, WP_EINVAL, "%s: path too long for TFTP", src);
	return 0;
}

/* Dotted-quad IPv4 to network byte order. */
bool tftp_parse_ipv4(const char *s, uint32_t *ip)
{
	uint8_t b[4];
	unsigned i, v, digits;

	for (i = 0; i < 4; i++) {
		v = 0;
		digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return false;
		b[i] = (uint8_t)v;
		if (i < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	memcpy(ip, b, 4);
	return true;
}
