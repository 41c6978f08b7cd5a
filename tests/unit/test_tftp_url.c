/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_tftp_url.c - core/tftp_url.c: source names to server/port/path. */
#include "harness.h"
#include "tftp_url.h"

/* One resolution and its exact outcome. */
static int check(const char *src, const char *cwd, int want_rc, const char *host, unsigned port,
		 const char *path, bool url)
{
	int h_bad = 0;
	struct tftp_target t;
	struct wp_err e = { 0, "" };
	int rc = tftp_url_parse(src, cwd, &t, &e);

	EXPECT(rc == want_rc, "%s: rc %d (%s)", src, rc, e.msg);
	if (!rc && !want_rc) {
		EXPECT(!strcmp(t.host, host) && t.port == port && !strcmp(t.path, path) && t.explicit_url == url,
		       "%s: host '%s' port %u path '%s' url %d", src, t.host, t.port, t.path, t.explicit_url);
	}
	if (rc == WP_EINVAL)
		EXPECT(strstr(e.msg, src) || strstr(e.msg, "empty"), "%s: message '%s' does not name it", src, e.msg);
	return h_bad;
}

/* The forms pxelinux accepts. */
static int t_forms(void)
{
	int h_bad = 0;

	h_bad += check("tftp://10.0.2.2:6969/win/boot.wim", "::", 0, "10.0.2.2", 6969, "win/boot.wim", true);
	h_bad += check("tftp://srv/x", NULL, 0, "srv", 69, "x", true);
	h_bad += check("boot.wim", "::", 0, "", 69, "boot.wim", false);
	h_bad += check("win/boot.wim", "::pxe/", 0, "", 69, "pxe/win/boot.wim", false);
	h_bad += check("win/boot.wim", "", 0, "", 69, "win/boot.wim", false);
	h_bad += check("::/abs/f", "::pxe/", 0, "", 69, "/abs/f", false);
	h_bad += check("10.1.1.1::f", "::pxe/", 0, "10.1.1.1", 69, "f", false);
	h_bad += check("x", "tftp://h:99/d/", 0, "h", 99, "d/x", true);
	h_bad += check("http://10.0.2.2/boot.wim", "::", WP_EUNSUPP, "", 0, "", false);
	h_bad += check("x", "http://h/d/", WP_EUNSUPP, "", 0, "", false);
	return h_bad;
}

/* Malformed URLs: WP_EINVAL naming the source. */
static int t_bad(void)
{
	int h_bad = 0;

	h_bad += check("tftp://host", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp:///path", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://h:/p", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://h:0/p", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://h:65536/p", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://h:6x/p", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://h/", NULL, WP_EINVAL, "", 0, "", false);
	h_bad += check("tftp://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/p", NULL,
		       WP_EINVAL, "", 0, "", false);
	return h_bad;
}

/* Dotted quads. */
static int t_ipv4(void)
{
	int h_bad = 0;
	uint32_t ip = 0;

	EXPECT(tftp_parse_ipv4("10.0.2.2", &ip) && !memcmp(&ip, "\x0a\x00\x02\x02", 4), "10.0.2.2");
	EXPECT(tftp_parse_ipv4("255.255.255.255", &ip), "max");
	EXPECT(!tftp_parse_ipv4("256.1.1.1", &ip), "256");
	EXPECT(!tftp_parse_ipv4("1.2.3", &ip), "three");
	EXPECT(!tftp_parse_ipv4("1.2.3.4.5", &ip), "five");
	EXPECT(!tftp_parse_ipv4("server", &ip), "name");
	EXPECT(!tftp_parse_ipv4("1..2.3", &ip), "empty");
	return h_bad;
}

/* Run all. */
int main(void)
{
	RUN(t_forms);
	RUN(t_bad);
	RUN(t_ipv4);
	return H_DONE();
}
