/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * prep-tftproot - turn a Windows install/WinPE ISO (or its extracted tree)
 * into a TFTP/HTTP tree for winpe.c32: ROOT/windows/NAME/ with boot manager,
 * BIOS and UEFI BCDs, boot.sdi, fonts, boot.wim and a sha256 manifest, plus
 * the syslinux runtime and one marked pxelinux.cfg entry per image.
 */
#define _GNU_SOURCE
#include "bcdgen.h"
#include "manifest.h" /* core: the parser winpe.c32 uses */
#include "media.h"
#include "mediacli.h" /* --iso / --media */
#include "progress.h"
#include "pxecfg.h"
#include "tree.h"
#include "wimhdr.h"
#include "wimsrc.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#ifndef PT_MODULE_DIR
#define PT_MODULE_DIR "/usr/local/lib/winpe-c32"
#endif
#ifndef PT_VERSION
#define PT_VERSION "0.1"
#endif

#define MAX_INJECT 64

/* Command-line options. */
struct opts {
	const char *iso, *root, *name, *http_base, *menu_title, *module_dir;
	int index, bcd_generate, no_syslinux, dry_run, json, force, recover_only;
	unsigned long tftp_blocksize, tftp_windowsize;
	const char *make_bcd_kind;
	const char *inject_src[MAX_INJECT];
	char *inject_dst[MAX_INJECT];
	int ninject;
};

/* Run state shared by the steps. */
struct run {
	struct opts o;
	struct media m;
	char name[64];
	char windir[PATH_MAX], stage[PATH_MAX], live[PATH_MAX];
	char tmpwim[PATH_MAX];
	int index, images, boot_index;
	struct wimimage img;
	const char *bcd_src[2]; /* "media", "boot.wim", "generated" */
	const char *state;
	char warn[8][300];
	int nwarn;
	struct progress pg;
};

static struct run R;

static void jstr(const char *s);

/* Print an error, clean up this run's temporary files, exit 1. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	progress_end(&R.pg);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "prep-tftproot: error: %s\n", msg);
	if (R.tmpwim[0]) unlink(R.tmpwim);
	if (R.stage[0]) tree_rm_rf(R.stage);
	if (R.o.json) {
		printf("{\"ok\": false, \"error\": ");
		jstr(msg);
		printf("}\n");
	}
	exit(1);
}

/* Record and print a warning. */
static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
	va_list ap;
	char b[300];
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	progress_end(&R.pg);
	fprintf(stderr, "prep-tftproot: warning: %s\n", b);
	if (R.nwarn < 8) snprintf(R.warn[R.nwarn++], sizeof R.warn[0], "%s", b);
}

/* Informational line on stderr (not in --json mode). */
static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
	va_list ap;
	if (R.o.json) return;
	progress_end(&R.pg);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* --help text. */
static void usage(FILE *f)
{
	fprintf(f,
		"usage: prep-tftproot ISO|DIR [options]\n"
		"Prepare ROOT/windows/NAME/ for winpe.c32 from Windows media (UDF/ISO9660 image or tree).\n\n"
		"  --root DIR           TFTP root (default /srv/tftp)\n"
		"  --name NAME          image name (default from boot.wim, e.g. win10-x64)\n"
		"  --index N            boot.wim image to boot (default: its boot index, else 1)\n"
		"  --http-base URL      APPEND URL/windows/NAME (HTTP via lpxelinux.0)\n"
		"  --inject SRC[@\\PATH] add a file to boot.wim (default \\Windows\\System32\\NAME)\n"
		"  --bcd keep|generate  keep the media's BCDs when valid (default) or generate\n"
		"  --no-syslinux        do not install the syslinux runtime, winpe.c32 or configs\n"
		"  --module-dir DIR     where bios/winpe.c32 and efi64/winpe.c32 are\n"
		"  --menu-title T       MENU LABEL of the entry\n"
		"  --tftp-blocksize N, --tftp-windowsize N  ramdisk TFTP tuning in generated BCDs\n"
		"                       (Microsoft's native NBP path only; winpe.c32 ignores them)\n"
		"  --dry-run            show what would be done, write nothing\n"
		"  --json               print a JSON summary on stdout\n"
		"  --force              overwrite files not made by prep-tftproot\n"
		"  --recover            only finish/undo an interrupted run for --name\n"
		"  --make-bcd bios|uefi FILE  only write a generated BCD store to FILE\n"
		"  --iso OUT.iso        a bootable BIOS/UEFI ISO (USB: dd) instead of a TFTP tree\n"
		"  --media DIR          the same onto a mounted FAT USB stick\n"
		"  --help, --version\n");
}

/* Lower-case, and keep only [a-z0-9._-]; others become '-'. */
static void sanitize(char *s)
{
	for (; *s; s++) {
		*s = (char)tolower((unsigned char)*s);
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-') *s = '-';
	}
}

