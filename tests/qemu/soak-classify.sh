# SPDX-License-Identifier: GPL-2.0-or-later
# soak-classify.sh - soak_classify LOG RC: the outcome of one soak boot
# (tests/qemu/soak-http.sh) from its serial log and qemu_boot's status, one
# word on stdout:
#   ok        the probe started (PROBE START) after winpe.c32's hand-off
#   message   syslinux's boot: prompt came back: the second label, typed
#             there, ran (WINPE CHECK OK); winpe.c32 gave up with a message
#   reset     QEMU exited by itself (it runs with -no-reboot: a reset or a
#             triple fault ends it; SeaBIOS, when syslinux falls back into
#             it, finds no other boot device and resets after 60 s), or the
#             boot started again: a second PXELINUX banner (lpxelinux.0
#             prints it on serial; syslinux.efi does not) or a second iPXE
#             banner (OVMF's iPXE prints it on serial; SeaBIOS's only on the
#             screen)
#   hang      none of these: the timeout killed QEMU (status 124, or 137
#             after --kill-after); a message without the prompt coming back
#             is a hang too.  Reset and hang are told apart by the status,
#             never by the time taken, so a slow QEMU is not a reset.
# Source after nothing; uses grep only.

# soak_restarts LOG: how often the boot started again (banners beyond the first)
soak_restarts() {
	local s i
	s=$(grep -acE 'PXELINUX [0-9]+\.[0-9]+ ' "$1")
	i=$(grep -ac 'iPXE 1' "$1")
	echo $(( (s > 1 ? s - 1 : 0) + (i > 1 ? i - 1 : 0) ))
}

# soak_classify LOG RC: ok, message, reset or hang (see above)
soak_classify() {
	local log=$1 rc=$2
	if grep -aq 'PROBE START' "$log"; then
		echo ok
	elif grep -aq '^WINPE CHECK OK' "$log"; then
		echo message
	elif [ "$(soak_restarts "$log")" -gt 0 ] || { [ "$rc" != 124 ] && [ "$rc" != 137 ]; }; then
		echo reset
	else
		echo hang
	fi
}
