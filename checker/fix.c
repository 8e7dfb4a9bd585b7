// SPDX-License-Identifier: GPL-2.0
/*
 * Text edits, their unified diffs, and the operand surgery that removes a
 * flag from an expression without disturbing the code around it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "fix.h"
#include "util.h"

void edit_add(struct edits *e, unsigned start, unsigned end, const char *text)
{
	struct edit *x = VEC_PUSH(e->v, e->nr, e->cap);

	x->start = start;
	x->end = end;
	x->cstart = start;
	x->cend = end;
	x->text = xstrdup(text);
}

/* UTF-8 code points in @s[0, @at): SARIF counts characters, not bytes. */
static unsigned chars_before(const char *s, unsigned at)
{
	unsigned n = 0;

	for (unsigned i = 0; i < at; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

void edits_free(struct edits *e)
{
	for (int i = 0; i < e->nr; i++)
		free(e->v[i].text);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

char *edits_apply(const char *src, size_t len, const struct edits *e,
		  size_t *newlen)
{
	struct strbuf sb = { 0 };
	struct edit *v;
	unsigned at = 0;

	v = xmalloc(sizeof(*v) * (e->nr ? e->nr : 1));
	if (e->nr) {	/* no edits at all: a copy of @src */
		memcpy(v, e->v, sizeof(*v) * e->nr);
		qsort(v, e->nr, sizeof(*v), cmp_edit);
	}
	for (int i = 0; i < e->nr; i++) {
		if (v[i].start < at || v[i].end > len || v[i].end < v[i].start) {
			free(v);
			sb_free(&sb);
			return NULL;
		}
		sb_add(&sb, src + at, v[i].start - at);
		sb_puts(&sb, v[i].text);
		at = v[i].end;
	}
	sb_add(&sb, src + at, len - at);
	free(v);
	if (newlen)
		*newlen = sb.len;
	return sb_detach(&sb);
}

/* Line of byte @off (0-based), given the line start table. */
static int line_of(const unsigned *ls, int nl, unsigned off)
{
	int lo = 0, hi = nl - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (ls[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

struct group {
	int la, lb;		/* old lines, 0-based, inclusive */
	char *text;		/* the new text of those lines */
	int nnew;
};

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

static void emit_lines(struct strbuf *sb, char mark, const char *s,
		       const char *end)
{
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		const char *stop = nl ? nl + 1 : end;

		sb_putc(sb, mark);
		sb_add(sb, s, stop - s);
		if (!nl)
			sb_puts(sb, "\n\\ No newline at end of file\n");
		s = stop;
	}
}

/* Group edits into runs of whole old lines they touch. */
static int make_groups(const char *src, size_t len, const unsigned *ls,
		       int nl, struct edit *v, int n, struct group *g)
{
	int ng = 0;

	for (int i = 0; i < n; ) {
		int la = line_of(ls, nl, v[i].start);
		int lb = line_of(ls, nl, v[i].end > v[i].start ? v[i].end - 1 :
					 v[i].start);
		int j = i + 1;
		struct edits sub = { 0 };
		unsigned from, to;
		char *chunk;

		while (j < n && line_of(ls, nl, v[j].start) <= lb) {
			int b = line_of(ls, nl, v[j].end > v[j].start ?
					     v[j].end - 1 : v[j].start);
			if (b > lb)
				lb = b;
			j++;
		}
		from = ls[la];
		to = lb + 1 < nl ? ls[lb + 1] : len;
		for (int k = i; k < j; k++)
			edit_add(&sub, v[k].start - from, v[k].end - from,
				 v[k].text);
		chunk = edits_apply(src + from, to - from, &sub, NULL);
		edits_free(&sub);
		g[ng].la = la;
		g[ng].lb = lb;
		g[ng].text = chunk ? chunk : xstrdup("");
		g[ng].nnew = count_lines(g[ng].text) +
			     (*g[ng].text && g[ng].text[strlen(g[ng].text) - 1] != '\n');
		ng++;
		i = j;
	}
	return ng;
}

char *diff_render(const char *path, const char *src, size_t len,
		  const struct edits *e)
{
	struct strbuf sb = { 0 };
	unsigned *ls = NULL;
	size_t lcap = 0;
	int nl = 0, ng, delta = 0;
	struct edit *v;
	struct group *g;

	if (!e->nr)
		return NULL;
	*VEC_PUSH(ls, nl, lcap) = 0;
	for (size_t i = 0; i < len; i++)
		if (src[i] == '\n' && i + 1 < len)
			*VEC_PUSH(ls, nl, lcap) = i + 1;
	v = xmalloc(sizeof(*v) * e->nr);
	memcpy(v, e->v, sizeof(*v) * e->nr);
	qsort(v, e->nr, sizeof(*v), cmp_edit);
	g = xcalloc(e->nr, sizeof(*g));
	ng = make_groups(src, len, ls, nl, v, e->nr, g);

	sb_printf(&sb, "--- a/%s\n+++ b/%s\n", path, path);
	for (int i = 0; i < ng; ) {
		int j = i, hs, he, oldn, newn = 0, l;

		while (j + 1 < ng && g[j + 1].la - g[j].lb - 1 <= 6)
			j++;
		hs = g[i].la - 3 < 0 ? 0 : g[i].la - 3;
		he = g[j].lb + 3 >= nl ? nl - 1 : g[j].lb + 3;
		oldn = he - hs + 1;
		newn = oldn;
		for (int k = i; k <= j; k++)
			newn += g[k].nnew - (g[k].lb - g[k].la + 1);
		sb_printf(&sb, "@@ -%d,%d +%d,%d @@\n", hs + 1, oldn,
			  newn ? hs + 1 + delta : hs + delta, newn);
		l = hs;
		for (int k = i; k <= j; k++) {
			for (; l < g[k].la; l++)
				emit_lines(&sb, ' ', src + ls[l],
					   l + 1 < nl ? src + ls[l + 1] : src + len);
			emit_lines(&sb, '-', src + ls[g[k].la],
				   g[k].lb + 1 < nl ? src + ls[g[k].lb + 1] : src + len);
			emit_lines(&sb, '+', g[k].text, g[k].text + strlen(g[k].text));
			delta += g[k].nnew - (g[k].lb - g[k].la + 1);
			l = g[k].lb + 1;
		}
		for (; l <= he; l++)
			emit_lines(&sb, ' ', src + ls[l],
				   l + 1 < nl ? src + ls[l + 1] : src + len);
		i = j + 1;
	}
	for (int i = 0; i < ng; i++)
		free(g[i].text);
	free(g);
	free(v);
	free(ls);
	return sb_detach(&sb);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned skip_back(const char *s, unsigned at)
{
	while (at > 0 && is_space(s[at - 1]))
		at--;
	return at;
}

static unsigned skip_fwd(const char *s, size_t len, unsigned at)
{
	while (at < len && is_space(s[at]))
		at++;
	return at;
}

unsigned line_start(const char *s, unsigned at)
{
	while (at > 0 && s[at - 1] != '\n')
		at--;
	return at;
}

unsigned line_end(const char *s, size_t len, unsigned at)
{
	while (at < len && s[at] != '\n')
		at++;
	return at < len ? at + 1 : at;
}

bool blank(const char *s, unsigned a, unsigned b)
{
	for (; a < b; a++)
		if (!is_space(s[a]))
			return false;
	return true;
}

void edit_drop_lines(struct edits *e, const char *s, size_t len,
		     unsigned from, unsigned to)
{
	unsigned prev = from ? line_start(s, from - 1) : 0;
	bool blank_before = from > 0 && blank(s, prev, from);
	bool brace_before = from > 1 && s[skip_back(s, from) - 1] == '{';
	bool blank_after = to < len && blank(s, to, line_end(s, len, to));

	if (blank_after && (blank_before || brace_before))
		to = line_end(s, len, to);
	else if (blank_before && to < len && s[skip_fwd(s, len, to)] == '}')
		from = prev;	/* no blank line before a closing brace */
	edit_add(e, from, to, "");
}

static void drop_lines(struct edits *e, const char *s, size_t len,
		       unsigned from, unsigned to)
{
	edit_drop_lines(e, s, len, from, to);
}

/*
 * Remove a whole "lhs |= NAME;" line; when it is the lone body of a
 * one-line "if (...)" with no else, remove the if with it.
 */
static bool drop_statement(struct edits *e, const char *s, size_t len,
			   unsigned off, unsigned tlen)
{
	unsigned semi = skip_fwd(s, len, off + tlen), ls, le, pl, pe, p;

	if (semi >= len || s[semi] != ';')
		return false;
	ls = line_start(s, off);
	le = line_end(s, len, semi);
	if (!blank(s, semi + 1, le))
		return false;
	pe = skip_back(s, ls);
	if (pe == 0) {
		drop_lines(e, s, len, ls, le);
		return true;
	}
	p = pe - 1;
	/* After a statement, a brace or a label: the line stands alone. */
	if (s[p] == ';' || s[p] == '{' || s[p] == '}' || s[p] == ':' ||
	    (s[p] == '/' && p > 0 && s[p - 1] == '*')) {
		unsigned next = skip_fwd(s, len, le);

		/* "if (x) {" + our line + "}": all three go. */
		if (s[p] == '{' && next < len && s[next] == '}') {
			unsigned close_end = line_end(s, len, next), after;

			pl = line_start(s, p);
			pe = skip_fwd(s, len, pl);
			if (strncmp(s + pe, "if", 2) != 0 ||
			    is_ident_char(s[pe + 2]))
				return false;
			if (!blank(s, next + 1, close_end))
				return false;	/* "} else {" */
			after = skip_fwd(s, len, close_end);
			if (after < len && strncmp(s + after, "else", 4) == 0)
				return false;
			drop_lines(e, s, len, pl, close_end);
			return true;
		}
		drop_lines(e, s, len, ls, le);
		return true;
	}
	if (s[p] == ')') {
		unsigned next = skip_fwd(s, len, le);

		pl = line_start(s, p);
		pe = skip_fwd(s, len, pl);
		if (strncmp(s + pe, "if", 2) != 0 || is_ident_char(s[pe + 2]))
			return false;
		if (next < len && strncmp(s + next, "else", 4) == 0)
			return false;
		drop_lines(e, s, len, pl, le);
		return true;
	}
	return false;
}

bool edit_drop_flag(struct edits *e, const char *s, size_t len,
		    unsigned off, unsigned tlen)
{
	unsigned b = skip_back(s, off), a = skip_fwd(s, len, off + tlen);

	if (off + tlen > len)
		return false;
	/* "X | NAME": take the operator and the blanks before it. */
	if (b > 0 && s[b - 1] == '|' && (b < 2 || s[b - 2] != '|')) {
		edit_add(e, skip_back(s, b - 1), off + tlen, "");
		return true;
	}
	/* "NAME | X": take the operator and the blanks after it. */
	if (a < len && s[a] == '|' && s[a + 1] != '|' && s[a + 1] != '=') {
		edit_add(e, off, skip_fwd(s, len, a + 1), "");
		return true;
	}
	if (b >= 2 && s[b - 1] == '=' && s[b - 2] == '|')
		return drop_statement(e, s, len, off, tlen);
	/* Alone: as a value, it becomes no flags. */
	edit_add(e, off, off + tlen, "0");
	return true;
}

bool edit_add_flag(struct edits *e, struct tu_facts *tf, CXCursor arg,
		   const char *name)
{
	struct srcpos p = ast_pos(arg);
	unsigned end = ast_end_off(arg);
	const char *s = tf->src;
	bool low = false, zero;
	char *text;

	if (!p.main || end <= p.off || end > tf->srclen)
		return false;
	zero = end - p.off == 1 && s[p.off] == '0';
	/* Operators binding looser than '|' need parentheses around. */
	for (unsigned i = p.off; i < end; i++)
		if (s[i] == '?' || s[i] == ',' || s[i] == '=' ||
		    (s[i] == '|' && i + 1 < end && s[i + 1] == '|') ||
		    (s[i] == '&' && i + 1 < end && s[i + 1] == '&'))
			low = true;
	if (zero) {
		edit_add(e, p.off, end, name);
		return true;
	}
	if (low) {
		edit_add(e, p.off, p.off, "(");
		text = xasprintf(") | %s", name);
	} else {
		text = xasprintf(" | %s", name);
	}
	edit_add(e, end, end, text);
	free(text);
	return true;
}

void fix_attach(struct rule_ctx *rc, struct finding *f, struct edits *e,
		const char *why_not)
{
	struct tu_facts *tf = rc->tf;
	size_t nlen;
	char *text;

	if (!e->nr) {
		if (why_not)
			f->nofix = xstrdup(why_not);
		return;
	}
	if (!rc->want_fixes)
		return;
	text = edits_apply(tf->src, tf->srclen, e, &nlen);
	if (!text) {
		for (int i = 0; getenv("GUP_POLICY_DEBUG") && i < e->nr; i++)
			fprintf(stderr, "edit %u-%u '%s'\n", e->v[i].start,
				e->v[i].end, e->v[i].text);
		f->nofix = xstrdup("the edits overlap");
		return;
	}
	if (rc->reparses && !rc->reparses(rc->reparse_ctx, text, nlen)) {
		if (getenv("GUP_POLICY_DEBUG"))
			fprintf(stderr, "rejected rewrite of %s:\n%s\n", tf->path,
				text);
		f->nofix = xstrdup("the rewrite did not re-parse cleanly");
		free(text);
		return;
	}
	free(text);
	f->fix = diff_render(tf->diffpath, tf->src, tf->srclen, e);
	for (int i = 0; i < e->nr; i++) {
		struct edit *x;

		edit_add(&f->edits, e->v[i].start, e->v[i].end, e->v[i].text);
		x = &f->edits.v[f->edits.nr - 1];
		x->cstart = chars_before(tf->src, x->start);
		x->cend = x->cstart + chars_before(tf->src + x->start,
						   x->end - x->start);
	}
}

static bool collides(const struct edits *acc, const struct edit *x, bool *dup)
{
	for (int i = 0; i < acc->nr; i++) {
		const struct edit *a = &acc->v[i];

		if (a->start == x->start && a->end == x->end &&
		    strcmp(a->text, x->text) == 0) {
			*dup = true;
			continue;
		}
		if (x->start < a->end && a->start < x->end)
			return true;
		if (x->start == a->start && x->end == x->start &&
		    a->end == a->start)
			return true;	/* two insertions at one place */
		/* An insertion where a replacement starts: which goes first? */
		if (x->start == x->end && a->start <= x->start && x->start < a->end)
			return true;
		if (a->start == a->end && x->start <= a->start && a->start < x->end)
			return true;
	}
	return false;
}

char *fix_merge(struct rule_ctx *rc)
{
	struct tu_facts *tf = rc->tf;
	struct edits acc = { 0 };
	char *res = NULL, *text;
	size_t nlen;

	for (int i = 0; i < rc->out->nr; i++) {
		const struct edits *e = &rc->out->v[i].edits;
		bool clash = false;

		for (int k = 0; k < e->nr && !clash; k++) {
			bool dup = false;

			clash = collides(&acc, &e->v[k], &dup);
		}
		for (int k = 0; k < e->nr && !clash; k++) {
			bool dup = false;

			collides(&acc, &e->v[k], &dup);
			if (!dup)
				edit_add(&acc, e->v[k].start, e->v[k].end,
					 e->v[k].text);
		}
	}
	if (!acc.nr)
		goto out;
	text = edits_apply(tf->src, tf->srclen, &acc, &nlen);
	if (text && (!rc->reparses || rc->reparses(rc->reparse_ctx, text, nlen)))
		res = diff_render(tf->diffpath, tf->src, tf->srclen, &acc);
	free(text);
out:
	edits_free(&acc);
	return res;
}
