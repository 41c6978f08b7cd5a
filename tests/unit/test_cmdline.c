/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_cmdline.c - core/cmdline.c: every accepted form gives the exact
 * struct (compared as a canonical dump), every error its exact message.
 */
#include "harness.h"
#include "cmdline.h"

static int h_bad;

/* Canonical one-line description of a parsed command line. */
static void dump(const struct cmdline *c, char *out, size_t cap)
{
	size_t n = 0;
	unsigned i;

#define ADD(...) (n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, __VA_ARGS__))
	ADD("dir=%s index=%u", c->dir ? c->dir : "(none)", c->index);
	if (c->pause) ADD(" pause");
	if (c->pause_quiet) ADD(" pause=quiet");
	if (c->gui) ADD(" gui");
	if (c->quiet) ADD(" quiet");
	if (c->rawbcd) ADD(" rawbcd");
	if (c->rawwim) ADD(" rawwim");
	if (c->check) ADD(" check");
	if (c->verify) ADD(" verify");
	if (c->noverify) ADD(" noverify");
	if (c->linear) ADD(" linear");
	if (c->highmem) ADD(" highmem");
	if (c->systab_image) ADD(" systab=image");
	if (c->tftp_classic) ADD(" tftp=classic");
	if (c->tftp_own) ADD(" tftp=own");
	if (c->http_own) ADD(" http=own");
	if (c->http_classic) ADD(" http=classic");
	for (i = 0; i < c->n_files; i++)
		ADD(" %c[%s>%s]", c->files[i].kind == CMDLINE_INJECT ? 'I' : 'F',
		    c->files[i].src, c->files[i].name);
#undef ADD
}

/* Split a space-separated line into words (in place). */
static int split(char *line, const char *words[], int max)
{
	int n = 0;
	char *s = strtok(line, " ");

	while (s && n < max) {
		words[n++] = s;
		s = strtok(NULL, " ");
	}
	return n;
}

struct ok_case { const char *in, *want; };

