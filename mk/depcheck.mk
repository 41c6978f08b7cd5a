# SPDX-License-Identifier: GPL-2.0-or-later
# depcheck.mk - before anything is compiled: stop with one line naming the
# missing Debian build packages (or the unbuilt syslinux com32 libraries) and
# `make deps`, instead of raw compiler errors.  Goals that install packages,
# clean or (un)install already-built files are not checked.  DPKG_QUERY can
# point at a stand-in (tests); NO_DEPCHECK=1 turns the check off.
DPKG_QUERY ?= dpkg-query
DEPCHECK_SKIP := deps deps-test check demo clean distclean install uninstall install-% help
DEPCHECK_GOALS := $(if $(MAKECMDGOALS),$(filter-out $(DEPCHECK_SKIP),$(MAKECMDGOALS)),all)

ifneq ($(DEPCHECK_GOALS),)
ifeq ($(NO_DEPCHECK),)
DEPCHECK_MISSING := $(shell DPKG_QUERY='$(DPKG_QUERY)' bash scripts/deps.sh missing-build)
ifneq ($(DEPCHECK_MISSING),)
$(error missing build dependencies: $(DEPCHECK_MISSING); run 'make deps' (as root) to install them)
endif
DEPCHECK_SLLIBS := $(SYSLINUX_OBJ)/build-bios/bios/com32/lib/libcom32.c32 \
  $(SYSLINUX_OBJ)/build-efi64/efi64/com32/lib/libcom32.c32
ifneq ($(words $(wildcard $(DEPCHECK_SLLIBS))),2)
$(error the syslinux com32 libraries are not built in $(SYSLINUX_OBJ); run 'make deps' (as root) to build them)
endif
endif
endif
