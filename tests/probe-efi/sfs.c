/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sfs.c - the firmware's view: ConnectController on the partition handle so
 * the firmware FAT driver binds, then read every file through
 * SimpleFileSystem and hash it.
 */
#include "probe.h"

#define SFS_CHUNK (64u << 10)

/* Hash an open file; its size from EFI_FILE_INFO must equal the bytes read. */
static int hash_open(EFI_FILE_HANDLE fh, uint64_t size, uint8_t *hash, uint8_t *buf,
		     const char *path)
{
	struct sha256_ctx c;
	uint64_t total = 0;

	sha256_init(&c);
	for (;;) {
		UINTN n = SFS_CHUNK;
		EFI_STATUS s = fh->Read(fh, &n, buf);
		if (EFI_ERROR(s)) {
			perr("%s: Read: 0x%llx", path, (unsigned long long)s);
			return -1;
		}
		if (!n)
			break;
		sha256_update(&c, buf, n);
		total += n;
	}
	sha256_final(&c, hash);
	if (total != size) {
		perr("%s: read %llu bytes, FileSize %llu", path, (unsigned long long)total,
		     (unsigned long long)size);
		return -1;
	}
	return 0;
}

/* Walk one open directory recursively. */
static int walk(EFI_FILE_HANDLE dir, const char *prefix, int depth, uint8_t *buf,
		struct probe_list *out)
{
	uint8_t info_buf[1024];
	EFI_FILE_INFO *fi = (EFI_FILE_INFO *)info_buf;
	char path[PROBE_PATH];
	uint8_t hash[SHA256_DIGEST_SIZE];
	int rc = 0;

	if (depth > 8)
		return perr("directory tree too deep at %s", prefix), -1;
	for (;;) {
		UINTN n = sizeof(info_buf);
		EFI_FILE_HANDLE fh;
		EFI_STATUS s = dir->Read(dir, &n, fi);
		int i, k;

		if (EFI_ERROR(s))
			return perr("%s: directory Read: 0x%llx", prefix, (unsigned long long)s), -1;
		if (!n)
			break;
		if ((fi->FileName[0] == '.' && !fi->FileName[1]) ||
		    (fi->FileName[0] == '.' && fi->FileName[1] == '.' && !fi->FileName[2]))
			continue;
		for (i = 0, k = 0; prefix[i] && k < PROBE_PATH - 2; )
			path[k++] = prefix[i++];
		path[k++] = '\\';
		for (i = 0; fi->FileName[i] && k < PROBE_PATH - 1; i++)
			path[k++] = fi->FileName[i] < 0x80 ? (char)fi->FileName[i] : '?';
		path[k] = 0;
		s = dir->Open(dir, &fh, fi->FileName, EFI_FILE_MODE_READ, 0);
		if (EFI_ERROR(s)) {
			perr("%s: Open: 0x%llx", path, (unsigned long long)s);
			rc = -1;
			continue;
		}
		if (fi->Attribute & EFI_FILE_DIRECTORY) {
			if (walk(fh, path, depth + 1, buf, out))
				rc = -1;
		} else if (!hash_open(fh, fi->FileSize, hash, buf, path)) {
			probe_add(out, path, fi->FileSize, hash, "sfs");
		} else {
			rc = -1;
		}
		fh->Close(fh);
	}
	return rc;
}

int probe_sfs(EFI_HANDLE part, struct probe_list *out)
{
	EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
	EFI_FILE_IO_INTERFACE *sfs;
	EFI_FILE_HANDLE root;
	EFI_STATUS s;
	uint8_t *buf;
	int rc;

	s = pbs->ConnectController(part, NULL, NULL, TRUE);
	pout("PROBE CONNECT 0x%llx\n", (unsigned long long)s);
	if (EFI_ERROR(pbs->HandleProtocol(part, &sfs_guid, (void **)&sfs)))
		return perr("no SimpleFileSystem on the partition after ConnectController"), -1;
	s = sfs->OpenVolume(sfs, &root);
	if (EFI_ERROR(s))
		return perr("OpenVolume: 0x%llx", (unsigned long long)s), -1;
	buf = AllocatePool(SFS_CHUNK);
	if (!buf)
		return perr("out of memory"), -1;
	rc = walk(root, "", 0, buf, out);
	root->Close(root);
	FreePool(buf);
	return rc;
}
