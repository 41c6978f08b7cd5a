#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tftp_delay.py - a user-space "netem" between QEMU and a tap device, for
`make bench-tftp` (the kernel here has no sch_netem).

usage: tftp_delay.py TAP DELAY_MS QEMU_PORT BRIDGE_PORT
Creates tap device TAP (run it inside the benchmark's network namespace),
exchanges Ethernet frames with QEMU's "-netdev socket,udp=127.0.0.1:BRIDGE_PORT,
localaddr=127.0.0.1:QEMU_PORT" and holds every frame going to the guest for
DELAY_MS milliseconds (frames from the guest pass at once): the round trip
grows by DELAY_MS.  Runs until killed.
"""
import fcntl, os, select, socket, struct, sys, time
from collections import deque

tap_name, delay, qport, bport = sys.argv[1], float(sys.argv[2]) / 1000.0, int(sys.argv[3]), int(sys.argv[4])
TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454ca, 0x0002, 0x1000
tap = os.open('/dev/net/tun', os.O_RDWR)
fcntl.ioctl(tap, TUNSETIFF, struct.pack('16sH', tap_name.encode(), IFF_TAP | IFF_NO_PI))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('127.0.0.1', bport))
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
peer = ('127.0.0.1', qport)
held = deque()  # (due time, frame) towards the guest
print('ready', flush=True)
while True:
    now = time.monotonic()
    while held and held[0][0] <= now:
        sock.sendto(held.popleft()[1], peer)
    wait = max(0.0, held[0][0] - now) if held else 1.0
    r, _, _ = select.select([tap, sock], [], [], wait)
    if tap in r:
        frame = os.read(tap, 65536)
        if delay > 0:
            held.append((time.monotonic() + delay, frame))
        else:
            sock.sendto(frame, peer)
    if sock in r:
        frame, _ = sock.recvfrom(65536)
        os.write(tap, frame)
