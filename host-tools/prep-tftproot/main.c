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
#include "sbtree.h"
#include "pxecfg.h"
#include "runtime.h"
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
	int index, bcd_generate, no_syslinux, dry_run, json, force, recover_only, list;
	int ui_prompt;        /* --ui prompt: new configs get a plain boot: prompt */
	const char *remove;   /* --remove NAME */
	unsigned long tftp_blocksize, tftp_windowsize;
	const char *make_bcd_kind;
	const char *inject_src[MAX_INJECT];
	char *inject_dst[MAX_INJECT];
	int ninject;
	int no_secure_boot;          /* Secure Boot path (sbtree.c): --no-secure-boot */
	const char *sb_trust_ca;     /* --sb-trust-ca PEM */
};

/* Run state shared by the steps. */
struct run {
	struct opts o;
	struct media m;
	char name[64];
	char windir[PATH_MAX], stage[PATH_MAX], live[PATH_MAX];
	char tmpwim[PATH_MAX];
	struct rtstage rt;      /* the staged runtime install */
	char made[16][PATH_MAX]; /* directories this run created (removed on failure) */
	int nmade;
	int lockfd;
	uint64_t need;          /* bytes this run writes (estimate) */
	int index, images, boot_index;
	struct wimimage img;
	const char *bcd_src[2]; /* "media", "boot.wim", "generated" */
	const char *state;
	char warn[8][300];
	int nwarn;
	struct progress pg;
};

static struct run run_state;
/* The run in progress: die(), warn(), info() and the signal handler report
 * and clean up through it; every other function is handed it as r. */
static struct run *const cur = &run_state;

/* Secure Boot path (sbtree.c): its result, and whether it ran. */
static struct sb_result SB;
static int SB_ran;

static void jstr(const char *s);
struct run;
static void sb_report(const struct run *r);

/* Remove what this run created and did not finish: the temporary WIM copy,
 * both staging trees, the directories it made (only while empty).  Only
 * async-signal-safe calls: also used by the signal handler. */
static void cleanup_run(void)
{
	if (cur->tmpwim[0]) unlink(cur->tmpwim);
	tree_rm_rf_sigsafe(cur->stage);
	tree_rm_rf_sigsafe(cur->rt.dir);
	for (int i = cur->nmade; i-- > 0;) rmdir(cur->made[i]);
}

/* SIGINT/SIGTERM/SIGHUP: clean up this run, then die of the same signal. */
static void on_signal(int sig)
{
	cleanup_run();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install on_signal for the signals a user or service manager sends. */
static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Block (1) or unblock (0) those signals around the final renames. */
static void hold_signals(int on)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGINT);
	sigaddset(&m, SIGTERM);
	sigaddset(&m, SIGHUP);
	sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &m, NULL);
}

/* Test hook: PREP_TFTPROOT_TEST_PAUSE=PHASE stops the process (SIGSTOP) when
 * it reaches PHASE, so a test can kill it at a known point. */
static void test_pause(const char *phase)
{
	const char *p = getenv("PREP_TFTPROOT_TEST_PAUSE");
	if (!p || strcmp(p, phase)) return;
	fprintf(stderr, "prep-tftproot: test pause at %s (pid %d)\n", phase, (int)getpid());
	fflush(stderr);
	raise(SIGSTOP);
}

/* Print an error, clean up this run's temporary files, exit 1. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	progress_end(&cur->pg);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "prep-tftproot: error: %s\n", msg);
	hold_signals(1);
	cleanup_run();
	if (cur->o.json) {
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
	progress_end(&cur->pg);
	fprintf(stderr, "prep-tftproot: warning: %s\n", b);
	if (cur->nwarn < 8) snprintf(cur->warn[cur->nwarn++], sizeof cur->warn[0], "%s", b);
}

/* Informational line on stderr (not in --json mode). */
static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
	va_list ap;
	if (cur->o.json) return;
	progress_end(&cur->pg);
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
		"       prep-tftproot --list [--root DIR] [--json]\n"
		"       prep-tftproot --remove NAME [--root DIR]\n"
		"Prepare ROOT/windows/NAME/ for winpe.c32 from Windows media (UDF/ISO9660 image or tree).\n\n"
		"  --root DIR           TFTP root (default /srv/tftp; created when missing)\n"
		"  --name NAME          image name (default from boot.wim, e.g. win10-x64)\n"
		"  --index N            boot.wim image to boot (default: its boot index, else 1)\n"
		"  --http-base URL      APPEND URL/windows/NAME (HTTP via lpxelinux.0)\n"
		"  --inject SRC[@\\PATH] add a file to boot.wim (default \\Windows\\System32\\NAME)\n"
		"  --bcd keep|generate  keep the media's BCDs when valid (default) or generate\n"
		"  --no-syslinux        do not install the syslinux runtime, winpe.c32 or configs\n"
		"  --module-dir DIR     where bios/winpe.c32 and efi64/winpe.c32 are\n"
		"  --menu-title T       MENU LABEL of the entry\n"
		"  --ui menu|prompt     a new pxelinux.cfg/default: UI menu.c32 (default) or a plain\n"
		"                       boot: prompt; an existing file keeps its own choice\n"
		"  --tftp-blocksize N, --tftp-windowsize N  ramdisk TFTP tuning in generated BCDs\n"
		"                       (Microsoft's native NBP path only; winpe.c32 ignores them)\n"
		"  --dry-run            show what would be done, write nothing\n"
		"  --json               print a JSON summary on stdout\n"
		"  --force              overwrite files not made by prep-tftproot\n"
		"  --recover            only finish/undo an interrupted run for --name\n"
		"  --list               list the images in ROOT (name, title, sizes, entries)\n"
		"  --remove NAME        remove image NAME: its tree and its marked entries\n"
		"  --make-bcd bios|uefi FILE  only write a generated BCD store to FILE\n"
		"  --no-secure-boot     do not set up Microsoft's signed boot manager over TFTP\n"
		"                       (ROOT/boot/bcd etc. for Secure Boot clients)\n"
		"  --sb-trust-ca PEM    also accept a boot file signed under this CA (own PKI, tests)\n"
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
	if (o->ninject == MAX_INJECT) die("too many --inject options (at most %d): put the files in one directory tree and inject fewer", MAX_INJECT);
	char *s = strdup(arg), *at = strchr(s, '@'), *dst;
	if (at) *at = 0;
	const char *base = strrchr(s, '/');
	base = base ? base + 1 : s;
	if (at) dst = strdup(at + 1);
	else if (asprintf(&dst, "\\Windows\\System32\\%s", base) < 0) dst = NULL;
	if (!dst) die("out of memory");
	if (dst[0] != '\\' && dst[0] != '/') die("--inject %s: target must be an absolute WIM path (SRC@\\Windows\\System32\\NAME)", arg);
	for (char *p = dst; *p; p++)
		if (*p == '\\') *p = '/';
	/* no "." or ".." components, no empty name */
	char *cp = strdup(dst);
	for (char *t = strtok(cp, "/"); t; t = strtok(NULL, "/"))
		if (!strcmp(t, ".") || !strcmp(t, "..")) die("--inject %s: bad target path (no . or .. components)", arg);
	free(cp);
	if (dst[strlen(dst) - 1] == '/') die("--inject %s: target names a directory (end it with the file name)", arg);
	struct stat st;
	if (stat(s, &st) != 0 || !S_ISREG(st.st_mode)) die("--inject: %s is not a readable file (give an existing regular file)", s);
	o->inject_src[o->ninject] = s;
	o->inject_dst[o->ninject++] = dst;
}

