/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * blockio.c - the probe's own reader: find the whole-disk handle above the
 * partition, check the MBR against the partition's HD() device path node and
 * BlockIo media, then parse the FAT32 volume from raw sectors (BPB, FAT
 * chains, directories with long names) and hash every file.
 */
#include "probe.h"

struct fat {
	EFI_BLOCK_IO *bio;
	uint32_t spc, fat_lba, data_lba, root, n_clusters;
	uint32_t fat_cached;     /* FAT sector in fat_buf, or ~0 */
	uint8_t fat_buf[512];
	uint8_t *clus;           /* one cluster */
};

/* Read count sectors at lba through bio. */
static int rd(EFI_BLOCK_IO *bio, uint64_t lba, uint32_t count, void *buf)
{
	EFI_STATUS s = bio->ReadBlocks(bio, bio->Media->MediaId, lba, (UINTN)count * 512, buf);

	if (EFI_ERROR(s)) {
		perr("ReadBlocks lba %llu count %u: 0x%llx", (unsigned long long)lba, count,
		     (unsigned long long)s);
		return -1;
	}
	return 0;
}

/* Byte-wise comparison (no libc memcmp in the probe). */
static int mcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* Next cluster in the chain (FAT entry of c), or 0 on error. */
static uint32_t fat_next(struct fat *f, uint32_t c)
{
	uint32_t sec = f->fat_lba + c / 128;

	if (sec != f->fat_cached) {
		if (rd(f->bio, sec, 1, f->fat_buf))
			return 0;
		f->fat_cached = sec;
	}
	return (f->fat_buf[(c % 128) * 4] | f->fat_buf[(c % 128) * 4 + 1] << 8 |
		f->fat_buf[(c % 128) * 4 + 2] << 16 |
		(uint32_t)f->fat_buf[(c % 128) * 4 + 3] << 24) & 0x0FFFFFFF;
}

/* Read cluster c into f->clus. */
static int read_cluster(struct fat *f, uint32_t c)
{
	if (c < 2 || c >= f->n_clusters + 2) {
		perr("cluster %u out of range", c);
		return -1;
	}
	return rd(f->bio, f->data_lba + (uint64_t)(c - 2) * f->spc, f->spc, f->clus);
}

/* Hash a file of size bytes starting at cluster first, following its chain. */
static int hash_file(struct fat *f, uint32_t first, uint32_t size, uint8_t *out)
{
	struct sha256_ctx c;
	uint32_t left = size, cl = first, csz = f->spc * 512, guard = 0;

	sha256_init(&c);
	while (left) {
		uint32_t n = left < csz ? left : csz;
		if (read_cluster(f, cl))
			return -1;
		sha256_update(&c, f->clus, n);
		left -= n;
		if (left) {
			cl = fat_next(f, cl);
			if (cl < 2 || cl >= 0x0FFFFFF8 || ++guard > f->n_clusters) {
				perr("FAT chain of cluster %u ends early", first);
				return -1;
			}
		}
	}
	sha256_final(&c, out);
	return 0;
}

/* Read a whole directory (its chain) into a malloc'd buffer. */
static uint8_t *read_dir(struct fat *f, uint32_t first, uint32_t *len)
{
	uint32_t csz = f->spc * 512, cl = first, n = 0, guard = 0;
	uint8_t *buf = NULL;

	while (cl >= 2 && cl < 0x0FFFFFF8 && guard++ < 64) {
		uint8_t *nb = AllocatePool((n + 1) * csz);
		if (!nb)
			return NULL;
		if (buf) {
			memcpy(nb, buf, n * csz);
			FreePool(buf);
		}
		buf = nb;
		if (read_cluster(f, cl))
			return NULL;
		memcpy(buf + n * csz, f->clus, csz);
		n++;
		cl = fat_next(f, cl);
	}
	*len = n * csz;
	return buf;
}

/* The checksum of an 11-byte short name that its LFN entries carry. */
static uint8_t sfn_sum(const uint8_t *n)
{
	uint8_t s = 0;
	int i;

	for (i = 0; i < 11; i++)
		s = (uint8_t)(((s & 1) << 7) + (s >> 1) + n[i]);
	return s;
}

/* The 8.3 name as text, honouring the lower-case flags. */
static void sfn_text(const uint8_t *e, char *out)
{
	int i, k = 0, n;

	for (n = 8; n > 0 && e[n - 1] == ' '; n--)
		;
	for (i = 0; i < n; i++)
		out[k++] = (char)((e[12] & 0x08) && e[i] >= 'A' && e[i] <= 'Z' ? e[i] + 32 : e[i]);
	for (n = 3; n > 0 && e[8 + n - 1] == ' '; n--)
		;
	if (n)
		out[k++] = '.';
	for (i = 0; i < n; i++)
		out[k++] = (char)((e[12] & 0x10) && e[8 + i] >= 'A' && e[8 + i] <= 'Z' ?
				  e[8 + i] + 32 : e[8 + i]);
	out[k] = 0;
}

