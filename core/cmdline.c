/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c - parser of the winpe.c32 APPEND words; grammar in cmdline.h. */
#include "cmdline.h"

/* Option flags, for "given twice" detection. */
enum {
	O_INDEX = 1 << 0, O_PAUSE = 1 << 1, O_PAUSE_QUIET = 1 << 2, O_GUI = 1 << 3,
	O_QUIET = 1 << 4, O_RAWBCD = 1 << 5, O_RAWWIM = 1 << 6, O_CHECK = 1 << 7,
	O_VERIFY = 1 << 8, O_NOVERIFY = 1 << 9, O_BOOTMGR = 1 << 10,
	O_BCD = 1 << 11, O_SDI = 1 << 12, O_WIM = 1 << 13, O_LINEAR = 1 << 14,
	O_HIGHMEM = 1 << 15, O_SYSTAB = 1 << 16, O_TFTP = 1 << 17, O_HTTP = 1 << 18,
};

struct parser {
	struct cmdline *c;
	unsigned cap;     /* allocated entries of c->files */
	unsigned seen;    /* O_* given so far */
	struct wp_err *err;
};

/* A copy of the first n bytes of s as a NUL-terminated string, or NULL. */
static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* ASCII lower case. */
static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* True when s starts with prefix p, ignoring ASCII case. */
static bool has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; p[i]; i++)
		if (i >= n || lower((unsigned char)s[i]) != lower((unsigned char)p[i]))
			return false;
	return true;
}

/* Names equal ignoring ASCII case, with '/' and '\' treated alike. */
static bool same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a == '/' ? '\\' : lower((unsigned char)*a);
		int y = *b == '/' ? '\\' : lower((unsigned char)*b);

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

/* True when s[0..n) holds a control character (or DEL). */
static bool has_ctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* Length of the scheme + authority of an http(s) URL, 0 if not a URL. */
static size_t url_authority_end(const char *s, size_t n)
{
	size_t i;

	if (has_prefix_ci(s, n, "http://"))
		i = 7;
	else if (has_prefix_ci(s, n, "https://"))
		i = 8;
	else
		return 0;
	while (i < n && s[i] != '/')
		i++;
	return i;
}

/* Check a destination name: components, characters.  word is for messages. */
static int check_name(struct parser *p, const char *name, const char *word)
{
	const char *s = name, *e;

	if (*s == '\\' || *s == '/')
		s++;
	for (;;) {
		for (e = s; *e && *e != '\\' && *e != '/'; e++) {
			unsigned char ch = (unsigned char)*e;
			if (ch < 0x20 || ch == 0x7f)
				return wp_fail(p->err, WP_EINVAL,
					       "'%s': name contains a control character", word);
			if (strchr(":*?\"<>|", ch))
				return wp_fail(p->err, WP_EINVAL,
					       "'%s': name '%s' contains '%c'", word, name, ch);
		}
		if (e == s)
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': name '%s' has an empty path component", word, name);
		if (e - s == 2 && s[0] == '.' && s[1] == '.')
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': name '%s' contains a '..' component", word, name);
		if (!*e)
			return WP_OK;
		s = e + 1;
	}
}

/*
 * Add one SRC[@NAME] item (item[0..n)) of the given kind.  def is the name
 * used when no @NAME is given (NULL: the basename of SRC).
 */
static int add_item(struct parser *p, const char *item, size_t n,
		    enum cmdline_kind kind, const char *def, const char *word)
{
	struct cmdline *c = p->c;
	struct cmdline_file *fe;
	size_t at = n, auth = url_authority_end(item, n), i, b, e;
	char *src, *name;
	int rc;

