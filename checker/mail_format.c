// SPDX-License-Identifier: GPL-2.0
/*
 * Writing patch mails.  Nothing here knows about findings: mail_emit.c says
 * what the mail holds, this file only says it the way git does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_format.h"
#include "version.h"

#define FOLD 78		/* header lines fold before this column */

static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* RFC 2047 "Q" encoding of a whole phrase: =?UTF-8?q?K=C3=B6nig?= */
static void q_encode(struct strbuf *sb, const char *s)
{
	sb_puts(sb, "=?UTF-8?q?");
	for (; *s; s++) {
		unsigned char c = *s;

		if (c >= 0x80 || c < 0x20 || strchr("=?_\"(),.:;<>@[\\] ", c))
			sb_printf(sb, "=%02X", c);
		else
			sb_putc(sb, c);
	}
	sb_puts(sb, "?=");
}

/* A display name as a header may carry it: as is, quoted, or encoded. */
static void put_name(struct strbuf *sb, const char *name)
{
	bool plain = true;

	if (!ascii(name)) {
		q_encode(sb, name);
		return;
	}
	for (const char *p = name; *p; p++)
		if (!is_ident_char(*p) && *p != ' ' && *p != '-')
			plain = false;
	if (plain) {
		sb_puts(sb, name);
		return;
	}
	sb_putc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

/* "Name <a@b>", "\"Name\" <a@b>" or "a@b", as a header address. */
static void put_address(struct strbuf *sb, const char *v)
{
	const char *lt = strrchr(v, '<');
	char *name;
	size_t n;

	if (!lt) {
		sb_puts(sb, v);
		return;
	}
	n = lt - v;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		name = xstrndup(v + 1, n - 2);
	else
		name = xstrndup(v, n);
	if (*name) {
		put_name(sb, name);
		sb_putc(sb, ' ');
	}
	sb_puts(sb, lt);
	free(name);
}

/* A header whose value is folded at blanks before column FOLD. */
static void put_folded(struct strbuf *sb, const char *name, const char *value)
{
	size_t col = strlen(name) + 2;
	const char *p = value;

	sb_printf(sb, "%s: ", name);
	while (*p) {
		size_t word = strcspn(p + 1, " ") + 1;

		if (*p == ' ' && col + word > FOLD && col > strlen(name) + 2) {
			sb_puts(sb, "\n");
			col = 0;
		}
		sb_add(sb, p, word);
		col += word;
		p += word;
	}
	sb_putc(sb, '\n');
}

static void put_subject(struct strbuf *sb, const char *subject)
{
	char *s = xasprintf("[PATCH] %s", subject);

	if (ascii(s)) {
		put_folded(sb, "Subject", s);
	} else {
		sb_puts(sb, "Subject: ");
		q_encode(sb, s);
		sb_putc(sb, '\n');
	}
	free(s);
}

static void put_cc(struct strbuf *sb, const struct strlist *cc)
{
	for (int i = 0; cc && i < cc->nr; i++) {
		sb_puts(sb, i ? ",\n    " : "Cc: ");
		put_address(sb, cc->v[i]);
	}
	if (cc && cc->nr)
		sb_putc(sb, '\n');
}

/* " path | 3 ++-" and its summary line, as git diff --stat prints them. */
static void put_diffstat(struct strbuf *sb, const char *path, const char *diff)
{
	int add = 0, del = 0, total, width = 50, a, d;
	const char *p = diff;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (*p == '+' && !starts_with(p, "+++ "))
			add++;
		else if (*p == '-' && !starts_with(p, "--- "))
			del++;
	}
	total = add + del;
	a = add;
	d = del;
	if (total > width) {	/* scaled, as git does for wide changes */
		a = add ? (add * width + total - 1) / total : 0;
		d = del ? width - a : 0;
	}
	sb_printf(sb, " %s | %d ", path, total);
	for (int i = 0; i < a; i++)
		sb_putc(sb, '+');
	for (int i = 0; i < d; i++)
		sb_putc(sb, '-');
	sb_puts(sb, "\n 1 file changed");
	if (total == 0 || add)
		sb_printf(sb, ", %d insertion%s(+)", add, add == 1 ? "" : "s");
	if (del)
		sb_printf(sb, ", %d deletion%s(-)", del, del == 1 ? "" : "s");
	sb_putc(sb, '\n');
}

char *mail_compose(const struct mail *m)
{
	struct strbuf sb = { 0 };
	char date[64];
	struct tm tm;

	gmtime_r(&m->date, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	sb_puts(&sb, "From 0000000000000000000000000000000000000000 "
		"Mon Sep 17 00:00:00 2001\nFrom: ");
	put_address(&sb, m->from);
	sb_printf(&sb, "\nDate: %s\n", date);
	put_subject(&sb, m->subject);
	put_cc(&sb, m->cc);
	sb_puts(&sb, "MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"Content-Transfer-Encoding: 8bit\n\n");
	sb_puts(&sb, m->body);
	sb_puts(&sb, "---\n");
	if (m->notes && *m->notes)
		sb_printf(&sb, "%s\n", m->notes);
	put_diffstat(&sb, m->path, m->diff);
	sb_printf(&sb, "\ndiff --git a/%s b/%s\n%s", m->path, m->path, m->diff);
	sb_printf(&sb, "-- \ngup_policy %s\n\n", GUP_POLICY_VERSION);
	return sb_detach(&sb);
}

void wrap(struct strbuf *sb, const char *text, int width)
{
	int col = 0;

	for (const char *p = text; *p; ) {
		size_t n;

		while (*p == ' ' || *p == '\n')
			p++;
		n = strcspn(p, " \n");
		if (!n)
			break;
		if (col && col + 1 + (int)n > width) {
			sb_putc(sb, '\n');
			col = 0;
		} else if (col) {
			sb_putc(sb, ' ');
			col++;
		}
		sb_add(sb, p, n);
		col += n;
		p += n;
	}
	sb_putc(sb, '\n');
}

char *mail_file_name(int nr, const char *subject)
{
	struct strbuf sb = { 0 };
	size_t start;

	sb_printf(&sb, "%04d-", nr);
	start = sb.len;
	for (const char *p = subject; *p && sb.len - start < 52; p++) {
		if (is_ident_char(*p) || *p == '.')
			sb_putc(&sb, *p);
		else if (sb.len > start && sb.buf[sb.len - 1] != '-')
			sb_putc(&sb, '-');
	}
	while (sb.len > start && (sb.buf[sb.len - 1] == '-' ||
				  sb.buf[sb.len - 1] == '.'))
		sb.buf[--sb.len] = '\0';
	sb_puts(&sb, ".patch");
	return sb_detach(&sb);
}