static const struct ok_case oks[] = {
	{ "", "dir=(none) index=0" },
	{ "winpe", "dir=winpe index=0" },
	{ "winpe/", "dir=winpe index=0" },
	{ "/images/win11//", "dir=/images/win11 index=0" },
	{ "/", "dir= index=0" },
	{ "http://10.0.0.1/winpe/", "dir=http://10.0.0.1/winpe index=0" },
	{ "index=3", "dir=(none) index=3" },
	{ "index=65535", "dir=(none) index=65535" },
	{ "index=007", "dir=(none) index=7" },
	{ "pause", "dir=(none) index=0 pause" },
	{ "pause=quiet", "dir=(none) index=0 pause=quiet" },
	{ "linear winpe", "dir=winpe index=0 linear" },
	{ "highmem", "dir=(none) index=0 highmem" },
	{ "systab=image winpe", "dir=winpe index=0 systab=image" },
	{ "tftp=classic winpe", "dir=winpe index=0 tftp=classic" },
	{ "tftp=own winpe", "dir=winpe index=0 tftp=own" },
	{ "http=own tftp=own winpe", "dir=winpe index=0 tftp=own http=own" },
	{ "http=classic tftp=classic winpe", "dir=winpe index=0 tftp=classic http=classic" },
	{ "gui quiet rawbcd rawwim check verify",
	  "dir=(none) index=0 gui quiet rawbcd rawwim check verify" },
	{ "noverify", "dir=(none) index=0 noverify" },
	{ "initrdfile=bootmgr.exe,bcd@BCD,boot.sdi,win/boot.wim",
	  "dir=(none) index=0 F[bootmgr.exe>bootmgr.exe] F[bcd>BCD] F[boot.sdi>boot.sdi] F[win/boot.wim>boot.wim]" },
	{ "initrd=a/b/c.ttf", "dir=(none) index=0 F[a/b/c.ttf>c.ttf]" },
	{ "initrdfile=x.wim@\\sources\\boot.wim",
	  "dir=(none) index=0 F[x.wim>\\sources\\boot.wim]" },
	{ "initrdfile=x.wim@/sources/boot.wim",
	  "dir=(none) index=0 F[x.wim>/sources/boot.wim]" },
	{ "file=a file=b@c file=dir/sub/d.bin",
	  "dir=(none) index=0 F[a>a] F[b>c] F[dir/sub/d.bin>d.bin]" },
	{ "file=a,b", "dir=(none) index=0 F[a,b>a,b]" },
	{ "file=http://srv/w/boot.wim", "dir=(none) index=0 F[http://srv/w/boot.wim>boot.wim]" },
	{ "file=HTTP://srv/w/boot.wim?x=1#y", "dir=(none) index=0 F[HTTP://srv/w/boot.wim?x=1#y>boot.wim]" },
	{ "file=https://srv/a.sdi@boot.sdi", "dir=(none) index=0 F[https://srv/a.sdi>boot.sdi]" },
	{ "file=http://user@srv/w/BCD", "dir=(none) index=0 F[http://user@srv/w/BCD>BCD]" },
	{ "file=http://user@srv/w/x@BCD", "dir=(none) index=0 F[http://user@srv/w/x>BCD]" },
	{ "file=a@b@c", "dir=(none) index=0 F[a@b>c]" },
	{ "inject=tools/startnet.cmd@\\Windows\\System32\\startnet.cmd inject=winpeshl.ini",
	  "dir=(none) index=0 I[tools/startnet.cmd>\\Windows\\System32\\startnet.cmd] I[winpeshl.ini>winpeshl.ini]" },
	{ "inject=a.cmd file=a.cmd", "dir=(none) index=0 I[a.cmd>a.cmd] F[a.cmd>a.cmd]" },
	{ "bootmgr=pxe/bootmgr.exe bcd=pxe/bcd.bios sdi=x/boot.sdi wim=http://h/x.wim",
	  "dir=(none) index=0 F[pxe/bootmgr.exe>bootmgr.exe] F[pxe/bcd.bios>BCD] F[x/boot.sdi>boot.sdi] F[http://h/x.wim>boot.wim]" },
	{ "bootmgr=iso/BOOTMGR", "dir=(none) index=0 F[iso/BOOTMGR>bootmgr]" },
	{ "bootmgr=a@bm.exe wim=w@\\sources\\boot.wim",
	  "dir=(none) index=0 F[a>bm.exe] F[w>\\sources\\boot.wim]" },
	{ "winpe index=2 pause=quiet quiet bcd=winpe/bcd.uefi inject=x.exe",
	  "dir=winpe index=2 pause=quiet quiet F[winpe/bcd.uefi>BCD] I[x.exe>x.exe]" },
	{ "file=a@..x file=b@x..y file=c@.\\d",
	  "dir=(none) index=0 F[a>..x] F[b>x..y] F[c>.\\d]" },
	{ "Quiet", "dir=Quiet index=0" },
	/* what IPAPPEND 3 / SYSAPPEND add to any module's arguments */
	{ "winpe ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0 BOOTIF=01-52-54-00-12-34-56 "
	  "SYSUUID=12345678-1234-1234-1234-123456789abc CPU=6PVXL SYSVENDOR=QEMU SYSPRODUCT=Standard_PC "
	  "SYSVERSION=pc SYSSERIAL= SYSSKU= SYSFAMILY= MBVENDOR= MBPRODUCT= MBVERSION= MBSERIAL= "
	  "MBASSET= BIOSVENDOR=SeaBIOS BIOSVERSION=1.16 SYSFF=001 FSUUID=x",
	  "dir=winpe index=0" },
};

