// SPDX-License-Identifier: GPL-2.0
/*
 * The FOLL_* flag table of the audited tree: learned from its headers
 * (#define and enum forms, values spelled as expressions of other flags),
 * the newest layout when a file shows none.  The names themselves are
 * data in facts_kapi.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts_folltab.h"
#include "facts_kapi.h"
#include "util.h"

static void foll_set(struct foll_table *t, const char *name, size_t n,
		     uint64_t value)
{
	struct foll_flag *f;

	if (n >= sizeof(f->name))
		return;
	for (int i = 0; i < t->nr; i++) {
		if (strlen(t->v[i].name) == n &&
		    memcmp(t->v[i].name, name, n) == 0) {
			t->v[i].value = value;
			return;
		}
	}
	f = VEC_PUSH(t->v, t->nr, t->cap);
	memcpy(f->name, name, n);
	f->name[n] = '\0';
	f->value = value;
}

bool foll_lookup(const struct foll_table *t, const char *name, uint64_t *val)
{
	for (int i = 0; i < t->nr; i++) {
		if (strcmp(t->v[i].name, name) == 0) {
			*val = t->v[i].value;
			return true;
		}
	}
	return false;
}

uint64_t foll_bit(const struct foll_table *t, const char *name)
{
	uint64_t v = 0;

	foll_lookup(t, name, &v);
	return v;
}

const char *foll_name(const struct foll_table *t, uint64_t bit)
{
	for (int i = 0; i < t->nr; i++)
		if (t->v[i].value == bit && starts_with(t->v[i].name, "FOLL_"))
			return t->v[i].name;
	return NULL;
}

char *foll_spell(const struct foll_table *t, uint64_t bits)
{
	struct strbuf sb = { 0 };

	if (!bits)
		return xstrdup("0");
	for (int b = 0; b < 64; b++) {
		uint64_t bit = (uint64_t)1 << b;
		const char *name;

		if (!(bits & bit))
			continue;
		name = foll_name(t, bit);
		if (!name) {
			sb_free(&sb);
			return NULL;
		}
		if (sb.len)
			sb_puts(&sb, " | ");
		sb_puts(&sb, name);
	}
	return sb_detach(&sb);
}

uint64_t foll_internal_mask(const struct foll_table *t)
{
	uint64_t m = t->has_internal ? t->internal : 0;

	for (const char *const *n = foll_forbidden; *n; n++)
		m |= foll_bit(t, *n);
	return m;
}

/*
 * A tiny evaluator for the constant expressions flag definitions use.
 * The definitions come from the audited code, so nesting is bounded: a
 * hostile one costs a failed evaluation, not the stack.
 */
#define CE_MAX_DEPTH 64

struct cexpr {
	const char *p, *end;
	const struct foll_table *t;
	bool bad;
	int depth;
};

static uint64_t ce_or(struct cexpr *e);
static uint64_t ce_primary(struct cexpr *e);

static void ce_space(struct cexpr *e)
{
	while (e->p < e->end && isspace((unsigned char)*e->p))
		e->p++;
}

static uint64_t ce_atom(struct cexpr *e)
{
	uint64_t v = 0;
	const char *s;
	char name[40];

	ce_space(e);
	if (e->p >= e->end)
		goto bad;
	if (*e->p == '(') {
		e->p++;
		v = ce_or(e);
		ce_space(e);
		if (e->p >= e->end || *e->p != ')')
			goto bad;
		e->p++;
		return v;
	}
	if (*e->p == '~') {
		e->p++;
		return ~ce_primary(e);
	}
	if (isdigit((unsigned char)*e->p)) {
		char *endp;

		v = strtoull(e->p, &endp, 0);
		e->p = endp;
		while (e->p < e->end && strchr("uUlL", *e->p))
			e->p++;
		return v;
	}
	s = e->p;
	while (e->p < e->end && is_ident_char(*e->p))
		e->p++;
	if (e->p == s || (size_t)(e->p - s) >= sizeof(name))
		goto bad;
	memcpy(name, s, e->p - s);
	name[e->p - s] = '\0';
	if (strcmp(name, "BIT") == 0 || strcmp(name, "BIT_ULL") == 0)
		return (uint64_t)1 << (ce_primary(e) & 63);
	if (foll_lookup(e->t, name, &v))
		return v;
bad:
	e->bad = true;
	e->p = e->end;
	return 0;
}

static uint64_t ce_primary(struct cexpr *e)
{
	uint64_t v;

	if (e->depth >= CE_MAX_DEPTH) {
		e->bad = true;
		e->p = e->end;
		return 0;
	}
	e->depth++;
	v = ce_atom(e);
	e->depth--;
	return v;
}

