# SPDX-License-Identifier: GPL-2.0-or-later
# qemu/lib-tftp.sh - a TFTP server with RFC 7440 windowsize for the QEMU
# tests: Debian's atftpd (scripts/atftpd.sh) in the foreground on a free
# loopback UDP port (the guest reaches it as 10.0.2.2:PORT; QEMU's own TFTP
# owns port 69 there).  Source after tests/lib.sh.  Killed by PID.

# free_udp_port: a UDP port on 127.0.0.1 nobody has bound
free_udp_port() {
	python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# atftpd_start DIR [OPTION...]: serve DIR read-only; sets ATFTPD_PORT,
# ATFTPD_LOG, ATFTPD_PID.  Extra options go to atftpd (e.g. --no-windowsize).
atftpd_start() {
	local dir=$1 bin; shift
	bin=$(sh "$ROOT/scripts/atftpd.sh") || return 1
	ATFTPD_PORT=$(free_udp_port)
	ATFTPD_LOG=$dir.atftpd.log
	"$bin" --daemon --no-fork --port "$ATFTPD_PORT" --bind-address 127.0.0.1 \
		--user "$(id -un)" --group "$(id -gn)" --logfile - -v7 \
		--no-multicast "$@" "$dir" >> "$ATFTPD_LOG" 2>&1 &
	ATFTPD_PID=$!
	track_pid "$ATFTPD_PID"
	sleep 0.3
	kill -0 "$ATFTPD_PID" 2>/dev/null
}

# atftpd_stop: end the server started by atftpd_start
atftpd_stop() {
	[ -n "${ATFTPD_PID:-}" ] && kill "$ATFTPD_PID" 2>/dev/null && wait "$ATFTPD_PID" 2>/dev/null
	ATFTPD_PID=
}

# refuse_start DIR [abort-plain [SUFFIX]]: tests/qemu/tftpd_refuse.py
# (refuses windowsize with TFTP error 8; abort-plain: see the script)
# serving DIR; sets REFUSE_PORT, REFUSE_LOG.
refuse_start() {
	local pf=$1.refuse${2:+-$2}.port
	REFUSE_LOG=$1.refuse${2:+-$2}.log
	rm -f "$pf"
	python3 "$ROOT/tests/qemu/tftpd_refuse.py" "$1" "$pf" $2 $3 > "$REFUSE_LOG" 2>&1 &
	REFUSE_PID=$!
	track_pid "$REFUSE_PID"
	for _ in $(seq 1 50); do [ -s "$pf" ] && break; sleep 0.1; done
	REFUSE_PORT=$(cat "$pf" 2>/dev/null)
	[ -n "$REFUSE_PORT" ]
}
