/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfile.c - validate the boot manager images core/fileset.c chose
 * (bootmgfw_EX.efi, then bootmgfw.efi) and give each its device path.
 */
#include "bootfile.h"
#include "pe.h"

/* Device-path location of a file: a bare name is reachable as \EFI\BOOT\name. */
static void disk_path(char *out, size_t len, const char *name)
{
	if (strchr(name, '\\') || strchr(name, '/'))
		snprintf(out, len, "%s%s", (name[0] == '\\' || name[0] == '/') ? "" : "\\", name);
	else
		snprintf(out, len, "\\EFI\\BOOT\\%s", name);
}

/* See bootfile.h. */
int bootfile_collect(const struct winpe_set *set, struct bootfile bf[BOOTFILE_MAX],
		     struct wp_err *err)
{
	int n = 0;
	unsigned i;

	for (i = 0; i < set->roles.n_bootmgr && i < BOOTFILE_MAX; i++) {
		const struct fileset_file *f = &set->files[set->roles.bootmgr[i]];
		const char *want = fileset_role_of(f->name) == FILESET_BOOTMGFW_EX ?
				   "bootmgfw_EX.efi" : "bootmgfw.efi";
		const char *dir = want[8] == '_' ? "_EX" : "";
		struct pe_info pi;
		struct wp_err pe_err;

		if (pe_parse(f->data, (size_t)f->size, f->name, &pi, &pe_err))
			return wp_fail(err, WP_EFORMAT,
				       "%s (%s) is not a valid PE image: %s; give the 64-bit %s from "
				       "\\Windows\\Boot\\EFI%s\\ of the WIM", f->name, f->src,
				       pe_err.msg, want, dir);
		if (!pi.pe32plus || pi.machine != PE_MACHINE_AMD64 ||
		    pi.subsystem != PE_SUBSYSTEM_EFI_APPLICATION)
			return wp_fail(err, WP_EFORMAT,
				       "%s (%s) is not a PE32+ x86-64 EFI application (machine 0x%x, %s, "
				       "subsystem %u); give the 64-bit %s from \\Windows\\Boot\\EFI%s\\ of "
				       "the WIM", f->name, f->src, pi.machine,
				       pi.pe32plus ? "PE32+" : "PE32", pi.subsystem,
				       want, dir);
		bf[n].name = f->name;
		bf[n].src = f->src;
		bf[n].data = f->data;
		bf[n].size = f->size;
		disk_path(bf[n].disk_path, sizeof(bf[n].disk_path), f->name);
		n++;
	}
	if (!n)
		return wp_fail(err, WP_ENOENT,
			       "no UEFI boot manager among the files: add file=.../bootmgfw.efi "
			       "(from \\Windows\\Boot\\EFI\\ of boot.wim; bootmgfw_EX.efi from "
			       "\\Windows\\Boot\\EFI_EX\\ is preferred when given)");
	return n;
}