	for (i = n; i-- > 0;)
		if (item[i] == '@') {
			if (i >= auth)
				at = i;
			break;
		}
	if (!n)
		return wp_fail(p->err, WP_EINVAL, "'%s': empty source", word);
	if (at == 0)
		return wp_fail(p->err, WP_EINVAL, "'%s': empty source before '@'", word);
	if (has_ctl(item, n))
		return wp_fail(p->err, WP_EINVAL, "'%s': contains a control character", word);
	if (at < n && at + 1 == n)
		return wp_fail(p->err, WP_EINVAL, "'%s': empty name after '@'", word);
	if (c->n_files >= CMDLINE_MAX_FILES)
		return wp_fail(p->err, WP_ERANGE, "'%s': too many files (limit %u)",
			       word, CMDLINE_MAX_FILES);

	src = dupn(item, at);
	if (at < n) {
		name = dupn(item + at + 1, n - at - 1);
	} else if (def) {
		name = dupn(def, strlen(def));
	} else {
		/* basename of SRC; a URL loses its query and fragment */
		e = at;
		if (auth)
			for (i = auth; i < at; i++)
				if (item[i] == '?' || item[i] == '#') {
					e = i;
					break;
				}
		for (b = e; b > auth && item[b - 1] != '/'; b--)
			;
		if (auth && b == auth) /* "http://host" has no path at all */
			b = e;
		if (b == e) {
			free(src);
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': source has no file name; add @NAME", word);
		}
		name = dupn(item + b, e - b);
	}
	if (!src || !name) {
		free(src);
		free(name);
		return wp_fail(p->err, WP_ENOMEM, "out of memory parsing '%s'", word);
	}
	rc = check_name(p, name, word);
	for (i = 0; !rc && i < c->n_files; i++)
		if (c->files[i].kind == kind && same_name(c->files[i].name, name))
			rc = wp_fail(p->err, WP_EINVAL,
				     "'%s': name '%s' already used by '%s'", word, name,
				     c->files[i].src);
	if (!rc && c->n_files == p->cap) {
		unsigned cap = p->cap ? 2 * p->cap : 8;
		struct cmdline_file *nf = realloc(c->files, cap * sizeof(*nf));
		if (!nf)
			rc = wp_fail(p->err, WP_ENOMEM, "out of memory parsing '%s'", word);
		else {
			c->files = nf;
			p->cap = cap;
		}
	}
	if (rc) {
		free(src);
		free(name);
		return rc;
	}
	fe = &c->files[c->n_files++];
	fe->src = src;
	fe->name = name;
	fe->kind = kind;
	return WP_OK;
}

/* initrdfile=A,B,...: add each comma-separated item. */
static int add_list(struct parser *p, const char *list, const char *word)
{
	const char *s = list, *e;
	int rc;

	if (!*list)
		return wp_fail(p->err, WP_EINVAL, "'%s': no files listed", word);
	for (;;) {
		e = strchr(s, ',');
		if (!e)
			e = s + strlen(s);
		if (e == s)
			return wp_fail(p->err, WP_EINVAL, "'%s': empty entry in the list", word);
		rc = add_item(p, s, (size_t)(e - s), CMDLINE_FILE, NULL, word);
		if (rc || !*e)
			return rc;
		s = e + 1;
	}
}

/* Mark option bit o as given; fail when it was given before. */
static int once(struct parser *p, unsigned o, const char *word)
{
	if (p->seen & o)
		return wp_fail(p->err, WP_EINVAL, "'%s' given twice", word);
	p->seen |= o;
	return WP_OK;
}

/* index=N: a decimal image number from 1 to CMDLINE_MAX_INDEX. */
static int parse_index(struct parser *p, const char *v, const char *word)
{
	unsigned long n = 0;
	const char *s;

	if (!*v)
		return wp_fail(p->err, WP_EINVAL, "'%s': missing image number", word);
	for (s = v; *s; s++) {
		if (*s < '0' || *s > '9')
			return wp_fail(p->err, WP_EINVAL, "'%s': not a decimal number", word);
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > CMDLINE_MAX_INDEX)
			return wp_fail(p->err, WP_EINVAL, "'%s': image number above %u",
				       word, CMDLINE_MAX_INDEX);
	}
	if (!n)
		return wp_fail(p->err, WP_EINVAL, "'%s': images are numbered from 1", word);
	p->c->index = (unsigned)n;
	return WP_OK;
}