/* Parse argv into r->o. */
static void parse_args(struct run *r, int argc, char **argv)
{
	struct opts *o = &r->o;
	static const struct option lo[] = {
		{"root", 1, 0, 'r'}, {"name", 1, 0, 'n'}, {"index", 1, 0, 'i'},
		{"http-base", 1, 0, 'H'}, {"inject", 1, 0, 'j'}, {"bcd", 1, 0, 'b'},
		{"no-syslinux", 0, 0, 'S'}, {"menu-title", 1, 0, 't'}, {"dry-run", 0, 0, 'd'},
		{"json", 0, 0, 'J'}, {"force", 0, 0, 'f'}, {"module-dir", 1, 0, 'M'},
		{"recover", 0, 0, 'R'}, {"make-bcd", 1, 0, 'B'}, {"list", 0, 0, 'L'},
		{"remove", 1, 0, 'D'}, {"ui", 1, 0, 'U'},
		{"no-secure-boot", 0, 0, 'Q'}, {"sb-trust-ca", 1, 0, 'K'},
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
		case 'L': o->list = 1; break;
		case 'D': o->remove = optarg; break;
		case 'U':
			if (!strcmp(optarg, "prompt")) o->ui_prompt = 1;
			else if (strcmp(optarg, "menu")) { fprintf(stderr, "prep-tftproot: --ui menu|prompt\n"); exit(2); }
			break;
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
		case 'Q': o->no_secure_boot = 1; break;
		case 'K': o->sb_trust_ca = optarg; break;
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
	} else if (o->list || o->remove) {
		if (optind != argc || (o->list && o->remove)) { usage(stderr); exit(2); }
		if (o->remove && !name_ok(o->remove)) {
			fprintf(stderr, "prep-tftproot: bad --remove '%s' (an image name: see --list)\n", o->remove);
			exit(2);
		}
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
static void default_name(struct run *r)
{
	const struct wimimage *w = &r->img;
	if (w->major >= 10 && w->arch[0]) {
		snprintf(r->name, sizeof r->name, "%s-%s", w->build >= 22000 ? "win11" : "win10", w->arch);
	} else if (w->major && w->arch[0]) {
		snprintf(r->name, sizeof r->name, "winpe%u-%s", w->major, w->arch);
	} else {
		const char *b = strrchr(r->o.iso, '/');
		b = b && b[1] ? b + 1 : r->o.iso;
		snprintf(r->name, sizeof r->name, "%s", r->m.volid[0] ? r->m.volid : b);
		char *dot = strrchr(r->name, '.');
		if (!r->m.volid[0] && dot && !strcasecmp(dot, ".iso")) *dot = 0;
		sanitize(r->name);
		while (r->name[0] && !isalnum((unsigned char)r->name[0])) memmove(r->name, r->name + 1, strlen(r->name));
		if (!r->name[0]) snprintf(r->name, sizeof r->name, "winpe");
	}
}

/* Progress callback adapter for media_copy. */
static void on_progress(void *ctx, uint64_t done)
{
	progress_update(ctx, done);
}

/* Copy one media file to dst (created exclusively). */
static void copy_media(struct run *r, const struct media_entry *e, const char *dst)
{
	char err[512];
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) die("%s: %s (check free space and permissions in %s)", dst, strerror(errno), r->o.root);
	progress_begin(&r->pg, e->path, e->size);
	int rc = media_copy(&r->m, e, fd, on_progress, &r->pg, err, sizeof err);
	progress_end(&r->pg);
	if (close(fd) != 0 && !rc) die("%s: %s (check free space in %s)", dst, strerror(errno), r->o.root);
	if (rc) die("%s (copying from %s to %s; check the media and free space)", err, r->o.iso, dst);
}

/* Size of a path inside the staging tree. */
#define SPMAX (PATH_MAX + 80)

/* Path rel inside the staging tree, written into the caller's buf (SPMAX bytes). */
static char *sp(struct run *r, char *buf, const char *rel)
{
	snprintf(buf, SPMAX, "%s/%s", r->stage, rel);
	return buf;
}
/* Find a media file (not a directory). */
static const struct media_entry *mfile(struct run *r, const char *path)
{
	const struct media_entry *e = media_find(&r->m, path);
	return e && !e->is_dir ? e : NULL;
}

/* Locate the runtime module directory: --module-dir, the build tree next to the
 * binary, PREFIX/lib/winpe-c32 next to an installed binary, the built-in default. */
static int find_modules(struct run *r, char *out, size_t cap)
{
	char exe[PATH_MAX], p[PATH_MAX + 32];
	if (r->o.module_dir) {
		snprintf(out, cap, "%s", r->o.module_dir);
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

/* Round a file size up to whole 4 KiB blocks (what it takes on disk). */
static uint64_t blocks(uint64_t n)
{
	return (n + 4095) / 4096 * 4096;
}

/* Check the runtime sources exist and no user file would be overwritten;
 * the bytes the files that change will take. */
static uint64_t check_runtime(struct run *r)
{
	struct rtfile f[RT_MAX];
	struct wp_err e;
	char md[PATH_MAX];
	uint64_t bytes;
	find_modules(r, md, sizeof md);
	if (runtime_check(r->o.root, f, runtime_list(md, f), r->o.force, &bytes, &e)) die("%s", e.msg);
	return bytes;
}

/* mkdir -p that records each directory it creates, so a failed run removes
 * them again. 0 or -1 (errno). */
static int mkdirs_tracked(struct run *r, const char *path)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	size_t l = strlen(p);
	while (l > 1 && p[l - 1] == '/') p[--l] = 0;
	for (char *s = p + 1;; s++) {
		if (*s && *s != '/') continue;
		char c = *s;
		*s = 0;
		if (mkdir(p, 0755) == 0) {
			if (r->nmade < (int)(sizeof r->made / sizeof r->made[0]))
				snprintf(r->made[r->nmade++], sizeof r->made[0], "%s", p);
		} else if (errno != EEXIST) {
			return -1;
		}
		if (!c) break;
		*s = c;
	}
	struct stat st;
	if (stat(path, &st) != 0) return -1;
	if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
	return 0;
}

/* New text of one pxelinux config (dir "" or "/efi64") with NAME's entry, or
 * NULL when unchanged.  A new file gets UI menu.c32 unless --ui prompt; an
 * existing one keeps its choice: MENU lines only when it has a UI line. */
static char *cfg_text(struct run *r, const char *dir, const char *title, const char *append, char **entry_out)
{
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s%s/pxelinux.cfg/default", r->o.root, dir);
	char *old = tree_slurp(p, NULL);
	if (!old && errno != ENOENT) die("%s: %s (make it readable, or move it away)", p, strerror(errno));
	int menu = old ? pxecfg_has_ui(old) : !r->o.ui_prompt;
	char *entry = pxecfg_entry(r->name, title, append, menu);
	if (!entry) die("out of memory");
	char *nw = pxecfg_merge(old, r->name, entry, menu);
	if (!nw) die("out of memory");
	if (entry_out) *entry_out = entry;
	else free(entry);
	if (old && !strcmp(old, nw)) {
		free(old);
		free(nw);
		return NULL;
	}
	free(old);
	return nw;
}

/* Stage the runtime files that differ and the changed configs into
 * ROOT/.prep-tftproot.runtime.new (the directories they go to are made
 * first); nothing outside the staging directory changes yet. */
static void stage_runtime(struct run *r, const char *title, const char *append, const char *append_efi)
{
	static const char *const dirs[] = {"/efi64", "/pxelinux.cfg", "/efi64/pxelinux.cfg"};
	char d[PATH_MAX + 32], md[PATH_MAX];
	struct wp_err e;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(d, sizeof d, "%s%s", r->o.root, dirs[i]);
		if (mkdirs_tracked(r, d)) die("%s: %s (free space or inodes in %s?)", d, strerror(errno), r->o.root);
	}
	struct rtfile f[RT_MAX];
	find_modules(r, md, sizeof md);
	int n = runtime_list(md, f);
	if (runtime_stage_begin(&r->rt, r->o.root, &e) || runtime_stage_files(&r->rt, r->o.root, f, n, &e))
		die("%s", e.msg);
	static const char *const cfgdirs[] = {"", "/efi64"};
	for (int i = 0; i < 2; i++) {
		char *t = cfg_text(r, cfgdirs[i], title, i ? append_efi : append, NULL);
		if (!t) continue;
		snprintf(d, sizeof d, "%s%s/pxelinux.cfg/default", r->o.root, cfgdirs[i]);
		int rc = runtime_stage_data(&r->rt, d, t, strlen(t), &e);
		free(t);
		if (rc) die("%s", e.msg);
	}
}


/* Length of --http-base without its trailing slashes. */
static int http_base_len(struct run *r)
{
	size_t l = strlen(r->o.http_base);
	while (l > 8 && r->o.http_base[l - 1] == '/') l--;
	return (int)l;
}

/* The APPEND argument: the tree's path from the TFTP root, or a URL.  The
 * same text serves syslinux.efi (whose relative paths start at efi64/):
 * winpe.c32 retries a relative DIR from the TFTP root ("::DIR"). */
static void append_arg(struct run *r, char *out, size_t cap, int efi)
{
	if (r->o.http_base) {
		snprintf(out, cap, "%.*s/windows/%s", http_base_len(r), r->o.http_base, r->name);
	} else {
		(void)efi;
		snprintf(out, cap, "windows/%s", r->name);
	}
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
static void make_bcd(struct run *r, int uefi, const char *dst, int have_cand, const char *from)
{
	char err[512];
	if (have_cand && !r->o.bcd_generate) {
		struct bcd_info bi;
		if (bcd_inspect(dst, &bi, err, sizeof err) != 0) {
			warn("%s BCD from %s not usable (%s); generating one", uefi ? "UEFI" : "BIOS", from, err);
		} else if (strcasecmp(bi.ramdisk_path, "\\sources\\boot.wim") || bi.uefi != uefi) {
			warn("%s BCD from %s boots %s with %s; generating one", uefi ? "UEFI" : "BIOS", from,
			     bi.ramdisk_path, bi.loader_path);
		} else {
			r->bcd_src[uefi] = from;
			return;
		}
	}
	unlink(dst);
	struct bcd_model mo;
	char desc[96];
	snprintf(desc, sizeof desc, "Windows PE (%s)", r->name);
	bcd_model_default(&mo, uefi, desc);
	mo.tftp_blocksize = r->o.tftp_blocksize;
	mo.tftp_windowsize = r->o.tftp_windowsize;
	if (bcd_generate(dst, &mo, err, sizeof err) != 0) die("generating %s: %s (check free space in %s)", dst, err, r->o.root);
	r->bcd_src[uefi] = "generated";
}

/* Media files copied as they are (same path in the tree). */
static const char *const PLAIN[] = {"bootmgr", "bootmgr.efi", "boot/boot.sdi", "efi/boot/bootx64.efi",
				    "efi/microsoft/boot/boot.stl"};
/* Font directories of the two boot managers. */
static const char *const FONTDIRS[] = {"boot/fonts/", "efi/microsoft/boot/fonts/"};

/* Is e a font file directly in FONTDIRS[f]? */
static int is_font(const struct media_entry *e, int f)
{
	size_t pl = strlen(FONTDIRS[f]);
	return !e->is_dir && !strncasecmp(e->path, FONTDIRS[f], pl) && !strchr(e->path + pl, '/');
}

/* Build the complete staging tree .NAME.new. */
static void build_stage(struct run *r)
{
	char err[512], a[SPMAX], b[SPMAX];
	static const char *const dirs[] = {"sources", "boot/fonts", "efi/boot", "efi/microsoft/boot/fonts"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (tree_mkdirs(sp(r, a, dirs[i]), 0755))
			die("%s: %s (check free space and inodes in %s)", a, strerror(errno), r->o.root);
	if (rename(r->tmpwim, sp(r, a, "sources/boot.wim")) != 0)
		die("%s: %s (staging boot.wim; check %s)", a, strerror(errno), r->windir);
	r->tmpwim[0] = 0;

	/* files taken from the media as they are */
	for (size_t i = 0; i < sizeof PLAIN / sizeof PLAIN[0]; i++) {
		const struct media_entry *e = mfile(r, PLAIN[i]);
		if (e) copy_media(r, e, sp(r, a, PLAIN[i]));
	}
	/* fonts of both boot managers, names in lower case */
	for (int f = 0; f < 2; f++) {
		size_t pl = strlen(FONTDIRS[f]);
		for (size_t i = 0; i < r->m.n; i++) {
			const struct media_entry *e = &r->m.e[i];
			if (!is_font(e, f)) continue;
			char rel[PATH_MAX];
			snprintf(rel, sizeof rel, "%s%s", FONTDIRS[f], e->path + pl);
			sanitize(rel + pl);
			copy_media(r, e, sp(r, a, rel));
		}
	}
	const struct media_entry *bcd_b = mfile(r, "boot/bcd");
	const struct media_entry *bcd_u = mfile(r, "efi/microsoft/boot/bcd");
	if (bcd_b) copy_media(r, bcd_b, sp(r, a, "boot/bcd"));
	if (bcd_u) copy_media(r, bcd_u, sp(r, a, "efi/microsoft/boot/bcd"));

	/* files from boot.wim (opened for writing only when it must change) */
	struct wimsrc w;
	int need_write = r->o.ninject > 0 || r->index != r->boot_index;
	if (wimsrc_open(&w, sp(r, a, "sources/boot.wim"), need_write, err, sizeof err))
		die("%s (boot.wim of %s: check the media)", err, r->o.iso);
	static const char *const fromwim[][2] = {
		{"/Windows/Boot/PXE/bootmgr.exe", "bootmgr.exe"},
		{"/Windows/Boot/EFI/bootmgfw.efi", "bootmgfw.efi"},
		{"/Windows/Boot/EFI_EX/bootmgfw_EX.efi", "bootmgfw_ex.efi"},
	};
	for (size_t i = 0; i < sizeof fromwim / sizeof fromwim[0]; i++) {
		if (wimsrc_stat(&w, r->index, fromwim[i][0], NULL) != 1) continue;
		if (wimsrc_extract(&w, r->index, fromwim[i][0], sp(r, a, ".x"), sp(r, b, fromwim[i][1]), err, sizeof err))
			die("%s (boot.wim of %s: check the media and free space)", err, r->o.iso);
	}
	/* fallbacks for what the media lacks */
	struct { const char *wim, *dst; int skip; } fb[] = {
		{"/Windows/Boot/DVD/PCAT/boot.sdi", "boot/boot.sdi", mfile(r, "boot/boot.sdi") != NULL},
		{"/Windows/Boot/DVD/EFI/boot.sdi", "boot/boot.sdi", 0},
		{"/Windows/Boot/DVD/PCAT/BCD", "boot/bcd", bcd_b != NULL},
		{"/Windows/Boot/DVD/EFI/BCD", "efi/microsoft/boot/bcd", bcd_u != NULL},
		{"/Windows/Boot/EFI/boot.stl", "efi/microsoft/boot/boot.stl",
		 mfile(r, "efi/microsoft/boot/boot.stl") != NULL},
	};
	int bcd_from_wim[2] = {0, 0};
	for (size_t i = 0; i < sizeof fb / sizeof fb[0]; i++) {
		if (fb[i].skip || access(sp(r, a, fb[i].dst), F_OK) == 0) continue;
		if (wimsrc_stat(&w, r->index, fb[i].wim, NULL) != 1) continue;
		if (wimsrc_extract(&w, r->index, fb[i].wim, sp(r, a, ".x"), sp(r, b, fb[i].dst), err, sizeof err))
			die("%s (boot.wim of %s: check the media and free space)", err, r->o.iso);
		if (i == 2) bcd_from_wim[0] = 1;
		if (i == 3) bcd_from_wim[1] = 1;
	}
	if (access(sp(r, a, "bootmgfw.efi"), F_OK) != 0 && mfile(r, "efi/boot/bootx64.efi")) {
		const struct media_entry *e = mfile(r, "efi/boot/bootx64.efi");
		copy_media(r, e, sp(r, a, "bootmgfw.efi"));
		warn("boot.wim has no \\Windows\\Boot\\EFI\\bootmgfw.efi; using the media's efi/boot/bootx64.efi");
	}
	if (access(sp(r, a, "bootmgr.exe"), F_OK) != 0)
		warn("boot.wim has no \\Windows\\Boot\\PXE\\bootmgr.exe%s",
		     access(sp(r, a, "bootmgr"), F_OK) == 0 ? " (the media's bootmgr is kept)" : ": BIOS boot will fail");
	if (access(sp(r, a, "bootmgfw.efi"), F_OK) != 0) warn("no bootmgfw.efi anywhere: UEFI boot will fail");
	if (access(sp(r, a, "boot/boot.sdi"), F_OK) != 0)
		die("no boot.sdi: neither boot/boot.sdi on the media nor \\Windows\\Boot\\DVD\\*\\boot.sdi in boot.wim of %s "
		    "(incomplete media: use a complete Windows or WinPE ISO)", r->o.iso);

	/* offline injection and boot index into the staged copy */
	for (int i = 0; i < r->o.ninject; i++) {
		if (wimsrc_inject(&w, r->index, r->o.inject_src[i], r->o.inject_dst[i], err, sizeof err))
			die("%s (--inject %s)", err, r->o.inject_src[i]);
		info("injected %s as %s", r->o.inject_src[i], r->o.inject_dst[i]);
	}
	if (r->index != r->boot_index && wimsrc_set_boot(&w, r->index, err, sizeof err))
		die("%s (setting the boot index of the copied boot.wim)", err);
	if (need_write) {
		progress_begin(&r->pg, "updating boot.wim", 0);
		if (wimsrc_commit(&w, err, sizeof err)) die("%s (writing %s; check free space in %s)", err, sp(r, a, "sources/boot.wim"), r->o.root);
		progress_end(&r->pg);
	}
	wimsrc_close(&w);

	make_bcd(r, 0, sp(r, a, "boot/bcd"), bcd_b || bcd_from_wim[0], bcd_b ? "media" : "boot.wim");
	make_bcd(r, 1, sp(r, a, "efi/microsoft/boot/bcd"), bcd_u || bcd_from_wim[1], bcd_u ? "media" : "boot.wim");

	/* drop empty directories so the tree only holds what exists */
	static const char *const rmd[] = {"efi/microsoft/boot/fonts", "boot/fonts", "efi/boot"};
	for (size_t i = 0; i < sizeof rmd / sizeof rmd[0]; i++) rmdir(sp(r, a, rmd[i]));

	/* the manifest is written last: its presence marks a complete tree, made
	 * durable first (the fsyncs overlap the hashing thread's last windows) */
	if (tree_sync(r->stage)) die("syncing %s: %s (check the file system of %s)", r->stage, strerror(errno), r->o.root);
	uint64_t total = 0;
	char *mf = tree_manifest(r->stage, &total);
	if (!mf) die("hashing %s: %s (check the file system of %s)", r->stage, strerror(errno), r->o.root);
	struct manifest *parsed = NULL;
	struct wp_err we;
	if (manifest_parse(mf, strlen(mf), "manifest", &parsed, &we) != 0)
		die("internal: the manifest does not parse with core/manifest.c: %s", we.msg);
	manifest_free(parsed);
	if (tree_write_atomic(sp(r, a, "manifest"), mf, strlen(mf), 0644))
		die("%s: %s (check free space in %s)", a, strerror(errno), r->o.root);
	free(mf);
}

/* Die with "index N not in boot.wim". */
static void bad_index(struct run *r, int images) __attribute__((noreturn));
static void bad_index(struct run *r, int images)
{
	if (images == 1) die("index %d not in boot.wim (has 1)", r->index);
	die("index %d not in boot.wim (has 1\xe2\x80\x93%d)", r->index, images);
}

/* Image count, boot index and the chosen image's facts, read from the media
 * without writing anything (the same for a dry run and a real run). */
static void wim_facts(struct run *r, const struct media_entry *we)
{
	char err[512];
	int images, boot;
	if (wimhdr_read(&r->m, we, 0, &images, &boot, &r->img, err, sizeof err))
		die("%s: %s", r->o.iso, err);
	r->images = images;
	r->boot_index = boot;
	r->index = r->o.index ? r->o.index : (boot ? boot : 1);
	if (r->index > images) bad_index(r, images);
	wimhdr_read(&r->m, we, r->index, &images, &boot, &r->img, err, sizeof err);
}

/* Copy boot.wim next to the tree and open it with wimlib (which must agree
 * with the header read by wim_facts). */
static void stage_wim(struct run *r, const struct media_entry *we, struct wimsrc *w)
{
	char err[512];
	snprintf(r->tmpwim, sizeof r->tmpwim, "%s/.prep-wim.%d", r->windir, (int)getpid());
	copy_media(r, we, r->tmpwim);
	if (wimsrc_open(w, r->tmpwim, 0, err, sizeof err)) die("%s (from %s)", err, r->o.iso);
	if (r->index > w->images) bad_index(r, w->images);
	if (we->size > 0xFFFFFFFFull)
		warn("boot.wim is %llu MiB (over 4 GiB): clients need the RAM for it and BIOS loaders may fail",
		     (unsigned long long)(we->size >> 20));
	if (!r->o.name && wimsrc_stat(w, r->index, "/Windows", NULL) < 0)
		warn("boot.wim image %d has no \\Windows directory", r->index);
}

/* Remove temporary WIM copies left by runs that died (their PID is gone). */
static void sweep_tmpwims(struct run *r)
{
	DIR *d = opendir(r->windir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".prep-wim.", 10)) continue;
		long pid = strtol(de->d_name + 10, NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) continue;
		char p[PATH_MAX + 300];
		snprintf(p, sizeof p, "%s/%s", r->windir, de->d_name);
		unlink(p);
	}
	if (d) closedir(d);
}

/* Free space on the file system holding dir (or its nearest existing
 * parent), in bytes; UINT64_MAX if unknown.  PREP_TFTPROOT_FREE_BYTES
 * overrides the answer (tests, and file systems whose statvfs lies). */
static uint64_t free_space(const char *dir)
{
	const char *o = getenv("PREP_TFTPROOT_FREE_BYTES");
	if (o && *o) return strtoull(o, NULL, 10);
	char d[PATH_MAX];
	struct statvfs v;
	snprintf(d, sizeof d, "%s", dir);
	while (statvfs(d, &v) != 0) {
		char *s = strrchr(d, '/');
		if (!s) snprintf(d, sizeof d, ".");
		else if (s == d && !d[1]) return UINT64_MAX;
		else if (s == d) d[1] = 0;
		else *s = 0;
	}
	return (uint64_t)v.f_bavail * v.f_frsize;
}

/* Files taken out of boot.wim when wimlib cannot be asked yet (dry run):
 * boot managers, boot.sdi and BCDs are a few MiB on real media. */
#define WIM_FILES_GUESS (8ull << 20)
/* What wimlib appends to boot.wim when it changes (metadata, XML, table). */
#define WIM_UPDATE_SLACK (4ull << 20)
/* A generated BCD store. */
#define BCD_GENERATED 16384ull

/* Bytes the run writes that are known before boot.wim is opened: the WIM
 * copy, the media files, injected files, runtime files, configs, manifest
 * and directories, each rounded to whole blocks. */
static uint64_t space_known(struct run *r, const struct media_entry *we, uint64_t runtime_bytes)
{
	uint64_t n = blocks(we->size);
	for (size_t i = 0; i < sizeof PLAIN / sizeof PLAIN[0]; i++) {
		const struct media_entry *e = mfile(r, PLAIN[i]);
		if (e) n += blocks(e->size);
	}
	for (size_t i = 0; i < r->m.n; i++)
		if (is_font(&r->m.e[i], 0) || is_font(&r->m.e[i], 1)) n += blocks(r->m.e[i].size);
	static const char *const bcds[] = {"boot/bcd", "efi/microsoft/boot/bcd"};
	for (int i = 0; i < 2; i++) {
		const struct media_entry *e = mfile(r, bcds[i]);
		if (e) n += blocks(e->size);
	}
	for (int i = 0; i < r->o.ninject; i++) {
		struct stat st;
		if (stat(r->o.inject_src[i], &st) == 0) n += blocks((uint64_t)st.st_size);
	}
	if (r->o.ninject || r->index != r->boot_index) n += WIM_UPDATE_SLACK;
	n += runtime_bytes;
	if (!r->o.no_syslinux) n += 2 * 4096;  /* the two configs */
	n += 4096 + 12 * 4096;                /* manifest, directories */
	return n;
}

/* Bytes of the files this run takes out of boot.wim (exact sizes from
 * wimlib) and of the BCDs it generates; mirrors build_stage. */
static uint64_t space_from_wim(struct run *r, const struct wimsrc *w)
{
	static const char *const fromwim[] = {"/Windows/Boot/PXE/bootmgr.exe", "/Windows/Boot/EFI/bootmgfw.efi",
					      "/Windows/Boot/EFI_EX/bootmgfw_EX.efi"};
	uint64_t n = 0, sz;
	for (size_t i = 0; i < sizeof fromwim / sizeof fromwim[0]; i++)
		if (wimsrc_stat(w, r->index, fromwim[i], &sz) == 1) n += blocks(sz);
	if (wimsrc_stat(w, r->index, "/Windows/Boot/EFI/bootmgfw.efi", NULL) != 1 && mfile(r, "efi/boot/bootx64.efi"))
		n += blocks(mfile(r, "efi/boot/bootx64.efi")->size);
	if (!mfile(r, "boot/boot.sdi")) {
		if (wimsrc_stat(w, r->index, "/Windows/Boot/DVD/PCAT/boot.sdi", &sz) == 1 ||
		    wimsrc_stat(w, r->index, "/Windows/Boot/DVD/EFI/boot.sdi", &sz) == 1)
			n += blocks(sz);
	}
	static const char *const bcd[2][2] = {{"boot/bcd", "/Windows/Boot/DVD/PCAT/BCD"},
					      {"efi/microsoft/boot/bcd", "/Windows/Boot/DVD/EFI/BCD"}};
	for (int i = 0; i < 2; i++) {
		if (mfile(r, bcd[i][0])) continue;
		n += wimsrc_stat(w, r->index, bcd[i][1], &sz) == 1 ? blocks(sz) : BCD_GENERATED;
	}
	if (!mfile(r, "efi/microsoft/boot/boot.stl") && wimsrc_stat(w, r->index, "/Windows/Boot/EFI/boot.stl", &sz) == 1)
		n += blocks(sz);
	return n;
}

/* Refuse when the file system holding dir has less than need bytes free. */
static void check_space(struct run *r, const char *dir, uint64_t need)
{
	uint64_t have = free_space(dir);
	r->need = need;
	if (have < need)
		die("not enough free space in %s: need %llu MiB, have %llu MiB (free some space, or pass another --root)",
		    dir, (unsigned long long)((need + (1 << 20) - 1) >> 20), (unsigned long long)(have >> 20));
}

/* Print the result: pxelinux entry, DHCP hints, or the JSON summary. */
static void report(struct run *r, const char *entry, const char *entry_efi, const char *append)
{
	char mp[PATH_MAX + 16];
	snprintf(mp, sizeof mp, "%s/manifest", r->o.dry_run ? r->stage : r->live);
	if (r->o.json) {
		printf("{\"ok\": true, \"name\": "); jstr(r->name);
		printf(", \"root\": "); jstr(r->o.root);
		printf(", \"tree\": "); jstr(r->live);
		printf(", \"state\": "); jstr(r->state);
		printf(", \"media\": "); jstr(media_kind_name(r->m.kind));
		printf(", \"volume_id\": "); jstr(r->m.volid);
		printf(", \"wim\": {\"images\": %d, \"index\": %d, \"boot_index\": %d, \"image_name\": ",
		       r->images, r->index, r->boot_index);
		jstr(r->img.name);
		printf(", \"arch\": "); jstr(r->img.arch);
		printf("}, \"bcd\": {\"bios\": "); jstr(r->bcd_src[0] ? r->bcd_src[0] : "");
		printf(", \"uefi\": "); jstr(r->bcd_src[1] ? r->bcd_src[1] : "");
		printf("}, \"append\": "); jstr(append);
		printf(", \"entry\": "); jstr(entry);
		printf(", \"space_needed\": %llu", (unsigned long long)r->need);
		printf(", \"entry_efi64\": "); jstr(entry_efi);
		printf(", \"files\": [");
		char *m = r->o.dry_run ? NULL : tree_slurp(mp, NULL);
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
		printf("]");
		if (SB_ran) sb_report(r);
		printf(", \"warnings\": [");
		for (int i = 0; i < r->nwarn; i++) {
			if (i) printf(", ");
			jstr(r->warn[i]);
		}
		printf("]}\n");
		return;
	}
	printf("%s: %s (%s media, boot.wim image %d of %d)\n", r->live, r->state, media_kind_name(r->m.kind),
	       r->index, r->images);
	if (!r->o.dry_run)
		printf("BCD: BIOS %s, UEFI %s\n", r->bcd_src[0] ? r->bcd_src[0] : "-",
		       r->bcd_src[1] ? r->bcd_src[1] : "-");
	printf("\npxelinux entry (ROOT/pxelinux.cfg/default):\n"
	       "# BEGIN prep-tftproot %s\n%s# END prep-tftproot %s\n", r->name, entry, r->name);
	if (strcmp(entry, entry_efi))
		printf("\nsyslinux.efi entry (ROOT/efi64/pxelinux.cfg/default; \"::\" = from the TFTP root):\n"
		       "# BEGIN prep-tftproot %s\n%s# END prep-tftproot %s\n", r->name, entry_efi, r->name);
	printf("\nDHCP settings (next-server = this host, TFTP root %s):\n", r->o.root);
	printf("  BIOS (client arch 0):        filename \"%s\"\n", r->o.http_base ? "lpxelinux.0" : "pxelinux.0");
	printf("  UEFI x64 (client arch 7, 9): filename \"efi64/syslinux.efi\"\n");
	if (SB_ran) sb_report(r);
	if (r->o.http_base)
		printf("  HTTP: serve %s/ as %.*s/\n", r->o.root, http_base_len(r), r->o.http_base);
	printf("  examples: dnsmasq, ISC dhcpd, Kea and nginx snippets in examples/\n");
}

/* Run the Secure Boot step; a refusal is a warning, an I/O error fatal. */
static void sb_step(struct run *r, const char *title)
{
	struct sb_opts so = {r->o.sb_trust_ca, r->o.tftp_blocksize, r->o.tftp_windowsize, r->o.force};
	if (sbtree_update(r->o.root, r->name, title, &r->m, &so, &SB) != 0) die("%s", SB.why);
	SB_ran = 1;
	if (!SB.ok) {
		/* in full on stderr (warn() would cut it); the JSON keeps it in secure_boot.why */
		progress_end(&r->pg);
		fprintf(stderr, "prep-tftproot: warning: Secure Boot path not set up: %s\n", SB.why);
		if (r->nwarn < 8)
			snprintf(r->warn[r->nwarn++], sizeof r->warn[0], "Secure Boot path not set up: %s", SB.why);
	}
	if (SB.skipped[0]) warn("kept %s", SB.skipped);
}

/* Report lines of the Secure Boot path (text, or JSON members). */
static void sb_report(const struct run *r)
{
	if (r->o.json) {
		printf(", \"secure_boot\": {\"ok\": %s, \"bootfile\": ", SB.ok ? "true" : "false");
		jstr(SB.ok ? SB.bootfile : "");
		printf(", \"ca\": "); jstr(SB.ca);
		printf(", \"signer\": "); jstr(SB.signer);
		printf(", \"bootfile_ex\": "); jstr(SB.bootfile_ex);
		printf(", \"ca_ex\": "); jstr(SB.ca_ex);
		printf(", \"images\": %d, \"why\": ", SB.images);
		jstr(SB.why);
		printf("}");
		return;
	}
	if (!SB.ok) {
		printf("  UEFI x64, Secure Boot on:    not set up (see the warning)\n");
		return;
	}
	printf("  UEFI x64, Secure Boot on:    filename \"%s\" for a class of hosts (Microsoft's\n"
	       "                               signed boot manager, no syslinux: its own menu lists the\n"
	       "                               %d image%s of ROOT/boot/bcd); signed by \"%s\":\n"
	       "                               the clients' db must trust \"%s\"\n",
	       SB.bootfile, SB.images, SB.images == 1 ? "" : "s", SB.signer, SB.ca);
	if (SB.bootfile_ex[0])
		printf("                               firmware that trusts only the 2023 CA: \"%s\"\n"
		       "                               (%s)\n", SB.bootfile_ex, SB.ca_ex);
	printf("                               TFTP: \\ -> / and any case (dnsmasq tftp-lowercase,\n"
	       "                               tftpd-hpa --map-file examples/tftpd-hpa.map)\n");
}

/* Dry run: list what would be written. */
static void dry_run_plan(struct run *r)
{
	static const char *const wanted[] = {"bootmgr", "bootmgr.efi", "boot/bcd", "boot/boot.sdi",
					     "efi/boot/bootx64.efi", "efi/microsoft/boot/bcd",
					     "efi/microsoft/boot/boot.stl", "sources/boot.wim"};
	if (r->o.json) return;
	printf("dry run: nothing is written\n");
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		const struct media_entry *e = mfile(r, wanted[i]);
		printf("  %-30s %s\n", wanted[i], e ? "from media" :
		       strstr(wanted[i], "bcd") ? "from boot.wim or generated" : "from boot.wim if present");
	}
	printf("  %-30s %s\n", "bootmgr.exe, bootmgfw.efi", "from boot.wim \\Windows\\Boot");
	for (int i = 0; i < r->o.ninject; i++)
		printf("  inject %s -> %s\n", r->o.inject_src[i], r->o.inject_dst[i]);
}

