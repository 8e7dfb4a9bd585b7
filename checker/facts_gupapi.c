// SPDX-License-Identifier: GPL-2.0
/*
 * The GUP API table, the release table and the FOLL_* flag table.
 *
 * Entry points cover v4.9 to today.  Their argument positions below are a
 * fallback only: facts.c reads the callee's own prototype (from the tree's
 * include/linux/mm.h, or a fixture's stand-in) and finds the flags, pages
 * and vmas parameters by name, so the vmas argument of trees before 6.5
 * and the old write/force pair are handled as the tree declares them.
 *
 * The iov_iter entry points take no FOLL_* flags: iov_iter_get_pages2()
 * and iov_iter_get_pages_alloc2() (iov_iter_get_pages() and
 * iov_iter_get_pages_alloc() before 6.0) take references, FOLL_WRITE
 * when the iterator is a destination; iov_iter_extract_pages() (6.3)
 * pins a user-backed iterator's pages and takes nothing on a kernel-backed
 * one; bio_iov_iter_get_pages() does either into a bio, as its tree's
 * block layer does, and hands no pages array back.  memfd_pin_folios()
 * (6.11) is a long-term pin of a memfd's folios; folio_add_pins() adds
 * pins to a folio that already has one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts_gupapi.h"
#include "util.h"

#define P(n, f, p, v) { n, f, p, v }

/* name, kind, remote, implied, touch, { positions }, iter, maybe_pin */