static uint64_t ce_shift(struct cexpr *e)
{
	uint64_t v = ce_primary(e);

	for (;;) {
		ce_space(e);
		if (e->p + 1 < e->end && e->p[0] == '<' && e->p[1] == '<') {
			e->p += 2;
			v <<= ce_primary(e) & 63;
		} else if (e->p < e->end && *e->p == '+') {
			e->p++;
			v += ce_primary(e);
		} else {
			return v;
		}
	}
}

static uint64_t ce_or(struct cexpr *e)
{
	uint64_t v = ce_shift(e);

	for (;;) {
		ce_space(e);
		if (e->p < e->end && *e->p == '|') {
			e->p++;
			v |= ce_shift(e);
		} else if (e->p < e->end && *e->p == '&') {
			e->p++;
			v &= ce_shift(e);
		} else {
			return v;
		}
	}
}

static bool ce_eval(const struct foll_table *t, const char *s,
		    const char *end, uint64_t *out)
{
	struct cexpr e = { s, end, t, false, 0 };

	*out = ce_or(&e);
	ce_space(&e);
	return !e.bad && e.p >= e.end;
}

/* Copy of @text with comments and line continuations blanked out. */
static char *strip_comments(const char *text)
{
	char *s = xstrdup(text), *p = s;

	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			char *q = strstr(p + 2, "*/");
			char *e = q ? q + 2 : p + strlen(p);

			for (; p < e; p++)
				if (*p != '\n')
					*p = ' ';
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				*p++ = ' ';
		} else if (p[0] == '\\' && p[1] == '\n') {
			p[0] = p[1] = ' ';
			p += 2;
		} else {
			p++;
		}
	}
	return s;
}

/*
 * One definition: "#define NAME expr" up to the end of the line, or an
 * enumerator "NAME = expr" up to ',' or '}'.  Returns false when the value
 * needs a name not known yet (a later pass may know it).
 */
static bool scan_one(struct foll_table *t, const char *name, size_t n,
		     const char *val, bool is_enum)
{
	const char *end = val;
	uint64_t v;

	if (is_enum)
		while (*end && *end != ',' && *end != '}' && *end != ';')
			end++;
	else
		while (*end && *end != '\n')
			end++;
	while (end > val && isspace((unsigned char)end[-1]))
		end--;
	if (end == val || !ce_eval(t, val, end, &v))
		return false;
	if (n == strlen("INTERNAL_GUP_FLAGS") &&
	    memcmp(name, "INTERNAL_GUP_FLAGS", n) == 0) {
		t->internal = v;
		t->has_internal = true;
	} else {
		foll_set(t, name, n, v);
	}
	return true;
}

static bool wanted(const char *p)
{
	return starts_with(p, "FOLL_") || starts_with(p, "__FOLL_") ||
	       starts_with(p, "INTERNAL_GUP_FLAGS");
}

/* Is the identifier at @name preceded, on its line, by "#define"? */
static bool after_define(const char *s, const char *name)
{
	const char *b = name;

	while (b > s && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	if (b - s < 7 || memcmp(b - 6, "define", 6) != 0)
		return false;
	b -= 6;
	while (b > s && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	return b > s && b[-1] == '#';
}

static int scan_pass(struct foll_table *t, const char *s)
{
	int missing = 0;
	const char *p = s;

	while (*p) {
		const char *name, *q;
		size_t n;

		if (!is_ident_char(*p) || (p > s && is_ident_char(p[-1]))) {
			p++;
			continue;
		}
		name = p;
		while (is_ident_char(*p))
			p++;
		n = p - name;
		if (!wanted(name))
			continue;
		q = p;
		if (after_define(s, name)) {
			if (*q == '(')
				continue;	/* function-like macro */
			if (!scan_one(t, name, n, q, false))
				missing++;
			continue;
		}
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (q[0] == '=' && q[1] != '=' && !scan_one(t, name, n, q + 1, true))
			missing++;
	}
	return missing;
}

void foll_table_scan(struct foll_table *t, const char *text)
{
	char *s = strip_comments(text);

	/* Definitions may refer to later ones: a few passes settle it. */
	for (int pass = 0; pass < 4; pass++)
		if (!scan_pass(t, s))
			break;
	free(s);
}

void foll_table_default(struct foll_table *t)
{
	for (const struct foll_flag *f = foll_newest; f->name[0]; f++)
		foll_set(t, f->name, strlen(f->name), f->value);
}

void foll_table_copy(struct foll_table *dst, const struct foll_table *src)
{
	*dst = *src;
	dst->v = NULL;
	dst->nr = 0;
	dst->cap = 0;
	for (int i = 0; i < src->nr; i++)
		foll_set(dst, src->v[i].name, strlen(src->v[i].name),
			 src->v[i].value);
}

void foll_table_free(struct foll_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