/* A valid NAME: [a-z0-9][a-z0-9._-]*, at most 63 characters. */
static int name_ok(const char *s)
{
	if (!*s || strlen(s) > 63 || !(isalnum((unsigned char)*s))) return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '.' ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Parse --inject SRC[@\PATH] into source and wimlib target path. */
static void parse_inject(struct opts *o, const char *arg)
{
	if (o->ninject == MAX_INJECT) die("too many --inject options");
	char *s = strdup(arg), *at = strchr(s, '@'), *dst;
	if (at) *at = 0;
	const char *base = strrchr(s, '/');
	base = base ? base + 1 : s;
	if (at) dst = strdup(at + 1);
	else if (asprintf(&dst, "\\Windows\\System32\\%s", base) < 0) dst = NULL;
	if (!dst) die("out of memory");
	if (dst[0] != '\\' && dst[0] != '/') die("--inject %s: target must be an absolute WIM path", arg);
	for (char *p = dst; *p; p++)
		if (*p == '\\') *p = '/';
	/* no "." or ".." components, no empty name */
	char *cp = strdup(dst);
	for (char *t = strtok(cp, "/"); t; t = strtok(NULL, "/"))
		if (!strcmp(t, ".") || !strcmp(t, "..")) die("--inject %s: bad target path", arg);
	free(cp);
	if (dst[strlen(dst) - 1] == '/') die("--inject %s: target names a directory", arg);
	struct stat st;
	if (stat(s, &st) != 0 || !S_ISREG(st.st_mode)) die("--inject: %s is not a readable file", s);
	o->inject_src[o->ninject] = s;
	o->inject_dst[o->ninject++] = dst;
}

/* Parse argv into R.o. */
static void parse_args(int argc, char **argv)
{
	struct opts *o = &R.o;
	static const struct option lo[] = {
		{"root", 1, 0, 'r'}, {"name", 1, 0, 'n'}, {"index", 1, 0, 'i'},
		{"http-base", 1, 0, 'H'}, {"inject", 1, 0, 'j'}, {"bcd", 1, 0, 'b'},
		{"no-syslinux", 0, 0, 'S'}, {"menu-title", 1, 0, 't'}, {"dry-run", 0, 0, 'd'},
		{"json", 0, 0, 'J'}, {"force", 0, 0, 'f'}, {"module-dir", 1, 0, 'M'},
		{"recover", 0, 0, 'R'}, {"make-bcd", 1, 0, 'B'},
		{"tftp-blocksize", 1, 0, 'T'}, {"tftp-windowsize", 1, 0, 'X'}, {"help", 0, 0, 'h'}, {"version", 0, 0, 'V'}, {0, 0, 0, 0}};
	o->root = "/srv/tftp";
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'r': o->root = optarg; break;
		case 'n': o->name = optarg; break;
		case 'i': {
			char *e;
			long v = strtol(optarg, &e, 10);
			if (*e || v < 1 || v > 100000) { fprintf(stderr, "prep-tftproot: bad --index %s\n", optarg); exit(2); }
			o->index = (int)v;
			break;
		}
		case 'H': o->http_base = optarg; break;
		case 'j': parse_inject(o, optarg); break;
		case 'b':
			if (!strcmp(optarg, "generate")) o->bcd_generate = 1;
			else if (strcmp(optarg, "keep")) { fprintf(stderr, "prep-tftproot: --bcd keep|generate\n"); exit(2); }
			break;
		case 'S': o->no_syslinux = 1; break;
		case 't': o->menu_title = optarg; break;
		case 'd': o->dry_run = 1; break;
		case 'J': o->json = 1; break;
		case 'f': o->force = 1; break;
		case 'M': o->module_dir = optarg; break;
		case 'R': o->recover_only = 1; break;
		case 'T':
		case 'X': {
			char *e;
			unsigned long v = strtoul(optarg, &e, 10);
			if (*e || v < 1 || v > 65464) {
				fprintf(stderr, "prep-tftproot: bad --tftp-%s %s\n", c == 'T' ? "blocksize" : "windowsize", optarg);
				exit(2);
			}
			if (c == 'T') o->tftp_blocksize = v;
			else o->tftp_windowsize = v;
			break;
		}
		case 'B':
			if (strcmp(optarg, "bios") && strcmp(optarg, "uefi")) {
				fprintf(stderr, "prep-tftproot: --make-bcd bios|uefi FILE\n");
				exit(2);
			}
			o->make_bcd_kind = optarg;
			break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("prep-tftproot %s\n", PT_VERSION); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (o->make_bcd_kind) {
		if (optind != argc - 1) { usage(stderr); exit(2); }
		o->iso = argv[optind];
	} else if (o->recover_only) {
		if (!o->name) { fprintf(stderr, "prep-tftproot: --recover needs --name\n"); exit(2); }
	} else if (optind != argc - 1) {
		usage(stderr);
		exit(2);
	} else {
		o->iso = argv[optind];
	}
	if (o->name && !name_ok(o->name)) {
		fprintf(stderr, "prep-tftproot: bad --name '%s' (use [a-z0-9._-], lower case)\n", o->name);
		exit(2);
	}
	if (o->http_base && strncmp(o->http_base, "http://", 7) && strncmp(o->http_base, "https://", 8)) {
		fprintf(stderr, "prep-tftproot: --http-base must be an http:// URL\n");
		exit(2);
	}
	if (o->menu_title && strchr(o->menu_title, '\n')) {
		fprintf(stderr, "prep-tftproot: --menu-title must be one line\n");
		exit(2);
	}
}

/* Default NAME from the image facts, else the volume id / file name. */
static void default_name(void)
{
	const struct wimimage *w = &R.img;
	if (w->major >= 10 && w->arch[0]) {
		snprintf(R.name, sizeof R.name, "%s-%s", w->build >= 22000 ? "win11" : "win10", w->arch);
	} else if (w->major && w->arch[0]) {
		snprintf(R.name, sizeof R.name, "winpe%u-%s", w->major, w->arch);
	} else {
		const char *b = strrchr(R.o.iso, '/');
		b = b && b[1] ? b + 1 : R.o.iso;
		snprintf(R.name, sizeof R.name, "%s", R.m.volid[0] ? R.m.volid : b);
		char *dot = strrchr(R.name, '.');
		if (!R.m.volid[0] && dot && !strcasecmp(dot, ".iso")) *dot = 0;
		sanitize(R.name);
		while (R.name[0] && !isalnum((unsigned char)R.name[0])) memmove(R.name, R.name + 1, strlen(R.name));
		if (!R.name[0]) snprintf(R.name, sizeof R.name, "winpe");
	}
}

/* Progress callback adapter for media_copy. */
static void on_progress(void *ctx, uint64_t done)
{
	progress_update(ctx, done);
}

/* Copy one media file to dst (created exclusively). */
static void copy_media(const struct media_entry *e, const char *dst)
{
	char err[512];
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) die("%s: %s", dst, strerror(errno));
	progress_begin(&R.pg, e->path, e->size);
	int rc = media_copy(&R.m, e, fd, on_progress, &R.pg, err, sizeof err);
	progress_end(&R.pg);
	if (close(fd) != 0 && !rc) die("%s: %s", dst, strerror(errno));
	if (rc) die("%s", err);
}

