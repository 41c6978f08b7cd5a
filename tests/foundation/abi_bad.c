/* SPDX-License-Identifier: GPL-2.0-or-later */
/* abi_bad.c - a COM32 module that needs a symbol syslinux does not export;
 * scripts/abi-check.sh must refuse it (tests/foundation/t-abi.sh). */
#include <stdio.h>

int winpe_no_such_function(int x);

/* Calls a function nothing defines. */
int main(void)
{
	printf("%d\n", winpe_no_such_function(1));
	return 0;
}
