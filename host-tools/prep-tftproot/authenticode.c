/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * authenticode.c - Authenticode check of a PE/EFI file with OpenSSL (see
 * authenticode.h).  Steps: locate the certificate table through the PE
 * optional header; hash the file without the checksum, the certificate-table
 * directory entry and the table itself; parse the WIN_CERTIFICATE's PKCS#7
 * SignedData and its SpcIndirectDataContent; compare the digests; verify the
 * PKCS#7 signature over that content; then follow issuer links through the
 * certificates carried in the signature until a pinned CA key verifies one.
 */
#include "authenticode.h"
#include "errfmt.h"
#include "tree.h"
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPC_INDIRECT_DATA "1.3.6.1.4.1.311.2.1.4"

/* Little-endian loads. */
static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | rd16(p + 2) << 16; }

/* Common name of an X.509 name, else its one-line form. */
static void cn_of(const X509_NAME *n, char *out, size_t cap)
{
	out[0] = 0;
	if (X509_NAME_get_text_by_NID((X509_NAME *)n, NID_commonName, out, (int)cap) <= 0)
		X509_NAME_oneline(n, out, (int)cap);
}

/* Where the certificate table and the two hash holes are. */
struct pe_sig {
	size_t csum;    /* offset of the optional header's CheckSum */
	size_t secdir;  /* offset of data directory 4 (certificate table) */
	size_t pos, len; /* the table (file offset, bytes) */
};

/* Find the certificate table of a PE image in f[0..n). */
static int pe_locate(const char *path, const uint8_t *f, size_t n, struct pe_sig *s, char *err,
		     size_t cap)
{
	if (n < 0x40 || f[0] != 'M' || f[1] != 'Z')
		return fail(err, cap, "%s: not a PE/EFI file (no MZ header)", path);
	size_t pe = rd32(f + 0x3C);
	if (pe > n - 24 || memcmp(f + pe, "PE\0\0", 4))
		return fail(err, cap, "%s: not a PE/EFI file (no PE header)", path);
	size_t opt = pe + 24, optsz = rd16(f + pe + 20), nrva, dd;
	if (opt + optsz > n || optsz < 2) return fail(err, cap, "%s: truncated PE optional header", path);
	uint32_t magic = rd16(f + opt);
	if (magic == 0x10B) { nrva = opt + 92; dd = opt + 96; }
	else if (magic == 0x20B) { nrva = opt + 108; dd = opt + 112; }
	else return fail(err, cap, "%s: unknown PE optional header magic 0x%x", path, (unsigned)magic);
	s->csum = opt + 64;
	s->secdir = dd + 4 * 8;
	if (nrva + 4 > opt + optsz || rd32(f + nrva) < 5 || s->secdir + 8 > opt + optsz)
		return fail(err, cap, "%s has no Authenticode signature (no certificate table)", path);
	s->pos = rd32(f + s->secdir);
	s->len = rd32(f + s->secdir + 4);
	if (!s->pos || !s->len)
		return fail(err, cap, "%s has no Authenticode signature (not signed)", path);
	if (s->pos < s->secdir + 8 || s->pos > n || s->len > n - s->pos || s->len < 8)
		return fail(err, cap, "%s: the certificate table lies outside the file", path);
	if (s->pos + s->len != n)
		return fail(err, cap, "%s: %zu bytes follow the signature (appended after signing)", path,
			    n - s->pos - s->len);
	return 0;
}

/* Authenticode image digest of f with md into out (EVP_MAX_MD_SIZE bytes). */
static unsigned pe_digest(const uint8_t *f, const struct pe_sig *s, const EVP_MD *md, uint8_t *out)
{
	unsigned len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c && EVP_DigestInit_ex(c, md, NULL) && EVP_DigestUpdate(c, f, s->csum) &&
	    EVP_DigestUpdate(c, f + s->csum + 4, s->secdir - s->csum - 4) &&
	    EVP_DigestUpdate(c, f + s->secdir + 8, s->pos - s->secdir - 8) &&
	    EVP_DigestFinal_ex(c, out, &len) != 1)
		len = 0;
	EVP_MD_CTX_free(c);
	return len;
}

/* Split SpcIndirectDataContent: its inner bytes (what the signature covers),
 * the digest algorithm and the digest. */
static int spc_parse(const unsigned char *der, long dlen, const unsigned char **inner, long *ilen,
		     const EVP_MD **md, const unsigned char **dig, long *diglen)
{
	const unsigned char *p = der, *end;
	long l;
	int tag, cls;
	if (ASN1_get_object(&p, &l, &tag, &cls, dlen) & 0x80 || tag != V_ASN1_SEQUENCE) return -1;
	*inner = p;
	*ilen = l;
	end = p + l;
	if (ASN1_get_object(&p, &l, &tag, &cls, end - p) & 0x80) return -1; /* SpcAttributeTypeAndOptionalValue */
	p += l;
	if (ASN1_get_object(&p, &l, &tag, &cls, end - p) & 0x80 || tag != V_ASN1_SEQUENCE) return -1; /* DigestInfo */
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, end - p);
	if (!alg) return -1;
	*md = EVP_get_digestbyobj(alg->algorithm);
	X509_ALGOR_free(alg);
	if (ASN1_get_object(&p, &l, &tag, &cls, end - p) & 0x80 || tag != V_ASN1_OCTET_STRING) return -1;
	*dig = p;
	*diglen = l;
	return *md ? 0 : -1;
}