/* Take the run's lock: flock on the ROOT/windows directory itself, so no
 * lock file exists to be served or left behind; the kernel drops it when
 * the process ends, however it ends.  probe: test it and let go (dry run). */
static void take_lock(struct run *r, int probe)
{
	int fd = open(r->windir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (probe && errno == ENOENT) return;
		die("%s: %s (check --root)", r->windir, strerror(errno));
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		die("another prep-tftproot is working in %s (it holds a lock on that directory): wait for it to end",
		    r->windir);
	if (probe) {
		close(fd);
		return;
	}
	r->lockfd = fd;
	/* lock files of earlier versions: stale now that we hold the lock */
	char lp[PATH_MAX + 32];
	snprintf(lp, sizeof lp, "%s/.prep-tftproot.lock", r->windir);
	unlink(lp);
}

/* Under the lock: finish or undo an interrupted run of NAME and drop the
 * runtime staging directory a killed run left.  Returns what was done. */
static const char *recover(struct run *r, const char *name)
{
	sweep_tmpwims(r);
	const char *what = tree_recover(r->windir, name);
	char p[PATH_MAX + 40];
	snprintf(p, sizeof p, "%s/%s", r->o.root, RT_STAGE_NAME);
	struct stat st;
	if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
		tree_rm_rf(p);
		if (!*what) what = "removed an unfinished runtime staging directory";
	}
	return what;
}

