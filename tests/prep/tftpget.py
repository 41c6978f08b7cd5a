#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tftpget.py HOST PORT NAME OUT [BLKSIZE] - a small RFC 1350/2347/2348/2349
# TFTP client for the Secure Boot path tests: sends NAME exactly as given
# (backslashes, mixed case, as Microsoft's boot manager does) with blksize
# and tsize options, writes the file to OUT.  Exit 0 on success; 2 with the
# server's error "ERROR code message" on stdout; 3 on timeout/protocol error.
import socket, struct, sys

def main():
    host, port, name, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    blk = int(sys.argv[5]) if len(sys.argv) > 5 else 1456
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    req = struct.pack("!H", 1) + name.encode("latin-1") + b"\0octet\0"
    req += b"blksize\0%d\0tsize\0" % blk + b"0\0"
    s.sendto(req, (host, port))
    data, peer, want, size, tsize = bytearray(), None, 1, 512, None
    while True:
        try:
            pkt, addr = s.recvfrom(65536)
        except socket.timeout:
            print("TIMEOUT after %d bytes" % len(data))
            return 3
        if peer is None:
            peer = addr          # the server's transfer port (TID)
        elif addr != peer:
            continue
        op = struct.unpack("!H", pkt[:2])[0]
        if op == 5:
            code = struct.unpack("!H", pkt[2:4])[0]
            print("ERROR %d %s" % (code, pkt[4:].split(b"\0")[0].decode("latin-1")))
            return 2
        if op == 6:              # OACK: accepted options
            f = pkt[2:].split(b"\0")
            opts = {f[i].decode().lower(): f[i + 1].decode() for i in range(0, len(f) - 1, 2)}
            size = int(opts.get("blksize", 512))
            tsize = int(opts["tsize"]) if "tsize" in opts else None
            s.sendto(struct.pack("!HH", 4, 0), peer)
            continue
        if op != 3:
            print("PROTOCOL opcode %d" % op)
            return 3
        n = struct.unpack("!H", pkt[2:4])[0]
        if n == want & 0xFFFF:
            data += pkt[4:]
            want += 1
        s.sendto(struct.pack("!HH", 4, n), peer)
        if n == (want - 1) & 0xFFFF and len(pkt) - 4 < size:
            break
    if tsize is not None and tsize != len(data):
        print("TSIZE %d but got %d bytes" % (tsize, len(data)))
        return 3
    open(out, "wb").write(data)
    return 0

sys.exit(main())
