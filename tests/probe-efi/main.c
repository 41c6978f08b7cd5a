/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - the probe's entry: checks what winpe.c32 handed over (its
 * LoadedImage DeviceHandle, the GOP refusal), reads the disk both ways,
 * compares the two listings and ends QEMU with a verdict.
 */
#include "probe.h"

#define EXIT_PASS 0x31   /* QEMU exit status 99 */
#define EXIT_FAIL 0x32   /* QEMU exit status 101 */

EFI_BOOT_SERVICES *pbs;
EFI_HANDLE pimage;

/* End QEMU via isa-debug-exit (port 0xf4). */
static void qemu_exit(uint8_t code)
{
	__asm__ volatile("outb %0, %1" : : "a"(code), "Nd"((uint16_t)0xf4));
}

/* Case-insensitive path equality. */
static int path_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		char y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* Every record of a has an identical record (path, size, hash) in b. */
static int covered(const struct probe_list *a, const struct probe_list *b, const char *what)
{
	unsigned i, j, k;
	int ok = 1;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++) {
			if (!path_eq(a->r[i].path, b->r[j].path))
				continue;
			for (k = 0; k < SHA256_DIGEST_SIZE && a->r[i].hash[k] == b->r[j].hash[k]; k++)
				;
			if (k == SHA256_DIGEST_SIZE && a->r[i].size == b->r[j].size)
				break;
		}
		if (j == b->n) {
			pout("PROBE MISMATCH %s %s\n", what, a->r[i].path);
			ok = 0;
		}
	}
	return ok;
}

/* Open GOP twice on its first handle: the hook refuses only the first open. */
static void probe_gop(void)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_HANDLE *h = NULL;
	UINTN n = 0;
	VOID *i1 = NULL, *i2 = NULL;
	EFI_STATUS s1, s2;

	if (EFI_ERROR(pbs->LocateHandleBuffer(ByProtocol, &gop_guid, NULL, &n, &h)) || !n) {
		pout("PROBE GOP none\n");
		return;
	}
	s1 = pbs->OpenProtocol(h[0], &gop_guid, &i1, pimage, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	s2 = pbs->OpenProtocol(h[0], &gop_guid, &i2, pimage, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	pout("PROBE GOP first=0x%llx second=0x%llx\n", (unsigned long long)s1,
	     (unsigned long long)s2);
	FreePool(h);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li = NULL;
	struct probe_list bl, sl;
	int pass;

	InitializeLib(image, st);
	pbs = st->BootServices;
	pimage = image;
	pout("\nPROBE START\n");
	if (EFI_ERROR(pbs->HandleProtocol(image, &li_guid, (void **)&li)) || !li ||
	    !li->DeviceHandle) {
		pout("PROBE VERDICT FAIL no DeviceHandle in LoadedImage\n");
		qemu_exit(EXIT_FAIL);
		return EFI_LOAD_ERROR;
	}
	if (li->FilePath)
		pout("PROBE FILEPATH %s\n", "present");
	probe_gop();
	bl.r = AllocateZeroPool(PROBE_MAX_FILES * sizeof(struct probe_rec));
	sl.r = AllocateZeroPool(PROBE_MAX_FILES * sizeof(struct probe_rec));
	bl.n = sl.n = 0;
	if (!bl.r || !sl.r) {
		pout("PROBE VERDICT FAIL out of memory\n");
		qemu_exit(EXIT_FAIL);
		return EFI_OUT_OF_RESOURCES;
	}
	if (probe_blockio(li->DeviceHandle, &bl))
		perr("BlockIo walk failed");
	if (probe_sfs(li->DeviceHandle, &sl))
		perr("SimpleFileSystem walk failed");
	pout("PROBE COUNT blockio=%u sfs=%u\n", bl.n, sl.n);
	pass = covered(&bl, &sl, "blockio-not-in-sfs") & covered(&sl, &bl, "sfs-not-in-blockio");
	if (!bl.n || bl.n != sl.n)
		pass = 0;
	if (pass && !probe_errors) {
		pout("PROBE VERDICT PASS %u files both ways\n", bl.n);
		qemu_exit(EXIT_PASS);
	} else {
		pout("PROBE VERDICT FAIL %u errors, listings %s\n", probe_errors,
		     pass ? "agree" : "differ");
		qemu_exit(EXIT_FAIL);
	}
	return EFI_SUCCESS;
}
