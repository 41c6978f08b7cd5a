/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxelend.h - lend the network card from lpxelinux.0's lwIP stack to
 * iPXE's own stack for one transfer through iPXE's PXE FILE API, and give
 * it back (fwget.c).
 */
#ifndef WINPE_PXELEND_H
#define WINPE_PXELEND_H
#include <stdbool.h>

struct pxe_lend {
	bool lent;            /* the card was taken from lwIP: pxe_give_back() returns it */
	void (*hook)(void);   /* syslinux's core_pm_hook (its scheduler) while lent */
};

/*
 * Make iPXE's stack able to receive: nothing on pxelinux.0 (no UNDI client
 * holds the card); under lpxelinux.0 stop syslinux's threads (lwIP) from
 * running, close the UNDI interface (iPXE unfreezes its receive path) and
 * reopen the card for iPXE's own use.  Returns 0, or -1 when the card
 * cannot be taken (it is then left as it was).
 */
int pxe_lend_card(struct pxe_lend *l);
/* Hand the card back to lwIP (UNDI open again, syslinux's threads run). */
void pxe_give_back(struct pxe_lend *l);

#endif