/* Walk directory `first` (path prefix dir), recording every file. */
static int walk(struct fat *f, uint32_t first, const char *dir, int depth,
		struct probe_list *out)
{
	static const int lfn_off[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	char lfn[256], name[256], path[PROBE_PATH];
	uint8_t lfn_sum = 0, hash[SHA256_DIGEST_SIZE];
	uint32_t len = 0, o;
	uint8_t *d;
	int have_lfn = 0, rc = 0;

	if (depth > 8)
		return perr("directory tree too deep at %s", dir), -1;
	d = read_dir(f, first, &len);
	if (!d)
		return -1;
	for (o = 0; o < len; o += 32) {
		uint8_t *e = d + o;
		int i, k;
		if (e[0] == 0)
			break;
		if (e[0] == 0xE5) {
			have_lfn = 0;
			continue;
		}
		if (e[11] == 0x0F) {   /* long-name entry */
			int seq = e[0] & 0x1F;
			if (e[0] & 0x40) {
				memset(lfn, 0, sizeof(lfn));
				lfn_sum = e[13];
				have_lfn = 1;
			}
			if (seq < 1 || seq > 19 || e[13] != lfn_sum)
				have_lfn = 0;
			for (k = 0; have_lfn && k < 13; k++) {
				uint16_t ch = (uint16_t)(e[lfn_off[k]] | e[lfn_off[k] + 1] << 8);
				int pos = (seq - 1) * 13 + k;
				if (pos < 255 && ch != 0xFFFF)
					lfn[pos] = ch && ch < 0x80 ? (char)ch : (ch ? '?' : 0);
			}
			continue;
		}
		if (e[11] & 0x08) {    /* volume label */
			have_lfn = 0;
			continue;
		}
		if (have_lfn && sfn_sum(e) == lfn_sum && lfn[0])
			memcpy(name, lfn, sizeof(name));
		else
			sfn_text(e, name);
		have_lfn = 0;
		if (!mcmp(name, ".", 2) || !mcmp(name, "..", 3))
			continue;
		for (i = 0, k = 0; dir[i] && k < PROBE_PATH - 2; )
			path[k++] = dir[i++];
		path[k++] = '\\';
		for (i = 0; name[i] && k < PROBE_PATH - 1; )
			path[k++] = name[i++];
		path[k] = 0;
		{
			uint32_t cl = (uint32_t)(e[26] | e[27] << 8) | (uint32_t)(e[20] | e[21] << 8) << 16;
			uint32_t size = e[28] | e[29] << 8 | e[30] << 16 | (uint32_t)e[31] << 24;
			if (e[11] & 0x10) {
				if (walk(f, cl, path, depth + 1, out))
					rc = -1;
			} else if (size == 0 || !hash_file(f, cl, size, hash)) {
				if (size == 0)
					sha256(NULL, 0, hash);
				probe_add(out, path, size, hash, "blockio");
			} else {
				rc = -1;
			}
		}
	}
	FreePool(d);
	return rc;
}

/* The HD() node of a device path, or NULL. */
static HARDDRIVE_DEVICE_PATH *find_hd(EFI_DEVICE_PATH *dp)
{
	for (; !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		if (DevicePathType(dp) == MEDIA_DEVICE_PATH &&
		    DevicePathSubType(dp) == MEDIA_HARDDRIVE_DP)
			return (HARDDRIVE_DEVICE_PATH *)dp;
	return NULL;
}

/* The whole-disk BlockIo handle: the device path up to the HD() node. */
static EFI_BLOCK_IO *disk_of(EFI_DEVICE_PATH *pdp, HARDDRIVE_DEVICE_PATH *hd)
{
	EFI_GUID bio_guid = BLOCK_IO_PROTOCOL;
	UINTN len = (UINTN)((uint8_t *)hd - (uint8_t *)pdp);
	uint8_t *copy = AllocatePool(len + 4);
	EFI_DEVICE_PATH *rest;
	EFI_HANDLE h;
	EFI_BLOCK_IO *bio = NULL;

	memcpy(copy, pdp, len);
	SetDevicePathEndNode((EFI_DEVICE_PATH *)(copy + len));
	rest = (EFI_DEVICE_PATH *)copy;
	if (EFI_ERROR(pbs->LocateDevicePath(&bio_guid, &rest, &h)) || !IsDevicePathEnd(rest) ||
	    EFI_ERROR(pbs->HandleProtocol(h, &bio_guid, (void **)&bio)))
		bio = NULL;
	FreePool(copy);
	return bio;
}

int probe_blockio(EFI_HANDLE part, struct probe_list *out)
{
	EFI_GUID bio_guid = BLOCK_IO_PROTOCOL, dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_BLOCK_IO *pbio, *dbio;
	EFI_DEVICE_PATH *dp;
	HARDDRIVE_DEVICE_PATH *hd;
	uint8_t mbr[512], vbr[512], vbr2[512];
	struct fat f;
	uint32_t sig, start, rsvd, nfat, fatsz, total;
	int rc;

	if (EFI_ERROR(pbs->HandleProtocol(part, &bio_guid, (void **)&pbio)) ||
	    EFI_ERROR(pbs->HandleProtocol(part, &dp_guid, (void **)&dp)))
		return perr("DeviceHandle has no BlockIo/DevicePath"), -1;
	hd = find_hd(dp);
	if (!hd)
		return perr("partition device path has no HD() node"), -1;
	dbio = disk_of(dp, hd);
	if (!dbio)
		return perr("no whole-disk BlockIo handle above the partition"), -1;
	pout("PROBE MEDIA disk id=%x logical=%u ro=%u present=%u bs=%u last=%llu\n",
	     dbio->Media->MediaId, dbio->Media->LogicalPartition, dbio->Media->ReadOnly,
	     dbio->Media->MediaPresent, dbio->Media->BlockSize,
	     (unsigned long long)dbio->Media->LastBlock);
	pout("PROBE MEDIA part id=%x logical=%u ro=%u present=%u bs=%u last=%llu\n",
	     pbio->Media->MediaId, pbio->Media->LogicalPartition, pbio->Media->ReadOnly,
	     pbio->Media->MediaPresent, pbio->Media->BlockSize,
	     (unsigned long long)pbio->Media->LastBlock);
	if (rd(dbio, 0, 1, mbr) || rd(pbio, 0, 1, vbr))
		return -1;
	sig = mbr[440] | mbr[441] << 8 | mbr[442] << 16 | (uint32_t)mbr[443] << 24;
	start = mbr[454] | mbr[455] << 8 | mbr[456] << 16 | (uint32_t)mbr[457] << 24;
	pout("PROBE MBR sig=%x type=%x start=%u size=%u hd_sig=%x hd_start=%llu hd_size=%llu\n",
	     sig, mbr[450], start,
	     mbr[458] | mbr[459] << 8 | mbr[460] << 16 | (uint32_t)mbr[461] << 24,
	     *(UINT32 *)hd->Signature, (unsigned long long)hd->PartitionStart,
	     (unsigned long long)hd->PartitionSize);
	if (mbr[510] != 0x55 || mbr[511] != 0xAA || sig != *(UINT32 *)hd->Signature ||
	    !sig || start != hd->PartitionStart ||
	    hd->PartitionSize != pbio->Media->LastBlock + 1 ||
	    !pbio->Media->LogicalPartition || dbio->Media->LogicalPartition ||
	    !pbio->Media->ReadOnly || !dbio->Media->ReadOnly ||
	    start + hd->PartitionSize > dbio->Media->LastBlock + 1)
		perr("MBR / HD() node / BlockIo media disagree");
	if (rd(dbio, start, 1, vbr2))
		return -1;
	if (mcmp(vbr, vbr2, 512))
		perr("partition LBA 0 differs from disk LBA %u", start);
	if (vbr[510] != 0x55 || vbr[511] != 0xAA || (vbr[11] | vbr[12] << 8) != 512 ||
	    mcmp(vbr + 82, "FAT32   ", 8))
		return perr("partition does not start with a FAT32 boot sector"), -1;
	memset(&f, 0, sizeof(f));
	f.bio = pbio;
	f.spc = vbr[13];
	rsvd = vbr[14] | vbr[15] << 8;
	nfat = vbr[16];
	fatsz = vbr[36] | vbr[37] << 8 | vbr[38] << 16 | (uint32_t)vbr[39] << 24;
	total = vbr[32] | vbr[33] << 8 | vbr[34] << 16 | (uint32_t)vbr[35] << 24;
	f.root = vbr[44] | vbr[45] << 8 | vbr[46] << 16 | (uint32_t)vbr[47] << 24;
	f.fat_lba = rsvd;
	f.data_lba = rsvd + nfat * fatsz;
	if (!f.spc || total <= f.data_lba)
		return perr("bad BPB"), -1;
	f.n_clusters = (total - f.data_lba) / f.spc;
	f.fat_cached = ~0u;
	f.clus = AllocatePool(f.spc * 512);
	if (!f.clus)
		return perr("out of memory"), -1;
	pout("PROBE FAT32 spc=%u reserved=%u fats=%u fatsz=%u total=%u root=%u\n", f.spc, rsvd,
	     nfat, fatsz, total, f.root);
	rc = walk(&f, f.root, "", 0, out);
	FreePool(f.clus);
	return rc;
}
