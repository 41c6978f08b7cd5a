/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch_xml.c - the XML data of the patched WIM (UTF-16LE with BOM):
 * every original IMAGE element, then a copy of the selected one with
 * INDEX = N+1 and DIRCOUNT/FILECOUNT/TOTALBYTES adjusted for the injected
 * files, and the WIM-level TOTALBYTES (the offset of the XML data, as
 * wimlib writes it) updated.  Everything else is copied unchanged.
 */
#include "wimpatch_int.h"

#define MAX_XML (64u << 20)

/* A growable string of UTF-16 code units. */
struct u16s {
	uint16_t *v;
	size_t n, cap;
};

/* Index of the ASCII string a in v[from, n), or -1. */
static long find(const uint16_t *v, size_t n, size_t from, const char *a)
{
	size_t al = strlen(a), i, k;

	for (i = from; i + al <= n; i++) {
		for (k = 0; k < al && v[i + k] == (uint8_t)a[k]; k++)
			;
		if (k == al)
			return (long)i;
	}
	return -1;
}

/* Replace v[a, b) by the ASCII string s. */
static int splice(struct u16s *x, size_t a, size_t b, const char *s)
{
	size_t sl = strlen(s), i, nn = x->n - (b - a) + sl;

	if (nn > x->cap) {
		uint16_t *v = realloc(x->v, nn * sizeof(*v));
		if (!v)
			return WP_ENOMEM;
		x->v = v;
		x->cap = nn;
	}
	memmove(x->v + a + sl, x->v + b, (x->n - b) * sizeof(*x->v));
	for (i = 0; i < sl; i++)
		x->v[a + i] = (uint8_t)s[i];
	x->n = nn;
	return WP_OK;
}

/*
 * In x[from, to) find <TAG>digits< and replace the number: by set when
 * absolute, else by number + add - sub.  Returns 1 if done, 0 if the tag is
 * absent, or a negative error.
 */
static int renumber(struct u16s *x, size_t from, size_t to, const char *tag,
		    bool absolute, uint64_t set, uint64_t add, uint64_t sub)
{
	long t = find(x->v, to, from, tag);
	size_t a, b;
	uint64_t v = 0;
	char num[24];

	if (t < 0)
		return 0;
	a = b = (size_t)t + strlen(tag);
	while (b < to && x->v[b] >= '0' && x->v[b] <= '9' && v < UINT64_MAX / 10)
		v = v * 10 + (x->v[b++] - '0');
	if (b == a || b >= to || x->v[b] != '<')
		return WP_EFORMAT;
	v = absolute ? set : v + add;
	v = v >= sub ? v - sub : 0;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	return splice(x, a, b, num) ? WP_ENOMEM : 1;
}

/* Parse INDEX="k" inside the tag v[a, b); returns k or 0. */
static unsigned tag_index(const uint16_t *v, size_t a, size_t b, size_t *va,
			  size_t *vb)
{
	long i = find(v, b, a, "INDEX=\"");
	size_t p;
	unsigned k = 0;

	if (i < 0)
		return 0;
	for (p = (size_t)i + 7; p < b && v[p] >= '0' && v[p] <= '9' && k < 100000000u; p++)
		k = k * 10 + (v[p] - '0');
	if (p >= b || v[p] != '"')
		return 0;
	*va = (size_t)i + 7;
	*vb = p;
	return k;
}