/* The basename of a shorthand SRC equals "bootmgr" (any case)? */
static bool is_plain_bootmgr(const char *v)
{
	const char *b = strrchr(v, '/');

	b = b ? b + 1 : v;
	return same_name(b, "bootmgr");
}

/* A bare word: a flag option or the directory. */
static int parse_bare(struct parser *p, const char *w)
{
	static const struct { const char *kw; unsigned o; } flags[] = {
		{ "pause", O_PAUSE }, { "gui", O_GUI }, { "quiet", O_QUIET },
		{ "rawbcd", O_RAWBCD }, { "rawwim", O_RAWWIM }, { "check", O_CHECK },
		{ "verify", O_VERIFY }, { "noverify", O_NOVERIFY },
		{ "linear", O_LINEAR }, { "highmem", O_HIGHMEM },
	};
	struct cmdline *c = p->c;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strcmp(w, flags[i].kw))
			continue;
		rc = once(p, flags[i].o, w);
		if (rc)
			return rc;
		switch (flags[i].o) {
		case O_PAUSE: c->pause = true; break;
		case O_GUI: c->gui = true; break;
		case O_QUIET: c->quiet = true; break;
		case O_RAWBCD: c->rawbcd = true; break;
		case O_RAWWIM: c->rawwim = true; break;
		case O_CHECK: c->check = true; break;
		case O_VERIFY: c->verify = true; break;
		case O_NOVERIFY: c->noverify = true; break;
		case O_LINEAR: c->linear = true; break;
		case O_HIGHMEM: c->highmem = true; break;
		}
		return WP_OK;
	}
	if (w[0] == '-')
		return wp_fail(p->err, WP_EINVAL, "unknown option '%s'", w);
	n = strlen(w);
	if (has_ctl(w, n))
		return wp_fail(p->err, WP_EINVAL, "'%s': contains a control character", w);
	if (c->dir)
		return wp_fail(p->err, WP_EINVAL,
			       "two directories given: '%s' and '%s' (misspelt option?)",
			       c->dir[0] ? c->dir : "/", w);
	while (n > 0 && w[n - 1] == '/')
		n--;
	c->dir = dupn(w, n);
	if (!c->dir)
		return wp_fail(p->err, WP_ENOMEM, "out of memory parsing '%s'", w);
	return WP_OK;
}

/*
 * Keys syslinux itself appends to the arguments of any module (IPAPPEND /
 * SYSAPPEND in the configuration); they are accepted and ignored.
 */
static bool is_sysappend_key(const char *w, size_t klen)
{
	static const char *const keys[] = {
		"ip", "BOOTIF", "SYSUUID", "FSUUID", "CPU", "SYSVENDOR", "SYSPRODUCT",
		"SYSVERSION", "SYSSERIAL", "SYSSKU", "SYSFAMILY", "MBVENDOR",
		"MBPRODUCT", "MBVERSION", "MBSERIAL", "MBASSET", "BIOSVENDOR",
		"BIOSVERSION", "SYSFF",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == klen && !memcmp(w, keys[i], klen))
			return true;
	return false;
}