/* --root: must be a directory or creatable.  A real run creates it (and
 * ROOT/windows) with its parents; a dry run checks that it could. */
static void prepare_root(struct run *r)
{
	struct stat st;
	if (stat(r->o.root, &st) == 0 && !S_ISDIR(st.st_mode))
		die("--root %s is not a directory: pass a directory (it is created when missing)", r->o.root);
	if (r->o.dry_run) {
		char d[PATH_MAX];
		snprintf(d, sizeof d, "%s", r->o.root);
		while (stat(d, &st) != 0) {
			char *s = strrchr(d, '/');
			if (!s) snprintf(d, sizeof d, ".");
			else if (s == d) d[1] = 0;
			else *s = 0;
		}
		if (!S_ISDIR(st.st_mode))
			die("--root %s cannot be created: %s is not a directory (pass another --root)", r->o.root, d);
		if (access(d, W_OK | X_OK) != 0)
			die("--root %s: %s is not writable (%s): run as a user who may write there", r->o.root, d,
			    strerror(errno));
		if (strcmp(d, r->o.root)) info("%s does not exist: a real run creates it", r->o.root);
		else if (stat(r->windir, &st) == 0 && access(r->windir, W_OK | X_OK) != 0)
			die("%s is not writable (%s): run as a user who may write there", r->windir, strerror(errno));
		return;
	}
	if (mkdirs_tracked(r, r->o.root))
		die("--root %s: cannot create it: %s (pass a directory you may write)", r->o.root, strerror(errno));
	if (mkdirs_tracked(r, r->windir)) die("%s: %s (check --root)", r->windir, strerror(errno));
}

