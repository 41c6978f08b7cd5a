/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_manifest.c - core/manifest.c: the documented format parses exactly
 * (comments, CRLF, blanks, case), lookups ignore case, verification accepts
 * the right bytes and names the line for wrong ones, every malformed line is
 * rejected with its exact message.  Digests of real files come from the host
 * sha256sum, so the parser is checked against the tool prep-tftproot mirrors.
 */
#include "harness.h"
#include "manifest.h"
#include <unistd.h>

static int h_bad;

#define H_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define H_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Parse a NUL-terminated text; returns rc, *m set on success. */
static int parse(const char *text, struct manifest **m, struct wp_err *err)
{
	return manifest_parse(text, strlen(text), "winpe/manifest", m, err);
}

/* The documented syntax in all its variants. */
static int test_parse_valid(void)
{
	static const char text[] =
		"# winpe.c32 manifest\r\n"
		"\r\n"
		"   # indented comment\n"
		"sha256 " H_ABC " size 3 path sources/boot.wim\r\n"
		"\t \n"
		"sha256\t" "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
		"  size\t\t0003   path   Boot/BCD\n"
		"sha256 " H_EMPTY " size 0 path boot/fonts/my font #1.ttf\n"
		"sha256 " H_EMPTY " size 18446744073709551615 path big";
	struct manifest *m;
	struct wp_err err = { 0, "" };
	const struct manifest_entry *e;
	uint8_t abc[32];
	int rc;

	h_bad = 0;
	sha256("abc", 3, abc);
	rc = parse(text, &m, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	if (rc)
		return h_bad;
	EXPECT(m->n == 4, "n %u", m->n);
	EXPECT(strcmp(m->name, "winpe/manifest") == 0, "name");
	e = manifest_find(m, "sources/boot.wim");
	EXPECT(e && e->size == 3 && e->line == 4 && !memcmp(e->sha256, abc, 32),
	       "sources/boot.wim entry");
	EXPECT(manifest_find(m, "SOURCES/BOOT.WIM") == e, "upper case lookup");
	EXPECT(manifest_find(m, "/Sources\\Boot.Wim") == e, "slash/backslash lookup");
	EXPECT(manifest_find(m, "\\\\sources/boot.wim") == e, "leading separators");
	e = manifest_find(m, "boot/bcd");
	EXPECT(e && e->size == 3 && e->line == 6 && !memcmp(e->sha256, abc, 32) &&
	       strcmp(e->path, "Boot/BCD") == 0, "Boot/BCD entry (upper hex, tabs)");
	e = manifest_find(m, "boot/fonts/MY FONT #1.ttf");
	EXPECT(e && e->size == 0 && e->line == 7, "path with spaces and '#'");
	e = manifest_find(m, "big");
	EXPECT(e && e->size == UINT64_MAX && e->line == 8, "max size, no final newline");
	EXPECT(manifest_find(m, "sources") == NULL, "directory is not an entry");
	EXPECT(manifest_find(m, "sources/boot.wi") == NULL, "prefix is not an entry");
	EXPECT(manifest_find(m, "") == NULL, "empty path");
	EXPECT(manifest_find(m, "zzz") == NULL && manifest_find(m, "a") == NULL, "misses");
	manifest_free(m);
	manifest_free(NULL);
	return h_bad;
}

/* Verification: right data passes, wrong size or bytes name the line. */
static int test_verify(void)
{
	static const char text[] =
		"# two files\n"
		"sha256 " H_ABC " size 3 path sources/boot.wim\n"
		"sha256 " H_EMPTY " size 0 path empty\n";
	struct manifest *m;
	struct wp_err err = { 0, "" };
	uint8_t d[32];
	int rc;

	h_bad = 0;
	if (parse(text, &m, &err)) {
		EXPECT(0, "parse: %s", err.msg);
		return h_bad;
	}
	EXPECT(manifest_verify(m, "sources/boot.wim", "abc", 3, &err) == 0, "abc: %s", err.msg);
	EXPECT(manifest_verify(m, "/SOURCES/boot.wim", "abc", 3, &err) == 0, "ABC path");
	EXPECT(manifest_verify(m, "empty", "", 0, &err) == 0, "empty: %s", err.msg);
	rc = manifest_verify(m, "sources/boot.wim", "abd", 3, &err);
	EXPECT(rc == WP_EIO, "abd rc %d", rc);
	EXPECT(strcmp(err.msg, "sources/boot.wim: SHA-256 a52d159f262b2c6d... does not match "
		       "winpe/manifest line 2 (ba7816bf8f01cfea...; transfer corrupted?)") == 0,
	       "got '%s'", err.msg);
	rc = manifest_verify(m, "sources/boot.wim", "abcd", 4, &err);
	EXPECT(rc == WP_EIO, "abcd rc %d", rc);
	EXPECT(strcmp(err.msg, "sources/boot.wim: 4 bytes, but winpe/manifest line 2 says 3 "
		       "(transfer corrupted?)") == 0, "got '%s'", err.msg);
	rc = manifest_verify(m, "boot.wim", "abc", 3, &err);
	EXPECT(rc == WP_ENOENT, "unlisted rc %d", rc);
	EXPECT(strcmp(err.msg, "boot.wim: not listed in winpe/manifest") == 0, "got '%s'", err.msg);
	/* the streaming form */
	sha256("abc", 3, d);
	EXPECT(manifest_check(m, manifest_find(m, "sources/boot.wim"), 3, d, "x/boot.wim", &err) == 0,
	       "check ok");
	d[31] ^= 1;
	EXPECT(manifest_check(m, manifest_find(m, "sources/boot.wim"), 3, d, NULL, &err) == WP_EIO &&
	       strncmp(err.msg, "sources/boot.wim: SHA-256 ba7816bf8f01cfea... does not match", 60) == 0,
	       "got '%s'", err.msg);
	manifest_free(m);
	return h_bad;
}

struct bad { const char *text, *msg; int code; };

static const struct bad bads[] = {
	{ "", "winpe/manifest: no entries", WP_EFORMAT },
	{ "# only a comment\n\n", "winpe/manifest: no entries", WP_EFORMAT },
	{ "sha1 " H_ABC " size 3 path a\n",
	  "winpe/manifest line 1: expected 'sha256 HEX64 size DECIMAL path RELPATH'", WP_EFORMAT },
	{ "#\nSHA256 " H_ABC " size 3 path a\n",
	  "winpe/manifest line 2: expected 'sha256 HEX64 size DECIMAL path RELPATH'", WP_EFORMAT },
	{ "sha256\n", "winpe/manifest line 1: expected 'sha256 HEX64 size DECIMAL path RELPATH'", WP_EFORMAT },
	{ "sha256 abc size 3 path a\n",
	  "winpe/manifest line 1: SHA-256 must be 64 hex digits (got 3 characters)", WP_EFORMAT },
	{ "sha256 " H_ABC "0 size 3 path a\n",
	  "winpe/manifest line 1: SHA-256 must be 64 hex digits (got 65 characters)", WP_EFORMAT },
	{ "sha256 g" H_ABC " size 3 path a\n",
	  "winpe/manifest line 1: SHA-256 must be 64 hex digits (got 65 characters)", WP_EFORMAT },
	{ "sha256 " "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ag" " size 3 path a\n",
	  "winpe/manifest line 1: SHA-256 has a non-hex digit", WP_EFORMAT },
	{ "sha256 " H_ABC "\n", "winpe/manifest line 1: expected 'size' after the SHA-256", WP_EFORMAT },
	{ "sha256 " H_ABC " length 3 path a\n",
	  "winpe/manifest line 1: expected 'size' after the SHA-256", WP_EFORMAT },
	{ "sha256 " H_ABC " size \n", "winpe/manifest line 1: missing size", WP_EFORMAT },
	{ "sha256 " H_ABC " size -3 path a\n", "winpe/manifest line 1: size is not a decimal number", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3k path a\n", "winpe/manifest line 1: size is not a decimal number", WP_EFORMAT },
	{ "sha256 " H_ABC " size 18446744073709551616 path a\n", "winpe/manifest line 1: size too large", WP_EFORMAT },
	{ "sha256 " H_ABC " size 99999999999999999999 path a\n", "winpe/manifest line 1: size too large", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3\n", "winpe/manifest line 1: expected 'path' after the size", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 name a\n", "winpe/manifest line 1: expected 'path' after the size", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path\n", "winpe/manifest line 1: expected 'path' after the size", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path \n", "winpe/manifest line 1: empty path", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path /etc/passwd\n", "winpe/manifest line 1: path is absolute", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a \n", "winpe/manifest line 1: path ends in a blank", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a\t\r\n", "winpe/manifest line 1: path ends in a blank", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a\rb\n", "winpe/manifest line 1: path contains a control character", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a\\b\n", "winpe/manifest line 1: path contains a backslash", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a//b\n", "winpe/manifest line 1: path has an empty component", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a/\n", "winpe/manifest line 1: path has an empty component", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path ./a\n", "winpe/manifest line 1: path has a '.' component", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a/../../b\n", "winpe/manifest line 1: path has a '..' component", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path ..\n", "winpe/manifest line 1: path has a '..' component", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path a/b\n\n# c\nsha256 " H_EMPTY " size 0 path A/B\n",
	  "winpe/manifest line 4: path 'A/B' already listed on line 1", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path x\nsha256 " H_ABC " size 3 path y\nsha256 " H_ABC " size 3 path x\n",
	  "winpe/manifest line 3: path 'x' already listed on line 1", WP_EFORMAT },
	{ "sha256 " H_ABC " size 3 path ok\n<html>404</html>\n",
	  "winpe/manifest line 2: expected 'sha256 HEX64 size DECIMAL path RELPATH'", WP_EFORMAT },
};

/* Every malformed manifest fails with the exact message. */
static int test_rejected(void)
{
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct manifest *m = (struct manifest *)1;
		struct wp_err err = { 0, "" };
		int rc = parse(bads[i].text, &m, &err);

		EXPECT(rc == bads[i].code && m == NULL, "case %zu: rc %d", i, rc);
		EXPECT(strcmp(err.msg, bads[i].msg) == 0, "case %zu:\n    got  %s\n    want %s",
		       i, err.msg, bads[i].msg);
	}
	/* a NUL byte inside a path is a control character, not an end */
	{
		static const char t[] = "sha256 " H_ABC " size 3 path a\0b\n";
		struct manifest *m;
		struct wp_err err = { 0, "" };
		int rc = manifest_parse(t, sizeof(t) - 1, NULL, &m, &err);

		EXPECT(rc == WP_EFORMAT && strcmp(err.msg, "manifest line 1: path contains a control character") == 0,
		       "NUL: rc %d '%s'", rc, err.msg);
	}
	return h_bad;
}

/* The entry limit and lookups in a big sorted table. */
static int test_many_entries(void)
{
	size_t cap = (size_t)(MANIFEST_MAX_ENTRIES + 1) * 100, n = 0;
	char *t = malloc(cap), path[32];
	struct manifest *m;
	struct wp_err err = { 0, "" };
	unsigned i;
	int rc;

	h_bad = 0;
	for (i = 0; i < MANIFEST_MAX_ENTRIES; i++)
		n += (size_t)sprintf(t + n, "sha256 " H_EMPTY " size %u path d%u/F%u\n",
				     i, i % 97, MANIFEST_MAX_ENTRIES - i);
	rc = manifest_parse(t, n, "m", &m, &err);
	EXPECT(rc == 0 && m->n == MANIFEST_MAX_ENTRIES, "65536 entries: %s", err.msg);
	if (!rc) {
		for (i = 0; i < MANIFEST_MAX_ENTRIES; i += 331) {
			const struct manifest_entry *e;
			snprintf(path, sizeof(path), "D%u/f%u", i % 97, MANIFEST_MAX_ENTRIES - i);
			e = manifest_find(m, path);
			EXPECT(e && e->size == i && e->line == i + 1, "lookup %s", path);
		}
		EXPECT(manifest_find(m, "d0/f0") == NULL, "miss");
		manifest_free(m);
	}
	n += (size_t)sprintf(t + n, "sha256 " H_EMPTY " size 0 path one-too-many\n");
	rc = manifest_parse(t, n, "m", &m, &err);
	EXPECT(rc == WP_ERANGE && strcmp(err.msg, "m line 65537: more than 65536 entries") == 0,
	       "65537 entries: rc %d '%s'", rc, err.msg);
	free(t);
	return h_bad;
}

/* A manifest built from host sha256sum over real files verifies them. */
static int test_host_sha256sum(void)
{
	char dir[] = "/tmp/wp-test-manifest-XXXXXX", cmd[256], line[512];
	static const size_t lens[] = { 0, 1, 55, 56, 63, 64, 65, 4096, 100001 };
	char *text = calloc(1, 8192);
	uint8_t *buf = malloc(100001);
	struct manifest *m;
	struct wp_err err = { 0, "" };
	size_t i, j, tn = 0;
	FILE *p;

	h_bad = 0;
	if (!mkdtemp(dir)) {
		EXPECT(0, "mkdtemp");
		return h_bad;
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		FILE *f;
		snprintf(line, sizeof(line), "%s/file %zu.bin", dir, i);
		for (j = 0; j < lens[i]; j++)
			buf[j] = (uint8_t)(j * 131 + i);
		f = fopen(line, "wb");
		EXPECT(f && fwrite(buf, 1, lens[i], f) == lens[i] && !fclose(f), "write");
	}
	/* what prep-tftproot does, in shell */
	snprintf(cmd, sizeof(cmd), "cd %s && for f in *.bin; do "
		 "printf 'sha256 %%s size %%s path sub/%%s\\n' "
		 "\"$(sha256sum < \"$f\" | cut -d' ' -f1)\" \"$(stat -c %%s \"$f\")\" \"$f\"; done", dir);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		tn += (size_t)snprintf(text + tn, 8192 - tn, "%s", line);
	EXPECT(p && pclose(p) == 0, "shell");
	EXPECT(manifest_parse(text, tn, "manifest", &m, &err) == 0, "parse: %s", err.msg);
	if (!err.msg[0]) {
		EXPECT(m->n == sizeof(lens) / sizeof(lens[0]), "n %u", m->n);
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			char rel[64];
			for (j = 0; j < lens[i]; j++)
				buf[j] = (uint8_t)(j * 131 + i);
			snprintf(rel, sizeof(rel), "SUB/File %zu.BIN", i);
			EXPECT(manifest_verify(m, rel, buf, lens[i], &err) == 0, "%s: %s", rel, err.msg);
			if (lens[i]) {
				buf[lens[i] / 2] ^= 0x40;
				EXPECT(manifest_verify(m, rel, buf, lens[i], &err) == WP_EIO,
				       "%s corrupted not detected", rel);
			}
		}
		manifest_free(m);
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		snprintf(line, sizeof(line), "%s/file %zu.bin", dir, i);
		unlink(line);
	}
	rmdir(dir);
	free(text);
	free(buf);
	return h_bad;
}

int main(void)
{
	RUN(test_parse_valid);
	RUN(test_verify);
	RUN(test_rejected);
	RUN(test_many_entries);
	RUN(test_host_sha256sum);
	return H_DONE();
}
