# SPDX-License-Identifier: GPL-2.0-or-later
# tests/manifest: helper for t-manifest-prep.sh (core/manifest.c against the
# manifests prep-tftproot writes).
$(B)/tests/manifest/manifest-check: tests/manifest/manifest-check.c $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(B)/host/libcore.a
all: $(B)/tests/manifest/manifest-check