/* --list: every image tree in ROOT/windows with its title, size, and which
 * pxelinux configs (BIOS, efi64) carry its entry. */
static int list_images(struct run *r)
{
	char p[PATH_MAX + 300];
	snprintf(p, sizeof p, "%s/pxelinux.cfg/default", r->o.root);
	char *cfg_b = tree_slurp(p, NULL);
	snprintf(p, sizeof p, "%s/efi64/pxelinux.cfg/default", r->o.root);
	char *cfg_u = tree_slurp(p, NULL);
	struct dirent **names = NULL;
	int nn = scandir(r->windir, &names, NULL, alphasort);
	if (nn < 0 && errno != ENOENT) die("%s: %s (check --root)", r->windir, strerror(errno));
	if (nn < 0) nn = 0;
	int shown = 0;
	if (r->o.json) {
		printf("{\"ok\": true, \"root\": ");
		jstr(r->o.root);
		printf(", \"images\": [");
	} else {
		printf("%-20s %-32s %10s %10s  %s\n", "NAME", "TITLE", "SIZE", "BOOT.WIM", "ENTRIES");
	}
	for (int i = 0; i < nn; i++) {
		const char *n = names[i]->d_name;
		snprintf(p, sizeof p, "%s/%s/manifest", r->windir, n);
		char *m = n[0] == '.' ? NULL : tree_slurp(p, NULL);
		if (!m) continue;
		unsigned long long total = 0, wim = 0, sz;
		int files = 0;
		char rel[PATH_MAX], hex[65];
		for (char *l = strtok(m, "\n"); l; l = strtok(NULL, "\n")) {
			if (l[0] == '#' || sscanf(l, "sha256 %64s size %llu path %4095[^\n]", hex, &sz, rel) != 3) continue;
			total += sz;
			files++;
			if (!strcmp(rel, "sources/boot.wim")) wim = sz;
		}
		free(m);
		char title[256] = "", ents[32];
		pxecfg_title(cfg_b, n, title, sizeof title);
		if (!title[0]) pxecfg_title(cfg_u, n, title, sizeof title);
		char begin[128];
		snprintf(begin, sizeof begin, "# BEGIN prep-tftproot %s\n", n);
		int eb = cfg_b && strstr(cfg_b, begin), eu = cfg_u && strstr(cfg_u, begin);
		snprintf(ents, sizeof ents, "%s%s%s", eb ? "bios" : "", eb && eu ? "," : "", eu ? "efi64" : "");
		if (r->o.json) {
			printf("%s{\"name\": ", shown ? ", " : "");
			jstr(n);
			printf(", \"title\": ");
			jstr(title);
			printf(", \"files\": %d, \"bytes\": %llu, \"boot_wim_bytes\": %llu, \"bios\": %s, \"efi64\": %s, "
			       "\"tree\": true}",
			       files, total, wim, eb ? "true" : "false", eu ? "true" : "false");
		} else {
			printf("%-20s %-32s %9.1fM %9.1fM  %s\n", n, title[0] ? title : "-", total / 1048576.0,
			       wim / 1048576.0, ents[0] ? ents : "none");
		}
		shown++;
	}
	/* marked entries whose tree is gone (removed by hand): --remove cleans them */
	const char *cfgs[2] = {cfg_b, cfg_u};
	for (int c = 0; c < 2; c++) {
		for (const char *q = cfgs[c]; q && (q = strstr(q, "# BEGIN prep-tftproot ")); q += 22) {
			char n[128], mf[PATH_MAX + 300], begin[160];
			if ((q != cfgs[c] && q[-1] != '\n') || sscanf(q + 22, "%100s", n) != 1) continue;
			snprintf(mf, sizeof mf, "%s/%s/manifest", r->windir, n);
			snprintf(begin, sizeof begin, "# BEGIN prep-tftproot %s\n", n);
			if (access(mf, F_OK) == 0 || (c == 1 && cfg_b && strstr(cfg_b, begin))) continue;
			int eb = cfg_b && strstr(cfg_b, begin), eu = cfg_u && strstr(cfg_u, begin);
			if (r->o.json) {
				printf("%s{\"name\": ", shown ? ", " : "");
				jstr(n);
				printf(", \"title\": \"\", \"files\": 0, \"bytes\": 0, \"boot_wim_bytes\": 0, \"bios\": %s, "
				       "\"efi64\": %s, \"tree\": false}", eb ? "true" : "false", eu ? "true" : "false");
			} else {
				printf("%-20s %-32s %10s %10s  %s%s%s (no tree: --remove %s)\n", n, "-", "-", "-", eb ? "bios" : "",
				       eb && eu ? "," : "", eu ? "efi64" : "", n);
			}
			shown++;
		}
	}
	for (int i = 0; i < nn; i++) free(names[i]);
	free(names);
	free(cfg_b);
	free(cfg_u);
	if (r->o.json) printf("]}\n");
	else if (!shown) printf("(no images in %s)\n", r->windir);
	return 0;
}