/* Every accepted form produces exactly the expected struct. */
static int test_accepted(void)
{
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(oks) / sizeof(oks[0]); i++) {
		char line[512], got[2048];
		const char *words[64];
		struct cmdline *c = (struct cmdline *)1;
		struct wp_err err = { 0, "" };
		int n, rc;

		snprintf(line, sizeof(line), "%s", oks[i].in);
		n = split(line, words, 64);
		rc = cmdline_parse(n, words, &c, &err);
		EXPECT(rc == 0 && c, "'%s': rc %d: %s", oks[i].in, rc, err.msg);
		if (rc || !c)
			continue;
		dump(c, got, sizeof(got));
		EXPECT(strcmp(got, oks[i].want) == 0, "'%s':\n    got  %s\n    want %s",
		       oks[i].in, got, oks[i].want);
		cmdline_free(c);
	}
	return h_bad;
}

struct bad_case { const char *in, *msg; int code; };

static const struct bad_case bads[] = {
	{ "foo=bar", "unknown option 'foo=bar'", WP_EINVAL },
	{ "-v", "unknown option '-v'", WP_EINVAL },
	{ "lineer", "two directories given: 'winpe' and 'lineer' (misspelt option?)", WP_EINVAL },
	{ "Index=2", "unknown option 'Index=2'", WP_EINVAL },
	{ "bootif=01-aa", "unknown option 'bootif=01-aa'", WP_EINVAL },
	{ "IP=1.2.3.4", "unknown option 'IP=1.2.3.4'", WP_EINVAL },
	{ "=x", "unknown option '=x'", WP_EINVAL },
	{ "index=0", "'index=0': images are numbered from 1", WP_EINVAL },
	{ "index=abc", "'index=abc': not a decimal number", WP_EINVAL },
	{ "index=-1", "'index=-1': not a decimal number", WP_EINVAL },
	{ "index=+1", "'index=+1': not a decimal number", WP_EINVAL },
	{ "index=1x", "'index=1x': not a decimal number", WP_EINVAL },
	{ "index=", "'index=': missing image number", WP_EINVAL },
	{ "index=65536", "'index=65536': image number above 65535", WP_EINVAL },
	{ "index=99999999999999999999", "'index=99999999999999999999': image number above 65535", WP_EINVAL },
	{ "index=1 index=2", "'index' given twice", WP_EINVAL },
	{ "quiet quiet", "'quiet' given twice", WP_EINVAL },
	{ "pause pause", "'pause' given twice", WP_EINVAL },
	{ "pause=quiet pause=quiet", "'pause=quiet' given twice", WP_EINVAL },
	{ "pause=loud", "'pause=loud': unknown value (only pause=quiet)", WP_EINVAL },
	{ "pause pause=quiet", "'pause' and 'pause=quiet' conflict", WP_EINVAL },
	{ "verify noverify", "'verify' and 'noverify' conflict", WP_EINVAL },
	{ "highmem linear", "'linear' and 'highmem' conflict", WP_EINVAL },
	{ "linear linear", "'linear' given twice", WP_EINVAL },
	{ "systab=image systab=image", "'systab=' given twice", WP_EINVAL },
	{ "systab=pointer", "'systab=pointer': unknown value (only systab=image)", WP_EINVAL },
	{ "systab=", "'systab=': unknown value (only systab=image)", WP_EINVAL },
	{ "tftp=classic tftp=classic", "'tftp=' given twice", WP_EINVAL },
	{ "tftp=own tftp=classic", "'tftp=' given twice", WP_EINVAL },
	{ "tftp=window", "'tftp=window': unknown value (tftp=classic or tftp=own)", WP_EINVAL },
	{ "http=classic http=classic", "'http=' given twice", WP_EINVAL },
	{ "http=tcp", "'http=tcp': unknown value (http=classic or http=own)", WP_EINVAL },
	{ "a b", "two directories given: 'a' and 'b' (misspelt option?)", WP_EINVAL },
	{ "/ b", "two directories given: '/' and 'b' (misspelt option?)", WP_EINVAL },
	{ "initrdfile=", "'initrdfile=': no files listed", WP_EINVAL },
	{ "initrdfile=a,,b", "'initrdfile=a,,b': empty entry in the list", WP_EINVAL },
	{ "initrdfile=a,", "'initrdfile=a,': empty entry in the list", WP_EINVAL },
	{ "initrdfile=,a", "'initrdfile=,a': empty entry in the list", WP_EINVAL },
	{ "file=", "'file=': empty source", WP_EINVAL },
	{ "file=@x", "'file=@x': empty source before '@'", WP_EINVAL },
	{ "file=a@", "'file=a@': empty name after '@'", WP_EINVAL },
	{ "file=dir/", "'file=dir/': source has no file name; add @NAME", WP_EINVAL },
	{ "file=http://host", "'file=http://host': source has no file name; add @NAME", WP_EINVAL },
	{ "file=http://host/", "'file=http://host/': source has no file name; add @NAME", WP_EINVAL },
	{ "file=http://h/?q", "'file=http://h/?q': source has no file name; add @NAME", WP_EINVAL },
	{ "file=a@..", "'file=a@..': name '..' contains a '..' component", WP_EINVAL },
	{ "file=a@\\..\\x", "'file=a@\\..\\x': name '\\..\\x' contains a '..' component", WP_EINVAL },
	{ "file=a@x/../y", "'file=a@x/../y': name 'x/../y' contains a '..' component", WP_EINVAL },
	{ "inject=a@\\Windows\\..", "'inject=a@\\Windows\\..': name '\\Windows\\..' contains a '..' component", WP_EINVAL },
	{ "file=../x", "'file=../x': name 'x' already used by 'x'", WP_EINVAL },
	{ "file=a@x\\\\y", "'file=a@x\\\\y': name 'x\\\\y' has an empty path component", WP_EINVAL },
	{ "file=a@\\x\\", "'file=a@\\x\\': name '\\x\\' has an empty path component", WP_EINVAL },
	{ "file=a@\\", "'file=a@\\': name '\\' has an empty path component", WP_EINVAL },
	{ "file=a@x:y", "'file=a@x:y': name 'x:y' contains ':'", WP_EINVAL },
	{ "file=a@x*", "'file=a@x*': name 'x*' contains '*'", WP_EINVAL },
	{ "file=a@x|y", "'file=a@x|y': name 'x|y' contains '|'", WP_EINVAL },
	{ "file=http://h/a.wim?b", "'file=http://h/a.wim?b': name 'a.wim' already used by 'x'", WP_EINVAL },
	{ "file=x@boot.wim file=y@BOOT.WIM", "'file=y@BOOT.WIM': name 'BOOT.WIM' already used by 'x'", WP_EINVAL },
	{ "file=x@\\a\\b file=y@/A/B", "'file=y@/A/B': name '/A/B' already used by 'x'", WP_EINVAL },
	{ "inject=x@a inject=y@A", "'inject=y@A': name 'A' already used by 'x'", WP_EINVAL },
	{ "wim=a wim=b", "'wim=' given twice", WP_EINVAL },
	{ "bootmgr=a bootmgr=b", "'bootmgr=' given twice", WP_EINVAL },
	{ "bcd=a bcd=b", "'bcd=' given twice", WP_EINVAL },
	{ "sdi=a sdi=b", "'sdi=' given twice", WP_EINVAL },
	{ "wim=", "'wim=': empty source", WP_EINVAL },
	{ "bcd=x file=y@bcd", "'file=y@bcd': name 'bcd' already used by 'x'", WP_EINVAL },
};

