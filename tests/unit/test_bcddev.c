/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bcddev.c - BCD device element encoders (host-tools/prep-tftproot/bcddev.c)
 * against the byte layouts of Microsoft's install-media store.
 */
#include "harness.h"
#include "../../host-tools/prep-tftproot/bcddev.h"
#include <stdint.h>

/* The 176-byte ramdisk=[boot]\sources\boot.wim,{7619dcc8-...} element of the
 * Windows 10 install-ISO store, as documented byte by byte. */
static const uint8_t ref176[176] = {
	0xc8, 0xdc, 0x19, 0x76, 0xfe, 0xfa, 0xd9, 0x11, 0xb4, 0x11, 0x00, 0x04, 0x76, 0xeb, 0xa2, 0x5f,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x00, 0x00,
	0x05, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5c, 0x00, 0x73, 0x00,
	0x6f, 0x00, 0x75, 0x00, 0x72, 0x00, 0x63, 0x00, 0x65, 0x00, 0x73, 0x00, 0x5c, 0x00, 0x62, 0x00,
	0x6f, 0x00, 0x6f, 0x00, 0x74, 0x00, 0x2e, 0x00, 0x77, 0x00, 0x69, 0x00, 0x6d, 0x00, 0x00, 0x00,
};

/* GUID text <-> Windows byte order. */
static int test_guid(void)
{
	int h_bad = 0;
	uint8_t g[16];
	char s[39];
	EXPECT(bcd_guid_parse("{7619dcc8-fafe-11d9-b411-000476eba25f}", g) == 0, "parse");
	EXPECT(memcmp(g, ref176, 16) == 0, "byte order");
	bcd_guid_format(g, s);
	EXPECT(strcmp(s, "{7619dcc8-fafe-11d9-b411-000476eba25f}") == 0, "format %s", s);
	EXPECT(bcd_guid_parse("7619DCC8-FAFE-11D9-B411-000476EBA25F", g) == 0, "no braces, upper");
	EXPECT(memcmp(g, ref176, 16) == 0, "upper case bytes");
	EXPECT(bcd_guid_parse("{7619dcc8-fafe-11d9-b411-000476eba25}", g) != 0, "short");
	EXPECT(bcd_guid_parse("{7619dcc8+fafe-11d9-b411-000476eba25f}", g) != 0, "bad dash");
	EXPECT(bcd_guid_parse("{7619dcc8-fafe-11d9-b411-000476eba25g}", g) != 0, "bad hex");
	EXPECT(bcd_guid_parse("{7619dcc8-fafe-11d9-b411-000476eba25f", g) != 0, "no close");
	return h_bad;
}

/* The 88-byte boot device. */
static int test_boot_device(void)
{
	int h_bad = 0;
	uint8_t b[BCD_BOOTDEV_LEN], want[BCD_BOOTDEV_LEN] = {0};
	want[0x10] = 5;
	want[0x18] = 0x48;
	memset(b, 0xAA, sizeof b);
	bcd_dev_boot(b);
	EXPECT(memcmp(b, want, sizeof b) == 0, "boot device bytes");
	return h_bad;
}

/* The worked 176-byte example, exactly. */
static int test_ramdisk_reference(void)
{
	int h_bad = 0;
	uint8_t g[16], out[256];
	bcd_guid_parse("{7619dcc8-fafe-11d9-b411-000476eba25f}", g);
	EXPECT(bcd_dev_ramdisk_len("\\sources\\boot.wim") == 176, "len");
	memset(out, 0xAA, sizeof out);
	size_t n = bcd_dev_ramdisk(out, g, "\\sources\\boot.wim");
	EXPECT(n == 176, "n=%zu", n);
	for (size_t i = 0; i < 176; i++)
		if (out[i] != ref176[i]) {
			EXPECT(0, "byte 0x%02zx: got %02x want %02x", i, out[i], ref176[i]);
			break;
		}
	EXPECT(out[176] == 0xAA, "no write past the end");
	char path[64];
	uint8_t g2[16];
	EXPECT(bcd_dev_ramdisk_parse(ref176, 176, g2, path, sizeof path) == 0, "parse ref");
	EXPECT(!strcmp(path, "\\sources\\boot.wim") && !memcmp(g2, g, 16), "parsed %s", path);
	return h_bad;
}

/* Lengths stay fixed-width u32 LE for paths over 64 characters. */
static int test_ramdisk_long_path(void)
{
	int h_bad = 0;
	char p[201];
	memset(p, 'a', 200);
	p[0] = '\\';
	p[200] = 0;
	uint8_t g[16] = {1, 2, 3}, out[0x8C + 2 * 201];
	size_t n = bcd_dev_ramdisk(out, g, p);
	EXPECT(n == 0x8C + 2 * 201, "n=%zu", n);
	uint32_t l1 = (uint32_t)(out[0x18] | out[0x19] << 8 | out[0x1A] << 16 | out[0x1B] << 24);
	uint32_t l2 = (uint32_t)(out[0x3C] | out[0x3D] << 8 | out[0x3E] << 16 | out[0x3F] << 24);
	EXPECT(l1 == n - 0x10 && l2 == n - 0x38, "l1=%u l2=%u", l1, l2);
	EXPECT(bcd_dev_ramdisk(out, g, "") == 0, "empty path refused");
	EXPECT(bcd_dev_ramdisk(out, g, "\\caf\xc3\xa9") == 0, "non-ASCII refused");
	uint8_t bad[176];
	memcpy(bad, ref176, 176);
	bad[0x44] = 6; /* partition parent: not [boot] */
	char path[64];
	EXPECT(bcd_dev_ramdisk_parse(bad, 176, g, path, sizeof path) != 0, "non-boot parent refused");
	EXPECT(bcd_dev_ramdisk_parse(ref176, 174, g, path, sizeof path) != 0, "wrong length refused");
	return h_bad;
}

int main(void)
{
	RUN(test_guid);
	RUN(test_boot_device);
	RUN(test_ramdisk_reference);
	RUN(test_ramdisk_long_path);
	return H_DONE();
}
