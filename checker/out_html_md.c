// SPDX-License-Identifier: GPL-2.0
/*
 * The rules' pages (docs/rules/RULE.md, the text of --explain) as HTML for
 * the finding pages: the little Markdown they are written in, headings,
 * paragraphs, lists, tables, fenced and indented code, `code` and
 * **strong**.  Links become their text: the report stands alone, and
 * the pages they lead to are not in it.  Everything is escaped.
 */
#include <string.h>

#include "out_html_int.h"

enum block { B_NONE, B_PARA, B_LIST, B_OLIST, B_TABLE, B_CODE, B_FENCE };

struct md {
	struct strbuf *sb;
	enum block in;
	struct strbuf raw;	/* the paragraph or item so far: a `span`
				   may run over a line break */
};

static void inline_text(struct strbuf *sb, const char *s, size_t n);

static void flush(struct md *m)
{
	if (m->raw.len)
		inline_text(m->sb, m->raw.buf, m->raw.len);
	m->raw.len = 0;
}

static void close_block(struct md *m)
{
	static const char *const end[] = {
		[B_PARA] = "</p>\n", [B_LIST] = "</li>\n</ul>\n",
		[B_OLIST] = "</li>\n</ol>\n", [B_TABLE] = "</table>\n",
		[B_CODE] = "</pre>\n", [B_FENCE] = "</pre>\n",
	};

	flush(m);
	if (m->in != B_NONE)
		sb_puts(m->sb, end[m->in]);
	m->in = B_NONE;
}

/* [text](target): the text alone. */
static size_t link(struct strbuf *sb, const char *s, size_t n)
{
	const char *mid = memchr(s, ']', n), *end;

	if (!mid || (size_t)(mid - s) + 1 >= n || mid[1] != '(')
		return 0;
	end = memchr(mid, ')', n - (mid - s));
	if (!end)
		return 0;
	inline_text(sb, s + 1, mid - s - 1);
	return end - s + 1;
}

/* @open ... @close around text: the markup, or 0 if unmatched. */
static size_t span(struct strbuf *sb, const char *s, size_t n,
		   const char *mark, const char *tag)
{
	size_t k = strlen(mark);

	for (size_t i = k; i + k <= n; i++) {
		if (memcmp(s + i, mark, k) != 0)
			continue;
		if (i == k)
			return 0;
		sb_printf(sb, "<%s>", tag);
		if (*mark == '`')
			html_esc(sb, s + k, i - k);
		else
			inline_text(sb, s + k, i - k);
		sb_printf(sb, "</%s>", tag);
		return i + k;
	}
	return 0;
}

static void inline_text(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0, used;

	while (i < n) {
		used = 0;
		if (s[i] == '`')
			used = span(sb, s + i, n - i, "`", "code");
		else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*')
			used = span(sb, s + i, n - i, "**", "strong");
		else if (s[i] == '[')
			used = link(sb, s + i, n - i);
		if (!used) {
			html_esc(sb, s + i, 1);
			used = 1;
		}
		i += used;
	}
}

static bool table_rule(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("|-: ", s[i]))
			return false;
	return n > 1;
}

/* One row; a header when the next line is the |---| rule. */
static void table_row(struct md *m, const char *s, size_t n, bool head)
{
	const char *cell = head ? "th" : "td";

	if (m->in != B_TABLE) {
		close_block(m);
		sb_puts(m->sb, "<table>\n");
		m->in = B_TABLE;
	}
	sb_puts(m->sb, "<tr>");
	s++, n--;
	while (n) {
		const char *bar = memchr(s, '|', n);
		size_t len = bar ? (size_t)(bar - s) : n;
		size_t a = 0, b = len;

		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		if (!bar && !len)
			break;
		sb_printf(m->sb, "<%s>", cell);
		inline_text(m->sb, s + a, b - a);
		sb_printf(m->sb, "</%s>", cell);
		if (!bar)
			break;
		n -= len + 1;
		s = bar + 1;
	}
	sb_puts(m->sb, "</tr>\n");
}

static void item(struct md *m, enum block list, const char *s, size_t n)
{
	if (m->in == list) {
		flush(m);
		sb_puts(m->sb, "</li>\n<li>");
	} else {
		close_block(m);
		sb_puts(m->sb, list == B_LIST ? "<ul>\n<li>" : "<ol>\n<li>");
		m->in = list;
	}
	sb_add(&m->raw, s, n);
}

static size_t numbered(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i && i + 1 < n && s[i] == '.' && s[i + 1] == ' ' ? i + 2 : 0;
}

static void line(struct md *m, const char *s, size_t n, const char *next,
		 size_t nnext)
{
	size_t k, lead = 0;

	while (lead < n && s[lead] == ' ')
		lead++;
	if (m->in == B_FENCE) {
		if (n >= 3 && !memcmp(s, "```", 3)) {
			close_block(m);
		} else {
			html_esc(m->sb, s, n);
			sb_putc(m->sb, '\n');
		}
		return;
	}
	if (n >= 3 && !memcmp(s, "```", 3)) {
		close_block(m);
		sb_puts(m->sb, "<pre>");
		m->in = B_FENCE;
		return;
	}
	if (lead == n) {
		if (m->in != B_CODE)
			close_block(m);
		else
			sb_putc(m->sb, '\n');
		return;
	}
	if ((lead >= 4 || s[0] == '\t') &&
	    (m->in == B_NONE || m->in == B_CODE)) {
		if (m->in != B_CODE)
			sb_puts(m->sb, "<pre>");
		m->in = B_CODE;
		html_esc(m->sb, s, n);
		sb_putc(m->sb, '\n');
		return;
	}
	if (m->in == B_CODE)
		close_block(m);
	if (s[0] == '#') {
		for (k = 0; k < n && s[k] == '#'; k++)
			;
		close_block(m);
		/* The page's own headings are h1 and h2. */
		sb_printf(m->sb, "<h%zu>", k + 2 > 6 ? 6 : k + 2);
		inline_text(m->sb, s + k + (k < n), n - k - (k < n));
		sb_printf(m->sb, "</h%zu>\n", k + 2 > 6 ? 6 : k + 2);
	} else if (s[0] == '|') {
		if (!table_rule(s, n))
			table_row(m, s, n, next && table_rule(next, nnext));
	} else if (!lead && n > 2 && (s[0] == '-' || s[0] == '*') &&
		   s[1] == ' ') {
		item(m, B_LIST, s + 2, n - 2);
	} else if (!lead && (k = numbered(s, n))) {
		item(m, B_OLIST, s + k, n - k);
	} else {
		if (m->in == B_NONE || m->in == B_TABLE) {
			close_block(m);
			sb_puts(m->sb, "<p>");
			m->in = B_PARA;
		} else {
			sb_putc(&m->raw, '\n');
		}
		sb_add(&m->raw, s + lead, n - lead);
	}
}

void html_markdown(struct strbuf *sb, const char *text)
{
	struct md m = { .sb = sb, .in = B_NONE };
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *next = nl ? nl + 1 : NULL;
		size_t nn = next ? strcspn(next, "\n") : 0;

		line(&m, p, n, next, nn);
		p += n + (nl != NULL);
	}
	close_block(&m);
	sb_free(&m.raw);
}