/* Does key (DER SubjectPublicKeyInfo) verify cert's signature? */
static int signed_by_spki(X509 *cert, const unsigned char *spki, size_t len)
{
	const unsigned char *p = spki;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)len);
	int ok = k && X509_verify(cert, k) == 1;
	EVP_PKEY_free(k);
	return ok;
}

/* Walk from the signer up the carried certificates to a known CA key. */
static void chain(X509 *cur, STACK_OF(X509) *bag, X509 *user, struct ac_result *r)
{
	for (int depth = 0; depth < 8; depth++) {
		for (const struct ac_ca *c = ac_ms_cas; c->name; c++) {
			if (c->spki && signed_by_spki(cur, c->spki, c->spki_len)) {
				snprintf(r->ca, sizeof r->ca, "%s", c->name);
				r->kind = c->kind;
				r->verified = 1;
				return;
			}
		}
		if (user && X509_verify(cur, X509_get0_pubkey(user)) == 1) {
			cn_of(X509_get_subject_name(user), r->ca, sizeof r->ca);
			r->kind = AC_USER;
			r->verified = 1;
			return;
		}
		X509 *next = NULL;
		for (int i = 0; bag && i < sk_X509_num(bag) && !next; i++) {
			X509 *c = sk_X509_value(bag, i);
			if (c != cur && !X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(cur)) &&
			    X509_verify(cur, X509_get0_pubkey(c)) == 1)
				next = c;
		}
		if (!next) break;
		cur = next;
	}
	/* not verified: name the issuer, and what kind a known name would be */
	cn_of(X509_get_issuer_name(cur), r->ca, sizeof r->ca);
	for (const struct ac_ca *c = ac_ms_cas; c->name; c++)
		if (!strcmp(c->name, r->ca)) {
			r->kind = c->kind;
			r->unpinned = !c->spki;
		}
}

/* Load a PEM certificate. */
static X509 *load_pem(const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f) fclose(f);
	return x;
}

/* Check a file's Authenticode signature (see authenticode.h). */
int ac_check(const char *path, const char *trust_ca, struct ac_result *r, char *err, size_t cap)
{
	size_t n = 0;
	int rc = -1;
	PKCS7 *p7 = NULL;
	X509 *user = NULL;
	BIO *in = NULL;
	memset(r, 0, sizeof *r);
	uint8_t *f = (uint8_t *)tree_slurp(path, &n);
	if (!f) return fail(err, cap, "%s: %s", path, strerror(errno));
	struct pe_sig s = {0, 0, 0, 0};
	if (pe_locate(path, f, n, &s, err, cap)) goto out;
	uint32_t wlen = rd32(f + s.pos), wtype = rd16(f + s.pos + 6);
	if (wtype != 2 || wlen < 8 || wlen > s.len) {
		fail(err, cap, "%s: the certificate table holds no PKCS#7 signature (type %u)", path, (unsigned)wtype);
		goto out;
	}
	const unsigned char *p = f + s.pos + 8;
	p7 = d2i_PKCS7(NULL, &p, (long)wlen - 8);
	ASN1_OBJECT *spc = OBJ_txt2obj(SPC_INDIRECT_DATA, 1);
	int shape = p7 && PKCS7_type_is_signed(p7) && p7->d.sign->contents &&
		    !OBJ_cmp(p7->d.sign->contents->type, spc) && p7->d.sign->contents->d.other &&
		    p7->d.sign->contents->d.other->type == V_ASN1_SEQUENCE;
	ASN1_OBJECT_free(spc);
	const unsigned char *inner, *dig;
	long ilen, diglen;
	const EVP_MD *md;
	if (!shape || spc_parse(p7->d.sign->contents->d.other->value.sequence->data,
				p7->d.sign->contents->d.other->value.sequence->length, &inner, &ilen, &md,
				&dig, &diglen)) {
		fail(err, cap, "%s: the signature is not a readable Authenticode PKCS#7 SignedData", path);
		goto out;
	}
	snprintf(r->digest, sizeof r->digest, "%s", EVP_MD_get0_name(md));
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = pe_digest(f, &s, md, h);
	if (!hl || (long)hl != diglen || memcmp(h, dig, hl)) {
		fail(err, cap, "%s: the file was modified after it was signed (%s image digest differs)",
		     path, r->digest);
		goto out;
	}
	in = BIO_new_mem_buf(inner, (int)ilen);
	if (!in || PKCS7_verify(p7, NULL, NULL, in, NULL, PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
		fail(err, cap, "%s: the PKCS#7 signature does not verify", path);
		goto out;
	}
	STACK_OF(X509) *signers = PKCS7_get0_signers(p7, NULL, 0);
	X509 *signer = signers && sk_X509_num(signers) ? sk_X509_value(signers, 0) : NULL;
	if (!signer) {
		sk_X509_free(signers);
		fail(err, cap, "%s: the signature carries no signer certificate", path);
		goto out;
	}
	cn_of(X509_get_subject_name(signer), r->signer, sizeof r->signer);
	if (trust_ca && !(user = load_pem(trust_ca))) {
		sk_X509_free(signers);
		fail(err, cap, "--sb-trust-ca %s: not a PEM certificate", trust_ca);
		goto out;
	}
	chain(signer, p7->d.sign->cert, user, r);
	sk_X509_free(signers);
	rc = 0;
out:
	BIO_free(in);
	X509_free(user);
	PKCS7_free(p7);
	free(f);
	return rc;
}