/* Path inside the staging tree (static buffer rotation of 4). */
static const char *sp(const char *rel)
{
	static char b[4][PATH_MAX];
	static int i;
	i = (i + 1) & 3;
	snprintf(b[i], sizeof b[i], "%s/%s", R.stage, rel);
	return b[i];
}

/* Find a media file (not a directory). */
static const struct media_entry *mfile(const char *path)
{
	const struct media_entry *e = media_find(&R.m, path);
	return e && !e->is_dir ? e : NULL;
}

/* Locate the runtime module directory: --module-dir, the build tree next to the
 * binary, PREFIX/lib/winpe-c32 next to an installed binary, the built-in default. */
static int find_modules(char *out, size_t cap)
{
	char exe[PATH_MAX], p[PATH_MAX + 32];
	if (R.o.module_dir) {
		snprintf(out, cap, "%s", R.o.module_dir);
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *s = strrchr(exe, '/');
		if (s) {
			*s = 0;
			snprintf(p, sizeof p, "%s/../bios/winpe.c32", exe);
			if (access(p, R_OK) == 0) {
				snprintf(out, cap, "%s/..", exe);
				return 0;
			}
		}
	}
	/* installed: PREFIX/bin/prep-tftproot -> PREFIX/lib/winpe-c32 */
	if (n > 0) {
		snprintf(p, sizeof p, "%s/../lib/winpe-c32/bios/winpe.c32", exe);
		if (access(p, R_OK) == 0) {
			snprintf(out, cap, "%s/../lib/winpe-c32", exe);
			return 0;
		}
	}
	snprintf(out, cap, "%s", PT_MODULE_DIR);
	return 0;
}

/* One syslinux runtime file: source on the host, destination relative to ROOT. */
struct rtfile {
	char src[PATH_MAX];
	const char *dst;
};

