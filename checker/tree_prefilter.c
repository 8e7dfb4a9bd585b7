// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts_kapi.h"
#include "tree_prefilter.h"
#include "util.h"

#define HEADER_LIMIT (4u << 20)
#define INCLUDE_DEPTH 2		/* the file's headers, and theirs */
#define PARENT_LEVELS 4		/* ../include of a module's subdirectory */

static bool has_needle(const char *text, size_t len)
{
	for (const char *const *n = gup_api_names; *n; n++)
		if (memmem(text, len, *n, strlen(*n)))
			return true;
	return false;
}

static bool ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* @p at a comment or a literal: the first character after it, else @p. */
static const char *skip_noise(const char *p, const char *end)
{
	char q = *p;

	if (p + 1 < end && p[0] == '/' && p[1] == '*') {
		const char *e = memmem(p + 2, end - p - 2, "*/", 2);

		return e ? e + 2 : end;
	}
	if (p + 1 < end && p[0] == '/' && p[1] == '/')
		return memchr(p, '\n', end - p) ?: end;
	if (q != '"' && q != '\'')
		return p;
	for (p++; p < end && *p != q && *p != '\n'; p++)
		if (*p == '\\')
			p++;
	return p < end ? p + 1 : end;
}

/* The next character after @p that is not blank or a comment. */
static const char *next_token(const char *p, const char *end)
{
	for (;;) {
		const char *n;

		while (p < end && strchr(" \t\r\n\f\v", *p))
			p++;
		if (p + 1 < end && *p == '\\' && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (p >= end || *p != '/' || (n = skip_noise(p, end)) == p)
			return p;
		p = n;
	}
}

/* Is the word that ends at @p called?  ")(" allows "(name)(args)". */
static bool called(const char *p, const char *end)
{
	p = next_token(p, end);
	if (p < end && *p == ')')
		p = next_token(p + 1, end);
	return p < end && *p == '(';
}

static bool is_entry_point(const char *w, size_t n)
{
	char name[64];

	if (n >= sizeof(name))
		return false;
	memcpy(name, w, n);
	name[n] = '\0';
	return gup_api_lookup(name) != NULL;
}

enum use { USE_NONE, USE_WRAPPER, USE_CALL };

/*
 * How @text uses a word that holds a needle, outside comments and
 * literals: USE_CALL for a call of an entry point or any such word in a
 * preprocessor line other than #include (a macro that may expand to a
 * call, or a test on one), USE_WRAPPER for a call of another such word
 * (unpin_user_pages(), a driver's foo_get_user_pages(), or a wrapper
 * macro from a header).  @macros: only the preprocessor lines count.
 */
static enum use scan_uses(const char *text, size_t len, bool macros)
{
	const char *p = text, *end = text + len, *n;
	bool bol = true, directive = false;
	enum use u = USE_NONE;

	while (p < end && u != USE_CALL) {
		if (*p == '\\' && p + 1 < end && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (*p == '\n') {
			bol = true;
			directive = false;
			p++;
			continue;
		}
		if ((n = skip_noise(p, end)) != p) {
			p = n;
			continue;
		}
		if (*p == '#' && bol) {
			for (n = p + 1; n < end && (*n == ' ' || *n == '\t'); n++)
				;
			directive = end - n < 7 || memcmp(n, "include", 7);
			p = n;
			continue;
		}
		if (*p != ' ' && *p != '\t')
			bol = false;
		if (!ident_char(*p)) {
			p++;
			continue;
		}
		for (n = p; n < end && ident_char(*n); n++)
			;
		if (has_needle(p, n - p)) {
			if (directive)
				u = USE_CALL;
			else if (!macros && called(n, end))
				u = is_entry_point(p, n - p) ? USE_CALL : USE_WRAPPER;
		}
		p = n;
	}
	return u;
}

bool prefilter_is_text(const char *text, size_t len)
{
	return memchr(text, '\0', len) == NULL;
}

/* Is @dir, or a directory above it, a kernel source tree? */
static bool in_kernel_tree(const char *dir)
{
	char *d = realpath(dir, NULL), *slash;
	bool yes = false;

	while (d && !yes) {
		yes = path_exists(d, "include/linux/mm.h") &&
		      path_exists(d, "Kconfig");
		slash = strrchr(d, '/');
		if (!slash || slash == d)
			break;
		*slash = '\0';
	}
	free(d);
	return yes;
}

/* Open "name" from @dir, its include/, and those of a few parents. */
static char *find_header(const char *dir, const char *name)
{
	char *d = xstrdup(dir), *res = NULL;

	for (int up = 0; up <= PARENT_LEVELS && !res; up++) {
		char *inc = path_join(d, "include"), *slash;

		if (path_exists(d, name))
			res = path_join(d, name);
		else if (path_exists(inc, name))
			res = path_join(inc, name);
		free(inc);
		slash = strrchr(d, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(d);
	return res;
}

/* Does a header @text includes name a needle (@macros: in a macro)? */
static bool headers_match(const char *dir, const char *text, int depth,
			  bool macros)
{
	const char *p = text;
	bool hit = false;

	while (!hit && (p = strstr(p, "#include"))) {
		const char *q = p + 8, *e;
		char *name, *path, *htext;
		size_t len;

		p = q;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"' && *q != '<')
			continue;
		e = strchr(q + 1, *q == '"' ? '"' : '>');
		if (!e || memchr(q, '\n', e - q) || starts_with(q + 1, "linux/") ||
		    starts_with(q + 1, "asm/"))
			continue;
		name = xstrndup(q + 1, e - q - 1);
		path = find_header(dir, name);
		if (path && read_file(path, HEADER_LIMIT, &htext, &len) == 0) {
			hit = (has_needle(htext, len) && (!macros ||
				scan_uses(htext, len, true) == USE_CALL)) ||
			      (depth + 1 < INCLUDE_DEPTH &&
			       headers_match(dir, htext, depth + 1, macros));
			free(htext);
		}
		free(path);
		free(name);
	}
	return hit;
}

/*
 * A call of another word holding a needle counts when a header the file
 * includes from beside it defines a macro that names an entry point.
 */
bool prefilter_match(const char *file, const char *text, size_t len)
{
	char *dir, *slash;
	bool hit;

	if (!has_needle(text, len))
		return false;
	switch (scan_uses(text, len, false)) {
	case USE_CALL:
		return true;
	case USE_NONE:
		return false;
	default:
		break;
	}
	dir = xstrdup(file);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	hit = headers_match(dir, text, 0, true);
	free(dir);
	return hit;
}

bool prefilter_module_headers(const char *file, const char *text)
{
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	bool hit;

	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	hit = !in_kernel_tree(dir) && headers_match(dir, text, 0, false);
	free(dir);
	return hit;
}
