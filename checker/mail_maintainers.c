// SPDX-License-Identifier: GPL-2.0
/*
 * MAINTAINERS: whom a patch goes to.  The matching follows
 * scripts/get_maintainer.pl (file_match_pattern() and the pattern depth
 * it sorts sections by), without its git history and keyword parts.
 */
#include <stdlib.h>
#include <string.h>

#include "mail_maintainers.h"

#define MAX_REGEX 256	/* an N: pattern longer than this is not one */

static const char penguin[] = "torvalds@linux-foundation.org";

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static void push(char ***v, int *nr, size_t *cap, const char *s)
{
	*VEC_PUSH(*v, *nr, *cap) = xstrdup(s);
}

/*
 * Real N: patterns are words, classes and single quantifiers: "[^a-z]tegra",
 * "bcm[9]?47622", "axp[128]".  Only such plain ones are taken: glibc's
 * regcomp() builds repeats by copying, so "a++++..." or "a{99}{99}" costs
 * memory exponential in the pattern.  Blanks do not count (Perl's /x).
 */
static bool plain_regex(const char *p)
{
	for (; *p; p++) {
		if (!is_ident_char(*p) && !strchr("./^$[]?*+|- \t", *p))
			return false;
		if (strchr("?*+", *p) && p[1] && strchr("?*+", p[1]))
			return false;
	}
	return true;
}

static void add_regex(struct maint_section *s, const char *v)
{
	regex_t *re;
	char *pat;
	int k = 0;

	if (strlen(v) > MAX_REGEX || !plain_regex(v))
		return;
	pat = xstrdup(v);
	for (const char *p = v; *p; p++)
		if (*p != ' ' && *p != '\t')
			pat[k++] = *p;
	pat[k] = '\0';
	re = VEC_PUSH(s->n, s->nn, s->cn);
	if (!k || regcomp(re, pat, REG_EXTENDED | REG_NOSUB) != 0)
		s->nn--;	/* what glibc cannot read is left out */
	free(pat);
}

static void add_entry(struct maint_section *s, char type, const char *v)
{
	switch (type) {
	case 'F':
		push(&s->f, &s->nf, &s->cf, v);
		break;
	case 'X':
		push(&s->x, &s->nx, &s->cx, v);
		break;
	case 'M':
	case 'R':
		push(&s->m, &s->nm, &s->cm, v);
		break;
	case 'L':
		push(&s->l, &s->nl, &s->cl, v);
		break;
	case 'N':
		add_regex(s, v);
		break;
	}
}

static bool has_entries(const struct maint_section *s)
{
	return s->nf || s->nx || s->nm || s->nl || s->nn;
}

static void one_line(struct maintainers *m, struct maint_section **cur,
		     const char *l, size_t n)
{
	char *v;

	if (n && l[n - 1] == '\r')
		n--;
	v = trimmed(l, n);
	if (!*v) {
		*cur = NULL;	/* a blank line ends a section */
	} else if (n >= 2 && l[0] >= 'A' && l[0] <= 'Z' && l[1] == ':') {
		char *val = trimmed(l + 2, n - 2);

		if (*cur && *val)
			add_entry(*cur, l[0], val);
		free(val);
	} else if (*cur && !has_entries(*cur)) {
		free((*cur)->title);	/* prose: keep the last line */
		(*cur)->title = v;
		return;
	} else {
		*cur = VEC_PUSH(m->v, m->nr, m->cap);
		memset(*cur, 0, sizeof(**cur));
		(*cur)->title = v;
		return;
	}
	free(v);
}

void maint_parse(struct maintainers *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct maint_section *cur = NULL;

	memset(m, 0, sizeof(*m));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;

		one_line(m, &cur, p, n);
		p = nl ? nl + 1 : end;
	}
}