/* One step of --remove: what it removes and how (returns 1 removed, 0
 * nothing there; dies on error; with --dry-run it only looks).  Another per-image tree (e.g. Secure Boot
 * files) adds its step to the table in remove_image. */
struct remove_step {
	const char *what;
	int (*fn)(struct run *r, const char *name, const char *arg);
	const char *arg;
};

/* Remove step: NAME's marked block in the config ROOT{arg}/pxelinux.cfg/default. */
static int remove_entry(struct run *r, const char *name, const char *dir)
{
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s%s/pxelinux.cfg/default", r->o.root, dir);
	char *old = tree_slurp(p, NULL);
	if (!old) return 0;
	int found = 0;
	char *nw = pxecfg_remove(old, name, &found);
	if (!nw) die("out of memory");
	if (found && !r->o.dry_run && tree_write_atomic(p, nw, strlen(nw), 0644))
		die("%s: %s (fix that and run --remove %s again)", p, strerror(errno), name);
	free(old);
	free(nw);
	return found;
}

/* Remove step: the tree ROOT/windows/NAME, renamed aside first so a killed
 * run leaves it whole or gone (--recover or the next run finishes). */
static int remove_tree(struct run *r, const char *name, const char *unused)
{
	(void)unused;
	char live[PATH_MAX + 80], old[PATH_MAX + 80];
	snprintf(live, sizeof live, "%s/%s", r->windir, name);
	snprintf(old, sizeof old, "%s/.%s.old", r->windir, name);
	struct stat st;
	if (lstat(live, &st) != 0) return 0;
	if (r->o.dry_run) return 1;
	if (rename(live, old) != 0) die("%s: %s (fix that and run --remove %s again)", live, strerror(errno), name);
	tree_sync_dir_of(live);
	if (tree_rm_rf(old)) die("%s: %s (run --remove %s again to finish)", old, strerror(errno), name);
	tree_sync_dir_of(old);
	return 1;
}

