# SPDX-License-Identifier: GPL-2.0-or-later
# qemu/lib.sh - the QEMU PXE test bench: tftproots from Debian's syslinux
# binaries plus our modules, BIOS (SeaBIOS + iPXE NIC ROM) and UEFI (OVMF +
# syslinux.efi) boots under TCG and a timeout, a loopback HTTP server, serial
# logs.  Source after tests/lib.sh.  Every process started is killed by PID.

QEMU=${QEMU:-qemu-system-x86_64}
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd

# mk_tftproot DIR: Debian's BIOS runtime in DIR, efi64 runtime in DIR/efi64,
# our two builds of winpe.c32 next to each.
mk_tftproot() {
	local d=$1
	mkdir -p "$d/pxelinux.cfg" "$d/efi64/pxelinux.cfg"
	cp /usr/lib/PXELINUX/pxelinux.0 /usr/lib/PXELINUX/lpxelinux.0 "$d/"
	cp /usr/lib/syslinux/modules/bios/{ldlinux,libcom32,libutil}.c32 "$d/"
	cp /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi "$d/efi64/"
	cp /usr/lib/syslinux/modules/efi64/{ldlinux.e64,libcom32.c32,libutil.c32} "$d/efi64/"
	cp "$B/bios/winpe.c32" "$d/winpe.c32"
	cp "$B/efi64/winpe.c32" "$d/efi64/winpe.c32"
}

# write_cfg DIR BODY: the same pxelinux.cfg/default for BIOS and UEFI
write_cfg() {
	printf '%s\n' "$2" > "$1/pxelinux.cfg/default"
	printf '%s\n' "$2" > "$1/efi64/pxelinux.cfg/default"
}

# flat_log LOG: LOG with its line ends removed (OVMF's console wraps long
# lines, so messages are searched in this)
flat_log() {
	tr -d '\r\n' < "$1"
}

