/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxenic.c - the network card syslinux.efi booted through, for the module's
 * own clients (udp.c for TFTP, tcp.c for HTTP): the IPv4 PXE base code that
 * is started, the address, mask and route it got from DHCP, and the
 * service binding (UDP4, TCP4) of that same card.
 */
#include <efi.h>
#include <string.h>
#include "fw.h"

static EFI_GUID g_pxe_guid = EFI_PXE_BASE_CODE_PROTOCOL_GUID;
static EFI_GUID g_dp_guid = DEVICE_PATH_PROTOCOL;

/* Bytes of device path dp before its End node; 0 when malformed. */
size_t efi_dp_len(const EFI_DEVICE_PATH *dp)
{
	const uint8_t *p = (const uint8_t *)dp;
	size_t n = 0, k;

	while (p[n] != END_DEVICE_PATH_TYPE) {
		k = wp_le16(p + n + 2);
		if (k < 4 || n > 4096)
			return 0;
		n += k;
	}
	return n;
}

/* Fill *nic from the IPv4 PXE base code that is started; -1 when none is. */
int efi_pxe_nic(EFI_BOOT_SERVICES *bs, struct efi_pxe_nic *nic)
{
	EFI_HANDLE *h = NULL;
	EFI_PXE_BASE_CODE_PROTOCOL *p;
	UINTN n = 0, i;

	memset(nic, 0, sizeof(*nic));
	if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &g_pxe_guid, NULL, &n, &h)))
		return -1;
	for (i = 0; i < n && !nic->mode; i++)
		if (!EFI_ERROR(bs->HandleProtocol(h[i], &g_pxe_guid, (void **)&p)) && p && p->Mode &&
		    p->Mode->Started && !p->Mode->UsingIpv6) {
			nic->mode = p->Mode;
			nic->handle = h[i];
		}
	bs->FreePool(h);
	if (!nic->mode)
		return -1;
	memcpy(&nic->me, &nic->mode->StationIp.v4, 4);
	memcpy(&nic->mask, &nic->mode->SubnetMask.v4, 4);
	return 0;
}

/* The boot server DHCP named (a proxy offer first), 0 when none. */
uint32_t efi_pxe_boot_server(const struct efi_pxe_nic *nic)
{
	uint32_t server = 0;

	if (nic->mode->ProxyOfferReceived)
		memcpy(&server, nic->mode->ProxyOffer.Dhcpv4.BootpSiAddr, 4);
	if (!server)
		memcpy(&server, nic->mode->DhcpAck.Dhcpv4.BootpSiAddr, 4);
	return server;
}

/* The gateway towards server in *gw when it is off our subnet; false when direct. */
bool efi_pxe_gateway(const struct efi_pxe_nic *nic, uint32_t server, EFI_IPv4_ADDRESS *gw)
{
	if (!((server ^ nic->me) & nic->mask) || !nic->mode->RouteTableEntries)
		return false;
	memcpy(gw, &nic->mode->RouteTable[0].GwAddr.v4, 4);
	return true;
}

/*
 * The handle with service binding sb_guid on the card the PXE base code
 * runs on: the one whose device path begins the base code's (OVMF puts the
 * base code on a child of the card, .../MAC(..)/IPv4(..)); the first one
 * when none does; NULL when no handle has it.
 */
EFI_HANDLE efi_nic_binding(EFI_BOOT_SERVICES *bs, const struct efi_pxe_nic *nic, EFI_GUID *sb_guid)
{
	EFI_DEVICE_PATH *pdp = NULL, *dp;
	EFI_HANDLE *h = NULL, r = NULL;
	UINTN n = 0, i;
	size_t pl = 0, l;

	if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, sb_guid, NULL, &n, &h)) || !n)
		return NULL;
	if (!EFI_ERROR(bs->HandleProtocol(nic->handle, &g_dp_guid, (void **)&pdp)) && pdp)
		pl = efi_dp_len(pdp);
	for (i = 0; i < n && pl && !r; i++)
		if (!EFI_ERROR(bs->HandleProtocol(h[i], &g_dp_guid, (void **)&dp)) && dp &&
		    (l = efi_dp_len(dp)) && l <= pl && !memcmp(dp, pdp, l))
			r = h[i];
	if (!r)
		r = h[0];
	bs->FreePool(h);
	return r;
}
