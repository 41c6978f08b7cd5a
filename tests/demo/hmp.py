#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""hmp.py SOCK CMD [ARG] - one QEMU human monitor command over a unix socket.

  screendump OUT.png   the VM's screen as a PNG (QEMU >= 7.1: -f png)
  vgatext OUT.txt      the VGA text buffer (0xb8000, 80x25) as text lines,
                       trailing blanks dropped (meaningful in text mode only)
  stop                 pause the VM (its screen and memory stay as they are)
  quit                 end QEMU
Exit status 0 when the command ran (and OUT was written), 1 otherwise.
"""
import os, socket, sys, tempfile


def talk(sock, line):
    """Send one command line, return the monitor's answer up to its prompt."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock)
    buf = b''

    def until_prompt():
        nonlocal buf
        while not buf.endswith(b'(qemu) '):
            c = s.recv(65536)
            if not c:
                return
            buf += c

    until_prompt()
    buf = b''
    s.sendall(line.encode() + b'\n')
    if line != 'quit':
        until_prompt()
    else:
        # wait for QEMU to close the connection: closing first can drop the command
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
    s.close()
    return buf.decode('latin-1')


def main():
    sock, cmd = sys.argv[1], sys.argv[2]
    try:
        if cmd == 'screendump':
            out = os.path.abspath(sys.argv[3])
            talk(sock, 'screendump %s -f png' % out)
            with open(out, 'rb') as f:
                return 0 if f.read(8) == b'\x89PNG\r\n\x1a\n' else 1
        if cmd == 'vgatext':
            fd, raw = tempfile.mkstemp(prefix='vgatext.')
            os.close(fd)
            try:
                talk(sock, 'pmemsave 0xb8000 4000 "%s"' % raw)  # quoted: a bare /path reads as a division
                data = open(raw, 'rb').read()
            finally:
                os.unlink(raw)
            if len(data) != 4000:
                return 1
            chars = ''.join(chr(c) if 32 <= c < 127 else ' ' for c in data[0::2])
            lines = [chars[i:i + 80].rstrip() for i in range(0, 2000, 80)]
            with open(sys.argv[3], 'w') as f:
                f.write('\n'.join(lines).rstrip('\n') + '\n')
            return 0
        if cmd in ('quit', 'stop'):
            talk(sock, cmd)
            return 0
    except (OSError, IndexError):
        return 1
    return 1


sys.exit(main())
