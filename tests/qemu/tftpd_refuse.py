#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tftpd_refuse.py - a small read-only TFTP server that refuses the
windowsize option (RFC 2347 error 8) and otherwise serves blksize/tsize
lock-step: the "server that refuses" of tests/bios/t-tftp.sh.

usage: tftpd_refuse.py DIR PORTFILE [abort-plain [SUFFIX]]
Binds 127.0.0.1 on a free UDP port, writes the port to PORTFILE, logs one
line per request to stdout; every transfer runs in its own thread from its
own port (TID).  Runs until killed.  abort-plain: windowsize is ignored
(lock-step, no refusal), and the first transfer of a name ending in SUFFIX
(default boot.wim) requested without windowsize (iPXE's client, not
winpe.c32's) that gets past 10 blocks receives TFTP error 0 there (logged
as ABORT NAME; a size probe that stops after the OACK is not counted).
"""
import os, socket, struct, sys, threading

root, portfile = os.path.abspath(sys.argv[1]), sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else 'refuse'
suffix = sys.argv[4] if len(sys.argv) > 4 else 'boot.wim'
aborted = []


def serve(client, name, opts, abort_at=0):
    """One lock-step transfer to client from a fresh port (abort_at: error after that many blocks)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    s.settimeout(1.0)
    path = os.path.normpath(os.path.join(root, name.lstrip('/')))
    if not path.startswith(root + os.sep) or not os.path.isfile(path):
        s.sendto(struct.pack('>HH', 5, 1) + b'File not found\0', client)
        return
    data = open(path, 'rb').read()
    blk = 512
    oack = {}
    if 'blksize' in opts:
        blk = max(8, min(int(opts['blksize']), 1468))
        oack['blksize'] = str(blk)
    if 'tsize' in opts:
        oack['tsize'] = str(len(data))

    def xchg(pkt, want):
        """Send pkt until the ACK of block number want arrives."""
        for _ in range(6):
            s.sendto(pkt, client)
            try:
                while True:
                    r, a = s.recvfrom(2048)
                    if a == client and len(r) >= 4 and struct.unpack('>HH', r[:4]) == (4, want):
                        return True
            except socket.timeout:
                continue
        return False
    if oack:
        if not xchg(struct.pack('>H', 6) + b''.join(k.encode() + b'\0' + v.encode() + b'\0' for k, v in oack.items()), 0):
            return
    n = 1
    while True:
        if abort_at and n > abort_at and not aborted:
            aborted.append(name)
            print('ABORT %s' % name, flush=True)
            s.sendto(struct.pack('>HH', 5, 0) + b'test abort\0', client)
            return
        chunk = data[(n - 1) * blk:n * blk]
        if not xchg(struct.pack('>HH', 3, n & 0xFFFF) + chunk, n & 0xFFFF):
            return
        if len(chunk) < blk:
            return
        n += 1


main = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
main.bind(('127.0.0.1', 0))
with open(portfile + '.tmp', 'w') as f:
    f.write(str(main.getsockname()[1]))
os.rename(portfile + '.tmp', portfile)
while True:
    pkt, client = main.recvfrom(2048)
    if len(pkt) < 4 or struct.unpack('>H', pkt[:2])[0] != 1:
        continue
    parts = pkt[2:].split(b'\0')
    name = parts[0].decode('latin-1')
    opts = {parts[i].decode('latin-1').lower(): parts[i + 1].decode('latin-1')
            for i in range(2, len(parts) - 1, 2) if parts[i]}
    if 'windowsize' in opts and mode == 'refuse':
        print('REFUSED %s %s' % (name, sorted(opts)), flush=True)
        main.sendto(struct.pack('>HH', 5, 8) + b'windowsize refused\0', client)
        continue
    abort_at = 10 if mode == 'abort-plain' and 'windowsize' not in opts and name.endswith(suffix) else 0
    print('SERVE %s %s' % (name, sorted(opts)), flush=True)
    threading.Thread(target=serve, args=(client, name, opts, abort_at), daemon=True).start()
