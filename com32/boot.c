/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * boot.c - BIOS hand-off: start the Windows boot manager (bootmgr.exe) as a
 * boot application over a virtual disk made of the fetched files.
 *
 * winpe_boot() takes the bootmgr.exe core/fileset.c chose, loads it as
 * PE32, builds the virtual disk over the files where they lie in memory, plans physical memory, fills the
 * resident runtime's parameters and hands over with
 * syslinux_shuffle_boot_pm().  Every failure prints a message and returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux/bootpm.h>
#include <syslinux/movebits.h>
#include "winpe.h"
#include "vdisk.h"
#include "pe.h"
#include "memplan.h"
#include "resident/params.h"
#include "sse.h"

extern const uint8_t resident_bin[], resident_bin_end[];

static char bm_label[160]; /* "bootmgr.exe (SRC)" for messages */

/* The boot manager core/fileset.c chose (given, unpacked or extracted). */
static int bootmgr_source(const struct winpe_set *set, const uint8_t **data,
			  uint64_t *size, const char **name, struct wp_err *err)
{
	const struct fileset_file *f;

	if (!set->roles.n_bootmgr)
		return wp_fail(err, WP_ENOENT, "no bootmgr.exe among the files; add "
			       "file=.../bootmgr.exe or bootmgr (or a boot.wim that holds one)");
	f = &set->files[set->roles.bootmgr[0]];
	*data = f->data;
	*size = f->size;
	if (f->src && strcmp(f->src, f->name))
		snprintf(bm_label, sizeof bm_label, "%s (%s)", f->name, f->src);
	else
		snprintf(bm_label, sizeof bm_label, "%s", f->name);
	*name = bm_label;
	return 0;
}

/* The loaded boot manager image (buffer moved to image_base by the shuffle). */
struct bm_image {
	uint32_t base, entry, total_len;
	uint8_t *buf;
};

/* Validate bootmgr.exe as an i386 PE32 and lay out image + raw copy. */
static int bm_load(const char *name, const uint8_t *data, uint64_t size,
		   struct bm_image *img, struct wp_err *err)
{
	struct pe_info pi;
	int rc;

	if ((rc = pe_parse(data, (size_t)size, name, &pi, err)))
		return rc;
	if (pi.machine != PE_MACHINE_I386 || pi.pe32plus)
		return wp_fail(err, WP_EUNSUPP, "%s is not a 32-bit (i386 PE32) image; the BIOS "
			       "boot manager is always 32-bit", name);
	if (pi.image_base & 0xfff || pi.image_base + pi.total_len > 0xffffffffull)
		return wp_fail(err, WP_ERANGE, "%s: ImageBase 0x%llx cannot be used", name,
			       (unsigned long long)pi.image_base);
	img->buf = malloc((size_t)pi.total_len);
	if (!img->buf)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for the %llu-byte image", name,
			       (unsigned long long)pi.total_len);
	if ((rc = pe_load(data, (size_t)size, name, img->buf, (size_t)pi.total_len, &pi, err)))
		return rc;
	img->base = (uint32_t)pi.image_base;
	img->entry = (uint32_t)pi.entry;
	img->total_len = (uint32_t)pi.total_len;
	return 0;
}

/* Print err and return its code. */
static int report(const struct wp_err *err)
{
	printf("winpe: %s\n", err->msg[0] ? err->msg : wp_strerror(err->code));
	return err->code ? err->code : WP_EINVAL;
}

