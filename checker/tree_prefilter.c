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

bool prefilter_match(const char *text, size_t len)
{
	for (const char *const *n = gup_api_names; *n; n++)
		if (memmem(text, len, *n, strlen(*n)))
			return true;
	return false;
}

bool prefilter_is_text(const char *text, size_t len)
{
	return memchr(text, '\0', len) == NULL;
}

static bool has(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

/* Is @dir, or a directory above it, a kernel source tree? */
static bool in_kernel_tree(const char *dir)
{
	char *d = realpath(dir, NULL), *slash;
	bool yes = false;

	while (d && !yes) {
		yes = has(d, "include/linux/mm.h") && has(d, "Kconfig");
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

		if (has(d, name))
			res = path_join(d, name);
		else if (has(inc, name))
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

static bool headers_match(const char *dir, const char *text, int depth)
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
			hit = prefilter_match(htext, len) ||
			      (depth + 1 < INCLUDE_DEPTH &&
			       headers_match(dir, htext, depth + 1));
			free(htext);
		}
		free(path);
		free(name);
	}
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
	hit = !in_kernel_tree(dir) && headers_match(dir, text, 0);
	free(dir);
	return hit;
}
