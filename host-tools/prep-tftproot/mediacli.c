/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediacli.c - option handling and shared helpers of the --iso / --media
 * runs (see mediacli.h).
 */
#define _GNU_SOURCE
#include "mediacli.h"
#include "isoout.h"
#include "media.h"
#include "mediadir.h"
#include "tree.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PT_MODULE_DIR
#define PT_MODULE_DIR "/usr/local/lib/winpe-c32"
#endif

static char cleanup_dir[PATH_MAX];
static volatile sig_atomic_t child_pid, got_signal;

/* Register the staging directory mc_die removes. */
void mc_set_cleanup(const char *dir)
{
	snprintf(cleanup_dir, sizeof cleanup_dir, "%s", dir ? dir : "");
}

/* Error exit (see mediacli.h). */
void mc_die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "prep-tftproot: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cleanup_dir[0]) tree_rm_rf(cleanup_dir);
	exit(1);
}

/* SIGINT/SIGTERM/SIGHUP: pass it to the running child and remember it; the
 * waiting parent then cleans up and exits. */
static void on_signal(int sig)
{
	got_signal = sig;
	if (child_pid > 0) kill((pid_t)child_pid, sig);
}

/* Run a program (see mediacli.h). */
int mc_run(char *const argv[], char *out, size_t cap)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) mc_die("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0) mc_die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(p[1], 1);
		/* "prep-tftproot" is this very program (its messages keep the name) */
		execvp(strcmp(argv[0], "prep-tftproot") ? argv[0] : "/proc/self/exe", argv);
		fprintf(stderr, "prep-tftproot: error: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	child_pid = pid;
	close(p[1]);
	size_t n = 0;
	char junk[4096];
	for (;;) {
		ssize_t r = cap > n + 1 ? read(p[0], out + n, cap - n - 1) : read(p[0], junk, sizeof junk);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) break;
		if (cap > n + 1) n += (size_t)r;
	}
	if (cap) out[n] = 0;
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
	child_pid = 0;
	if (got_signal) mc_die("interrupted (signal %d); nothing half-written is left", (int)got_signal);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The value of "key": "..." in the child's JSON (names need no escapes). */
static void json_field(const char *js, const char *key, char *out, size_t cap)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\": \"", key);
	const char *p = strstr(js, pat);
	out[0] = 0;
	if (!p) return;
	p += strlen(pat);
	size_t i = 0;
	while (p[i] && p[i] != '"' && i + 1 < cap) {
		out[i] = p[i];
		i++;
	}
	out[i] = 0;
}

/* Build the tree with the PXE code in a child (see mediacli.h). */
void mc_build_tree(const struct mc_opts *o, const char *root, char *name, size_t ncap, char *state,
		   size_t scap)
{
	char **av = calloc((size_t)o->nfwd + 9, sizeof *av);
	if (!av) mc_die("out of memory");
	int n = 0;
	av[n++] = "prep-tftproot";
	for (int i = 0; i < o->nfwd; i++) av[n++] = o->fwd[i];
	av[n++] = "--root";
	av[n++] = (char *)root;
	av[n++] = "--no-syslinux";
	/* the signed boot manager's root store serves PXE clients only */
	av[n++] = "--no-secure-boot";
	av[n++] = "--json";
	av[n] = NULL;
	size_t cap = 1 << 20;
	char *js = malloc(cap);
	if (!js) mc_die("out of memory");
	int rc = mc_run(av, js, cap);
	free(av);
	if (rc != 0) {
		char msg[512];
		json_field(js, "error", msg, sizeof msg);
		free(js);
		if (rc == 2) { /* a usage error, explained by the child */
			if (cleanup_dir[0]) tree_rm_rf(cleanup_dir);
			exit(2);
		}
		if (!msg[0]) mc_die("the windows/ tree was not built (exit status %d)", rc);
		/* the child printed the reason on stderr already */
		if (cleanup_dir[0]) tree_rm_rf(cleanup_dir);
		exit(1);
	}
	json_field(js, "name", name, ncap);
	json_field(js, "state", state, scap);
	free(js);
	if (!name[0]) mc_die("internal: no image name from the tree build");
}

/* sources/boot.wim size (see mediacli.h). */
uint64_t mc_wim_size(const struct mc_opts *o)
{
	struct media m;
	char err[512];
	if (media_open(&m, o->src, err, sizeof err)) mc_die("%s", err);
	const struct media_entry *e = media_find(&m, "sources/boot.wim");
	if (!e || e->is_dir) {
		media_close(&m);
		mc_die("not a Windows image: no sources/boot.wim in %s", o->src);
	}
	uint64_t s = e->size;
	media_close(&m);
	return s;
}

