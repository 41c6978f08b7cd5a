/* SPDX-License-Identifier: GPL-2.0-or-later */
/* complete.h - add the boot manager and boot files the user did not give. */
#ifndef WINPE_COMPLETE_H
#define WINPE_COMPLETE_H
#include "layout.h"
#include "winpe.h"

int complete_set(struct winpe_set *set, enum layout_fw fw, struct wp_err *err);

#endif