/* The syslinux BIOS and efi64 runtimes and both winpe.c32 builds. */
static int runtime_list(struct rtfile *f)
{
	static const char *const sl[][2] = {
		{"/usr/lib/PXELINUX/pxelinux.0", "pxelinux.0"},
		{"/usr/lib/PXELINUX/lpxelinux.0", "lpxelinux.0"},
		{"/usr/lib/syslinux/modules/bios/ldlinux.c32", "ldlinux.c32"},
		{"/usr/lib/syslinux/modules/bios/libcom32.c32", "libcom32.c32"},
		{"/usr/lib/syslinux/modules/bios/libutil.c32", "libutil.c32"},
		{"/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "efi64/syslinux.efi"},
		{"/usr/lib/syslinux/modules/efi64/ldlinux.e64", "efi64/ldlinux.e64"},
		{"/usr/lib/syslinux/modules/efi64/libcom32.c32", "efi64/libcom32.c32"},
		{"/usr/lib/syslinux/modules/efi64/libutil.c32", "efi64/libutil.c32"},
	};
	int n = 0;
	char md[PATH_MAX];
	for (size_t i = 0; i < sizeof sl / sizeof sl[0]; i++, n++) {
		snprintf(f[n].src, sizeof f[n].src, "%s", sl[i][0]);
		f[n].dst = sl[i][1];
	}
	find_modules(md, sizeof md);
	snprintf(f[n].src, sizeof f[n].src, "%s/bios/winpe.c32", md);
	f[n++].dst = "winpe.c32";
	snprintf(f[n].src, sizeof f[n].src, "%s/efi64/winpe.c32", md);
	f[n++].dst = "efi64/winpe.c32";
	return n;
}

/* Check the runtime sources exist and no user file would be overwritten. */
static void check_runtime(void)
{
	struct rtfile f[16];
	int n = runtime_list(f);
	for (int i = 0; i < n; i++) {
		char dst[PATH_MAX];
		if (access(f[i].src, R_OK) != 0)
			die("%s not found (%s)%s", f[i].src, strerror(errno),
			    strstr(f[i].dst, "winpe.c32") ? "; run `make all`, or pass --module-dir DIR or --no-syslinux"
							   : "; install pxelinux, syslinux-common, syslinux-efi");
		snprintf(dst, sizeof dst, "%s/%s", R.o.root, f[i].dst);
		if (access(dst, F_OK) == 0 && tree_same_file(f[i].src, dst) != 1 && !R.o.force)
			die("%s exists and differs from %s (use --force to replace it)", dst, f[i].src);
	}
}

/* Install the runtime files that differ. */
static int install_runtime(void)
{
	struct rtfile f[16];
	int n = runtime_list(f), changed = 0;
	char d[PATH_MAX];
	snprintf(d, sizeof d, "%s/efi64", R.o.root);
	if (tree_mkdirs(d, 0755)) die("%s: %s", d, strerror(errno));
	for (int i = 0; i < n; i++) {
		char dst[PATH_MAX];
		snprintf(dst, sizeof dst, "%s/%s", R.o.root, f[i].dst);
		if (access(dst, F_OK) == 0 && tree_same_file(f[i].src, dst) == 1) continue;
		if (tree_copy_atomic(f[i].src, dst, 0644)) die("%s: %s", dst, strerror(errno));
		changed++;
	}
	return changed;
}

/* The APPEND argument: the tree's path from the TFTP root, or a URL.  The
 * same text serves syslinux.efi (whose relative paths start at efi64/):
 * winpe.c32 retries a relative DIR from the TFTP root ("::DIR"). */
static void append_arg(char *out, size_t cap, int efi)
{
	if (R.o.http_base) {
		size_t l = strlen(R.o.http_base);
		snprintf(out, cap, "%.*s/windows/%s", (int)(l && R.o.http_base[l - 1] == '/' ? l - 1 : l),
			 R.o.http_base, R.name);
	} else {
		(void)efi;
		snprintf(out, cap, "windows/%s", R.name);
	}
}

/* Update one pxelinux config with the marked entry; 1 if it changed. */
static int update_cfg(const char *dir, const char *entry)
{
	char d[PATH_MAX], p[PATH_MAX + 16];
	snprintf(d, sizeof d, "%s%s/pxelinux.cfg", R.o.root, dir);
	snprintf(p, sizeof p, "%s/default", d);
	if (tree_mkdirs(d, 0755)) die("%s: %s", d, strerror(errno));
	char *old = tree_slurp(p, NULL);
	if (!old && errno != ENOENT) die("%s: %s", p, strerror(errno));
	char *nw = pxecfg_merge(old, R.name, entry);
	if (!nw) die("out of memory");
	int changed = !old || strcmp(old, nw);
	if (changed && tree_write_atomic(p, nw, strlen(nw), 0644)) die("%s: %s", p, strerror(errno));
	free(old);
	free(nw);
	return changed;
}

/* Print a JSON string literal. */
static void jstr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') printf("\\%c", c);
		else if (c < 0x20) printf("\\u%04x", c);
		else putchar(c);
	}
	putchar('"');
}

/* Decide and write one BCD store (0 BIOS, 1 UEFI); cand is a candidate file
 * already copied to dst (or NULL); from names where it came from. */
static void make_bcd(int uefi, const char *dst, int have_cand, const char *from)
{
	char err[512];
	if (have_cand && !R.o.bcd_generate) {
		struct bcd_info bi;
		if (bcd_inspect(dst, &bi, err, sizeof err) != 0) {
			warn("%s BCD from %s not usable (%s); generating one", uefi ? "UEFI" : "BIOS", from, err);
		} else if (strcasecmp(bi.ramdisk_path, "\\sources\\boot.wim") || bi.uefi != uefi) {
			warn("%s BCD from %s boots %s with %s; generating one", uefi ? "UEFI" : "BIOS", from,
			     bi.ramdisk_path, bi.loader_path);
		} else {
			R.bcd_src[uefi] = from;
			return;
		}
	}
	unlink(dst);
	struct bcd_model mo;
	char desc[96];
	snprintf(desc, sizeof desc, "Windows PE (%s)", R.name);
	bcd_model_default(&mo, uefi, desc);
	mo.tftp_blocksize = R.o.tftp_blocksize;
	mo.tftp_windowsize = R.o.tftp_windowsize;
	if (bcd_generate(dst, &mo, err, sizeof err) != 0) die("generating %s: %s", dst, err);
	R.bcd_src[uefi] = "generated";
}

