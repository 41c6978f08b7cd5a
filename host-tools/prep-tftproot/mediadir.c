/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediadir.c - the --media DIR run (see mediadir.h).
 */
#define _GNU_SOURCE
#include "mediadir.h"
#include "mediatree.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#define FAT_MAGIC 0x4d44 /* statfs f_type of vfat/msdos */
#define FAT_MAX_FILE 0xFFFFFFFFull

/* The mount source and type of the file system holding dir, from
 * /proc/self/mountinfo ("" when not found). */
static void mount_of(const char *dir, char *src, size_t scap, char *type, size_t tcap)
{
	struct stat st;
	src[0] = type[0] = 0;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	if (!f || stat(dir, &st) != 0) {
		if (f) fclose(f);
		return;
	}
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		unsigned maj, mnr;
		if (sscanf(line, "%*s %*s %u:%u", &maj, &mnr) != 2) continue;
		if (maj != major(st.st_dev) || mnr != minor(st.st_dev)) continue;
		const char *d = strstr(line, " - ");
		if (d && sscanf(d + 3, "%63s %255s", type, src) == 2) {
			/* keep scanning: the last mount of the device wins */
			if (strlen(src) >= scap) src[0] = 0;
			(void)tcap;
		}
	}
	fclose(f);
}

/* The whole --media run (see mediadir.h). */
int mediadir_run(struct mc_opts *o)
{
	char err[512], name[128], state[32];
	struct stat st;
	if (stat(o->out, &st) != 0 || !S_ISDIR(st.st_mode))
		mc_die("--media %s is not a directory: mount the USB stick's FAT partition and give the mount point",
		       o->out);
	/* one run per medium (configs are merged read-modify-write) */
	int dfd = open(o->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || flock(dfd, LOCK_EX | LOCK_NB) != 0)
		mc_die("another prep-tftproot is writing in %s", o->out);
	struct mt_layout l;
	mt_layout_media(&l, o->out, o->module_dir);
	if (mt_check(&l, o->force, err, sizeof err)) mc_die("%s", err);

	/* FAT's limit is reported before anything is written */
	struct statfs sf;
	int fat = statfs(o->out, &sf) == 0 && sf.f_type == FAT_MAGIC;
	uint64_t wim = mc_wim_size(o);
	if (fat && wim > FAT_MAX_FILE)
		mc_die("%s: sources/boot.wim is %llu bytes, but FAT (%s) holds files of at most 4 GiB - 1 "
		       "(4294967295 bytes): use a smaller boot.wim (e.g. without --inject), or serve it by PXE",
		       o->src, (unsigned long long)wim, o->out);

	mc_build_tree(o, o->out, name, sizeof name, state, sizeof state);
	/* the tree build's lock file: nothing else uses it on a stick we hold */
	char lock[PATH_MAX + 32];
	snprintf(lock, sizeof lock, "%s/windows/.prep-tftproot.lock", o->out);
	unlink(lock);
	int n = mt_install(&l, err, sizeof err);
	if (n < 0) mc_die("%s", err);
	int c = mt_config(&l, name, o->title, err, sizeof err);
	if (c < 0) mc_die("%s", err);

	char src[256], type[64];
	mount_of(o->out, src, sizeof src, type, sizeof type);
	printf("%s/windows/%s: %s\n", o->out, name, state);
	printf("runtime: %d file(s) installed; configs: %s, %s (%d changed)\n", n, mt_cfg_path(&l, 0),
	       mt_cfg_path(&l, 1), c);
	printf("UEFI boots %s/BOOTX64.EFI as it is.\n", l.efidir);
	if (!fat)
		printf("note: %s is not on a FAT file system (%s): copy its contents onto the stick's FAT partition%s.\n",
		       o->out, type[0] ? type : "unknown",
		       wim > FAT_MAX_FILE ? " (boot.wim is over FAT's 4 GiB - 1 byte limit and will not fit)" : "");
	printf("BIOS: once, as root (prep-tftproot never writes block devices):\n  syslinux --install %s%s%s%s\n",
	       l.biosdir[0] ? "-d /" : "", l.biosdir, l.biosdir[0] ? " " : "",
	       fat && !strncmp(src, "/dev/", 5) ? src : "/dev/sdXN");
	return 0;
}