/* --remove NAME's Secure Boot step: its entry in the root boot/bcd (sbtree.c). */
static int remove_sb_entry(struct run *r, const char *name, const char *unused)
{
	(void)unused;
	char why[700];
	int rc = sbtree_drop(r->o.root, name, r->o.dry_run, why, sizeof why);
	if (rc < 0) die("%s (fix that and run --remove %s again)", why, name);
	return rc;
}

/* --remove NAME: the marked entries in both configs, its entry in the Secure
 * Boot root store and the image tree, nothing else (the runtime stays for
 * the other images). */
static int remove_image(struct run *r)
{
	static const struct remove_step steps[] = {
		{"BIOS entry (pxelinux.cfg/default)", remove_entry, ""},
		{"efi64 entry (efi64/pxelinux.cfg/default)", remove_entry, "/efi64"},
		{"Secure Boot entry (boot/bcd)", remove_sb_entry, NULL},
		{"image tree", remove_tree, NULL},
	};
	const char *name = r->o.remove;
	char live[PATH_MAX + 80], mf[PATH_MAX + 96];
	snprintf(live, sizeof live, "%s/%s", r->windir, name);
	snprintf(mf, sizeof mf, "%s/manifest", live);
	struct stat st;
	if (stat(r->windir, &st) != 0)
		die("no image %s in %s: %s does not exist (see --list)", name, r->o.root, r->windir);
	take_lock(r, r->o.dry_run);
	if (!r->o.dry_run) recover(r, name);
	if (lstat(live, &st) == 0 && (!S_ISDIR(st.st_mode) || access(mf, F_OK) != 0) && !r->o.force)
		die("%s was not made by prep-tftproot (no manifest): not removed (remove it yourself, or pass --force)",
		    live);
	hold_signals(1);
	int n = 0;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].fn(r, name, steps[i].arg) <= 0) continue;
		info("%s %s: %s", r->o.dry_run ? "would remove" : "removed", name, steps[i].what);
		n++;
	}
	hold_signals(0);
	if (!n) die("no image %s in %s: no tree and no marked entry (see --list)", name, r->o.root);
	if (r->o.json) {
		printf("{\"ok\": true, \"%s\": ", r->o.dry_run ? "would_remove" : "removed");
		jstr(name);
		printf(", \"steps\": %d}\n", n);
	} else {
		printf("%s: %s\n", live, r->o.dry_run ? "would be removed (dry run: nothing written)" : "removed");
	}
	return 0;
}

