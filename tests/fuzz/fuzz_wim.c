/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_wim.c - libFuzzer target of the WIM reader: open, then for a few
 * images select, walk (reading the head and tail of every file), and look up
 * a few paths.  Build: make fuzz-wim (clang -fsanitize=fuzzer,address,undefined).
 */
#include "wim.h"

/* Work budget per input so one input cannot run for long. */
struct budget {
	struct wim *w;
	unsigned files;
};

/* Walk callback: read the first and last bytes of each file. */
static int visit(void *ctx, const char *path, const struct wim_file *f)
{
	struct budget *b = ctx;
	struct wp_err err;
	uint8_t buf[4096];
	size_t n;

	if (++b->files > 2000)
		return 1;
	if (!f->size || f->blob < 0)
		return 0;
	n = f->size < sizeof(buf) ? (size_t)f->size : sizeof(buf);
	wim_read(b->w, f, 0, buf, n, &err);
	if (f->size > n)
		wim_read(b->w, f, f->size - 100 < f->size - n ? f->size - 100 : f->size - n,
			 buf, 100 < n ? 100 : n, &err);
	return 0;
}

/* One fuzz input: a whole WIM file in memory. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"\\Windows\\Boot\\PXE\\bootmgr.exe", "/a", "\\A\\b", "\\",
	};
	struct wp_src src = wp_src_mem(data, size);
	struct wp_err err;
	struct wim *w;
	unsigned i, img;

	if (wim_open(&w, &src, "fuzz.wim", &err))
		return 0;
	for (img = 0; img <= 3 && img <= wim_image_count(w); img++) {
		struct budget b = { w, 0 };

		if (wim_select_image(w, img, &err))
			continue;
		wim_walk(w, visit, &b, &err);
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct wim_file f;
			uint8_t buf[64];

			if (!wim_lookup(w, paths[i], &f, &err) && f.size)
				wim_read(w, &f, f.size / 2, buf,
					 f.size - f.size / 2 < 64 ? (size_t)(f.size - f.size / 2) : 64,
					 &err);
		}
	}
	wim_close(w);
	return 0;
}
