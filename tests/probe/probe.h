/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - the probe boot manager: a PE32 boot application that stands in
 * for bootmgr.exe, checks what the BIOS hand-off gave it and reads the whole
 * virtual disk through the real-mode callback like bootmgr does.
 */
#ifndef PROBE_H
#define PROBE_H
#include <stdint.h>
#include <stddef.h>

#define PROBE_EXIT_PASS 0x21 /* QEMU exit status 67 */
#define PROBE_EXIT_FAIL 0x33 /* QEMU exit status 103 */

struct rm_regs {
	uint32_t vector, eax, ebx, ecx, edx, esp, ebp, esi, edi;
	uint32_t cs, ds, ss, es, fs, gs, eflags;
} __attribute__((packed));

struct callback_fns {
	void (*call_interrupt)(struct rm_regs *);
	void (*call_real)(struct rm_regs *);
};

/* out.c */
void out_str(const char *s);
void out_hex(uint32_t v);
void out_dec(uint64_t v);
void out_nl(void);
void probe_fail(const char *why, uint32_t v) __attribute__((noreturn));
void probe_exit(int code) __attribute__((noreturn));
#define CHECK(c, why, v) do { if (!(c)) probe_fail(why, (uint32_t)(v)); } while (0)

/* lib.c */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
static inline uint16_t rd16(const void *p) { const uint8_t *b = p; return (uint16_t)(b[0] | b[1] << 8); }
static inline uint32_t rd32(const void *p) { const uint8_t *b = p; return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24; }

/* checks.c: the BOOT APP block, CPU state, regions */
extern const uint8_t *ba;          /* the block */
extern struct callback_fns *cbfns;
extern uint8_t drive;
void check_handoff(const uint8_t *block);
void check_ivt(void);

/* disk.c: INT 13h through the callback */
enum { RD_CHS, RD_EDD, RD_FLAT, RD_METHODS };
void disk_init(void);
void disk_read(uint64_t lba, uint32_t count, void *dst, int method);
void disk_read_any(uint64_t lba, uint32_t count, void *dst, unsigned seq);
extern uint64_t disk_total;

/* fat.c */
void fat_walk_disk(uint32_t mbr_sig, uint32_t part_offset);
extern unsigned files_seen;

/* paging.c */
void paging_on(void);
void paging_off(void);

/* vbe.c */
void check_vbe(void);

/* sha256.c */
struct sha256 { uint32_t h[8]; uint64_t len; uint8_t buf[64]; unsigned n; };
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[32]);

#endif
