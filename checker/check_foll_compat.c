// SPDX-License-Identifier: GPL-2.0
/*
 * foll-compat-ifdef: a preprocessor test on a FOLL_* name outside mm/.
 * Until 6.2 the FOLL_* flags were macros in include/linux/mm.h; since 6.3
 * they are enum constants (include/linux/mm_types.h), and FOLL_PIN, like
 * GUP's other internal flags, lives in mm/internal.h.  "#ifdef FOLL_PIN"
 * is false there on every kernel, so a compat shim behind "#ifndef
 * FOLL_PIN" that maps pin_user_pages*() to get_user_pages*(),
 * unpin_user_page() to put_page() or FOLL_LONGTERM to 0 is built on every
 * modern kernel and turns the module's pins into plain references.
 *
 * #if conditions are not in the AST: the main file and the headers it
 * includes from outside the target tree are read as text.  Whether the
 * name is a macro is read from the target tree's own headers.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define TEXT_LIMIT (16u << 20)

static const struct rule *compat_rule;

struct directive {
	const char *line;	/* the '#' */
	unsigned lineno, col;
	char kw[8];		/* if, ifdef, ifndef, elif */
	char name[64];		/* the FOLL_* name tested */
	bool negated;		/* true when the name is NOT a macro */
};

/* "# ifdef" -> "ifdef"; @p at the '#'.  Returns the text after it. */
static const char *keyword(const char *p, char kw[8])
{
	size_t n = 0;

	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	while (n < 7 && p[n] >= 'a' && p[n] <= 'z')
		n++;
	memcpy(kw, p, n);
	kw[n] = '\0';
	return p + n;
}

static size_t line_len(const char *p)
{
	return strcspn(p, "\n");
}

/* The first FOLL_* identifier on the line from @p, and whether "!defined". */
static bool foll_test(struct directive *d, const char *p)
{
	size_t len = line_len(p);
	const char *e = p + len, *q;

	for (q = p; q + 5 < e; q++) {
		size_t n = 0;

		if (strncmp(q, "FOLL_", 5) || (q > p && is_ident_char(q[-1])))
			continue;
		while (q + n < e && is_ident_char(q[n]))
			n++;
		if (n >= sizeof(d->name))
			return false;
		memcpy(d->name, q, n);
		d->name[n] = '\0';
		if (!strcmp(d->kw, "ifdef"))
			d->negated = false;
		else if (!strcmp(d->kw, "ifndef"))
			d->negated = true;
		else if (memmem(p, q - p, "defined", 7))
			d->negated = memchr(p, '!', q - p) != NULL;
		else
			return false;	/* #if FOLL_X: a value, not a test */
		return true;
	}
	return false;
}

/*
 * The lines of the branch the test takes when the name is not a macro:
 * from after the directive to its #else (negated), or from its #else to
 * the #endif.  Returns the start and sets @end; NULL when there is none.
 */
static const char *shim_branch(const char *after, bool negated,
			       const char **end)
{
	const char *p = after, *start = negated ? after : NULL;
	int depth = 0;

	while ((p = strchr(p, '\n'))) {
		const char *q = ++p;
		char kw[8];

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '#')
			continue;
		keyword(q, kw);
		if (!strncmp(kw, "if", 2)) {
			depth++;
		} else if (depth && !strcmp(kw, "endif")) {
			depth--;
		} else if (!depth && (!strcmp(kw, "else") || !strcmp(kw, "elif"))) {
			if (negated) {
				*end = p;
				return start;
			}
			start = p;
		} else if (!depth && !strcmp(kw, "endif")) {
			*end = p;
			return start;
		}
	}
	*end = after + strlen(after);
	return start;
}

static void word(const char **p, char *out, size_t cap)
{
	size_t n = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	while ((is_ident_char(**p)) && n + 1 < cap)
		out[n++] = *(*p)++;
	out[n] = '\0';
}

/* What the shim defines, in words; *@drops: it turns pins into references. */
static void describe(struct strbuf *sb, const char *p, const char *end,
		     bool *drops)
{
	int n = 0;

	for (; p && p < end; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q = p;
		char kw[8], a[64], b[64];

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '#' || (keyword(q, kw), strcmp(kw, "define")))
			continue;
		q = strstr(q, "define") + 6;
		word(&q, a, sizeof(a));
		if (*q == '(') {
			sb_printf(sb, "%s%s() as a macro", n++ ? ", " : "", a);
			continue;
		}
		word(&q, b, sizeof(b));
		if (starts_with(a, "pin_user_page") && starts_with(b, "get_user_page")) {
			sb_printf(sb, "%s%s becomes %s", n++ ? ", " : "", a, b);
			*drops = true;
		} else if (starts_with(a, "unpin_user_page") && *b) {
			sb_printf(sb, "%s%s becomes %s", n++ ? ", " : "", a, b);
			*drops = true;
		} else if (starts_with(a, "FOLL_") && !strcmp(b, "0")) {
			sb_printf(sb, "%s%s is defined as 0", n++ ? ", " : "", a);
			*drops = true;
		} else {
			sb_printf(sb, "%s%s is defined", n++ ? ", " : "", a);
		}
	}
}

