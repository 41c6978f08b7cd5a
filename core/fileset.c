/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileset.c - the file-set policy of fileset.h: roles, completion through
 * core/bootfiles.c, injection through core/wimpatch.c and the BCD patch
 * through core/bcdpatch.c, for the module and winpe-disk alike.
 */
#include "bcdpatch.h"
#include "bootfiles.h"
#include "fileset.h"
#include "wimpatch.h"

/* Does a equal lower (given in lower case), ignoring ASCII case? */
static bool is_ci(const char *a, const char *lower)
{
	return strlen(a) == strlen(lower) && wp_ends_ci(a, lower);
}

/* ASCII lower case, '/' as '\'. */
static char fold(char c)
{
	if (c == '/')
		return '\\';
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Do n bytes of a and b match under fold()? */
static bool same_n(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

/*
 * Is name a bare name or a file directly in \boot, \efi\boot or
 * \efi\microsoft\boot (the directories the virtual disk shows alike)?
 */
static bool in_boot_dir(const char *name)
{
	static const char *const dirs[] = { "boot", "efi\\boot", "efi\\microsoft\\boot" };
	const char *b = wp_basename(name), *p = name;
	size_t dl, i;

	if (b == name)
		return true;
	if (*p == '\\' || *p == '/')
		p++;
	if (b == p)
		return false; /* the root */
	dl = (size_t)(b - p) - 1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strlen(dirs[i]) == dl && same_n(p, dirs[i], dl))
			return true;
	return false;
}

/* p without one leading separator. */
static const char *unrooted(const char *p)
{
	return p + (p[0] == '\\' || p[0] == '/');
}

/*
 * For a path (unrooted) under \boot, \efi\boot or \efi\microsoft\boot, which
 * the virtual disk shows in all three (core/vdisk.c): what follows that
 * directory; otherwise NULL.
 */
static const char *boot_rest(const char *p)
{
	static const char *const pre[] = { "boot\\", "efi\\boot\\", "efi\\microsoft\\boot\\" };
	unsigned i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (strlen(p) > strlen(pre[i]) && same_n(p, pre[i], strlen(pre[i])))
			return p + strlen(pre[i]);
	return NULL;
}

/* Is the directory part of p (dl bytes) one of dirs? */
static bool dir_in(const char *p, size_t dl, const char *const *dirs, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (strlen(dirs[i]) == dl && same_n(p, dirs[i], dl))
			return true;
	return false;
}

/* Is the bare name b shown at path p (a bare name is in every standard directory)? */
static bool bare_lands_on(const char *b, const char *p)
{
	static const char *const top[] = { "sources", "efi", "efi\\microsoft" };
	static const char *const in_boot[] = { "fonts", "resources" };
	const char *pb = wp_basename(p), *r;

	if (strlen(pb) != strlen(b) || !same_n(pb, b, strlen(b)))
		return false;
	p = unrooted(p);
	if (pb == p)
		return true; /* the root */
	if ((r = boot_rest(p)) != NULL)
		return pb == r || dir_in(r, (size_t)(pb - r) - 1, in_boot, 2);
	return dir_in(p, (size_t)(pb - p) - 1, top, 3);
}

/* Would two disk names take the same place on the virtual disk? */
bool fileset_same_place(const char *a, const char *b)
{
	bool ba = wp_basename(a) == a, bb = wp_basename(b) == b;
	const char *ra, *rb;

	if (ba != bb)
		return ba ? bare_lands_on(a, b) : bare_lands_on(b, a);
	if (!ba) { /* two paths: the three boot directories are one */
		a = unrooted(a);
		b = unrooted(b);
		ra = boot_rest(a);
		rb = boot_rest(b);
		if (!ra != !rb)
			return false;
		if (ra) {
			a = ra;
			b = rb;
		}
	}
	return strlen(a) == strlen(b) && same_n(a, b, strlen(a));
}

/* The role a disk name has. */
enum fileset_role fileset_role_of(const char *name)
{
	const char *b = wp_basename(name);

	if (is_ci(b, "bootmgr"))
		return FILESET_BOOTMGR;
	if (is_ci(b, "bootmgr.exe"))
		return FILESET_BOOTMGR_EXE;
	if (is_ci(b, "bootmgfw_ex.efi"))
		return FILESET_BOOTMGFW_EX;
	if (is_ci(b, "bootmgfw.efi"))
		return FILESET_BOOTMGFW;
	if (is_ci(b, "bcd"))
		return in_boot_dir(name) ? FILESET_BCD : FILESET_OTHER;
	if (is_ci(b, "boot.sdi"))
		return in_boot_dir(name) ? FILESET_SDI : FILESET_OTHER;
	if (is_ci(b, "boot.stl"))
		return in_boot_dir(name) ? FILESET_STL : FILESET_OTHER;
	if (wp_ends_ci(b, ".wim"))
		return FILESET_WIM;
	if (wp_ends_ci(b, ".ttf"))
		return FILESET_FONT;
	return FILESET_OTHER;
}

/* Assign the roles: a user's file wins, then the last one given. */
void fileset_roles(const struct fileset_file *f, unsigned n, enum layout_fw fw,
		   struct fileset_roles *r)
{
	bool user[FILESET_N_ROLES];
	unsigned i;

	for (i = 0; i < FILESET_N_ROLES; i++) {
		r->pick[i] = -1;
		user[i] = false;
	}
	for (i = 0; i < n; i++) {
		enum fileset_role role;
		if (f[i].inject || f[i].hidden)
			continue;
		role = fileset_role_of(f[i].name);
		if (role == FILESET_OTHER || (user[role] && !f[i].user))
			continue;
		r->pick[role] = (int)i;
		user[role] = f[i].user;
	}
	r->n_bootmgr = 0;
	if (fw == LAYOUT_BIOS) {
		if (r->pick[FILESET_BOOTMGR_EXE] >= 0)
			r->bootmgr[r->n_bootmgr++] = r->pick[FILESET_BOOTMGR_EXE];
	} else {
		if (r->pick[FILESET_BOOTMGFW_EX] >= 0)
			r->bootmgr[r->n_bootmgr++] = r->pick[FILESET_BOOTMGFW_EX];
		if (r->pick[FILESET_BOOTMGFW] >= 0)
			r->bootmgr[r->n_bootmgr++] = r->pick[FILESET_BOOTMGFW];
	}
}

/* Whether the file goes into the WIM (inject=, or a user's non-boot file). */
bool fileset_injects(const struct fileset_file *f)
{
	if (f->hidden)
		return false;
	return f->inject || (f->user && !wimpatch_is_boot_file(f->name));
}

/* The set as core/bootfiles.c sees it. */
struct fs_ctx {
	struct fileset_file **files;
	unsigned *n;
	const struct fileset_opts *o;
};

/* Append a file; takes data (freed on failure); name and src are copied. */
static int append(struct fs_ctx *c, const char *name, const char *src, uint8_t *data,
		  uint64_t size, bool hidden)
{
	struct fileset_file *f = realloc(*c->files, (*c->n + 1) * sizeof(*f));

	if (!f) {
		free(data);
		return WP_ENOMEM;
	}
	*c->files = f;
	f = &f[*c->n];
	memset(f, 0, sizeof(*f));
	f->name = malloc(strlen(name) + 1);
	f->src = malloc(strlen(src) + 1);
	f->data = data;
	f->size = size;
	f->hidden = hidden;
	(*c->n)++;
	if (!f->name || !f->src)
		return WP_ENOMEM;
	strcpy(f->name, name);
	strcpy(f->src, src);
	return 0;
}

/* The chosen file of the role a name has (bootfiles_ops.get). */
static const uint8_t *ops_get(void *ctx, const char *name, uint64_t *size)
{
	struct fs_ctx *c = ctx;
	struct fileset_roles r;
	enum fileset_role role = fileset_role_of(name);
	int i;

	if (role == FILESET_OTHER)
		return NULL;
	fileset_roles(*c->files, *c->n, c->o->fw, &r);
	i = r.pick[role];
	if (i < 0)
		return NULL;
	*size = (*c->files)[i].size;
	return (*c->files)[i].data;
}

/* The chosen WIM (bootfiles_ops.wim). */
static const uint8_t *ops_wim(void *ctx, uint64_t *size, const char **name)
{
	struct fs_ctx *c = ctx;
	struct fileset_roles r;
	int i;

	fileset_roles(*c->files, *c->n, c->o->fw, &r);
	i = r.pick[FILESET_WIM];
	if (i < 0)
		return NULL;
	*size = (*c->files)[i].size;
	*name = (*c->files)[i].src;
	return (*c->files)[i].data;
}

/* A file made from the others (bootfiles_ops.add). */
static int ops_add(void *ctx, const char *name, uint8_t *data, uint64_t size)
{
	return append(ctx, name, "extracted", data, size, false);
}

/* A non-fatal problem (bootfiles_ops.warn). */
static void ops_warn(void *ctx, const char *msg)
{
	struct fs_ctx *c = ctx;

	if (c->o->say)
		c->o->say(c->o->ctx, true, msg);
}

/* Does the set have a file of this extension's role (bootfiles_ops.has_ext)? */
static bool ops_has_ext(void *ctx, const char *ext)
{
	struct fs_ctx *c = ctx;
	struct fileset_roles r;

	if (strcmp(ext, ".ttf"))
		return false;
	fileset_roles(*c->files, *c->n, c->o->fw, &r);
	return r.pick[FILESET_FONT] >= 0;
}

/* Add what is missing. */
int fileset_complete(struct fileset_file **files, unsigned *n, const struct fileset_opts *o,
		     struct wp_err *err)
{
	struct fs_ctx c = { files, n, o };
	struct bootfiles_ops ops = { ops_get, ops_wim, ops_add, ops_warn, &c, ops_has_ext };

	return bootfiles_complete(o->fw, o->index, &ops, err);
}

/* Tell the user about a change (printf-style). */
static void say(const struct fileset_opts *o, bool warning, const char *fmt, ...)
{
	char msg[sizeof(((struct wp_err *)0)->msg)];
	va_list ap;

	if (!o->say)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	o->say(o->ctx, warning, msg);
}

/* Inject and/or select the boot image. */
static int patch_wim(struct fs_ctx *c, int wi, struct wp_err *err)
{
	struct wimpatch_file *inj;
	struct wimpatch wp;
	struct fileset_file *w;
	unsigned i, k = 0;
	int rc;

	inj = calloc(*c->n + 1, sizeof(*inj));
	if (!inj)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (i = 0; i < *c->n; i++) {
		const struct fileset_file *f = &(*c->files)[i];
		if ((int)i == wi || !fileset_injects(f))
			continue;
		inj[k].target = f->name;
		inj[k].data = f->data;
		inj[k].size = f->size;
		k++;
	}
	if (!k && !c->o->index) {
		free(inj);
		return 0;
	}
	w = &(*c->files)[wi];
	rc = wimpatch_build(&wp, w->data, w->size, w->src, c->o->index, inj, k, err);
	free(inj);
	if (rc)
		return rc;
	if (wp.size >= 0xFFFFFFFFull) {
		wimpatch_free(&wp);
		return wp_fail(err, WP_ERANGE, "%s: the patched WIM would exceed 4 GiB; use rawwim",
			       w->src);
	}
	say(c->o, false, "%s: booting image %u as image %u of %u, %u file(s) injected",
	    w->name, wp.image, wp.boot_index, wp.image_count, k);
	/* the set takes over the extents and the new buffers */
	free(w->ext);
	if (!w->ext)
		w->data_len = w->size;
	w->ext = wp.ext;
	w->n_ext = wp.n_ext;
	w->size = wp.size;
	wp.ext = NULL;
	rc = append(c, "(patch data)", "(patch data)", wp.hdr, 208, true);
	if (!rc && wp.lt)
		rc = append(c, "(patch data)", "(patch data)", wp.lt, wp.lt_len, true);
	else
		free(wp.lt);
	if (!rc && wp.md)
		rc = append(c, "(patch data)", "(patch data)", wp.md, wp.md_len, true);
	else
		free(wp.md);
	if (!rc && wp.xml)
		rc = append(c, "(patch data)", "(patch data)", wp.xml, wp.xml_len, true);
	else
		free(wp.xml);
	wp.hdr = wp.lt = wp.md = wp.xml = NULL;
	wimpatch_free(&wp);
	return rc ? wp_fail(err, rc, "out of memory") : 0;
}

/* Adapt the BCD (a private copy replaces its bytes). */
static int patch_bcd(struct fs_ctx *c, int bi, int wi, struct wp_err *err)
{
	struct bcdpatch_stats st;
	struct fileset_file *b = &(*c->files)[bi];
	size_t len;
	uint8_t *copy;
	int rc;

	if (b->size < 4 || memcmp(b->data, "regf", 4)) {
		say(c->o, true, "%s is not a registry hive; left as it is", b->name);
		return 0;
	}
	len = (size_t)b->size;
	copy = malloc(len);
	if (!copy)
		return wp_fail(err, WP_ENOMEM, "out of memory for %s", b->name);
	memcpy(copy, b->data, len);
	rc = bcdpatch(&copy, &len, c->o->fw == LAYOUT_EFI, wi >= 0 ? (*c->files)[wi].name : NULL,
		      &st, err);
	if (rc) {
		free(copy);
		return rc;
	}
	if (!st.paths && !st.devices && !st.timeouts && !st.orders) {
		free(copy);
		return 0;
	}
	if (!b->borrowed) {
		if (c->o->release)
			c->o->release(b->data);
		else
			free(b->data);
	}
	b->data = copy;
	b->size = len;
	b->borrowed = false;
	say(c->o, false, "%s: patched for %s (%u paths, %u RAM-disk devices, %u timeouts, "
	    "%u display orders)", b->name, c->o->fw == LAYOUT_EFI ? "UEFI" : "BIOS", st.paths,
	    st.devices, st.timeouts, st.orders);
	return 0;
}

/* Patch the WIM and the BCD as the options say. */
int fileset_patch(struct fileset_file **files, unsigned *n, const struct fileset_opts *o,
		  struct wp_err *err)
{
	struct fs_ctx c = { files, n, o };
	struct fileset_roles r;
	int rc = 0;

	fileset_roles(*files, *n, o->fw, &r);
	if (!o->rawwim && r.pick[FILESET_WIM] >= 0)
		rc = patch_wim(&c, r.pick[FILESET_WIM], err);
	if (!rc && !o->rawbcd && r.pick[FILESET_BCD] >= 0)
		rc = patch_bcd(&c, r.pick[FILESET_BCD], r.pick[FILESET_WIM], err);
	return rc;
}

/* Free the set, the data with release (NULL: free()). */
void fileset_free_with(struct fileset_file *files, unsigned n, void (*release)(void *data))
{
	unsigned i;

	for (i = 0; files && i < n; i++) {
		free(files[i].name);
		free(files[i].src);
		if (!files[i].borrowed) {
			if (release)
				release(files[i].data);
			else
				free(files[i].data);
		}
		free(files[i].ext);
	}
	free(files);
}

/* Free the set (data with free()). */
void fileset_free(struct fileset_file *files, unsigned n)
{
	fileset_free_with(files, n, NULL);
}
