/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pause.c - the wimboot-compatible `pause` / `pause=quiet` before the hand-off. */
#include <stdio.h>
#include "winpe.h"

/* Wait for a key before starting the boot manager (pause / pause=quiet). */
void winpe_pause(const struct winpe_opts *o)
{
	if (!o->pause && !o->pause_quiet)
		return;
	if (!o->pause_quiet)
		printf("winpe: press a key to start the boot manager\n");
	fgetc(stdin);
}