/* Build the complete staging tree .NAME.new. */
static void build_stage(void)
{
	char err[512];
	static const char *const dirs[] = {"sources", "boot/fonts", "efi/boot", "efi/microsoft/boot/fonts"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (tree_mkdirs(sp(dirs[i]), 0755)) die("%s: %s", sp(dirs[i]), strerror(errno));
	if (rename(R.tmpwim, sp("sources/boot.wim")) != 0) die("staging boot.wim: %s", strerror(errno));
	R.tmpwim[0] = 0;

	/* files taken from the media as they are */
	static const char *const plain[][2] = {
		{"bootmgr", "bootmgr"},
		{"bootmgr.efi", "bootmgr.efi"},
		{"boot/boot.sdi", "boot/boot.sdi"},
		{"efi/boot/bootx64.efi", "efi/boot/bootx64.efi"},
		{"efi/microsoft/boot/boot.stl", "efi/microsoft/boot/boot.stl"},
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		const struct media_entry *e = mfile(plain[i][0]);
		if (e) copy_media(e, sp(plain[i][1]));
	}
	/* fonts of both boot managers, names in lower case */
	static const char *const fontdirs[] = {"boot/fonts/", "efi/microsoft/boot/fonts/"};
	for (int f = 0; f < 2; f++) {
		size_t pl = strlen(fontdirs[f]);
		for (size_t i = 0; i < R.m.n; i++) {
			const struct media_entry *e = &R.m.e[i];
			if (e->is_dir || strncasecmp(e->path, fontdirs[f], pl) || strchr(e->path + pl, '/'))
				continue;
			char rel[PATH_MAX];
			snprintf(rel, sizeof rel, "%s%s", fontdirs[f], e->path + pl);
			sanitize(rel + pl);
			copy_media(e, sp(rel));
		}
	}
	const struct media_entry *bcd_b = mfile("boot/bcd");
	const struct media_entry *bcd_u = mfile("efi/microsoft/boot/bcd");
	if (bcd_b) copy_media(bcd_b, sp("boot/bcd"));
	if (bcd_u) copy_media(bcd_u, sp("efi/microsoft/boot/bcd"));

	/* files from boot.wim (opened for writing only when it must change) */
	struct wimsrc w;
	int need_write = R.o.ninject > 0 || R.index != R.boot_index;
	if (wimsrc_open(&w, sp("sources/boot.wim"), need_write, err, sizeof err)) die("%s", err);
	static const char *const fromwim[][2] = {
		{"/Windows/Boot/PXE/bootmgr.exe", "bootmgr.exe"},
		{"/Windows/Boot/EFI/bootmgfw.efi", "bootmgfw.efi"},
		{"/Windows/Boot/EFI_EX/bootmgfw_EX.efi", "bootmgfw_ex.efi"},
	};
	for (size_t i = 0; i < sizeof fromwim / sizeof fromwim[0]; i++) {
		if (wimsrc_stat(&w, R.index, fromwim[i][0], NULL) != 1) continue;
		if (wimsrc_extract(&w, R.index, fromwim[i][0], sp(".x"), sp(fromwim[i][1]), err, sizeof err))
			die("%s", err);
	}
	/* fallbacks for what the media lacks */
	struct { const char *wim, *dst; int skip; } fb[] = {
		{"/Windows/Boot/DVD/PCAT/boot.sdi", "boot/boot.sdi", mfile("boot/boot.sdi") != NULL},
		{"/Windows/Boot/DVD/EFI/boot.sdi", "boot/boot.sdi", 0},
		{"/Windows/Boot/DVD/PCAT/BCD", "boot/bcd", bcd_b != NULL},
		{"/Windows/Boot/DVD/EFI/BCD", "efi/microsoft/boot/bcd", bcd_u != NULL},
		{"/Windows/Boot/EFI/boot.stl", "efi/microsoft/boot/boot.stl",
		 mfile("efi/microsoft/boot/boot.stl") != NULL},
	};
	int bcd_from_wim[2] = {0, 0};
	for (size_t i = 0; i < sizeof fb / sizeof fb[0]; i++) {
		if (fb[i].skip || access(sp(fb[i].dst), F_OK) == 0) continue;
		if (wimsrc_stat(&w, R.index, fb[i].wim, NULL) != 1) continue;
		if (wimsrc_extract(&w, R.index, fb[i].wim, sp(".x"), sp(fb[i].dst), err, sizeof err))
			die("%s", err);
		if (i == 2) bcd_from_wim[0] = 1;
		if (i == 3) bcd_from_wim[1] = 1;
	}
	if (access(sp("bootmgfw.efi"), F_OK) != 0 && mfile("efi/boot/bootx64.efi")) {
		const struct media_entry *e = mfile("efi/boot/bootx64.efi");
		copy_media(e, sp("bootmgfw.efi"));
		warn("boot.wim has no \\Windows\\Boot\\EFI\\bootmgfw.efi; using the media's efi/boot/bootx64.efi");
	}
	if (access(sp("bootmgr.exe"), F_OK) != 0)
		warn("boot.wim has no \\Windows\\Boot\\PXE\\bootmgr.exe%s",
		     access(sp("bootmgr"), F_OK) == 0 ? " (the media's bootmgr is kept)" : ": BIOS boot will fail");
	if (access(sp("bootmgfw.efi"), F_OK) != 0) warn("no bootmgfw.efi anywhere: UEFI boot will fail");
	if (access(sp("boot/boot.sdi"), F_OK) != 0)
		die("no boot.sdi: neither boot/boot.sdi on the media nor \\Windows\\Boot\\DVD\\*\\boot.sdi in boot.wim");

	/* offline injection and boot index into the staged copy */
	for (int i = 0; i < R.o.ninject; i++) {
		if (wimsrc_inject(&w, R.index, R.o.inject_src[i], R.o.inject_dst[i], err, sizeof err))
			die("%s", err);
		info("injected %s as %s", R.o.inject_src[i], R.o.inject_dst[i]);
	}
	if (R.index != R.boot_index && wimsrc_set_boot(&w, R.index, err, sizeof err)) die("%s", err);
	if (need_write) {
		progress_begin(&R.pg, "updating boot.wim", 0);
		if (wimsrc_commit(&w, err, sizeof err)) die("%s", err);
		progress_end(&R.pg);
	}
	wimsrc_close(&w);

	make_bcd(0, sp("boot/bcd"), bcd_b || bcd_from_wim[0], bcd_b ? "media" : "boot.wim");
	make_bcd(1, sp("efi/microsoft/boot/bcd"), bcd_u || bcd_from_wim[1], bcd_u ? "media" : "boot.wim");

	/* drop empty directories so the tree only holds what exists */
	static const char *const rmd[] = {"efi/microsoft/boot/fonts", "boot/fonts", "efi/boot"};
	for (size_t i = 0; i < sizeof rmd / sizeof rmd[0]; i++) rmdir(sp(rmd[i]));

	/* the manifest is written last: its presence marks a complete tree */
	uint64_t total = 0;
	char *mf = tree_manifest(R.stage, &total);
	if (!mf) die("hashing the staging tree: %s", strerror(errno));
	struct manifest *parsed = NULL;
	struct wp_err we;
	if (manifest_parse(mf, strlen(mf), "manifest", &parsed, &we) != 0)
		die("internal: the manifest does not parse with core/manifest.c: %s", we.msg);
	manifest_free(parsed);
	if (tree_sync(R.stage)) die("syncing %s: %s", R.stage, strerror(errno));
	if (tree_write_atomic(sp("manifest"), mf, strlen(mf), 0644)) die("manifest: %s", strerror(errno));
	free(mf);
}

/* Inspect boot.wim: from the media directly (dry run), else from a staged copy. */
static void inspect_wim(const struct media_entry *we)
{
	char err[512], path[PATH_MAX];
	if (R.o.dry_run) {
		/* nothing may touch the disk: read header and XML from the media */
		int images, boot;
		if (wimhdr_read(&R.m, we, 0, &images, &boot, &R.img, err, sizeof err)) die("%s", err);
		R.images = images;
		R.boot_index = boot;
		R.index = R.o.index ? R.o.index : (boot ? boot : 1);
		if (R.index > images) {
			if (images == 1) die("index %d not in boot.wim (has 1)", R.index);
			die("index %d not in boot.wim (has 1\xe2\x80\x93%d)", R.index, images);
		}
		wimhdr_read(&R.m, we, R.index, &images, &boot, &R.img, err, sizeof err);
		return;
	}
	snprintf(R.tmpwim, sizeof R.tmpwim, "%s/.prep-wim.%d", R.windir, (int)getpid());
	copy_media(we, R.tmpwim);
	snprintf(path, sizeof path, "%s", R.tmpwim);
	struct wimsrc w;
	if (wimsrc_open(&w, path, 0, err, sizeof err)) die("%s", err);
	R.images = w.images;
	R.boot_index = w.boot_index;
	R.index = R.o.index ? R.o.index : (w.boot_index ? w.boot_index : 1);
	if (R.index > w.images) {
		wimsrc_close(&w);
		if (w.images == 1) die("index %d not in boot.wim (has 1)", R.index);
		die("index %d not in boot.wim (has 1\xe2\x80\x93%d)", R.index, w.images);
	}
	wimsrc_image(&w, R.index, &R.img);
	if (we->size > 0xFFFFFFFFull)
		warn("boot.wim is %llu MiB (over 4 GiB): clients need the RAM for it and BIOS loaders may fail",
		     (unsigned long long)(we->size >> 20));
	if (!R.o.name && !R.o.dry_run && wimsrc_stat(&w, R.index, "/Windows", NULL) < 0)
		warn("boot.wim image %d has no \\Windows directory", R.index);
	wimsrc_close(&w);
}

/* Remove temporary WIM copies left by runs that died (their PID is gone). */
static void sweep_tmpwims(void)
{
	DIR *d = opendir(R.windir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".prep-wim.", 10)) continue;
		long pid = strtol(de->d_name + 10, NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) continue;
		char p[PATH_MAX + 300];
		snprintf(p, sizeof p, "%s/%s", R.windir, de->d_name);
		unlink(p);
	}
	if (d) closedir(d);
}

