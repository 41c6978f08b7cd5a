#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""httpd.py - loopback HTTP server for the QEMU tests, with fault injection.

usage: httpd.py DIR PORTFILE [RULE...]
Serves DIR on 127.0.0.1 (an ephemeral port, written to PORTFILE).  A RULE
"PATH:extra:N" makes the first N GETs of /PATH announce the true length but
send 8 KiB of random bytes more (the shape of what syslinux.efi's HTTP client
was seen delivering); "PATH:long:N" sends 1000 random bytes more (a plainly
bad transfer); "PATH:short:N" sends 8 KiB less and closes; "PATH:stale:N" sends
8 KiB more that hold what syslinux.efi's stale buffer held for a small file: this
response's header and the body again, padded with random bytes; "PATH:slow:S"
sends every GET of /PATH intact but spread evenly over S seconds (a slow link);
"PATH:stall:N" sends the first half, then nothing for 40 s, then closes;
"PATH:mute:S" makes the first GET of /PATH get nothing at all (no status line)
for S seconds, then a close (a server that accepts and hangs).
Every request is logged to stdout as "GET /path status bytes-sent".
"""
import http.server, os, sys, threading, time

root, portfile = sys.argv[1], sys.argv[2]
rules = {}
for r in sys.argv[3:]:
    path, kind, n = r.rsplit(':', 2)
    rules['/' + path.lstrip('/')] = [kind, int(n)]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def log_message(self, *a):
        pass

    def do_GET(self):
        path = self.path.split('?')[0]
        full = os.path.realpath(os.path.join(root, path.lstrip('/')))
        if not full.startswith(os.path.realpath(root) + os.sep) or not os.path.isfile(full):
            self.send_error(404)
            print('GET', path, 404, 0, flush=True)
            return
        data = open(full, 'rb').read()
        body = data
        head = ('HTTP/1.0 200 OK\r\nServer: %s\r\nContent-Type: application/octet-stream\r\n'
                'Content-Length: %d\r\n\r\n' % (self.version_string(), len(data))).encode()
        stale = (head + data)[:8192]
        stale += os.urandom(8192 - len(stale))
        slow = stall = 0
        with lock:
            rule = rules.get(path)
            mute = rule[1] if rule and rule[0] == 'mute' else 0
            if mute:
                rule[1] = 0
        if mute:
            print('GET', path, 'mute', mute, flush=True)
            time.sleep(mute)
            self.close_connection = True
            return
        with lock:
            if rule and rule[0] == 'slow':
                slow = rule[1]
            elif rule and rule[0] == 'stall' and rule[1] > 0:
                rule[1] -= 1
                stall = 40
                body = data[:len(data) // 2]
            elif rule and rule[1] > 0:
                rule[1] -= 1
                body = {'extra': lambda: data + os.urandom(8192),
                        'long': lambda: data + os.urandom(1000),
                        'short': lambda: data[:-8192],
                        'stale': lambda: data + stale}[rule[0]]()
        self.send_response(200)
        self.send_header('Content-Type', 'application/octet-stream')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        try:
            if slow:
                # a piece every 0.25 s, so the transfer takes S seconds
                n = max(1, slow * 4)
                step = max(1, -(-len(body) // n))
                t0 = time.monotonic()
                for k, off in enumerate(range(0, len(body), step)):
                    delay = t0 + slow * (k + 1) / n - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    self.wfile.write(body[off:off + step])
                    self.wfile.flush()
            else:
                self.wfile.write(body)
                if stall:
                    self.wfile.flush()
                    time.sleep(stall)
        except OSError:
            pass
        print('GET', path, 200, len(body), flush=True)


srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
with open(portfile + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + '.tmp', portfile)
srv.serve_forever()
