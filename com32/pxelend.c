/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxelend.c - lend lpxelinux.0's network card to iPXE's own stack
 * (pxelend.h).
 *
 * lpxelinux.0's lwIP drives the card through the UNDI API: its UNDI_OPEN
 * makes iPXE freeze its own receive path, so every packet waits for
 * UNDI_ISR and iPXE's TCP (and so its FILE API) hears nothing.  While the
 * module reads a file through that API it takes the card: syslinux's
 * scheduler hook (core_pm_hook, which runs lwIP's threads after every
 * interrupt and PXE call) is swapped for the core's empty one, so no lwIP
 * thread touches the card; UNDI_CLOSE unfreezes iPXE's receive path (and
 * closes the card), UDP_OPEN reopens it for iPXE's stack (the only PXE call
 * that opens the card without freezing it).  Giving back is UNDI_OPEN with
 * lwIP's own packet filter, then syslinux's hook again.  lwIP has no
 * connection open between two of syslinux's file reads, so it misses
 * nothing it waits for.  While lent, the PXE UDP API stays open with our
 * address (the module's TFTP client writes and reads through it, as under
 * pxelinux.0); it is closed before the card goes back.
 */
#include <string.h>
#include <stdbool.h>
#include <com32.h>
#include <syslinux/config.h>
#include <syslinux/pxe_api.h>
#include "pxelend.h"
#include "pxeserver.h"

/* the BIOS core's scheduler hook and its empty default (pm.inc) */
extern void (*core_pm_hook)(void) __attribute__((weak));
extern char core_pm_null_hook[] __attribute__((weak));

/* One PXE call with a zeroed low-memory parameter block of n bytes; 0 on success. */
static int pxe_simple(uint16_t op, size_t n, void (*fill)(void *))
{
	void *p = lmalloc(n);
	int rc = -1;

	if (!p)
		return -1;
	memset(p, 0, n);
	if (fill)
		fill(p);
	if (!pxe_call(op, p) && !*(pxenv_status_t *)p)
		rc = 0;
	lfree(p);
	return rc;
}

static struct {
	bool lent;            /* the card is iPXE's until pxe_card_to_lwip() */
	void (*hook)(void);   /* syslinux's core_pm_hook (its scheduler) meanwhile */
} g_card;

/* lwIP's UNDI_OPEN packet filter: directed and broadcast frames. */
static void open_filter(void *p)
{
	((t_PXENV_UNDI_OPEN *)p)->PktFilter = 0x0003;
}

/* UDP_OPEN with this machine's address (syslinux's, from DHCP). */
static void udp_addr(void *p)
{
	const struct syslinux_ipinfo *ip = syslinux_derivative_info()->pxe.ipinfo;

	((t_PXENV_UDP_OPEN *)p)->src_ip = ip ? ip->myip : 0;
}

/* Take the card from lwIP for iPXE's stack (see pxelend.h). */
int pxe_card_to_ipxe(void)
{
	if (g_card.lent || pxe_plain_pxelinux())
		return 0; /* (pxelinux.0: nobody holds the card through UNDI) */
	if (!pxe_lwip() || !pxe_is_ipxe() || !&core_pm_hook || (void *)core_pm_null_hook == NULL)
		return -1;
	g_card.hook = core_pm_hook;
	core_pm_hook = (void (*)(void))core_pm_null_hook;
	g_card.lent = true;
	if (pxe_simple(PXENV_UNDI_CLOSE, sizeof(t_PXENV_UNDI_CLOSE), NULL) ||
	    pxe_simple(PXENV_UDP_OPEN, sizeof(t_PXENV_UDP_OPEN), udp_addr)) {
		pxe_card_to_lwip();
		return -1;
	}
	return 0;
}

/* Give the card back to lwIP (see pxelend.h). */
void pxe_card_to_lwip(void)
{
	if (!g_card.lent)
		return;
	pxe_simple(PXENV_UDP_CLOSE, sizeof(t_PXENV_UDP_CLOSE), NULL);
	pxe_simple(PXENV_UNDI_OPEN, sizeof(t_PXENV_UNDI_OPEN), open_filter);
	core_pm_hook = g_card.hook;
	g_card.lent = false;
}
