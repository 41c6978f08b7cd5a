/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * authenticode.h - check the Authenticode signature of a PE/EFI boot file on
 * the host (OpenSSL libcrypto): the image digest, the PKCS#7 signature, the
 * certificate chain up to a pinned Microsoft CA (mscas.c) or a CA the user
 * names, and say which CA a client's Secure Boot db must trust.
 */
#ifndef PT_AUTHENTICODE_H
#define PT_AUTHENTICODE_H
#include <stddef.h>

/* What kind of CA a chain ends at. */
enum ac_kind {
	AC_NONE = 0,      /* unknown */
	AC_WINDOWS,       /* Microsoft's Windows boot-component CA */
	AC_THIRDPARTY,    /* Microsoft's third-party UEFI CA (shim & co.) */
	AC_USER,          /* a CA given with --sb-trust-ca */
};

/* One known CA: DER SubjectPublicKeyInfo (NULL: known by name only). */
struct ac_ca {
	const char *name;
	const unsigned char *spki;
	size_t spki_len;
	int kind;
};

extern const struct ac_ca ac_ms_cas[];

/* Result of ac_check(). */
struct ac_result {
	char signer[256];     /* signer certificate's subject CN */
	char ca[256];         /* CA the chain ends at (issuer name when unverified) */
	char digest[16];      /* "sha256", "sha1" */
	int kind;             /* enum ac_kind of ca */
	int verified;         /* 1: the chain is verified up to ca's pinned key */
	int unpinned;         /* not verified, and ca names a known CA whose key is not pinned */
};

/* Check path's signature.  trust_ca: a PEM certificate also accepted as a
 * CA (NULL: none).  Returns 0 when digest and signature are valid (r filled;
 * r->verified says whether the chain reaches a known key), -1 with a message
 * in err when the file is unsigned, malformed, modified after signing or the
 * signature does not verify. */
int ac_check(const char *path, const char *trust_ca, struct ac_result *r, char *err, size_t cap);

#endif
