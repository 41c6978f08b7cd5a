#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""strip_log.py LOG - a serial log as plain text lines.

SeaBIOS/pxelinux write plain text.  OVMF mirrors the text console to COM1
with a cursor escape (ESC[row;colH) before characters: syslinux.efi's line
ends show up only as a move to column 1 (of the next row, or of the same row
after a CR), and at the bottom row as a literal LF CR scroll.  A line that
reaches the console width wraps the same way, so such a break right after a
character in the last column is joined instead.  Lines that a program
writes to the port itself (LF or CR LF) are kept as they are.  Other escapes are dropped.
"""
import re, sys

data = open(sys.argv[1], 'rb').read().decode('latin-1')
if not re.search(r'\x1b\[\d+;\d+H', data):
    sys.stdout.write(re.sub(r'\x1b\[[0-9;?]*[A-Za-z]', '', data).replace('\r', ''))
    sys.exit(0)

tokens = re.compile(r'\x1b\[([0-9;?]*)([A-Za-z])|(\r\n|\n\r|\n|\r)|([^\x1b\r\n]+)')
# first pass: the console width = the commonest column (>= 80) at which the
# console's LF CR follows a character
col = 0
ends = []
for m in tokens.finditer(data):
    if m.group(2) == 'H' and ';' in (m.group(1) or ''):
        r, c = (m.group(1) + ';').split(';')[:2]
        if c == '1' and col >= 80:
            ends.append(col)
        col = int(c) - 1 if c.isdigit() else 0
    elif m.group(4):
        col += len(m.group(4))
    elif m.group(3):
        if m.group(3) == '\n\r' and col >= 80:
            ends.append(col)
        col = 0
width = max(set(ends), key=ends.count) if ends else -1

out = []
row, col, last_col = None, 0, 0
for m in tokens.finditer(data):
    if m.group(2):
        if m.group(2) != 'H':
            continue
        parts = (m.group(1) + ';;').split(';')
        r = parts[0]
        c = int(parts[1]) if parts[1].isdigit() else 1
        if row is not None and c == 1 and (r != row or col > 0) and out and out[-1] != '\n':
            if not (r != row and last_col == width):
                out.append('\n')
        row, col = r, c - 1
    elif m.group(3):
        if m.group(3) in ('\n', '\r\n', '\n\r'):
            # only the console's own LF CR can be a wrap; a program writing
            # to the port itself (the probes) ends lines with LF or CR LF
            wrapped = m.group(3) == '\n\r' and last_col == width
            if not wrapped and out and out[-1] != '\n':
                out.append('\n')
        col = 0
    else:
        out.append(m.group(4))
        col += len(m.group(4))
        last_col = col
sys.stdout.write(''.join(out))