/* A KEY=VALUE word. */
static int parse_keyed(struct parser *p, const char *w, const char *eq)
{
	size_t klen = (size_t)(eq - w);
	const char *v = eq + 1;
	int rc;

#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(w, k, klen))
	if (KEY("index"))
		return (rc = once(p, O_INDEX, "index")) ? rc : parse_index(p, v, w);
	if (KEY("pause")) {
		if (strcmp(v, "quiet"))
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': unknown value (only pause=quiet)", w);
		if ((rc = once(p, O_PAUSE_QUIET, w)))
			return rc;
		p->c->pause_quiet = true;
		return WP_OK;
	}
	if (KEY("systab")) {
		if (strcmp(v, "image"))
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': unknown value (only systab=image)", w);
		if ((rc = once(p, O_SYSTAB, "systab=")))
			return rc;
		p->c->systab_image = true;
		return WP_OK;
	}
	if (KEY("tftp")) {
		if (strcmp(v, "classic") && strcmp(v, "own"))
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': unknown value (tftp=classic or tftp=own)", w);
		if ((rc = once(p, O_TFTP, "tftp=")))
			return rc;
		if (!strcmp(v, "own"))
			p->c->tftp_own = true;
		else
			p->c->tftp_classic = true;
		return WP_OK;
	}
	if (KEY("http")) {
		if (strcmp(v, "classic") && strcmp(v, "own"))
			return wp_fail(p->err, WP_EINVAL,
				       "'%s': unknown value (http=classic or http=own)", w);
		if ((rc = once(p, O_HTTP, "http=")))
			return rc;
		if (!strcmp(v, "own"))
			p->c->http_own = true;
		else
			p->c->http_classic = true;
		return WP_OK;
	}
	if (KEY("initrdfile") || KEY("initrd"))
		return add_list(p, v, w);
	if (KEY("file"))
		return add_item(p, v, strlen(v), CMDLINE_FILE, NULL, w);
	if (KEY("inject"))
		return add_item(p, v, strlen(v), CMDLINE_INJECT, NULL, w);
	if (KEY("bootmgr"))
		return (rc = once(p, O_BOOTMGR, "bootmgr=")) ? rc :
			add_item(p, v, strlen(v), CMDLINE_FILE,
				 is_plain_bootmgr(v) ? "bootmgr" : "bootmgr.exe", w);
	if (KEY("bcd"))
		return (rc = once(p, O_BCD, "bcd=")) ? rc :
			add_item(p, v, strlen(v), CMDLINE_FILE, "BCD", w);
	if (KEY("sdi"))
		return (rc = once(p, O_SDI, "sdi=")) ? rc :
			add_item(p, v, strlen(v), CMDLINE_FILE, "boot.sdi", w);
	if (KEY("wim"))
		return (rc = once(p, O_WIM, "wim=")) ? rc :
			add_item(p, v, strlen(v), CMDLINE_FILE, "boot.wim", w);
#undef KEY
	if (is_sysappend_key(w, klen))
		return WP_OK;
	return wp_fail(p->err, WP_EINVAL, "unknown option '%s'", w);
}

/* Parse the APPEND words into a new struct cmdline. */
int cmdline_parse(int n, const char *const *words, struct cmdline **out,
		  struct wp_err *err)
{
	struct parser p;
	int i, rc = WP_OK;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.c = calloc(1, sizeof(*p.c));
	if (!p.c)
		return wp_fail(err, WP_ENOMEM, "out of memory parsing the command line");
	for (i = 0; !rc && i < n; i++) {
		const char *w = words[i];
		const char *eq;

		if (!w || !*w) {
			rc = wp_fail(err, WP_EINVAL, "empty argument %d", i + 1);
			break;
		}
		eq = strchr(w, '=');
		rc = eq ? parse_keyed(&p, w, eq) : parse_bare(&p, w);
	}
	if (!rc && p.c->verify && p.c->noverify)
		rc = wp_fail(err, WP_EINVAL, "'verify' and 'noverify' conflict");
	if (!rc && p.c->linear && p.c->highmem)
		rc = wp_fail(err, WP_EINVAL, "'linear' and 'highmem' conflict");
	if (!rc && p.c->pause && p.c->pause_quiet)
		rc = wp_fail(err, WP_EINVAL, "'pause' and 'pause=quiet' conflict");
	if (rc) {
		cmdline_free(p.c);
		return rc;
	}
	*out = p.c;
	return WP_OK;
}

/* Free a struct from cmdline_parse() and all its strings. */
void cmdline_free(struct cmdline *c)
{
	unsigned i;

	if (!c)
		return;
	for (i = 0; i < c->n_files; i++) {
		free(c->files[i].src);
		free(c->files[i].name);
	}
	free(c->files);
	free(c->dir);
	free(c);
}
