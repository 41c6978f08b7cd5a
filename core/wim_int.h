/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wim_int.h - internal state of the WIM reader, shared by wim.c (header,
 * lookup table, images), wim_res.c (resources, chunks, cache) and
 * wim_meta.c (metadata, dentries, path lookup, walk).
 */
#ifndef WP_WIM_INT_H
#define WP_WIM_INT_H
#include "wim.h"
#include "decomp.h"

#define WIM_HDR_SIZE 208
#define WIM_LTE_SIZE 50
#define WIM_VERSION_DEFAULT 0x10D00u
#define WIM_VERSION_SOLID 0xE00u

#define WIM_HDR_COMPRESSION 0x00000002u
#define WIM_HDR_SPANNED 0x00000008u
#define WIM_HDR_XPRESS 0x00020000u
#define WIM_HDR_LZX 0x00040000u
#define WIM_HDR_LZMS 0x00080000u
#define WIM_HDR_XPRESS2 0x00200000u

#define WIM_RES_METADATA 0x02u
#define WIM_RES_COMPRESSED 0x04u
#define WIM_RES_SOLID 0x10u
#define WIM_SOLID_MAGIC 0x100000000ull

/* Chunk formats (solid header values, also used for non-solid ones). */
enum { WIM_FMT_NONE = 0, WIM_FMT_XPRESS = 1, WIM_FMT_LZX = 2, WIM_FMT_LZMS = 3 };

/* A resource header as stored in the header and the lookup table. */
struct wim_reshdr {
	uint64_t stored;  /* size_in_wim */
	uint64_t offset;  /* offset_in_wim */
	uint64_t usize;   /* uncompressed size */
	uint8_t flags;
};

/* A solid resource: one compressed stream holding many blobs. */
struct wim_solid {
	uint64_t offset, stored, usize;
	uint32_t chunk_size;
	uint32_t format;
	uint64_t nchunks;
	uint64_t *chunk_off; /* nchunks + 1 file offsets, loaded on first use */
};

/* A blob (file data) or metadata resource. */
struct wim_blob {
	struct wim_reshdr r;  /* non-solid: where it is; solid: r.offset is
				 the offset in the solid resource */
	uint8_t sha1[20];
	int32_t solid;        /* index into wim->solids, or -1 */
	uint32_t entry;       /* lookup table entry number (messages) */
};

/* One slot of the decompressed-chunk cache. */
struct wim_cslot {
	uint64_t key_res;     /* resource key; 0 = empty */
	uint64_t key_stored;  /* stored size and kind of the resource */
	uint64_t key_chunk;
	uint8_t *data;
	size_t cap, len;
	uint64_t stamp;
};

#define WIM_CACHE_SLOTS 4
/* Largest metadata resource we load whole. */
#define WIM_MAX_METADATA (512u << 20)
/* Chunks above this size are cached alone (the other slots are freed). */
#define WIM_BIG_CHUNK (4u << 20)

struct wim {
	const struct wp_src *src;
	char name[64];
	uint32_t version, flags, chunk_size, image_count, boot_index;
	uint16_t part, total_parts;
	uint32_t hdr_format;          /* WIM_FMT_* of non-solid resources */
	struct wim_reshdr lt;         /* lookup table */
	struct wim_reshdr xml;        /* XML data */
	struct wim_blob *blobs;       /* data blobs, table order */
	uint32_t nblobs;
	uint32_t *by_sha1;            /* blob indices sorted by SHA-1 */
	uint32_t nblobs_idx;          /* entries of by_sha1 (no duplicates) */
	struct wim_blob *meta;        /* metadata resources, image order */
	struct wim_solid *solids;
	uint32_t nsolids;
	/* selected image */
	unsigned image;
	uint8_t *md;
	size_t md_len;
	size_t root;                  /* offset of the root dentry */
	uint8_t *visited;             /* walk: bitmap of child lists seen */
	/* chunk cache and scratch input */
	struct wim_cslot cache[WIM_CACHE_SLOTS];
	uint64_t stamp;
	uint8_t *in;
	size_t in_cap;
	struct wp_dscratch dws;       /* decoder state, kept between chunks */
};

/* wim_res.c */
/* Read len bytes at off of the uncompressed data of blob/resource b. */
int wim_res_read(struct wim *w, const struct wim_blob *b, uint64_t off,
		 void *buf, size_t len, struct wp_err *err);
/* Read and validate the 16-byte header of a solid resource. */
int wim_solid_check(struct wim *w, struct wim_solid *s, uint32_t entry,
		    struct wp_err *err);
/*
 * Load a whole non-solid resource r (the lookup table, the XML data) of at
 * most max bytes into malloc'd *out; what names it in messages.
 */
int wim_res_load(struct wim *w, const struct wim_reshdr *r, size_t max, const char *what,
		 uint8_t **out, size_t *out_len, struct wp_err *err);
/* Whether chunk size c is valid for chunk format fmt. */
bool wim_chunk_size_ok(uint32_t fmt, uint64_t c);
/* Free the chunk cache and scratch buffers. */
void wim_cache_free(struct wim *w);

/* wim_meta.c: check the security data and root of the loaded metadata. */
int wim_meta_init(struct wim *w, struct wp_err *err);

/* wim.c */
/* Decode a 24-byte resource header. */
void wim_reshdr_get(const uint8_t *p, struct wim_reshdr *r);
/* Index of the data blob with this SHA-1, or -1. */
int wim_find_blob(const struct wim *w, const uint8_t sha1[20]);
/* Whether a hash is all zero. */
bool wim_zero_hash(const uint8_t h[20]);

#endif