/* Every malformed line fails with the exact message and frees everything. */
static int test_rejected(void)
{
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		char line[512];
		const char *words[64];
		struct cmdline *c = (struct cmdline *)1;
		struct wp_err err = { 0, "" };
		int n, rc;

		snprintf(line, sizeof(line), "%s", bads[i].in);
		/* a few cases need a prefix to set the scene */
		if (!strcmp(bads[i].in, "lineer"))
			snprintf(line, sizeof(line), "winpe lineer");
		if (!strncmp(bads[i].in, "file=../x", 9) ||
		    !strncmp(bads[i].in, "file=http://h/a.wim?b", 21))
			snprintf(line, sizeof(line), "file=x@%s %s",
				 bads[i].in[5] == '.' ? "x" : "a.wim", bads[i].in);
		n = split(line, words, 64);
		rc = cmdline_parse(n, words, &c, &err);
		EXPECT(rc == bads[i].code, "'%s': rc %d want %d", bads[i].in, rc, bads[i].code);
		EXPECT(c == NULL, "'%s': out not cleared", bads[i].in);
		EXPECT(strcmp(err.msg, bads[i].msg) == 0, "'%s':\n    got  %s\n    want %s",
		       bads[i].in, err.msg, bads[i].msg);
	}
	return h_bad;
}

