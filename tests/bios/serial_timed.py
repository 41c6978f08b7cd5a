#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""serial_timed.py - run QEMU with the serial port on a pipe and timestamp
its output (the timing source of `make bench-bios`).

usage: serial_timed.py LOG TIMEOUT DONE_RE [KEYS...] -- QEMU-COMMAND...
Every serial line goes to LOG as "SECONDS<TAB>line" (host monotonic time
since start, taken when its first byte arrived; ANSI escapes and CRs
dropped, progress redraws kept as separate lines).  At the i-th "boot:"
prompt KEYS[i] is typed followed by Enter and "SECONDS<TAB>@TYPED KEYS[i]"
is logged.  QEMU is killed when a line matches DONE_RE or after TIMEOUT
seconds; the exit status is 0 when DONE_RE matched, else 1.
SERIAL_MARKS (environment, optional): "TEXT|TEXT..."; the first time the
escape-stripped stream holds TEXT, "SECONDS<TAB>@SEEN TEXT" is logged with
the arrival time of that chunk, and DONE_RE is also tried on the stream:
OVMF's console moves the cursor instead of sending line ends, so its lines
do not split (make bench-boot's UEFI cells).
"""
import os, re, select, subprocess, sys, time

log_path, timeout, done_re = sys.argv[1], float(sys.argv[2]), re.compile(sys.argv[3].encode())
sep = sys.argv.index('--')
keys, cmd = sys.argv[4:sep], sys.argv[sep + 1:]
ansi = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]')
t0 = time.monotonic()
q = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
log = open(log_path, 'w')
pending, pending_t, prompts, matched = b'', None, 0, False
marks = [m.encode() for m in os.environ.get('SERIAL_MARKS', '').split('|') if m]
seen, tail = set(), b''


def emit(line, t):
    """Write one finished line with its time; True if it matches DONE_RE."""
    line = ansi.sub(b'', line)
    log.write('%.3f\t%s\n' % (t - t0, line.decode('latin-1')))
    log.flush()
    return bool(done_re.search(line))


try:
    while time.monotonic() - t0 < timeout and not matched:
        r, _, _ = select.select([q.stdout], [], [], 0.5)
        if not r:
            if q.poll() is not None:
                break
            continue
        data = os.read(q.stdout.fileno(), 65536)
        now = time.monotonic()
        if not data:
            break
        if pending_t is None:
            pending_t = now
        pending += data
        # the escape-stripped stream: marks and DONE_RE on it (see above)
        tail = tail[-4096:] + data
        flat = ansi.sub(b'', tail).replace(b'\r', b'').replace(b'\n', b'')
        for m in marks:
            if m not in seen and m in flat:
                seen.add(m)
                log.write('%.3f\t@SEEN %s\n' % (now - t0, m.decode()))
        if marks and done_re.search(flat):
            matched = True
        while True:
            cut = [i for i in (pending.find(b'\n'), pending.find(b'\r')) if i >= 0]
            if not cut:
                break
            i = min(cut)
            line, pending = pending[:i], pending[i + 1:]
            if line.strip() and emit(line, pending_t):
                matched = True
            pending_t = now if pending else None
        if b'boot:' in ansi.sub(b'', pending):  # (OVMF's console escapes each character)
            emit(pending, pending_t)
            pending, pending_t = b'', None
            if prompts < len(keys):
                q.stdin.write(keys[prompts].encode() + b'\r')
                q.stdin.flush()
                log.write('%.3f\t@TYPED %s\n' % (time.monotonic() - t0, keys[prompts]))
            prompts += 1
finally:
    if pending:
        emit(pending, pending_t or time.monotonic())
    q.kill()
    q.wait()
    log.close()
sys.exit(0 if matched else 1)
