/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfile.c - choose and validate the boot manager images to start
 * (bootmgfw_EX.efi, then bootmgfw.efi) from the fetched files.
 */
#include "bootfile.h"
#include "pe.h"

static const char *const bootfile_names[BOOTFILE_MAX] = { "bootmgfw_EX.efi", "bootmgfw.efi" };

/* ASCII case-insensitive string equality. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		char y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* The visible file called name, or NULL. */
static const struct winpe_file *find_file(const struct winpe_set *set, const char *name)
{
	unsigned i;

	for (i = 0; i < set->n_files; i++)
		if (!set->files[i].inject && name_eq(wp_basename(set->files[i].name), name))
			return &set->files[i];
	return NULL;
}

/* Device-path location of a file: a bare name is reachable as \EFI\BOOT\name. */
static void disk_path(char *out, size_t len, const char *name)
{
	if (strchr(name, '\\') || strchr(name, '/'))
		snprintf(out, len, "%s%s", (name[0] == '\\' || name[0] == '/') ? "" : "\\", name);
	else
		snprintf(out, len, "\\EFI\\BOOT\\%s", name);
}

int bootfile_collect(const struct winpe_set *set, struct bootfile bf[BOOTFILE_MAX],
		     struct wp_err *err)
{
	int n = 0, i;

	for (i = 0; i < BOOTFILE_MAX; i++) {
		const struct winpe_file *f = find_file(set, bootfile_names[i]);
		struct pe_info pi;
		struct wp_err pe_err;

		/* (the WIM reader will supply a missing candidate here) */
		if (!f)
			continue;
		if (pe_parse(f->data, (size_t)f->size, f->name, &pi, &pe_err))
			return wp_fail(err, WP_EFORMAT,
				       "%s (%s) is not a valid PE image: %s; give the 64-bit %s from "
				       "\\Windows\\Boot\\EFI%s\\ of the WIM", f->name, f->src,
				       pe_err.msg, bootfile_names[i], i ? "" : "_EX");
		if (!pi.pe32plus || pi.machine != PE_MACHINE_AMD64 ||
		    pi.subsystem != PE_SUBSYSTEM_EFI_APPLICATION)
			return wp_fail(err, WP_EFORMAT,
				       "%s (%s) is not a PE32+ x86-64 EFI application (machine 0x%x, %s, "
				       "subsystem %u); give the 64-bit %s from \\Windows\\Boot\\EFI%s\\ of "
				       "the WIM", f->name, f->src, pi.machine,
				       pi.pe32plus ? "PE32+" : "PE32", pi.subsystem,
				       bootfile_names[i], i ? "" : "_EX");
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