/* Build the new XML data (see wimpatch_int.h). */
int wimpatch_xml(const uint8_t *xml, size_t len, unsigned index,
		 unsigned n_images, const struct wimpatch_counts *c,
		 uint64_t total_bytes, uint8_t **out, size_t *out_len,
		 const char *name, struct wp_err *err)
{
	struct u16s x = { 0 }, el = { 0 };
	size_t n, i, pos = 0, s = 0, e = 0, va = 0, vb = 0, last_end = 0, first = 0;
	unsigned count = 0;
	long wend;
	char num[16];
	int rc;

	*out = NULL;
	if (len < 2 || len % 2 || len > MAX_XML || xml[0] != 0xFF || xml[1] != 0xFE)
		return wp_fail(err, WP_EFORMAT, "%s: XML data is not UTF-16LE with a BOM",
			       name);
	n = len / 2 - 1;
	x.v = malloc((n + 1) * sizeof(*x.v));
	if (!x.v)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for the XML data", name);
	x.n = x.cap = n;
	for (i = 0; i < n; i++)
		x.v[i] = wp_le16(xml + 2 + 2 * i);
	for (;;) {
		long t = find(x.v, x.n, pos, "<IMAGE"), gt, cl;
		size_t a = 0, b = 0;

		if (t < 0)
			break;
		pos = (size_t)t + 6;
		if (pos >= x.n || (x.v[pos] != ' ' && x.v[pos] != '>'))
			continue;
		gt = find(x.v, x.n, pos, ">");
		cl = gt < 0 ? -1 : find(x.v, x.n, (size_t)gt, "</IMAGE>");
		if (cl < 0) {
			rc = wp_fail(err, WP_EFORMAT, "%s: XML data: unterminated IMAGE", name);
			goto out;
		}
		if (!count)
			first = (size_t)t;
		count++;
		if (tag_index(x.v, (size_t)t, (size_t)gt, &a, &b) == index) {
			s = (size_t)t;
			e = (size_t)cl + 8;
			va = a - s;
			vb = b - s;
		}
		pos = last_end = (size_t)cl + 8;
	}
	if (count != n_images || !e) {
		rc = wp_fail(err, WP_EFORMAT,
			     "%s: XML data lists %u images (header: %u)%s", name, count,
			     n_images, e ? "" : ", not the selected one");
		goto out;
	}
	wend = find(x.v, x.n, last_end, "</WIM>");
	if (wend < 0) {
		rc = wp_fail(err, WP_EFORMAT, "%s: XML data: no </WIM>", name);
		goto out;
	}
	/* the new IMAGE element */
	el.n = el.cap = e - s;
	el.v = malloc(el.n * sizeof(*el.v));
	rc = el.v ? WP_OK : WP_ENOMEM;
	if (!rc) {
		memcpy(el.v, x.v + s, el.n * sizeof(*el.v));
		snprintf(num, sizeof(num), "%u", n_images + 1);
		rc = splice(&el, va, vb, num);
	}
	if (!rc)
		rc = renumber(&el, 0, el.n, "<DIRCOUNT>", false, 0, c->new_dirs, 0);
	if (rc >= 0)
		rc = renumber(&el, 0, el.n, "<FILECOUNT>", false, 0, c->new_files,
			      c->replaced_files);
	if (rc >= 0)
		rc = renumber(&el, 0, el.n, "<TOTALBYTES>", false, 0, c->added_bytes,
			      c->removed_bytes);
	if (rc >= 0) {
		/* insert it before </WIM> */
		size_t at = (size_t)wend, nn = x.n + el.n;
		uint16_t *v = realloc(x.v, nn * sizeof(*v));

		rc = v ? WP_OK : WP_ENOMEM;
		if (v) {
			x.v = v;
			x.cap = nn;
			memmove(x.v + at + el.n, x.v + at, (x.n - at) * sizeof(*v));
			memcpy(x.v + at, el.v, el.n * sizeof(*v));
			x.n = nn;
			/* WIM-level TOTALBYTES: after the images, else before them */
			rc = renumber(&x, at + el.n, x.n, "<TOTALBYTES>", true,
				      total_bytes, 0, 0);
			if (!rc)
				rc = renumber(&x, 0, first, "<TOTALBYTES>", true,
					      total_bytes, 0, 0);
		}
	}
	if (rc < 0) {
		rc = rc == WP_ENOMEM ?
		     wp_fail(err, rc, "%s: out of memory for the XML data", name) :
		     wp_fail(err, rc, "%s: XML data: malformed count", name);
		goto out;
	}
	*out_len = 2 + 2 * x.n;
	*out = malloc(*out_len);
	if (!*out) {
		rc = wp_fail(err, WP_ENOMEM, "%s: out of memory for the XML data", name);
		goto out;
	}
	(*out)[0] = 0xFF;
	(*out)[1] = 0xFE;
	for (i = 0; i < x.n; i++)
		wp_put16(*out + 2 + 2 * i, x.v[i]);
	rc = WP_OK;
out:
	free(x.v);
	free(el.v);
	return rc;
}