/* See winpe.h. */
int winpe_boot(struct winpe_set *set)
{
	struct wp_err err = { 0 };
	struct bm_image pe = { 0 };
	struct memplan plan;
	struct memplan_range *ranges = NULL;
	struct vdisk *vd = NULL;
	struct syslinux_movelist *ml = NULL;
	struct syslinux_pm_regs regs;
	struct res_params *rp;
	struct res_move *moves = NULL;
	unsigned n_moves = 0;
	const uint8_t *bm = NULL;
	const char *bm_name = "bootmgr.exe";
	uint64_t bm_size = 0, sectors;
	uint32_t res_len = (uint32_t)(resident_bin_end - resident_bin);
	uint8_t *res = NULL;
	unsigned i;
	int rc;

	memset(&plan, 0, sizeof plan);
	if ((rc = bootmgr_source(set, &bm, &bm_size, &bm_name, &err)) ||
	    (rc = bm_load(bm_name, bm, bm_size, &pe, &err)))
		goto fail;
	for (i = 0; i < set->n_files; i++)
		if (set->files[i].size >= 0xffffffffull) {
			rc = wp_fail(&err, WP_ERANGE, "%s is too large (4 GiB limit)",
				     set->files[i].src);
			goto fail;
		}
	if ((rc = fileset_disk(set->files, set->n_files, &vd, &err)))
		goto fail;

	res = malloc(res_len);
	ranges = calloc(set->n_files + 1, sizeof *ranges);
	if (!res || !ranges) {
		rc = wp_fail(&err, WP_ENOMEM, "out of memory for the resident runtime");
		goto fail;
	}
	memcpy(res, resident_bin, res_len);
	rp = (struct res_params *)(res + RES_PARAMS_OFF);
	if (rp->magic != RES_MAGIC || rp->version != RES_VERSION || rp->image_len != res_len) {
		rc = wp_fail(&err, WP_EFORMAT, "internal error: embedded resident runtime is damaged");
		goto fail;
	}
	for (i = 0; i < set->n_files; i++) {
		ranges[i].addr = (uint32_t)(uintptr_t)set->files[i].data;
		/* injected and hidden data are referenced too */
		ranges[i].len = (uint32_t)fileset_data_len(&set->files[i]);
	}
	plan.res_len = res_len;
	plan.res_mem_end = rp->mem_end;
	plan.vdisk_len = (uint32_t)vdisk_size(vd);
	plan.pe_base = pe.base;
	plan.pe_len = pe.total_len;
	plan.files = ranges;
	plan.n_files = set->n_files;
	plan.linear = set->opts.linear;
	plan.highmem = set->opts.highmem;
	if ((rc = memplan_make(&plan, &err)))
		goto fail;
	if (plan.files_moved) /* same layout, final addresses */
		fileset_relocate(vd, set->files, set->n_files, plan.file_dst);

	sectors = vdisk_sectors(vd);
	rp->vdisk = plan.vdisk_dst;
	rp->vdisk_len = plan.vdisk_len;
	rp->vdisk_sectors_lo = (uint32_t)sectors;
	rp->vdisk_sectors_hi = (uint32_t)(sectors >> 32);
	rp->part_offset = vdisk_part_start(vd) * VDISK_SECTOR;
	rp->mbr_sig = vdisk_mbr_signature(vd);
	rp->pe_base = pe.base;
	rp->pe_len = pe.total_len;
	rp->pe_entry = pe.entry;
	rp->region0_end = plan.region0_end;
	rp->data_base = plan.data_base;
	rp->data_len = plan.data_len;
	rp->flags = set->opts.gui ? RES_FLAG_GUI : 0;
	if (plan.high) {
		moves = calloc(set->n_files + 1, sizeof *moves);
		if (!moves) {
			rc = wp_fail(&err, WP_ENOMEM, "out of memory for the move table");
			goto fail;
		}
		for (i = 0; i < set->n_files; i++)
			if (ranges[i].len) {
				moves[n_moves].src = plan.file_low[i];
				moves[n_moves].len = ranges[i].len;
				moves[n_moves].dst = plan.file_dst[i];
				n_moves++;
			}
		rp->moves = plan.moves_dst;
		rp->n_moves = n_moves;
		rp->pae = plan.pae_dst;
	}

	if (syslinux_add_movelist(&ml, RES_BASE, (addr_t)(uintptr_t)res, res_len) ||
	    syslinux_add_movelist(&ml, plan.vdisk_dst, (addr_t)(uintptr_t)vd, plan.vdisk_len) ||
	    syslinux_add_movelist(&ml, pe.base, (addr_t)(uintptr_t)pe.buf, pe.total_len)) {
		rc = wp_fail(&err, WP_ENOMEM, "out of memory for the move list");
		goto fail;
	}
	if (n_moves &&
	    syslinux_add_movelist(&ml, plan.moves_dst, (addr_t)(uintptr_t)moves,
				  n_moves * sizeof *moves)) {
		rc = wp_fail(&err, WP_ENOMEM, "out of memory for the move list");
		goto fail;
	}
	for (i = 0; i < set->n_files; i++)
		if (ranges[i].len && plan.file_low[i] != ranges[i].addr &&
		    syslinux_add_movelist(&ml, plan.file_low[i], ranges[i].addr, ranges[i].len)) {
			rc = wp_fail(&err, WP_ENOMEM, "out of memory for the move list");
			goto fail;
		}

	if (!set->opts.quiet || set->opts.check) {
		printf("winpe: %s at 0x%x (+0x%x), entry 0x%x; virtual disk %llu sectors; ",
		       bm_name, pe.base, pe.total_len, pe.entry, (unsigned long long)sectors);
		if (plan.high)
			printf("file data above 4 GiB at 0x%llx (PAE)\n",
			       (unsigned long long)plan.high_base);
		else
			printf("file data 0x%x+0x%x%s\n", plan.data_base, plan.data_len,
			       plan.files_moved ? " (moved)" : "");
	}
	if (plan.high_why && set->opts.highmem)
		printf("winpe: file data stays below 2 GiB: %s\n", plan.high_why);
	if (set->opts.check) {
		printf("winpe: check passed, not starting the boot manager\n");
		rc = 0;
		goto out;
	}

	winpe_pause(&set->opts);
	com32_sse_restore(); /* the boot manager gets CR4 as the firmware left it */
	memset(&regs, 0, sizeof regs);
	regs.eip = RES_BASE;
	regs.esp = RES_STACK_TOP;
	syslinux_shuffle_boot_pm(ml, plan.shuffle_map, 0, &regs);
	rc = wp_fail(&err, WP_EIO, "syslinux could not shuffle memory for the hand-off "
		     "(memory too fragmented?)");
fail:
	report(&err);
out:
	if (ml)
		syslinux_free_movelist(ml);
	memplan_free(&plan);
	free(ranges);
	free(moves);
	free(res);
	free(vd);
	free(pe.buf);
	return rc;
}