/* Entry point: see usage(). */
int main(int argc, char **argv)
{
	char err[512];
	/* hook: --iso OUT.iso / --media DIR (mediacli.c) */
	int media_rc = mediacli_main(argc, argv);
	if (media_rc >= 0) return media_rc;
	struct run *r = cur;
	r->lockfd = -1;
	parse_args(r, argc, argv);
	progress_init(&r->pg, !r->o.json && isatty(2));
	snprintf(r->windir, sizeof r->windir, "%s/windows", r->o.root);

	if (r->o.make_bcd_kind) {
		struct bcd_model mo;
		bcd_model_default(&mo, !strcmp(r->o.make_bcd_kind, "uefi"), r->o.menu_title);
		if (bcd_generate(r->o.iso, &mo, err, sizeof err)) die("%s", err);
		return 0;
	}
	catch_signals();
	if (r->o.list) return list_images(r);
	if (r->o.remove) return remove_image(r);
	if (r->o.recover_only) {
		snprintf(r->name, sizeof r->name, "%s", r->o.name);
		struct stat st;
		const char *what = "";
		if (stat(r->windir, &st) == 0) {
			take_lock(r, 0);
			what = recover(r, r->name);
		}
		printf("%s\n", *what ? what : "nothing to recover");
		return 0;
	}

	wimsrc_global_init();
	if (media_open(&r->m, r->o.iso, err, sizeof err)) die("%s", err);
	const struct media_entry *we = mfile(r, "sources/boot.wim");
	if (!we)
		die("not a Windows image: no sources/boot.wim in %s (%s); pass Windows or WinPE media", r->o.iso,
		    media_kind_name(r->m.kind));
	info("%s: %s media, volume \"%s\", %zu entries", r->o.iso, media_kind_name(r->m.kind), r->m.volid, r->m.n);

	/* everything a real run checks, a dry run checks too, before writing */
	wim_facts(r, we);
	if (r->o.name) snprintf(r->name, sizeof r->name, "%s", r->o.name);
	else default_name(r);
	snprintf(r->live, sizeof r->live, "%s/%s", r->windir, r->name);
	prepare_root(r);
	take_lock(r, r->o.dry_run);
	if (!r->o.dry_run) {
		const char *rec = recover(r, r->name);
		if (*rec) info("%s: %s", r->live, rec);
	}
	struct stat st;
	char livemf[PATH_MAX + 16];
	snprintf(livemf, sizeof livemf, "%s/manifest", r->live);
	int had = lstat(r->live, &st) == 0;
	if (had && (!S_ISDIR(st.st_mode) || access(livemf, F_OK) != 0) && !r->o.force)
		die("%s exists and was not made by prep-tftproot (use --force to replace it)", r->live);
	uint64_t rtbytes = r->o.no_syslinux ? 0 : check_runtime(r);
	uint64_t known = space_known(r, we, rtbytes);
	check_space(r, r->windir, known + (r->o.dry_run ? WIM_FILES_GUESS : 0));

	char append[PATH_MAX + 64], append_efi[PATH_MAX + 64], title[256];
	append_arg(r, append, sizeof append, 0);
	append_arg(r, append_efi, sizeof append_efi, 1);
	snprintf(title, sizeof title, "%s", r->o.menu_title ? r->o.menu_title : "");
	if (!title[0]) snprintf(title, sizeof title, "Windows PE (%s)", r->name);
	char *entry = NULL, *entry_efi = NULL;
	free(cfg_text(r, "", title, append, &entry));
	free(cfg_text(r, "/efi64", title, append_efi, &entry_efi));

	if (r->o.dry_run) {
		r->state = "dry-run";
		dry_run_plan(r);
		report(r, entry, entry_efi, append);
		free(entry);
		free(entry_efi);
		media_close(&r->m);
		return 0;
	}

	struct wimsrc w;
	stage_wim(r, we, &w);
	test_pause("wim");
	uint64_t fromwim = space_from_wim(r, &w);
	wimsrc_close(&w);
	check_space(r, r->windir, known + fromwim);

	snprintf(r->stage, sizeof r->stage, "%s/.%s.new", r->windir, r->name);
	if (mkdir(r->stage, 0755) != 0) {
		int e = errno;
		r->stage[0] = 0;
		die("%s/.%s.new: %s (free space or inodes in %s?)", r->windir, r->name, strerror(e), r->windir);
	}
	build_stage(r);

	char stagemf[PATH_MAX + 16];
	snprintf(stagemf, sizeof stagemf, "%s/manifest", r->stage);
	/* unchanged only if the live files themselves (not just their old
	 * manifest) hash to the new manifest */
	char *a = tree_slurp(stagemf, NULL), *b = had ? tree_manifest(r->live, NULL) : NULL;
	int same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	if (!r->o.no_syslinux) stage_runtime(r, title, append, append_efi);
	test_pause("runtime");

	/* commit: the image tree, then the runtime and configs; no signal
	 * interrupts the renames */
	hold_signals(1);
	if (same) {
		tree_rm_rf(r->stage);
		r->state = "unchanged";
	} else {
		if (tree_swap(r->windir, r->name))
			die("moving %s into place: %s (run again, or --recover --name %s)", r->live, strerror(errno), r->name);
		r->state = had ? "updated" : "created";
	}
	r->stage[0] = 0;
	int n = 0;
	struct wp_err e;
	if (runtime_commit(&r->rt, &n, &e)) die("%s", e.msg);
	r->nmade = 0;
	hold_signals(0);
	if (n) info("installed %d syslinux/winpe.c32 runtime and config file(s) into %s", n, r->o.root);
	/* Secure Boot path: the signed boot manager's root files (sbtree.c) */
	if (!r->o.no_secure_boot) sb_step(r, title);
	report(r, entry, entry_efi, append);
	free(entry);
	free(entry_efi);
	media_close(&r->m);
	if (r->lockfd >= 0) close(r->lockfd);
	return 0;
}
