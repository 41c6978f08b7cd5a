/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * complete.c - let core/bootfiles.c see and grow the fetched file set:
 * lookups by disk name or basename, the boot WIM, and added files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootfiles.h"
#include "complete.h"

/* The file whose name (or basename) matches, the last one winning. */
static const uint8_t *set_get(void *ctx, const char *name, uint64_t *size)
{
	struct winpe_set *s = ctx;
	const struct winpe_file *hit = NULL;
	unsigned i;
	bool path = strchr(name, '\\') != NULL;

	for (i = 0; i < s->n_files; i++) {
		const struct winpe_file *f = &s->files[i];
		if (f->inject)
			continue;
		if (!strcasecmp(f->name, name) ||
		    (!strcasecmp(wp_basename(f->name), wp_basename(name)) &&
		     (!path || !strchr(f->name, '\\'))))
			hit = f;
	}
	if (!hit)
		return NULL;
	*size = hit->size;
	return hit->data;
}

/* The last *.wim of the set. */
static const uint8_t *set_wim(void *ctx, uint64_t *size, const char **name)
{
	struct winpe_set *s = ctx;
	unsigned i;
	int hit = -1;

	for (i = 0; i < s->n_files; i++)
		if (!s->files[i].inject && wp_ends_ci(s->files[i].name, ".wim"))
			hit = (int)i;
	if (hit < 0)
		return NULL;
	*size = s->files[hit].size;
	*name = s->files[hit].src;
	return s->files[hit].data;
}

/* Append a file made from the others (extracted or unpacked). */
static int set_add(void *ctx, const char *name, uint8_t *data, uint64_t size)
{
	struct winpe_set *s = ctx;
	struct winpe_file *n = realloc(s->files, (s->n_files + 1) * sizeof(*n));

	if (!n) {
		free(data);
		return WP_ENOMEM;
	}
	s->files = n;
	n = &s->files[s->n_files];
	memset(n, 0, sizeof(*n));
	n->name = strdup(name);
	n->src = strdup("extracted");
	n->data = data;
	n->size = size;
	s->n_files++;
	return n->name && n->src ? 0 : WP_ENOMEM;
}

/* Print a non-fatal problem. */
static void set_warn(void *ctx, const char *msg)
{
	(void)ctx;
	printf("winpe: warning: %s\n", msg);
}

/* Does any file of the set (injected ones aside) end in ext (lower case)? */
static bool set_has_ext(void *ctx, const char *ext)
{
	struct winpe_set *s = ctx;
	unsigned i;

	for (i = 0; i < s->n_files; i++)
		if (!s->files[i].inject && wp_ends_ci(s->files[i].name, ext))
			return true;
	return false;
}

/* Complete the set for this firmware. */
int complete_set(struct winpe_set *set, enum layout_fw fw, struct wp_err *err)
{
	struct bootfiles_ops ops = { set_get, set_wim, set_add, set_warn, set, set_has_ext };

	return bootfiles_complete(fw, set->opts.index, &ops, err);
}
