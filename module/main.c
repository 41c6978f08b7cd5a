/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - winpe.c32 entry: parse the APPEND words (core/cmdline), decide
 * which files to fetch (explicit files, or a prep-tftproot DIR via
 * core/layout and its manifest), fetch them with a progress line and verify
 * them, then either report (check mode, a dry run) or hand off to the
 * firmware-specific boot (winpe_boot()).  Every failure prints a message
 * naming the file and the fix and returns to the syslinux menu.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "complete.h"
#include "fetch.h"
#include "patch.h"
#include "layout.h"
#include "sha256.h"
#include "sources.h"
#include "winpe.h"

#ifdef __FIRMWARE_BIOS__
#define WINPE_FW LAYOUT_BIOS
#else
#define WINPE_FW LAYOUT_EFI
#endif

/* SHA-256 of what the disk shows of a file made of extents (a patched WIM). */
static void sha256_extents(const struct winpe_file *f, uint8_t h[SHA256_DIGEST_SIZE])
{
	static const uint8_t zero[512];
	struct sha256_ctx c;
	unsigned i;

	sha256_init(&c);
	for (i = 0; i < f->n_ext; i++) {
		const struct vdisk_extent *e = &f->ext[i];
		if (e->addr == VDISK_ADDR_ZERO) {
			uint64_t left = e->len;
			while (left) {
				size_t n = left > sizeof(zero) ? sizeof(zero) : (size_t)left;
				sha256_update(&c, zero, n);
				left -= n;
			}
		} else {
			sha256_update(&c, (const void *)(uintptr_t)e->addr, (size_t)e->len);
		}
	}
	sha256_final(&c, h);
}

/* Print size and SHA-256 of every file (check mode). */
static void report_files(const struct winpe_set *s)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	unsigned i, k;

	for (i = 0; i < s->n_files; i++) {
		const struct winpe_file *f = &s->files[i];
		if (f->hidden)
			continue; /* patch data, part of a patched file */
		if (f->ext)
			sha256_extents(f, h);
		else
			sha256(f->data, (size_t)f->size, h);
		printf("WINPE %s %s %llu ", f->inject ? "INJECT" : "FILE", f->name,
		       (unsigned long long)f->size);
		for (k = 0; k < sizeof(h); k++)
			printf("%02x", h[k]);
		printf(" %s\n", f->src);
	}
}

/* Copy the parsed options into the set handed to the boot code. */
static void take_opts(struct winpe_opts *o, const struct cmdline *c)
{
	o->index = c->index;
	o->pause = c->pause;
	o->pause_quiet = c->pause_quiet;
	o->gui = c->gui;
	o->quiet = c->quiet;
	o->rawbcd = c->rawbcd;
	o->rawwim = c->rawwim;
	o->check = c->check;
	o->verify = !c->noverify;
	o->linear = c->linear;
	o->highmem = c->highmem;
	o->systab_image = c->systab_image;
}

/* Module entry point; returning gives control back to syslinux. */
int main(int argc, char **argv)
{
	struct winpe_set set;
	struct sources src;
	struct cmdline *c = NULL;
	struct progress prog;
	struct wp_err err;
	unsigned i;
	int rc = 1;
	bool incomplete = false;

	if (winpe_fw_setup)
		winpe_fw_setup();
	memset(&set, 0, sizeof(set));
	memset(&prog, 0, sizeof(prog));
	sources_init(&src);
	if (cmdline_parse(argc - 1, (const char *const *)argv + 1, &c, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	take_opts(&set.opts, c);
	prog.quiet = c->quiet;
	if (sources_plan(&src, c, WINPE_FW, &prog, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	if (sources_fetch(&src, &set, &prog, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	if (complete_set(&set, WINPE_FW, &err)) {
		printf("winpe: %s\n", err.msg);
		if (!set.opts.check)
			goto out;
		incomplete = true;
	}
	if (!incomplete && patch_set(&set, WINPE_FW, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	if (set.opts.check) {
		report_files(&set);
		if (!incomplete && winpe_boot && winpe_boot(&set))
			incomplete = true; /* the hand-off plan failed; it said why */
		printf("WINPE CHECK OK %u files%s\n", set.n_files,
		       incomplete ? " (fetched and verified, but not bootable: see above)" : "");
		rc = 0;
		goto out;
	}
	if (!winpe_boot) {
		printf("winpe: this build of winpe.c32 cannot boot yet (no hand-off for this firmware)\n");
		goto out;
	}
	rc = winpe_boot(&set);
out:
	if (rc)
		printf("winpe: not booting; returning to the syslinux menu\n");
	for (i = 0; i < set.n_files; i++) {
		free(set.files[i].name);
		free(set.files[i].src);
		fetch_release(set.files[i].data);
		free(set.files[i].ext);
	}
	free(set.files);
	sources_free(&src);
	cmdline_free(c);
	return rc;
}
