/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - winpe.c32 entry: parse the APPEND words (core/cmdline), decide
 * which files to fetch (explicit files, or a prep-tftproot DIR via
 * core/dirplan and its manifest), fetch them with a progress line and verify
 * them, complete and patch the set (core/fileset), then either report (check
 * mode, a dry run) or hand off to the firmware-specific boot (winpe_boot()).
 * Every failure prints a message naming the file and the fix and returns to
 * the syslinux menu.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "fetch.h"
#include "fwget.h"
#include "httpfetch.h"
#include "tftpfetch.h"
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
static void sha256_extents(const struct fileset_file *f, uint8_t h[SHA256_DIGEST_SIZE])
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
static void report_files(const struct winpe_set *s, bool patched)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	unsigned i, k;

	for (i = 0; i < s->n_files; i++) {
		const struct fileset_file *f = &s->files[i];
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
	/* the files named on the APPEND line that also go into the WIM */
	for (i = 0; patched && i < s->n_files; i++)
		if (!s->files[i].inject && fileset_injects(&s->files[i]))
			printf("WINPE INJECT %s %llu\n", s->files[i].name,
			       (unsigned long long)s->files[i].size);
}

/* Print a message of core/fileset.c: warnings always, changes unless quiet. */
static void say(void *ctx, bool warning, const char *msg)
{
	const struct winpe_opts *o = ctx;

	if (warning)
		printf("winpe: warning: %s\n", msg);
	else if (!o->quiet || o->check)
		printf("winpe: %s\n", msg);
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
	struct fileset_opts fo;
	struct wp_err err;
	int rc = 1;
	bool incomplete = false, fetch_failed;

	memset(&set, 0, sizeof(set));
	memset(&prog, 0, sizeof(prog));
	sources_init(&src);
	if (cmdline_parse(argc - 1, (const char *const *)argv + 1, &c, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	take_opts(&set.opts, c);
	tftp_fetch_classic = c->tftp_classic;
	tftp_fetch_own = c->tftp_own;
	http_fetch_classic = c->http_classic;
	http_fetch_own = c->http_own;
	prog.quiet = c->quiet;
	/* before any fetch: UEFI disarms its 5-minute watchdog here */
	if (winpe_fw_start(&set.opts, &err)) {
		printf("winpe: %s\n", err.msg);
		if (!set.opts.check)
			goto out;
		incomplete = true;
	}
	if (sources_plan(&src, c, WINPE_FW, &prog, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	fetch_failed = sources_fetch(&src, &set, &prog, &err) != 0;
	winpe_fw_done(); /* the firmware's client gives back what it holds */
	if (fetch_failed) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	fo.fw = WINPE_FW;
	fo.index = set.opts.index;
	fo.rawbcd = set.opts.rawbcd;
	fo.rawwim = set.opts.rawwim;
	fo.say = say;
	fo.ctx = &set.opts;
	fo.release = fetch_release;
	if (fileset_complete(&set.files, &set.n_files, &fo, &err)) {
		printf("winpe: %s\n", err.msg);
		if (!set.opts.check)
			goto out;
		incomplete = true;
	}
	if (!incomplete && fileset_patch(&set.files, &set.n_files, &fo, &err)) {
		printf("winpe: %s\n", err.msg);
		goto out;
	}
	fileset_roles(set.files, set.n_files, WINPE_FW, &set.roles);
	if (set.opts.check) {
		report_files(&set, !incomplete && !set.opts.rawwim &&
			     set.roles.pick[FILESET_WIM] >= 0);
		if (!incomplete && winpe_boot(&set))
			incomplete = true; /* the hand-off plan failed; it said why */
		printf("WINPE CHECK OK %u files%s\n", set.n_files,
		       incomplete ? " (fetched and verified, but not bootable: see above)" : "");
		rc = 0;
		goto out;
	}
	rc = winpe_boot(&set);
out:
	winpe_fw_done();
	winpe_fw_stop();
	if (rc)
		printf("winpe: not booting; returning to the syslinux menu\n");
	fileset_free_with(set.files, set.n_files, fetch_release);
	sources_free(&src);
	cmdline_free(c);
	return rc;
}