static const struct gup_api apis[] = {
	{ "get_user_pages", GUP_GET, false, NULL, true,
	  { P(4, 2, 3, -1), P(5, 2, 3, 4) }, false, false },
	{ "get_user_pages_fast", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "get_user_pages_fast_only", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "__get_user_pages_fast", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "get_user_pages_unlocked", GUP_GET, false, NULL, true,
	  { P(4, 3, 2, -1) }, false, false },
	{ "get_user_pages_locked", GUP_GET, false, NULL, true,
	  { P(5, 2, 3, -1) }, false, false },
	{ "get_user_pages_longterm", GUP_GET, false, "FOLL_LONGTERM", true,
	  { P(5, 2, 3, 4) }, false, false },
	{ "get_user_pages_remote", GUP_GET, true, NULL, true,
	  { P(6, 3, 4, -1), P(7, 3, 4, 5), P(8, 4, 5, 6) }, false, false },
	{ "get_user_page_vma_remote", GUP_GET, true, NULL, false,
	  { P(4, 2, -1, -1) }, false, false },
	{ "get_user_page_fast_only", GUP_GET, false, NULL, false,
	  { P(3, 1, 2, -1) }, false, false },
	{ "pin_user_pages", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1), P(5, 2, 3, 4) }, false, false },
	{ "pin_user_pages_fast", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "pin_user_pages_fast_only", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "pin_user_pages_unlocked", GUP_PIN, false, NULL, true,
	  { P(4, 3, 2, -1) }, false, false },
	{ "pin_user_pages_locked", GUP_PIN, false, NULL, false,
	  { P(5, 2, 3, -1) }, false, false },
	{ "pin_user_pages_remote", GUP_PIN, true, NULL, true,
	  { P(6, 3, 4, -1), P(7, 3, 4, 5) }, false, false },
	{ "iov_iter_get_pages2", GUP_GET, false, "FOLL_WRITE", false,
	  { P(5, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages_alloc2", GUP_GET, false, "FOLL_WRITE", false,
	  { P(4, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages", GUP_GET, false, "FOLL_WRITE", false,
	  { P(5, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages_alloc", GUP_GET, false, "FOLL_WRITE", false,
	  { P(4, -1, 1, -1) }, true, false },
	{ "iov_iter_extract_pages", GUP_PIN, false, "FOLL_WRITE", false,
	  { P(6, -1, 1, -1) }, true, true },
	{ "bio_iov_iter_get_pages", GUP_PIN, false, "FOLL_WRITE", false,
	  { P(2, -1, -1, -1) }, true, true },
	{ "memfd_pin_folios", GUP_PIN, false, "FOLL_LONGTERM", false,
	  { P(6, -1, 3, -1) }, false, false },
	{ "folio_add_pins", GUP_PIN, false, NULL, false,
	  { P(2, -1, 0, -1) }, false, false },
};

/* Substrings every entry point's name contains: the prefilter's needles. */
const char *const gup_api_names[] = {
	"get_user_page", "pin_user_pages", "iov_iter_get_pages",
	"iov_iter_extract_pages", "memfd_pin_folios", "folio_add_pins", NULL
};

const struct gup_api *gup_api_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(apis); i++)
		if (strcmp(apis[i].name, name) == 0)
			return &apis[i];
	return NULL;
}

static const struct release_fn releases[] = {
	{ "put_page", REL_PUT, false, "unpin_user_page" },
	{ "release_pages", REL_PUT, true, "unpin_user_pages" },
	{ "folio_put", REL_PUT, false, NULL },
	{ "__free_pages", REL_PUT, false, NULL },	/* __free_page() */
	{ "put_user_page", REL_UNPIN, false, "put_page" },
	{ "put_user_pages", REL_UNPIN, true, "release_pages" },
	{ "put_user_pages_dirty_lock", REL_UNPIN, true, NULL },
	{ "unpin_user_page", REL_UNPIN, false, "put_page" },
	{ "unpin_user_pages", REL_UNPIN, true, "release_pages" },
	{ "unpin_user_pages_dirty_lock", REL_UNPIN, true, NULL },
	{ "unpin_user_page_range_dirty_lock", REL_UNPIN, false, NULL },
	{ "unpin_folio", REL_UNPIN, false, "folio_put" },
	{ "unpin_folios", REL_UNPIN, true, NULL },
	{ "unpin_user_folio", REL_UNPIN, false, NULL },
};

const struct release_fn *release_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(releases); i++)
		if (strcmp(releases[i].name, name) == 0)
			return &releases[i];
	return NULL;
}

/*
 * The newest layout (include/linux/mm_types.h and mm/internal.h of 6.12),
 * used only for a file that neither defines the flags nor sits in a tree.
 */
static const struct foll_flag newest[] = {
	{ "FOLL_WRITE", 1 << 0 }, { "FOLL_GET", 1 << 1 },
	{ "FOLL_DUMP", 1 << 2 }, { "FOLL_FORCE", 1 << 3 },
	{ "FOLL_NOWAIT", 1 << 4 }, { "FOLL_NOFAULT", 1 << 5 },
	{ "FOLL_HWPOISON", 1 << 6 }, { "FOLL_ANON", 1 << 7 },
	{ "FOLL_LONGTERM", 1 << 8 }, { "FOLL_SPLIT_PMD", 1 << 9 },
	{ "FOLL_PCI_P2PDMA", 1 << 10 }, { "FOLL_INTERRUPTIBLE", 1 << 11 },
	{ "FOLL_HONOR_NUMA_FAULT", 1 << 12 }, { "FOLL_TOUCH", 1 << 16 },
	{ "FOLL_TRIED", 1 << 17 }, { "FOLL_REMOTE", 1 << 18 },
	{ "FOLL_PIN", 1 << 19 }, { "FOLL_FAST_ONLY", 1 << 20 },
	{ "FOLL_UNLOCKABLE", 1 << 21 }, { "FOLL_MADV_POPULATE", 1 << 22 },
};

/* The flags the policy forbids callers, whatever the tree calls internal. */
static const char *const forbidden[] = {
	"FOLL_PIN", "FOLL_GET", "FOLL_TOUCH", "FOLL_TRIED", "FOLL_REMOTE",
	"FOLL_FAST_ONLY", "FOLL_UNLOCKABLE", "FOLL_MADV_POPULATE",
};

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

	for (size_t i = 0; i < ARRAY_SIZE(forbidden); i++)
		m |= foll_bit(t, forbidden[i]);
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
	for (size_t i = 0; i < ARRAY_SIZE(newest); i++)
		foll_set(t, newest[i].name, strlen(newest[i].name),
			 newest[i].value);
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