/* Free space on the file system holding dir, in bytes (UINT64_MAX if unknown). */
static uint64_t free_space(const char *dir)
{
	struct statvfs v;
	if (statvfs(dir, &v) != 0) return UINT64_MAX;
	return (uint64_t)v.f_bavail * v.f_frsize;
}

/* Bytes the run may write at most: media files used, injected files, slack. */
static uint64_t space_needed(const struct media_entry *we)
{
	uint64_t n = 2 * we->size + (64u << 20); /* staged copy + extracted boot files + BCDs */
	for (size_t i = 0; i < R.m.n; i++) {
		const struct media_entry *e = &R.m.e[i];
		if (e->is_dir || e == we) continue;
		if (!strncasecmp(e->path, "boot/", 5) || !strncasecmp(e->path, "efi/", 4) ||
		    !strncasecmp(e->path, "bootmgr", 7))
			n += e->size;
	}
	for (int i = 0; i < R.o.ninject; i++) {
		struct stat st;
		if (stat(R.o.inject_src[i], &st) == 0) n += (uint64_t)st.st_size;
	}
	return n;
}

/* Print the result: pxelinux entry, DHCP hints, or the JSON summary. */
static void report(const char *entry, const char *entry_efi, const char *append)
{
	char mp[PATH_MAX + 16];
	snprintf(mp, sizeof mp, "%s/manifest", R.o.dry_run ? R.stage : R.live);
	if (R.o.json) {
		printf("{\"ok\": true, \"name\": "); jstr(R.name);
		printf(", \"root\": "); jstr(R.o.root);
		printf(", \"tree\": "); jstr(R.live);
		printf(", \"state\": "); jstr(R.state);
		printf(", \"media\": "); jstr(media_kind_name(R.m.kind));
		printf(", \"volume_id\": "); jstr(R.m.volid);
		printf(", \"wim\": {\"images\": %d, \"index\": %d, \"boot_index\": %d, \"image_name\": ",
		       R.images, R.index, R.boot_index);
		jstr(R.img.name);
		printf(", \"arch\": "); jstr(R.img.arch);
		printf("}, \"bcd\": {\"bios\": "); jstr(R.bcd_src[0] ? R.bcd_src[0] : "");
		printf(", \"uefi\": "); jstr(R.bcd_src[1] ? R.bcd_src[1] : "");
		printf("}, \"append\": "); jstr(append);
		printf(", \"entry\": "); jstr(entry);
		printf(", \"entry_efi64\": "); jstr(entry_efi);
		printf(", \"files\": [");
		char *m = R.o.dry_run ? NULL : tree_slurp(mp, NULL);
		int first = 1;
		for (char *l = m ? strtok(m, "\n") : NULL; l; l = strtok(NULL, "\n")) {
			char hex[65], rel[PATH_MAX];
			unsigned long long sz;
			if (l[0] == '#' || sscanf(l, "sha256 %64s size %llu path %4095[^\n]", hex, &sz, rel) != 3)
				continue;
			printf("%s{\"path\": ", first ? "" : ", ");
			jstr(rel);
			printf(", \"size\": %llu, \"sha256\": \"%s\"}", sz, hex);
			first = 0;
		}
		free(m);
		printf("], \"warnings\": [");
		for (int i = 0; i < R.nwarn; i++) {
			if (i) printf(", ");
			jstr(R.warn[i]);
		}
		printf("]}\n");
		return;
	}
	printf("%s: %s (%s media, boot.wim image %d of %d)\n", R.live, R.state, media_kind_name(R.m.kind),
	       R.index, R.images);
	if (!R.o.dry_run)
		printf("BCD: BIOS %s, UEFI %s\n", R.bcd_src[0] ? R.bcd_src[0] : "-",
		       R.bcd_src[1] ? R.bcd_src[1] : "-");
	printf("\npxelinux entry (ROOT/pxelinux.cfg/default):\n"
	       "# BEGIN prep-tftproot %s\n%s# END prep-tftproot %s\n", R.name, entry, R.name);
	if (strcmp(entry, entry_efi))
		printf("\nsyslinux.efi entry (ROOT/efi64/pxelinux.cfg/default; \"::\" = from the TFTP root):\n"
		       "# BEGIN prep-tftproot %s\n%s# END prep-tftproot %s\n", R.name, entry_efi, R.name);
	printf("\nDHCP settings (next-server = this host, TFTP root %s):\n", R.o.root);
	printf("  BIOS (client arch 0):        filename \"%s\"\n", R.o.http_base ? "lpxelinux.0" : "pxelinux.0");
	printf("  UEFI x64 (client arch 7, 9): filename \"efi64/syslinux.efi\"\n");
	if (R.o.http_base)
		printf("  HTTP: serve %s/ as %s/\n", R.o.root, R.o.http_base);
	printf("  examples: dnsmasq, ISC dhcpd, Kea and nginx snippets in examples/\n");
}

