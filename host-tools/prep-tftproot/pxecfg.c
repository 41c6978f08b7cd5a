/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxecfg.c - marked-block update of pxelinux.cfg/default (see pxecfg.h).
 */
#include "pxecfg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The entry lines (without markers). */
char *pxecfg_entry(const char *name, const char *title, const char *append, int menu)
{
	size_t n = strlen(name) + strlen(title) + strlen(append) + 96;
	char *s = malloc(n);
	if (!s) return NULL;
	if (menu)
		snprintf(s, n, "LABEL %s\n  MENU LABEL %s\n  KERNEL winpe.c32\n  APPEND %s\n", name,
			 title, append);
	else
		snprintf(s, n, "LABEL %s\n  KERNEL winpe.c32\n  APPEND %s\n", name, append);
	return s;
}

/* Skip blanks. */
static const char *skipws(const char *p)
{
	while (*p == ' ' || *p == '\t') p++;
	return p;
}

/* A UI line: "UI" (any case) then a blank, outside comments. */
int pxecfg_has_ui(const char *text)
{
	for (const char *p = text; p && *p;) {
		const char *q = skipws(p);
		if ((q[0] == 'U' || q[0] == 'u') && (q[1] == 'I' || q[1] == 'i') && (q[2] == ' ' || q[2] == '\t'))
			return 1;
		p = strchr(p, '\n');
		if (p) p++;
	}
	return 0;
}

/* Is the line starting at p (length l) exactly "MARK NAME"? */
static int is_marker(const char *p, size_t l, const char *mark, const char *name)
{
	size_t ml = strlen(mark), nl = strlen(name);
	while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t')) l--;
	return l == ml + 1 + nl && !memcmp(p, mark, ml) && p[ml] == ' ' && !memcmp(p + ml + 1, name, nl);
}

/* Does text contain line exactly (ignoring trailing blanks/CR)? */
static int has_line(const char *text, const char *line)
{
	size_t ll = strlen(line);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t')) l--;
		if (l == ll && !memcmp(p, line, ll)) return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Merge (see pxecfg.h). */
char *pxecfg_merge(const char *old, const char *name, const char *entry, int menu)
{
	const char *begin = "# BEGIN prep-tftproot", *end = "# END prep-tftproot";
	size_t cap = (old ? strlen(old) : 0) + strlen(entry) + 2 * strlen(name) + 256;
	char *out = malloc(cap);
	if (!out) return NULL;
	size_t o = 0;
	int placed = 0, inside = 0;
	char endline[256];
	snprintf(endline, sizeof endline, "%s %s", end, name);
	if (old && !has_line(old, endline)) {
		/* no END marker for NAME: keep every line, append a fresh block */
		size_t l = strlen(old);
		memcpy(out, old, l);
		o = l;
		if (o && out[o - 1] != '\n') out[o++] = '\n';
		o += (size_t)snprintf(out + o, cap - o, "%s %s\n%s%s %s\n", begin, name, entry, end, name);
		out[o] = 0;
		return out;
	}
	if (!old && menu) {
		o += (size_t)snprintf(out + o, cap - o,
				      "# pxelinux configuration (created by prep-tftproot)\n"
				      "UI menu.c32\nMENU TITLE Windows PE network boot\n"
				      "DEFAULT %s\nPROMPT 0\nTIMEOUT 50\n\n", name);
	} else if (!old) {
		o += (size_t)snprintf(out + o, cap - o,
				      "# pxelinux configuration (created by prep-tftproot)\n"
				      "DEFAULT %s\nPROMPT 1\nTIMEOUT 50\n\n", name);
	}
	for (const char *p = old; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (!inside && is_marker(p, l, begin, name)) {
			inside = 1;
		} else if (inside && is_marker(p, l, end, name)) {
			inside = 0;
			if (!placed) {
				o += (size_t)snprintf(out + o, cap - o, "%s %s\n%s%s %s\n", begin, name,
						      entry, end, name);
				placed = 1;
			}
		} else if (!inside) {
			memcpy(out + o, p, l);
			o += l;
			out[o++] = '\n';
		}
		p = nl ? nl + 1 : p + l;
	}
	if (!placed) {
		if (o && out[o - 1] != '\n') out[o++] = '\n';
		o += (size_t)snprintf(out + o, cap - o, "%s %s\n%s%s %s\n", begin, name, entry, end, name);
	}
	out[o] = 0;
	return out;
}

/* In a file whose header prep-tftproot wrote, "DEFAULT NAME" of a removed
 * NAME becomes the first remaining marked entry, or goes when none is left
 * (in place: the text only shrinks). */
static void fix_default(char *text, const char *name)
{
	static const char hdr[] = "# pxelinux configuration (created by prep-tftproot)\n";
	if (strncmp(text, hdr, sizeof hdr - 1)) return;
	char def[128], next[128] = "";
	snprintf(def, sizeof def, "DEFAULT %s", name);
	const char *b = strstr(text, "\n# BEGIN prep-tftproot ");
	if (b) sscanf(b + 23, "%100s", next);
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l == strlen(def) && !memcmp(p, def, l)) {
			char repl[128];
			int rl = next[0] ? snprintf(repl, sizeof repl, "DEFAULT %s", next) : 0;
			size_t cut = next[0] ? l : l + (nl ? 1 : 0);
			memmove(p + rl, p + cut, strlen(p + cut) + 1);
			memcpy(p, repl, (size_t)rl);
			return;
		}
		p = nl ? nl + 1 : p + l;
	}
}

/* Remove NAME's block (see pxecfg.h); a BEGIN without its END keeps every line. */
char *pxecfg_remove(const char *old, const char *name, int *found)
{
	const char *begin = "# BEGIN prep-tftproot", *end = "# END prep-tftproot";
	char endline[256];
	snprintf(endline, sizeof endline, "%s %s", end, name);
	size_t n = old ? strlen(old) : 0;
	char *out = malloc(n + 2);
	if (!out) return NULL;
	*found = 0;
	if (!old || !has_line(old, endline)) {
		memcpy(out, old ? old : "", n + 1);
		return out;
	}
	size_t o = 0;
	int inside = 0;
	for (const char *p = old; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (!inside && is_marker(p, l, begin, name)) {
			inside = 1;
			*found = 1;
		} else if (inside && is_marker(p, l, end, name)) {
			inside = 0;
		} else if (!inside) {
			memcpy(out + o, p, l);
			o += l;
			if (nl) out[o++] = '\n';
		}
		p = nl ? nl + 1 : p + l;
	}
	out[o] = 0;
	fix_default(out, name);
	return out;
}

/* MENU LABEL of NAME's block (see pxecfg.h). */
void pxecfg_title(const char *text, const char *name, char *out, size_t cap)
{
	const char *begin = "# BEGIN prep-tftproot", *end = "# END prep-tftproot";
	int inside = 0;
	if (cap) out[0] = 0;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = skipws(p);
		if (!inside && is_marker(p, l, begin, name)) inside = 1;
		else if (inside && is_marker(p, l, end, name)) return;
		else if (inside && !strncasecmp(q, "MENU LABEL ", 11)) {
			size_t tl = l - (size_t)(q + 11 - p);
			while (tl && (q[11 + tl - 1] == '\r' || q[11 + tl - 1] == ' ')) tl--;
			snprintf(out, cap, "%.*s", (int)tl, q + 11);
		}
		p = nl ? nl + 1 : NULL;
	}
}