# winpe_cfg DIR PROMPT LABEL=APPEND...: a config (write_cfg) with serial on,
# no timeout, PROMPT as given and one winpe.c32 label per argument; the first
# label is the default.  (Only the first '=' separates label from APPEND.)
winpe_cfg() {
	local dir=$1 text l; shift
	text="SERIAL 0 115200
DEFAULT ${2%%=*}
PROMPT $1
TIMEOUT 0"
	shift
	for l in "$@"; do
		text+="
LABEL ${l%%=*}
  KERNEL winpe.c32
  APPEND ${l#*=}"
	done
	write_cfg "$dir" "$text"
}

# http_start DIR [RULE...]: serve DIR on 127.0.0.1 (guest: 10.0.2.2) with
# tests/qemu/httpd.py (fault RULEs: see there); sets HTTP_PORT, HTTP_LOG.
http_start() {
	local dir=$1; shift
	local pf=$dir.http.port
	HTTP_LOG=$dir.http.log
	rm -f "$pf"
	python3 "$ROOT/tests/qemu/httpd.py" "$dir" "$pf" "$@" > "$HTTP_LOG" 2>&1 &
	HTTP_PID=$!
	track_pid "$HTTP_PID"
	for _ in $(seq 1 50); do [ -s "$pf" ] && break; sleep 0.1; done
	HTTP_PORT=$(cat "$pf" 2>/dev/null)
	[ -n "$HTTP_PORT" ]
}

# strip_log FILE: serial log without ANSI escapes and CRs (OVMF ConOut adds
# a cursor escape per character)
strip_log() {
	python3 "$ROOT/tests/qemu/strip_log.py" "$1"
}

# qemu_args FW DIR MEM BOOTFILE VARS: the QEMU command line for one firmware
qemu_args() {
	local fw=$1 dir=$2 mem=$3 bootfile=$4 vars=$5
	echo -accel tcg -m "$mem" -display none -no-reboot -monitor none -nodefaults -vga std \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
	if [ "$fw" = bios ]; then
		echo -netdev "user,id=n0,tftp=$dir,bootfile=${bootfile:-pxelinux.0}" \
			-device e1000,netdev=n0 -boot n
	else
		echo -machine q35 \
			-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
			-drive "if=pflash,format=raw,file=$vars" \
			-netdev "user,id=n0,tftp=$dir,bootfile=${bootfile:-efi64/syslinux.efi}" \
			-device e1000,netdev=n0,bootindex=1
	fi
}

# qemu_boot FW DIR LOG TIMEOUT DONE_RE [KEYS] [MEM] [BOOTFILE]
#   PXE-boots FW (bios|uefi) from DIR with the serial port on a pipe; the
#   (escape-stripped) log goes to LOG.  When KEYS is given it is typed at the
#   first syslinux "boot:" prompt (followed by Enter).  Stops QEMU as soon as
#   the log matches the extended regex DONE_RE (if non-empty).
#   Returns 0 when DONE_RE matched, else QEMU's exit status (124 = timeout).
#   QEMU_STALL=N (optional): QEMU is also stopped when the serial port has
#   been silent for N seconds (a stall), and 125 is returned.
qemu_boot() {
	local fw=$1 dir=$2 log=$3 t=$4 done_re=$5 keys=${6:-} mem=${7:-512} bootfile=${8:-}
	local fifo=$log.ser vars=$log.vars.fd sent=0 rc=0 matched=0 stalled=0 size=-1 now
	local quiet_since=$SECONDS
	rm -f "$fifo.in" "$fifo.out" "$log" "$log.raw"
	mkfifo "$fifo.in" "$fifo.out"
	[ "$fw" = uefi ] && cp "$OVMF_VARS" "$vars"
	# shellcheck disable=SC2046
	timeout --kill-after=5 "$t" $QEMU $(qemu_args "$fw" "$dir" "$mem" "$bootfile" "$vars") \
		-chardev "pipe,id=s0,path=$fifo" -serial chardev:s0 </dev/null >"$log.qemu" 2>&1 &
	local qpid=$!
	track_pid "$qpid"
	cat "$fifo.out" > "$log.raw" &
	local cpid=$!
	track_pid "$cpid"
	exec 9>"$fifo.in"
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 0.2
		strip_log "$log.raw" > "$log"
		if [ -n "$keys" ] && [ $sent = 0 ] && grep -q 'boot:' "$log"; then
			printf '%s\r' "$keys" >&9
			sent=1
		fi
		if [ -n "$done_re" ] && grep -Eq "$done_re" "$log"; then
			matched=1
			kill "$qpid" 2>/dev/null
			break
		fi
		if [ -n "${QEMU_STALL:-}" ]; then
			now=$(stat -c %s "$log.raw" 2>/dev/null || echo 0)
			if [ "$now" != "$size" ]; then
				size=$now
				quiet_since=$SECONDS
			elif [ $((SECONDS - quiet_since)) -ge "$QEMU_STALL" ]; then
				stalled=1
				kill "$qpid" 2>/dev/null
				break
			fi
		fi
	done
	wait "$qpid"; rc=$?
	exec 9>&-
	wait "$cpid" 2>/dev/null
	strip_log "$log.raw" > "$log"
	[ $matched = 1 ] && return 0
	[ $stalled = 1 ] && return 125
	return $rc
}

# boot_bios DIR LOG [TIMEOUT] [BOOTFILE] [MEM]: PXE-boot SeaBIOS + iPXE from DIR.
# Returns QEMU's exit status (timeout gives 124); the serial log goes to LOG.
boot_bios() {
	local dir=$1 log=$2 t=${3:-60} bootfile=${4:-pxelinux.0} mem=${5:-512}
	timeout --kill-after=5 "$t" $QEMU -accel tcg -m "$mem" -display none -no-reboot \
		-serial "file:$log" -monitor none -nodefaults -vga std \
		-netdev "user,id=n0,tftp=$dir,bootfile=$bootfile" -device e1000,netdev=n0 \
		-boot n -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null &
	local pid=$!
	track_pid "$pid"
	wait "$pid"
}

# boot_uefi DIR LOG [TIMEOUT] [MEM]: PXE-boot OVMF + syslinux.efi from DIR/efi64.
boot_uefi() {
	local dir=$1 log=$2 t=${3:-120} mem=${4:-512}
	local vars=$log.vars.fd
	cp "$OVMF_VARS" "$vars"
	timeout --kill-after=5 "$t" $QEMU -accel tcg -machine q35 -m "$mem" -display none \
		-no-reboot -serial "file:$log" -monitor none -nodefaults -vga std \
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$vars" \
		-netdev "user,id=n0,tftp=$dir,bootfile=efi64/syslinux.efi" \
		-device e1000,netdev=n0,bootindex=1 \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null &
	local pid=$!
	track_pid "$pid"
	wait "$pid"
}
