#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-tree.py DIR [SEED] - a seeded test tree for the WIM reader: >= 500 files
# of 0 B .. 8 MiB (random bytes, runs, text, x86-like 0xE8 data), nested
# directories, long and non-ASCII names (incl. a supplementary character),
# and files of C-1, C, C+1 and 2C bytes for the chunk sizes the tests use.
import os
import random
import sys

root = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20241126)
CHUNKS = [4096, 32768, 65536, 1 << 20]
NAMES = ["alpha", "Beta", "gamma", "délta", "Ñandú", "Привет", "Ωmega", "日本語",
         "smile😀", "x86", "data", "Über", "façade", "naïve", "ĳssel", "kiểm"]
used = {}


def data(kind, n):
    """Bytes of size n of one of the kinds."""
    if n == 0:
        return b""
    if kind == 0:
        return rng.randbytes(n)
    if kind == 1:  # runs
        out = bytearray()
        while len(out) < n:
            out += bytes([rng.randrange(256)]) * rng.randrange(1, 5000)
        return bytes(out[:n])
    if kind == 2:  # text
        words = [w.encode() for w in NAMES] + [b"the", b"WIM", b"file", b"\n"]
        out = bytearray()
        while len(out) < n:
            out += rng.choice(words) + b" "
        return bytes(out[:n])
    out = bytearray(rng.randbytes(n))  # x86-like: many E8 calls
    for i in range(0, n - 5, 7):
        if rng.random() < 0.5:
            out[i] = 0xE8
            out[i + 1:i + 5] = rng.randrange(-70000, 70000).to_bytes(4, "little", signed=True)
    return bytes(out[:n])


def unique(d, name):
    """A name not yet used in directory d, ignoring case."""
    s = used.setdefault(d, set())
    base, k = name, 1
    while name.lower() in s:
        name = "%s_%d" % (base, k)
        k += 1
    s.add(name.lower())
    return name


def write(d, name, blob):
    name = unique(d, name)
    with open(os.path.join(d, name), "wb") as f:
        f.write(blob)


os.makedirs(root)
dirs = [root]
for i in range(40):  # nested directories
    parent = rng.choice(dirs)
    if parent.count(os.sep) - root.count(os.sep) > 6:
        parent = root
    name = unique(parent, rng.choice(NAMES) + str(i))
    p = os.path.join(parent, name)
    os.makedirs(p)
    dirs.append(p)
deep = root
for i in range(12):
    deep = os.path.join(deep, "level%02d" % i)
os.makedirs(deep)
dirs.append(deep)
os.makedirs(os.path.join(root, "emptydir", "inner"))
os.makedirs(os.path.join(root, "Windows", "System32"))
os.makedirs(os.path.join(root, "Windows", "Boot", "PXE"))

n = 0
for c in CHUNKS:  # chunk-boundary sizes
    for delta in (-1, 0, 1, c):
        write(os.path.join(root, "Windows", "System32"),
              "c%d_%d.bin" % (c, c + delta), data(n % 4, c + delta))
        n += 1
write(os.path.join(root, "Windows", "Boot", "PXE"), "bootmgr.exe", data(3, 400000))
for size in (8 << 20, 3 << 20, (1 << 20) + 17):
    write(rng.choice(dirs), "big%d.dat" % size, data(n % 4, size))
    n += 1
write(root, "L" * 200 + ".txt", data(2, 999))
write(root, "é" * 100 + ".txt", data(2, 1234))
write(root, "長い名前" * 20, data(0, 77))
write(root, "empty", b"")
while n < 560:
    r = rng.random()
    size = (0 if r < 0.05 else rng.randrange(1, 600) if r < 0.45 else
            rng.randrange(600, 40000) if r < 0.9 else rng.randrange(40000, 300000))
    name = rng.choice(NAMES) + "-%d" % n + rng.choice([".txt", ".bin", ".dll", ""])
    write(rng.choice(dirs), name, data(rng.randrange(4), size))
    n += 1
# identical contents in two files (one blob, two dentries)
write(root, "dup1.bin", b"same" * 1000)
write(dirs[-1], "dup2.bin", b"same" * 1000)