static void strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void maint_free(struct maintainers *m)
{
	for (int i = 0; i < m->nr; i++) {
		struct maint_section *s = &m->v[i];

		free(s->title);
		strv_free(s->f, s->nf);
		strv_free(s->x, s->nx);
		strv_free(s->m, s->nm);
		strv_free(s->l, s->nl);
		for (int k = 0; k < s->nn; k++)
			regfree(&s->n[k]);
		free(s->n);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Does the glob @p ('*' and '?', '*' across '/') match a prefix of @s? */
static bool glob_prefix(const char *p, const char *s)
{
	const char *star = NULL, *from = NULL;

	for (;;) {
		if (!*p)
			return true;
		if (*p == '*') {
			star = p++;
			from = s;
		} else if (*s && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star && *from) {
			p = star + 1;
			s = ++from;
		} else {
			return false;
		}
	}
}

static int slashes(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

/* get_maintainer.pl's file_match_pattern(), and its "-d" fixup. */
static bool file_match(const char *pat, const char *path)
{
	size_t n = strlen(pat);

	if (pat[n - 1] == '/')
		return glob_prefix(pat, path);
	if (glob_prefix(pat, path) && slashes(pat) == slashes(path))
		return true;
	return !strpbrk(pat, "*?") && strncmp(path, pat, n) == 0 &&
	       path[n] == '/';
}

/* How specific a matching F: is: its depth, as get_maintainer.pl counts. */
static int depth(const char *pat)
{
	size_t n = strlen(pat);

	if (pat[0] == '*')
		return -1;
	return slashes(pat) + (pat[n - 1] != '/');
}

/* The section's depth for @path, or -2 when it does not match. */
static int section_match(const struct maint_section *s, const char *path)
{
	int best = -2;

	for (int i = 0; i < s->nx; i++)
		if (file_match(s->x[i], path))
			return -2;
	for (int i = 0; i < s->nf; i++)
		if (file_match(s->f[i], path) && depth(s->f[i]) > best)
			best = depth(s->f[i]);
	for (int i = 0; i < s->nn && best < 0; i++)
		if (regexec(&s->n[i], path, 0, NULL, 0) == 0)
			best = 0;
	return best;
}

/* "Name <a@b>" -> "a@b", lower case; a bare address as it is. */
static char *address_key(const char *v)
{
	const char *lt = strrchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *k = lt && gt ? xstrndup(lt + 1, gt - lt - 1) : xstrdup(v);

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return k;
}

static void add_address(struct strlist *out, struct strlist *keys,
			const char *v)
{
	char *k = address_key(v);

	if (strcmp(k, penguin) && !strlist_has(keys, k)) {
		strlist_add(keys, k);
		strlist_add(out, v);
	}
	free(k);
}

/* "list@vger.kernel.org (moderated for non-subscribers)" -> the list. */
static void add_list(struct strlist *out, struct strlist *keys, const char *v)
{
	size_t n = strcspn(v, " \t");
	char *list;

	if (strstr(v + n, "subscribers-only"))
		return;
	list = xstrndup(v, n);
	add_address(out, keys, list);
	free(list);
}

struct hit {
	int sec, depth;
};

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->depth != y->depth)
		return y->depth - x->depth;
	return x->sec - y->sec;
}

void maint_cc(const struct maintainers *m, const char *path,
	      struct strlist *out)
{
	struct strlist keys = { 0 };
	struct hit *hits = NULL;
	size_t cap = 0;
	int nh = 0;

	for (int i = 0; i < out->nr; i++) {
		char *k = address_key(out->v[i]);

		strlist_add(&keys, k);
		free(k);
	}
	for (int i = 0; i < m->nr; i++) {
		int d = section_match(&m->v[i], path);

		if (d > -2)
			*VEC_PUSH(hits, nh, cap) = (struct hit){ i, d };
	}
	if (nh > 1)
		qsort(hits, nh, sizeof(*hits), cmp_hit);
	for (int h = 0; h < nh; h++)
		for (int k = 0; k < m->v[hits[h].sec].nm; k++)
			add_address(out, &keys, m->v[hits[h].sec].m[k]);
	for (int h = 0; h < nh; h++)
		for (int k = 0; k < m->v[hits[h].sec].nl; k++)
			add_list(out, &keys, m->v[hits[h].sec].l[k]);
	free(hits);
	strlist_free(&keys);
}