/* Control characters, empty words and NULL words. */
static int test_odd_words(void)
{
	const char *w1[] = { "file=a\x01" "b" };
	const char *w2[] = { "file=a@b\x7f" };
	const char *w3[] = { "dir\tx" };
	const char *w4[] = { "quiet", "" };
	const char *w5[] = { NULL };
	struct { int n; const char **w; const char *msg; } v[] = {
		{ 1, w1, "'file=a\x01" "b': contains a control character" },
		{ 1, w2, "'file=a@b\x7f': contains a control character" },
		{ 1, w3, "'dir\tx': contains a control character" },
		{ 2, w4, "empty argument 2" },
		{ 1, w5, "empty argument 1" },
	};
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct cmdline *c;
		struct wp_err err = { 0, "" };
		int rc = cmdline_parse(v[i].n, v[i].w, &c, &err);

		EXPECT(rc == WP_EINVAL && !c, "case %zu: rc %d", i, rc);
		EXPECT(strcmp(err.msg, v[i].msg) == 0, "case %zu: got '%s'", i, err.msg);
	}
	return h_bad;
}

/* The file limit: 1024 files pass, the 1025th is refused; strings are owned. */
static int test_limit_and_ownership(void)
{
	static char names[CMDLINE_MAX_FILES + 1][24];
	const char *words[CMDLINE_MAX_FILES + 1];
	struct cmdline *c;
	struct wp_err err = { 0, "" };
	int i, rc;

	h_bad = 0;
	for (i = 0; i <= (int)CMDLINE_MAX_FILES; i++) {
		snprintf(names[i], sizeof(names[i]), "file=f%d", i);
		words[i] = names[i];
	}
	rc = cmdline_parse(CMDLINE_MAX_FILES, words, &c, &err);
	EXPECT(rc == 0 && c && c->n_files == CMDLINE_MAX_FILES, "1024 files: %s", err.msg);
	if (!rc) {
		/* the struct owns copies: scribbling over the input changes nothing */
		memset(names[7], 'Z', 8);
		EXPECT(strcmp(c->files[7].src, "f7") == 0 && strcmp(c->files[7].name, "f7") == 0,
		       "strings not owned");
		EXPECT(strcmp(c->files[1023].name, "f1023") == 0, "last file");
		cmdline_free(c);
		snprintf(names[7], sizeof(names[7]), "file=f7");
	}
	rc = cmdline_parse(CMDLINE_MAX_FILES + 1, words, &c, &err);
	EXPECT(rc == WP_ERANGE && !c, "1025 files: rc %d", rc);
	EXPECT(strcmp(err.msg, "'file=f1024': too many files (limit 1024)") == 0,
	       "got '%s'", err.msg);
	cmdline_free(NULL);
	return h_bad;
}

int main(void)
{
	RUN(test_accepted);
	RUN(test_rejected);
	RUN(test_odd_words);
	RUN(test_limit_and_ownership);
	return H_DONE();
}
