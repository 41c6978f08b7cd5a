#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# util-seeds.sh DIR - seed corpora for fuzz_pe (the unit test's generated
# PE32/PE32+ images, a mingw PE32 and a gnu-efi PE32+ when the toolchains are
# installed), fuzz_cmdline (APPEND lines), fuzz_manifest (manifests) and
# fuzz_staletail (stale HTTP tails), fuzz_http (HTTP responses),
# written to DIR/fuzz_NAME.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir/fuzz_pe" "$dir/fuzz_cmdline" "$dir/fuzz_manifest" "$dir/fuzz_staletail"
PE_SEED_DIR=$dir/fuzz_pe "$ROOT/build/tests/unit/test_pe" > /dev/null || true
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
if command -v i686-w64-mingw32-gcc > /dev/null; then
	printf 'int d = 1; char b[3000];\nvoid start(void) { b[d] = 2; for (;;) __asm__ volatile("hlt"); }\n' > "$t/t.c"
	i686-w64-mingw32-gcc -Os -nostdlib -ffreestanding -Wl,-e,_start -Wl,--subsystem,16 \
		-Wl,--image-base,0x400000 -o "$dir/fuzz_pe/mingw.exe" "$t/t.c" || true
fi
if [ -f /usr/lib/crt0-efi-x86_64.o ]; then
	printf '#include <efi.h>\nstatic int c = 3;\nEFI_STATUS efi_main(EFI_HANDLE h, EFI_SYSTEM_TABLE *s) { return c; }\n' > "$t/e.c"
	gcc -O2 -fpic -fshort-wchar -mno-red-zone -fno-stack-protector -I/usr/include/efi \
		-I/usr/include/efi/x86_64 -c "$t/e.c" -o "$t/e.o" &&
	ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
		/usr/lib/crt0-efi-x86_64.o "$t/e.o" -L/usr/lib -lgnuefi -o "$t/e.so" &&
	objcopy -j .text -j .data -j .dynamic -j .dynsym -j .rela -j .reloc \
		--target=efi-app-x86_64 --subsystem=10 "$t/e.so" "$dir/fuzz_pe/gnuefi.efi" || true
fi
c=$dir/fuzz_cmdline
printf 'winpe index=2 pause=quiet quiet systab=image bcd=winpe/bcd.uefi inject=x.exe' > "$c/dir-options"
printf 'initrdfile=bootmgr.exe,bcd@BCD,boot.sdi,win/boot.wim@\\sources\\boot.wim gui rawbcd rawwim' > "$c/initrdfile"
printf 'file=http://user@h/w/x@BCD file=https://h/a.wim?q=1#f check verify' > "$c/urls"
printf 'bootmgr=iso/BOOTMGR sdi=s wim=w@\\a\\b inject=t/startnet.cmd@\\Windows\\System32\\startnet.cmd pause' > "$c/shorthands"
printf 'winpe BOOTIF=01-52-54-00-12-34-56 ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0 noverify' > "$c/sysappend"
m=$dir/fuzz_manifest
{
	echo '# prep-tftproot manifest: sha256 HEX64 size DECIMAL path RELPATH'
	echo 'sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad size 3 path sources/boot.wim'
	echo 'sha256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 size 0 path Boot/BCD'
	printf 'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\tsize 0 path a b/c #1\r\n'
} > "$m/basic"
printf 'sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad size 3 path abc' > "$m/abc"

# fuzz_staletail: the two forms syslinux.efi was seen sending for a 12-byte file
st=$dir/fuzz_staletail
h='\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-Length: 12\r\n\r\n'
{ printf 'hello winpe\nhello winpe\n OK'"$h"; head -c 8192 /dev/zero; } | head -c 8204 > "$st/body-first"
{ printf 'hello winpe\nHTTP/1.0 200 OK'"$h"'hello winpe\n'; head -c 8192 /dev/zero; } | head -c 8204 > "$st/header-first"

# fuzz_http: first byte = piece size and end (0x00: 1-byte pieces, close;
# 0x3f: 253-byte pieces, close; 0x45: 21-byte pieces, time-out), then a response
ht=$dir/fuzz_http
mkdir -p "$ht"
printf '\x3fHTTP/1.1 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-Length: 12\r\n\r\nhello winpe\n' > "$ht/ok"
printf '\x00HTTP/1.0 200 OK\nContent-Type: text/plain\n\nup to the close' > "$ht/close-delimited"
printf '\x45HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort' > "$ht/short"
printf '\x3fHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' > "$ht/404"
printf '\x3fHTTP/1.1 302 Found\r\nLocation: http://10.0.0.2/x\r\n\r\n' > "$ht/302"
printf '\x07HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$ht/chunked"
printf '\x07HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' > "$ht/continue"
