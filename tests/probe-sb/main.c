/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - probe-sb.efi: plays Microsoft's signed boot manager in the Secure
 * Boot path test (tests/prep/t-sb-qemu.sh).  Started by the firmware as the
 * DHCP boot file, it does what the boot manager was seen doing: through the
 * firmware's PXE base code (MTFTP) it reads \Boot\BCD from the boot server,
 * walks the store ({bootmgr} displayorder -> each loader's RAM-disk device ->
 * its options object's SDI path) and downloads the SDI and WIM of every entry
 * by the names the store gives.  Each file gets a "PROBE FILE name size
 * sha256 tftp" line on COM1; then QEMU ends through isa-debug-exit.
 */
#include <efi.h>
#include <efilib.h>
#include "sha256.h"
#include "regf.h"

#define EXIT_PASS 0x31   /* QEMU exit status 99 */
#define EXIT_FAIL 0x32   /* QEMU exit status 101 */
#define BOOTMGR "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"

void pout(const char *fmt, ...);
void perr(const char *fmt, ...);
extern unsigned probe_errors;

static EFI_PXE_BASE_CODE *pxe;
static EFI_IP_ADDRESS server;

/* End QEMU via isa-debug-exit (port 0xf4). */
static void qemu_exit(uint8_t code)
{
	__asm__ volatile("outb %0, %1" : : "a"(code), "Nd"((uint16_t)0xf4));
}

/* Download name (sent as is) over MTFTP; *len gets the size.  NULL on error. */
static uint8_t *tftp_get(const char *name, UINT64 *len)
{
	UINT64 size = 0;
	UINTN blk = 1456;
	EFI_STATUS st = uefi_call_wrapper(pxe->Mtftp, 10, pxe, EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE,
					  NULL, FALSE, &size, &blk, &server, (UINT8 *)name, NULL, FALSE);
	if (EFI_ERROR(st)) {
		perr("size of %s: status 0x%llx\n", name, (unsigned long long)st);
		return NULL;
	}
	uint8_t *buf = AllocatePool(size ? size : 1);
	if (!buf) return NULL;
	*len = size;
	st = uefi_call_wrapper(pxe->Mtftp, 10, pxe, EFI_PXE_BASE_CODE_TFTP_READ_FILE, buf, FALSE, len,
			       &blk, &server, (UINT8 *)name, NULL, FALSE);
	if (EFI_ERROR(st) || *len != size) {
		perr("read %s: status 0x%llx, %llu of %llu bytes\n", name, (unsigned long long)st,
		     (unsigned long long)*len, (unsigned long long)size);
		FreePool(buf);
		return NULL;
	}
	return buf;
}

/* Print the PROBE FILE line of a downloaded file. */
static void report(const char *name, const uint8_t *d, UINT64 len)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	static const char dig[] = "0123456789abcdef";
	sha256(d, (size_t)len, h);
	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = dig[h[i] >> 4];
		hex[2 * i + 1] = dig[h[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = 0;
	pout("PROBE FILE %s %llu %s tftp\n", name, (unsigned long long)len, hex);
}

/* Fetch one file by name, report it. */
static void fetch(const char *name)
{
	UINT64 len = 0;
	uint8_t *d = tftp_get(name, &len);
	if (!d) return;
	report(name, d, len);
	FreePool(d);
}

/* One displayorder entry: fetch its SDI and WIM by the store's names. */
static void entry(const struct regf *r, uint32_t objects, const char *guid)
{
	char wim[REGF_STR], opt[40], sdi[REGF_STR], key[80];
	uint32_t k;
	const uint8_t *dev;
	uint32_t dlen;
	regf_cat(key, sizeof key, guid, "\\Elements\\11000001");
	if (regf_path(r, objects, key, &k) || regf_value(r, k, "Element", &dev, &dlen) ||
	    regf_ramdisk(dev, dlen, opt, wim)) {
		perr("%s: no ramdisk device element\n", guid);
		return;
	}
	regf_cat(key, sizeof key, opt, "\\Elements\\32000004");
	if (regf_path(r, objects, key, &k) || regf_string(r, k, "Element", sdi)) {
		perr("%s: options %s have no ramdisksdipath\n", guid, opt);
		return;
	}
	pout("PROBE ENTRY %s wim=%s sdi=%s\n", guid, wim, sdi);
	fetch(sdi);
	fetch(wim);
}

/* Read \Boot\BCD and walk {bootmgr}'s display order. */
static void walk(void)
{
	UINT64 len = 0;
	uint8_t *bcd = tftp_get("\\Boot\\BCD", &len);
	struct regf r;
	uint32_t objects, k;
	const uint8_t *list;
	uint32_t llen;
	if (!bcd) return;
	report("\\Boot\\BCD", bcd, len);
	if (regf_open(&r, bcd, (uint32_t)len) || regf_path(&r, r.root, "Objects", &objects) ||
	    regf_path(&r, objects, BOOTMGR "\\Elements\\24000001", &k) ||
	    regf_value(&r, k, "Element", &list, &llen)) {
		perr("\\Boot\\BCD: no {bootmgr} displayorder\n");
		return;
	}
	/* REG_MULTI_SZ of "{guid}" (UTF-16LE, ASCII content) */
	char g[40];
	uint32_t n = 0;
	for (uint32_t i = 0; i + 1 < llen; i += 2) {
		char c = (char)list[i];
		if (c && n < sizeof g - 1) {
			g[n++] = c;
		} else if (!c) {
			if (!n) break;
			g[n] = 0;
			entry(&r, objects, g);
			n = 0;
		}
	}
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID, pxe_guid = EFI_PXE_BASE_CODE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li = NULL;
	InitializeLib(image, st);
	pout("PROBE SB START\n");
	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image, &li_guid, (void **)&li)) ||
	    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, li->DeviceHandle, &pxe_guid, (void **)&pxe))) {
		perr("no PXE base code on the boot device\n");
	} else {
		CopyMem(&server, pxe->Mode->DhcpAck.Dhcpv4.BootpSiAddr, 4);
		pout("PROBE SERVER %u.%u.%u.%u\n", server.v4.Addr[0], server.v4.Addr[1], server.v4.Addr[2],
		     server.v4.Addr[3]);
		walk();
	}
	pout("PROBE VERDICT %s\n", probe_errors ? "FAIL" : "PASS");
	qemu_exit(probe_errors ? EXIT_FAIL : EXIT_PASS);
	return EFI_SUCCESS;
}
