/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * patch.c - apply core/wimpatch.c and core/bcdpatch.c to the fetched set:
 * the WIM file becomes a list of extents over its own bytes, the injected
 * files and three new buffers (kept in the set as hidden files so the
 * hand-off keeps their memory); the BCD is replaced by a patched copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bcdpatch.h"
#include "fetch.h"
#include "patch.h"
#include "wimpatch.h"

/* The last visible file whose basename ends with suffix (or equals it). */
static int find(const struct winpe_set *s, const char *want, bool suffix)
{
	int hit = -1;
	unsigned i;

	for (i = 0; i < s->n_files; i++) {
		const char *b = wp_basename(s->files[i].name);
		size_t bl = strlen(b), wl = strlen(want);

		if (s->files[i].inject || s->files[i].hidden)
			continue;
		if (suffix ? (bl >= wl && !strcasecmp(b + bl - wl, want)) : !strcasecmp(b, want))
			hit = (int)i;
	}
	return hit;
}

/* Append a hidden file owning buffer data (NULL data: nothing to keep). */
static int add_hidden(struct winpe_set *s, uint8_t *data, size_t len)
{
	struct winpe_file *n;

	if (!data)
		return 0;
	n = realloc(s->files, (s->n_files + 1) * sizeof(*n));
	if (!n) {
		free(data);
		return WP_ENOMEM;
	}
	s->files = n;
	n = &s->files[s->n_files++];
	memset(n, 0, sizeof(*n));
	n->name = strdup("(patch data)");
	n->src = strdup("(patch data)");
	n->data = data;
	n->size = len;
	n->hidden = true;
	return n->name && n->src ? 0 : WP_ENOMEM;
}

/* Inject and/or select the boot image. */
static int patch_wim(struct winpe_set *s, struct wp_err *err)
{
	struct wimpatch_file *inj;
	struct wimpatch wp;
	struct winpe_file *w;
	unsigned i, n = 0;
	int wi = find(s, ".wim", true), rc;

	if (wi < 0)
		return 0;
	inj = calloc(s->n_files + 1, sizeof(*inj));
	if (!inj)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (i = 0; i < s->n_files; i++) {
		struct winpe_file *f = &s->files[i];
		if (f->hidden || (int)i == wi)
			continue;
		if (!f->inject && !(f->user && !wimpatch_is_boot_file(f->name)))
			continue;
		inj[n].target = f->name;
		inj[n].data = f->data;
		inj[n].size = f->size;
		n++;
	}
	if (!n && !s->opts.index) {
		free(inj);
		return 0;
	}
	w = &s->files[wi];
	rc = wimpatch_build(&wp, w->data, w->size, w->src, s->opts.index, inj, n, err);
	free(inj);
	if (rc)
		return rc;
	if (wp.size >= 0xFFFFFFFFull) {
		wimpatch_free(&wp);
		return wp_fail(err, WP_ERANGE, "%s: the patched WIM would exceed 4 GiB; use rawwim",
			       w->src);
	}
	if (!s->opts.quiet || s->opts.check)
		printf("winpe: %s: booting image %u as image %u of %u, %u file(s) injected\n",
		       w->name, wp.image, wp.boot_index, wp.image_count, n);
	for (i = 0; s->opts.check && i < s->n_files; i++) {
		struct winpe_file *f = &s->files[i];
		if (!f->hidden && (int)i != wi &&
		    (f->inject || (f->user && !wimpatch_is_boot_file(f->name))))
			printf("WINPE INJECT %s %llu\n", f->name, (unsigned long long)f->size);
	}
	/* the set takes over the extents and the new buffers */
	w = &s->files[wi];
	w->ext = wp.ext;
	w->n_ext = wp.n_ext;
	w->size = wp.size;
	wp.ext = NULL;
	if ((rc = add_hidden(s, wp.hdr, 208)) || (rc = add_hidden(s, wp.lt, wp.lt_len)) ||
	    (rc = add_hidden(s, wp.md, wp.md_len)) || (rc = add_hidden(s, wp.xml, wp.xml_len))) {
		wp.hdr = wp.lt = wp.md = wp.xml = NULL;
		return wp_fail(err, rc, "out of memory");
	}
	wp.hdr = wp.lt = wp.md = wp.xml = NULL;
	wimpatch_free(&wp);
	return 0;
}

/* Adapt the BCD (a private copy replaces the fetched bytes). */
static int patch_bcd(struct winpe_set *s, enum layout_fw fw, struct wp_err *err)
{
	struct bcdpatch_stats st;
	struct winpe_file *b;
	int bi = find(s, "bcd", false), wi = find(s, ".wim", true);
	size_t len;
	uint8_t *copy;
	int rc;

	if (bi < 0)
		return 0;
	b = &s->files[bi];
	if (b->size < 4 || memcmp(b->data, "regf", 4)) {
		printf("winpe: warning: %s is not a registry hive; left as it is\n", b->name);
		return 0;
	}
	len = (size_t)b->size;
	copy = malloc(len);
	if (!copy)
		return wp_fail(err, WP_ENOMEM, "out of memory for %s", b->name);
	memcpy(copy, b->data, len);
	rc = bcdpatch(&copy, &len, fw == LAYOUT_EFI, wi >= 0 ? s->files[wi].name : NULL, &st, err);
	if (rc) {
		free(copy);
		return rc;
	}
	if (!st.paths && !st.devices && !st.timeouts && !st.orders) {
		free(copy);
		return 0;
	}
	fetch_release(b->data); /* a fetched file */
	b->data = copy;
	b->size = len;
	if (!s->opts.quiet || s->opts.check)
		printf("winpe: %s: patched for %s (%u paths, %u RAM-disk devices, %u timeouts, %u display orders)\n",
	       b->name, fw == LAYOUT_EFI ? "UEFI" : "BIOS", st.paths, st.devices, st.timeouts,
	       st.orders);
	return 0;
}

/* Patch the WIM and the BCD of the set as the options say. */
int patch_set(struct winpe_set *set, enum layout_fw fw, struct wp_err *err)
{
	int rc = 0;

	if (!set->opts.rawwim)
		rc = patch_wim(set, err);
	if (!rc && !set->opts.rawbcd)
		rc = patch_bcd(set, fw, err);
	return rc;
}