/* Free space (see mediacli.h). */
uint64_t mc_free_space(const char *path)
{
	struct statvfs v;
	if (statvfs(path, &v) != 0) return UINT64_MAX;
	return (uint64_t)v.f_bavail * v.f_frsize;
}

/* --module-dir, the build tree next to the binary, PREFIX/lib/winpe-c32
 * next to an installed binary, else the built-in default. */
static void module_dir(struct mc_opts *o, const char *given)
{
	char exe[PATH_MAX], p[PATH_MAX + 64];
	if (given) {
		snprintf(o->module_dir, sizeof o->module_dir, "%s", given);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		*strrchr(exe, '/') = 0;
		snprintf(p, sizeof p, "%s/../bios/winpe.c32", exe);
		if (access(p, R_OK) == 0) {
			snprintf(o->module_dir, sizeof o->module_dir, "%s/..", exe);
			return;
		}
		snprintf(p, sizeof p, "%s/../lib/winpe-c32/bios/winpe.c32", exe);
		if (access(p, R_OK) == 0) {
			snprintf(o->module_dir, sizeof o->module_dir, "%s/../lib/winpe-c32", exe);
			return;
		}
	}
	snprintf(o->module_dir, sizeof o->module_dir, "%s", PT_MODULE_DIR);
}

/* Does option arg (without "=value") take a value? */
static int takes_value(const char *a)
{
	static const char *const v[] = {"--root", "--name", "--index", "--http-base", "--inject",
					"--bcd", "--menu-title", "--module-dir", "--make-bcd",
					"--tftp-blocksize", "--tftp-windowsize", "--iso", "--media"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(a, v[i])) return 1;
	return 0;
}

/* Usage error: message, exit 2. */
static void bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "prep-tftproot: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

/* The hook (see mediacli.h). */
int mediacli_main(int argc, char **argv)
{
	static struct mc_opts o;
	const char *mdir = NULL;
	int found = 0;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--iso") || !strcmp(argv[i], "--media") || !strncmp(argv[i], "--iso=", 6) ||
		    !strncmp(argv[i], "--media=", 8))
			found = 1;
	if (!found) return -1;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "--version"))
			return -1; /* main() answers those */
	o.fwd = calloc((size_t)argc + 1, sizeof *o.fwd);
	if (!o.fwd) mc_die("out of memory");
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *val = NULL, key[64];
		if (!strcmp(a, "--")) bad("%s: not supported with --iso/--media", a);
		if (a[0] != '-' || !a[1]) {
			if (o.src) bad("one source (ISO or tree) only; got also %s", a);
			o.src = a;
			o.fwd[o.nfwd++] = a;
			continue;
		}
		snprintf(key, sizeof key, "%.*s", (int)strcspn(a, "="), a);
		if (strchr(a, '=')) val = strchr(a, '=') + 1;
		else if (takes_value(key)) {
			if (i + 1 >= argc) bad("%s needs a value", key);
			val = argv[++i];
		}
		if (!strcmp(key, "--iso") || !strcmp(key, "--media")) {
			if (o.out) bad("%s: give one --iso or --media", key);
			o.out = val;
			o.iso = key[2] == 'i';
			continue;
		}
		if (!strcmp(key, "--root") || !strcmp(key, "--no-syslinux") || !strcmp(key, "--json") ||
		    !strcmp(key, "--http-base") || !strcmp(key, "--recover") || !strcmp(key, "--make-bcd") ||
		    !strcmp(key, "--dry-run") || !strcmp(key, "--list") || !strcmp(key, "--remove") ||
		    !strcmp(key, "--ui") || !strcmp(key, "--no-secure-boot") || !strcmp(key, "--sb-trust-ca"))
			bad("%s cannot be combined with --iso/--media", key);
		if (!strcmp(key, "--name")) {
			if (o.name) bad("--name %s: one image per run; run again to add more to the medium", val);
			o.name = val;
		}
		if (!strcmp(key, "--menu-title")) o.title = val;
		if (!strcmp(key, "--module-dir")) mdir = val;
		if (!strcmp(key, "--force")) o.force = 1;
		/* everything else goes to the tree build, which validates it */
		o.fwd[o.nfwd++] = a;
		if (val && !strchr(a, '=')) o.fwd[o.nfwd++] = val;
	}
	if (!o.src) bad("%s", "--iso/--media: which Windows ISO or tree? (prep-tftproot ISO --iso OUT.iso)");
	if (!o.out || !*o.out) bad("%s", "--iso/--media need a path");
	module_dir(&o, mdir);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return o.iso ? isoout_run(&o) : mediadir_run(&o);
}
