/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_pxecfg.c - marked-entry merge of pxelinux.cfg/default (prep-tftproot/pxecfg.c). */
#include "harness.h"
#include "../../host-tools/prep-tftproot/pxecfg.h"

/* Number of occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle)) n++;
	return n;
}

/* A new file gets a header and the block; a second merge changes nothing. */
static int test_new_and_idempotent(void)
{
	int h_bad = 0;
	char *e = pxecfg_entry("w10", "Windows PE (w10)", "windows/w10");
	EXPECT(!strcmp(e, "LABEL w10\n  MENU LABEL Windows PE (w10)\n  KERNEL winpe.c32\n  APPEND windows/w10\n"), "entry %s", e);
	char *a = pxecfg_merge(NULL, "w10", e);
	EXPECT(count(a, "# BEGIN prep-tftproot w10\n") == 1 && count(a, "# END prep-tftproot w10\n") == 1, "%s", a);
	EXPECT(strstr(a, "DEFAULT w10\n") != NULL, "default line");
	char *b = pxecfg_merge(a, "w10", e);
	EXPECT(!strcmp(a, b), "second merge differs:\n%s", b);
	free(a); free(b); free(e);
	return h_bad;
}

/* User lines and other images' blocks are kept; the block is replaced in place. */
static int test_keep_user_lines(void)
{
	int h_bad = 0;
	const char *old = "DEFAULT local\nLABEL local\n  LOCALBOOT 0\n"
			  "# BEGIN prep-tftproot a\nLABEL a\n  APPEND old-a\n# END prep-tftproot a\n"
			  "# BEGIN prep-tftproot ab\nLABEL ab\n# END prep-tftproot ab\n"
			  "LABEL tail\n  KERNEL x\n";
	char *e = pxecfg_entry("a", "A", "windows/a");
	char *n = pxecfg_merge(old, "a", e);
	const char *want = "DEFAULT local\nLABEL local\n  LOCALBOOT 0\n"
			   "# BEGIN prep-tftproot a\nLABEL a\n  MENU LABEL A\n  KERNEL winpe.c32\n  APPEND windows/a\n# END prep-tftproot a\n"
			   "# BEGIN prep-tftproot ab\nLABEL ab\n# END prep-tftproot ab\n"
			   "LABEL tail\n  KERNEL x\n";
	EXPECT(!strcmp(n, want), "got:\n%s", n);
	free(n);
	/* no trailing newline, no existing block: appended */
	n = pxecfg_merge("DEFAULT x", "a", e);
	EXPECT(!strcmp(n, "DEFAULT x\n# BEGIN prep-tftproot a\nLABEL a\n  MENU LABEL A\n  KERNEL winpe.c32\n  APPEND windows/a\n# END prep-tftproot a\n"), "got:\n%s", n);
	free(n);
	/* a BEGIN without END never swallows the rest of the file */
	n = pxecfg_merge("# BEGIN prep-tftproot a\nLABEL keep\n# END prep-tftproot ab\nLABEL keep2\n", "a", e);
	EXPECT(strstr(n, "LABEL keep\n") != NULL && strstr(n, "LABEL keep2\n") != NULL, "lost lines:\n%s", n);
	free(n);
	free(e);
	return h_bad;
}

int main(void)
{
	RUN(test_new_and_idempotent);
	RUN(test_keep_user_lines);
	return H_DONE();
}