/* Dry run: list what would be written. */
static void dry_run_plan(void)
{
	static const char *const wanted[] = {"bootmgr", "bootmgr.efi", "boot/bcd", "boot/boot.sdi",
					     "efi/boot/bootx64.efi", "efi/microsoft/boot/bcd",
					     "efi/microsoft/boot/boot.stl", "sources/boot.wim"};
	if (R.o.json) return;
	printf("dry run: nothing is written\n");
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		const struct media_entry *e = mfile(wanted[i]);
		printf("  %-30s %s\n", wanted[i], e ? "from media" :
		       strstr(wanted[i], "bcd") ? "from boot.wim or generated" : "from boot.wim if present");
	}
	printf("  %-30s %s\n", "bootmgr.exe, bootmgfw.efi", "from boot.wim \\Windows\\Boot");
	for (int i = 0; i < R.o.ninject; i++)
		printf("  inject %s -> %s\n", R.o.inject_src[i], R.o.inject_dst[i]);
}

/* Entry point: see usage(). */
int main(int argc, char **argv)
{
	char err[512];
	/* hook: --iso OUT.iso / --media DIR (mediacli.c) */
	int media_rc = mediacli_main(argc, argv);
	if (media_rc >= 0) return media_rc;
	R.o.index = 0;
	parse_args(argc, argv);
	progress_init(&R.pg, !R.o.json && isatty(2));
	snprintf(R.windir, sizeof R.windir, "%s/windows", R.o.root);

	if (R.o.make_bcd_kind) {
		struct bcd_model mo;
		bcd_model_default(&mo, !strcmp(R.o.make_bcd_kind, "uefi"), R.o.menu_title);
		if (bcd_generate(R.o.iso, &mo, err, sizeof err)) die("%s", err);
		return 0;
	}
	if (R.o.recover_only) {
		snprintf(R.name, sizeof R.name, "%s", R.o.name);
		sweep_tmpwims();
		const char *what = tree_recover(R.windir, R.name);
		printf("%s\n", *what ? what : "nothing to recover");
		return 0;
	}

	wimsrc_global_init();
	if (media_open(&R.m, R.o.iso, err, sizeof err)) die("%s", err);
	const struct media_entry *we = mfile("sources/boot.wim");
	if (!we) die("not a Windows image: no sources/boot.wim in %s (%s)", R.o.iso, media_kind_name(R.m.kind));
	info("%s: %s media, volume \"%s\", %zu entries", R.o.iso, media_kind_name(R.m.kind), R.m.volid, R.m.n);

	int lockfd = -1;
	if (!R.o.dry_run) {
		struct stat st;
		if (stat(R.o.root, &st) != 0 || !S_ISDIR(st.st_mode))
			die("--root %s is not a directory", R.o.root);
		if (tree_mkdirs(R.windir, 0755)) die("%s: %s", R.windir, strerror(errno));
		char lp[PATH_MAX + 32];
		snprintf(lp, sizeof lp, "%s/.prep-tftproot.lock", R.windir);
		lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0)
			die("another prep-tftproot is working in %s", R.windir);
		sweep_tmpwims();
		if (!R.o.no_syslinux) check_runtime();
		uint64_t need = space_needed(we), have = free_space(R.windir);
		if (have < need)
			die("not enough free space in %s: need %llu MiB, have %llu MiB", R.windir,
			    (unsigned long long)(need >> 20), (unsigned long long)(have >> 20));
	}

	inspect_wim(we);
	if (R.o.name) snprintf(R.name, sizeof R.name, "%s", R.o.name);
	else default_name();
	snprintf(R.live, sizeof R.live, "%s/%s", R.windir, R.name);

	char append[PATH_MAX + 64], append_efi[PATH_MAX + 64], title[256];
	append_arg(append, sizeof append, 0);
	append_arg(append_efi, sizeof append_efi, 1);
	snprintf(title, sizeof title, "%s", R.o.menu_title ? R.o.menu_title : "");
	if (!title[0]) snprintf(title, sizeof title, "Windows PE (%s)", R.name);
	char *entry = pxecfg_entry(R.name, title, append);
	char *entry_efi = pxecfg_entry(R.name, title, append_efi);
	if (!entry || !entry_efi) die("out of memory");

	if (R.o.dry_run) {
		R.state = "dry-run";
		dry_run_plan();
		report(entry, entry_efi, append);
		free(entry);
		free(entry_efi);
		media_close(&R.m);
		return 0;
	}

	const char *rec = tree_recover(R.windir, R.name);
	if (*rec) info("%s: %s", R.live, rec);
	struct stat st;
	char livemf[PATH_MAX + 16];
	snprintf(livemf, sizeof livemf, "%s/manifest", R.live);
	int had = lstat(R.live, &st) == 0;
	if (had && (!S_ISDIR(st.st_mode) || access(livemf, F_OK) != 0) && !R.o.force)
		die("%s exists and was not made by prep-tftproot (use --force to replace it)", R.live);

	snprintf(R.stage, sizeof R.stage, "%s/.%s.new", R.windir, R.name);
	if (mkdir(R.stage, 0755) != 0) die("%s: %s", R.stage, strerror(errno));
	build_stage();

	char stagemf[PATH_MAX + 16];
	snprintf(stagemf, sizeof stagemf, "%s/manifest", R.stage);
	/* unchanged only if the live files themselves (not just their old
	 * manifest) hash to the new manifest */
	char *a = tree_slurp(stagemf, NULL), *b = had ? tree_manifest(R.live, NULL) : NULL;
	if (a && b && !strcmp(a, b)) {
		tree_rm_rf(R.stage);
		R.state = "unchanged";
	} else {
		if (tree_swap(R.windir, R.name)) die("moving the new tree into place: %s", strerror(errno));
		R.state = had ? "updated" : "created";
	}
	R.stage[0] = 0;
	free(a);
	free(b);

	if (!R.o.no_syslinux) {
		int n = install_runtime();
		if (n) info("installed %d syslinux/winpe.c32 runtime file(s) into %s", n, R.o.root);
		update_cfg("", entry);
		update_cfg("/efi64", entry_efi);
	}
	report(entry, entry_efi, append);
	free(entry);
	free(entry_efi);
	media_close(&R.m);
	if (lockfd >= 0) close(lockfd);
	return 0;
}
