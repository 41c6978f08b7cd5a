/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxelend.h - lend the network card from lpxelinux.0's lwIP stack to
 * iPXE's own stack, for the module's transfers through iPXE's PXE APIs
 * (FILE, TFTP, UDP: fwget.c, udp.c), and give it back (fwget.c's
 * winpe_fw_done()).
 */
#ifndef WINPE_PXELEND_H
#define WINPE_PXELEND_H

/*
 * Make iPXE's stack able to receive: nothing on pxelinux.0 (no UNDI client
 * holds the card); under lpxelinux.0 stop syslinux's threads (lwIP) from
 * running, close the UNDI interface (iPXE unfreezes its receive path) and
 * reopen the card for iPXE's stack with the PXE UDP API open.  The card
 * stays lent until pxe_card_to_lwip().  Returns 0, or -1 when the card
 * cannot be taken (not iPXE, or a call failed; it is then left as it was).
 */
int pxe_card_to_ipxe(void);
/* Hand a lent card back to lwIP (UNDI open again, syslinux's threads run). */
void pxe_card_to_lwip(void);

#endif