/* Is @name a macro of the target tree (#define in its mm.h or mm_types.h)? */
static int tree_macro(const char *root, const char *name)
{
	static const char *const hdrs[] = {
		"include/linux/mm.h", "include/linux/mm_types.h",
	};
	int found = 0;

	if (!root)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(hdrs) && !found; i++) {
		char *path = path_join(root, hdrs[i]), *text, *p;

		if (read_file(path, TEXT_LIMIT, &text, NULL) == 0) {
			for (p = text; !found && (p = strstr(p, name)); p++) {
				const char *b = p;

				if (is_ident_char(p[strlen(name)]) ||
				    (p > text && is_ident_char(p[-1])))
					continue;
				while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
					b--;
				found = b - text >= 7 && !memcmp(b - 6, "define", 6);
			}
			free(text);
		}
		free(path);
	}
	return found;
}

static void report_directive(struct rule_ctx *rc, const char *shown,
			     const struct directive *d, const char *after)
{
	struct tu_facts *tf = rc->tf;
	struct strbuf what = { 0 };
	const char *end, *body = shim_branch(after, d->negated, &end);
	int macro = tree_macro(tf->root, d->name);
	bool drops = false;
	char *eval, *shim, *code;

	describe(&what, body, end, &drops);
	if (macro < 0)
		eval = xstrdup("with no target tree its value is unknown "
			       "(give --kernel=KDIR)");
	else if (tf->kversion)
		eval = xasprintf("against the %d.%d headers %s is %s, so the "
				 "test is %s", tf->kversion / 100,
				 tf->kversion % 100, d->name,
				 macro ? "a macro" : "not a macro",
				 (macro != 0) != d->negated ? "true" : "false");
	else
		eval = xasprintf("against the target tree %s is %s", d->name,
				 macro ? "a macro" : "not a macro");
	if (!body)
		shim = xstrdup("the code it guards is left out");
	else if (what.len)
		shim = xasprintf("the shim it guards is built: %s%s", what.buf,
				 drops ? ", so pins silently become plain "
				 "references" : "");
	else
		shim = xstrdup("the code it guards is built");
	code = xstrndup(d->line, line_len(d->line));
	while (*code && strchr(" \t\r", code[strlen(code) - 1]))
		code[strlen(code) - 1] = '\0';
	report_file(rc, compat_rule, SEV_WARNING, shown, d->lineno, d->col,
		    "'%s' tests a FOLL_* name, an enum constant since 6.3 and "
		    "never a macro there (FOLL_PIN lives in mm/internal.h): "
		    "%s; where it is not a macro %s", code, eval, shim);
	rc->out->v[rc->out->nr - 1].code = code;
	free(eval);
	free(shim);
	sb_free(&what);
}

static void scan_text(struct rule_ctx *rc, const char *shown, const char *text)
{
	unsigned lineno = 1;

	for (const char *l = text; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL,
	     lineno++) {
		struct directive d = { .lineno = lineno };
		const char *p = l, *rest;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '#')
			continue;
		rest = keyword(p, d.kw);
		if (strcmp(d.kw, "if") && strcmp(d.kw, "ifdef") &&
		    strcmp(d.kw, "ifndef") && strcmp(d.kw, "elif"))
			continue;
		d.line = p;
		d.col = p - l + 1;
		if (foll_test(&d, rest))
			report_directive(rc, shown, &d, rest);
	}
}

/* A header of the module or driver: not the target tree's, not the system's. */
static bool local_header(const struct tu_facts *tf, const char *path)
{
	size_t n = tf->root ? strlen(tf->root) : 0;

	if (starts_with(path, "/usr/include/") || starts_with(path, "/usr/lib/"))
		return false;
	if (n && !strncmp(path, tf->root, n) && path[n] == '/') {
		const char *rel = path + n + 1;

		return !starts_with(rel, "include/") && !starts_with(rel, "arch/") &&
		       !starts_with(rel, "mm/");
	}
	return !strstr(path, "/include/generated/") && !strstr(path, "/linux-headers-");
}

/* How to show a header: from the tree root, from here, or as it is. */
static char *shown_path(const struct tu_facts *tf, const char *path)
{
	char cwd[PATH_MAX];
	size_t n;

	if (tf->root && (n = strlen(tf->root)) && !strncmp(path, tf->root, n) &&
	    path[n] == '/')
		return xstrdup(path + n + 1);
	if (getcwd(cwd, sizeof(cwd)) && (n = strlen(cwd)) &&
	    !strncmp(path, cwd, n) && path[n] == '/')
		return xstrdup(path + n + 1);
	return xstrdup(path);
}

static void note_file(CXFile f, CXSourceLocation *stack, unsigned n,
		      CXClientData data)
{
	CXString name = clang_getFileName(f);
	const char *s = clang_getCString(name);

	if (n && s && !strlist_has(data, s))
		strlist_add(data, s);
	clang_disposeString(name);
}

static void match_compat(struct rule_ctx *rc)
{
	struct tu_facts *tf = rc->tf;
	struct strlist hdrs = { 0 };

	scan_text(rc, tf->path, tf->src);
	clang_getInclusions(tf->tu, note_file, &hdrs);
	for (int i = 0; i < hdrs.nr; i++) {
		char *text, *shown, abs[PATH_MAX];

		if (!realpath(hdrs.v[i], abs) || !local_header(tf, abs))
			continue;
		if (read_file(abs, TEXT_LIMIT, &text, NULL) < 0)
			continue;
		shown = shown_path(tf, abs);
		scan_text(rc, shown, text);
		free(shown);
		free(text);
	}
	strlist_free(&hdrs);
}

void check_foll_compat(void)
{
	compat_rule = add_tu_rule("foll-compat-ifdef", SEV_WARNING,
		"a preprocessor test on a FOLL_* name outside mm/ (never a "
		"macro since 6.3)", match_compat);
}
