#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# sbbcd_check.py HIVE DEFAULT NAME[=DESC]... - read the root Secure Boot BCD
# back through hivexml (libhivex-bin) and compare EVERY object and element with
# the store the reference describes (secure-boot-direct.md, windows-media-and-
# bcd.md sections 5-7): same objects, same element codes, same registry types,
# same bytes.  The expected bytes are built here from the reference layout, not
# with prep-tftproot's encoders.  Prints one line per mismatch; exit 1 if any.
import base64, hashlib, struct, subprocess, sys, uuid
import xml.etree.ElementTree as ET

BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"

def guid(name, which):
    # stable name-based GUID: sha256 of a tagged name, version 5 / RFC 4122 variant bits
    h = bytearray(hashlib.sha256(("prep-tftproot/%s/%s" % (which, name)).encode()).digest()[:16])
    h[7] = (h[7] & 0x0F) | 0x50
    h[8] = (h[8] & 0x3F) | 0x80
    return "{%s}" % uuid.UUID(bytes_le=bytes(h))

def guid_bytes(g):
    return uuid.UUID(g.strip("{}")).bytes_le

def u16z(s):
    return (s + "\0").encode("utf-16-le")

def boot_device():  # section 7.1: 88 bytes, type 5 = boot, size 0x48
    return bytes(16) + struct.pack("<IIII", 5, 0, 0x48, 0) + bytes(0x38)

def ramdisk(opt, path):  # section 7.3
    p = u16z(path)
    total = 0x8C + len(p)
    b = guid_bytes(opt) + struct.pack("<IIII", 0, 1, total - 0x10, 0) + struct.pack("<I", 3) + bytes(20)
    b += struct.pack("<III", 1, total - 0x38, 5)
    b += struct.pack("<IIII", 5, 0, 0x48, 0) + bytes(0x8C - 0x54)
    assert len(b) == 0x8C
    return b + p

def s(v):   return ("string", v)
def bn(v):  return ("binary", v)
def i64(v): return ("binary", struct.pack("<Q", v))

def expected(default, images):
    order = sorted(images)
    want = {BOOTMGR: (0x10100002, {
        "12000004": s("Windows Boot Manager"), "12000005": s("en-US"),
        "23000003": s(guid(default, "loader")),
        "24000001": ("multi-sz", b"".join(u16z(guid(n, "loader")) for n in order) + u16z("")),
        "25000004": i64(30 if len(order) > 1 else 0)})}
    for n in order:
        lo, op = guid(n, "loader"), guid(n, "ramdiskoptions")
        rd = ramdisk(op, "\\windows\\%s\\sources\\boot.wim" % n)
        want[op] = (0x30000000, {
            "12000004": s("Ramdisk Options (%s)" % n), "31000003": bn(boot_device()),
            "32000004": s("\\windows\\%s\\boot\\boot.sdi" % n),
            "35000007": i64(1456), "35000008": i64(16)})
        want[lo] = (0x10200003, {
            "11000001": bn(rd), "21000001": bn(rd),
            "12000002": s("\\windows\\system32\\boot\\winload.efi"),
            "12000004": s(images[n]), "12000005": s("en-US"), "16000060": bn(b"\x01"),
            "22000002": s("\\windows"), "250000c2": i64(1),
            "26000010": bn(b"\x01"), "26000022": bn(b"\x01")})
    return want

def read(hive):
    x = ET.fromstring(subprocess.run(["hivexml", hive], check=True, capture_output=True).stdout)
    root = x.find("node")
    desc = {v.get("key"): v.get("value") for v in root.find("node[@name='Description']").findall("value")}
    got = {}
    for o in root.find("node[@name='Objects']").findall("node"):
        t = int(o.find("node[@name='Description']/value[@key='Type']").get("value"))
        els = {}
        for e in o.find("node[@name='Elements']").findall("node"):
            v = e.find("value[@key='Element']")
            ty = v.get("type")
            if ty == "binary":
                els[e.get("name")] = (ty, base64.b64decode("".join(v.get("value").split())))
            elif ty == "string-list":  # raw REG_MULTI_SZ bytes, from hivexget's .reg form
                key = "\\Objects\\%s\\Elements\\%s" % (o.get("name"), e.get("name"))
                out = subprocess.run(["hivexget", hive, key], check=True, capture_output=True, text=True).stdout
                hx = out.split("=hex(7):", 1)[1].replace("\\\n", "").split()
                els[e.get("name")] = ("multi-sz", bytes.fromhex("".join(hx).replace(",", "")))
            else:
                els[e.get("name")] = (ty, v.get("value"))
        got[o.get("name")] = (t, els)
    return desc, got

def main():
    hive, default = sys.argv[1], sys.argv[2]
    images = {}
    for a in sys.argv[3:]:
        n, _, d = a.partition("=")
        images[n] = d or "Windows PE (%s)" % n
    desc, got = read(hive)
    want = expected(default, images)
    bad = []
    if desc.get("KeyName") != "BCD00000000" or desc.get("Generator") != "prep-tftproot":
        bad.append("Description values %r" % desc)
    if sorted(got) != sorted(want):
        bad.append("objects %s, want %s" % (sorted(got), sorted(want)))
    n = 0
    for g in sorted(set(got) & set(want)):
        if got[g][0] != want[g][0]:
            bad.append("%s type 0x%08x, want 0x%08x" % (g, got[g][0], want[g][0]))
        ge, we = got[g][1], want[g][1]
        if sorted(ge) != sorted(we):
            bad.append("%s elements %s, want %s" % (g, sorted(ge), sorted(we)))
        for c in sorted(set(ge) & set(we)):
            n += 1
            if ge[c] != we[c]:
                bad.append("%s %s = %r, want %r" % (g, c, ge[c], we[c]))
    for b in bad:
        print(b)
    if not bad:
        print("%d objects, %d elements as expected" % (len(got), n))
    return 1 if bad else 0

sys.exit(main())
