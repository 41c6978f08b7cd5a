/* SPDX-License-Identifier: GPL-2.0-or-later */
/* patch.h - wimboot-style patching of the fetched set (WIM injection, BCD). */
#ifndef WINPE_PATCH_H
#define WINPE_PATCH_H
#include "layout.h"
#include "winpe.h"

/*
 * Unless rawwim: inject the inject= files and every file named on the APPEND
 * line that is not a boot file into a new boot image of the WIM (and select
 * index=); unless rawbcd: adapt the BCD to this firmware and the WIM's name.
 * Prints one line per change.
 */
int patch_set(struct winpe_set *set, enum layout_fw fw, struct wp_err *err);

#endif
