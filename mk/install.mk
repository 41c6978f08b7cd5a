# SPDX-License-Identifier: GPL-2.0-or-later
# install.mk - `make install` / `make uninstall` (PREFIX, DESTDIR honoured).
# INSTALL_FILES lists everything installed as MODE:SOURCE:DEST (DEST relative
# to PREFIX).  install copies nothing when a source is missing: it names the
# missing files and says to run `make` first.  uninstall removes exactly those
# destinations, then the directories of our own (lib/winpe-c32,
# share/doc/winpe-c32) when they are left empty; shared ones (bin, man1) stay.
.PHONY: install uninstall install-prep-tftproot install-winpe-disk

WINPE_BIOS  ?= $(B)/bios/winpe.c32
WINPE_EFI64 ?= $(B)/efi64/winpe.c32
DOC_DIR     := share/doc/winpe-c32

INSTALL_PREP := 0755:$(B)/bin/prep-tftproot:bin/prep-tftproot \
  0644:host-tools/prep-tftproot/prep-tftproot.1:share/man/man1/prep-tftproot.1 \
  0644:$(WINPE_BIOS):lib/winpe-c32/bios/winpe.c32 \
  0644:$(WINPE_EFI64):lib/winpe-c32/efi64/winpe.c32
INSTALL_WD := 0755:$(B)/bin/winpe-disk:bin/winpe-disk \
  0644:host-tools/winpe-disk/winpe-disk.1:share/man/man1/winpe-disk.1
INSTALL_DOCS := $(foreach f,README.md LICENSE $(sort $(wildcard docs/*.md)),0644:$(f):$(DOC_DIR)/$(notdir $(f))) \
  $(foreach f,$(sort $(shell find examples -type f 2>/dev/null)),0644:$(f):$(DOC_DIR)/$(f))
INSTALL_FILES := $(INSTALL_PREP) $(INSTALL_WD) $(INSTALL_DOCS)
INSTALL_OWN_DIRS := lib/winpe-c32 $(DOC_DIR)

# install_set LIST: check every source of LIST exists, then install each
define install_set
	@set -e; miss=""; for e in $(1); do s=$${e#*:}; s=$${s%%:*}; \
	  [ -f "$$s" ] || miss="$$miss $$s"; done; \
	if [ -n "$$miss" ]; then \
	  echo "make install: not built:$$miss; run 'make' first (nothing was installed)" >&2; exit 1; fi
	@set -e; for e in $(1); do m=$${e%%:*}; s=$${e#*:}; d=$${s#*:}; s=$${s%%:*}; \
	  echo "install $$s -> $(DESTDIR)$(PREFIX)/$$d"; \
	  install -D -m $$m "$$s" "$(DESTDIR)$(PREFIX)/$$d"; done
endef

install:
	$(call install_set,$(INSTALL_FILES))

install-prep-tftproot:
	$(call install_set,$(INSTALL_PREP))

install-winpe-disk:
	$(call install_set,$(INSTALL_WD))

uninstall:
	@set -e; for e in $(INSTALL_FILES); do d=$${e#*:}; d=$${d#*:}; \
	  if [ -e "$(DESTDIR)$(PREFIX)/$$d" ]; then echo "remove $(DESTDIR)$(PREFIX)/$$d"; \
	    rm -f "$(DESTDIR)$(PREFIX)/$$d"; fi; done
	@set -e; for d in $(INSTALL_OWN_DIRS); do if [ -d "$(DESTDIR)$(PREFIX)/$$d" ]; then \
	  find "$(DESTDIR)$(PREFIX)/$$d" -depth -type d -empty -delete; fi; done
