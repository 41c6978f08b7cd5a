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
	char *e = pxecfg_entry("w10", "Windows PE (w10)", "windows/w10", 1);
	EXPECT(!strcmp(e, "LABEL w10\n  MENU LABEL Windows PE (w10)\n  KERNEL winpe.c32\n  APPEND windows/w10\n"), "entry %s", e);
	char *a = pxecfg_merge(NULL, "w10", e, 1);
	EXPECT(count(a, "# BEGIN prep-tftproot w10\n") == 1 && count(a, "# END prep-tftproot w10\n") == 1, "%s", a);
	EXPECT(strstr(a, "DEFAULT w10\n") != NULL, "default line");
	char *b = pxecfg_merge(a, "w10", e, 1);
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
	char *e = pxecfg_entry("a", "A", "windows/a", 1);
	char *n = pxecfg_merge(old, "a", e, 1);
	const char *want = "DEFAULT local\nLABEL local\n  LOCALBOOT 0\n"
			   "# BEGIN prep-tftproot a\nLABEL a\n  MENU LABEL A\n  KERNEL winpe.c32\n  APPEND windows/a\n# END prep-tftproot a\n"
			   "# BEGIN prep-tftproot ab\nLABEL ab\n# END prep-tftproot ab\n"
			   "LABEL tail\n  KERNEL x\n";
	EXPECT(!strcmp(n, want), "got:\n%s", n);
	free(n);
	/* no trailing newline, no existing block: appended */
	n = pxecfg_merge("DEFAULT x", "a", e, 1);
	EXPECT(!strcmp(n, "DEFAULT x\n# BEGIN prep-tftproot a\nLABEL a\n  MENU LABEL A\n  KERNEL winpe.c32\n  APPEND windows/a\n# END prep-tftproot a\n"), "got:\n%s", n);
	free(n);
	/* a BEGIN without END never swallows the rest of the file */
	n = pxecfg_merge("# BEGIN prep-tftproot a\nLABEL keep\n# END prep-tftproot ab\nLABEL keep2\n", "a", e, 1);
	EXPECT(strstr(n, "LABEL keep\n") != NULL && strstr(n, "LABEL keep2\n") != NULL, "lost lines:\n%s", n);
	free(n);
	free(e);
	return h_bad;
}

/* A new menu config starts with UI menu.c32; a prompt config has no MENU line at all. */
static int test_menu_or_prompt(void)
{
	int h_bad = 0;
	char *e = pxecfg_entry("w", "Windows PE (w)", "windows/w", 1);
	char *a = pxecfg_merge(NULL, "w", e, 1);
	EXPECT(!strcmp(a, "# pxelinux configuration (created by prep-tftproot)\nUI menu.c32\n"
			  "MENU TITLE Windows PE network boot\nDEFAULT w\nPROMPT 0\nTIMEOUT 50\n\n"
			  "# BEGIN prep-tftproot w\nLABEL w\n  MENU LABEL Windows PE (w)\n  KERNEL winpe.c32\n"
			  "  APPEND windows/w\n# END prep-tftproot w\n"), "menu config:\n%s", a);
	EXPECT(pxecfg_has_ui(a), "UI line not seen");
	free(a); free(e);
	e = pxecfg_entry("w", "Windows PE (w)", "windows/w", 0);
	a = pxecfg_merge(NULL, "w", e, 0);
	EXPECT(!strcmp(a, "# pxelinux configuration (created by prep-tftproot)\nDEFAULT w\nPROMPT 1\nTIMEOUT 50\n\n"
			  "# BEGIN prep-tftproot w\nLABEL w\n  KERNEL winpe.c32\n  APPEND windows/w\n# END prep-tftproot w\n"),
	       "prompt config:\n%s", a);
	EXPECT(!pxecfg_has_ui(a) && !strstr(a, "MENU"), "prompt config has UI/MENU");
	EXPECT(pxecfg_has_ui("DEFAULT x\n  ui vesamenu.c32\n"), "indented lower-case ui");
	EXPECT(!pxecfg_has_ui("# UI menu.c32\nUIX y\n"), "comment or UIX taken for UI");
	free(a); free(e);
	return h_bad;
}

/* Removal drops exactly NAME's block; the title is read back from a block. */
static int test_remove_and_title(void)
{
	int h_bad = 0, found = 0;
	const char *old = "DEFAULT local\n# BEGIN prep-tftproot a\nLABEL a\n  MENU LABEL Alpha one\n# END prep-tftproot a\n"
			  "# BEGIN prep-tftproot ab\nLABEL ab\n  MENU LABEL AB\n# END prep-tftproot ab\nLABEL tail\n";
	char t[64];
	pxecfg_title(old, "a", t, sizeof t);
	EXPECT(!strcmp(t, "Alpha one"), "title a '%s'", t);
	pxecfg_title(old, "ab", t, sizeof t);
	EXPECT(!strcmp(t, "AB"), "title ab '%s'", t);
	pxecfg_title(old, "zz", t, sizeof t);
	EXPECT(!strcmp(t, ""), "title zz '%s'", t);
	char *n = pxecfg_remove(old, "a", &found);
	EXPECT(found && !strcmp(n, "DEFAULT local\n# BEGIN prep-tftproot ab\nLABEL ab\n  MENU LABEL AB\n"
				      "# END prep-tftproot ab\nLABEL tail\n"), "remove a:\n%s", n);
	free(n);
	n = pxecfg_remove(old, "zz", &found);
	EXPECT(!found && !strcmp(n, old), "remove of an absent block changed the text");
	free(n);
	/* our own header: DEFAULT follows the remaining entries; a user's DEFAULT is left alone */
	char *e = pxecfg_entry("x", "X", "windows/x", 0), *f = pxecfg_entry("y", "Y", "windows/y", 0);
	char *c1 = pxecfg_merge(NULL, "x", e, 0), *c2 = pxecfg_merge(c1, "y", f, 0);
	n = pxecfg_remove(c2, "x", &found);
	EXPECT(found && !strcmp(n, "# pxelinux configuration (created by prep-tftproot)\nDEFAULT y\nPROMPT 1\nTIMEOUT 50\n\n"
				      "# BEGIN prep-tftproot y\nLABEL y\n  KERNEL winpe.c32\n  APPEND windows/y\n# END prep-tftproot y\n"),
	       "remove x:\n%s", n);
	char *n2 = pxecfg_remove(n, "y", &found);
	EXPECT(found && !strcmp(n2, "# pxelinux configuration (created by prep-tftproot)\nPROMPT 1\nTIMEOUT 50\n\n"), "remove y:\n%s", n2);
	free(n); free(n2);
	n = pxecfg_remove("DEFAULT x\n# BEGIN prep-tftproot x\nLABEL x\n# END prep-tftproot x\n", "x", &found);
	EXPECT(found && !strcmp(n, "DEFAULT x\n"), "user DEFAULT changed:\n%s", n);
	free(n); free(c1); free(c2); free(e); free(f);
	/* a BEGIN without its END: nothing removed */
	n = pxecfg_remove("# BEGIN prep-tftproot a\nLABEL keep\n", "a", &found);
	EXPECT(!found && !strcmp(n, "# BEGIN prep-tftproot a\nLABEL keep\n"), "unterminated block removed");
	free(n);
	return h_bad;
}

int main(void)
{
	RUN(test_menu_or_prompt);
	RUN(test_remove_and_title);
	RUN(test_new_and_idempotent);
	RUN(test_keep_user_lines);
	return H_DONE();
}
