# SPDX-License-Identifier: GPL-2.0-or-later
# efi.mk - the efi64-only glue (efi/*.c) includes gnu-efi headers: EFIAPI is
# ms_abi so firmware calls are direct.  Only efi/ gets these flags.
EFI_GNUEFI_CFLAGS := -fshort-wchar -DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64
# module/winpe.h is the fetch-to-boot contract efi/boot.c implements
$(foreach f,$(basename $(wildcard efi/*.c)),$(eval EFI_CFLAGS_$(f) := $(EFI_GNUEFI_CFLAGS)))
