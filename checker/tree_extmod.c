// SPDX-License-Identifier: GPL-2.0
/*
 * What --kernel=TREE names, and where an external module begins.  The
 * three forms kbuild users hand to "make -C": a source tree, an O= build
 * directory (include/generated/ in it, a "source" link or a Makefile
 * that includes the source tree's), and a distribution's headers tree,
 * which is an O= build directory of the same shape.  Nothing is written.
 */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree_extmod.h"
#include "tree_prepare.h"
#include "util.h"

#define MAKEFILE_LIMIT (1u << 20)

static bool has(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

/* Enough of a source tree to parse against: headers and the Makefile. */
static bool source_like(const char *dir)
{
	return has(dir, "include/linux/mm.h") && has(dir, "Makefile") &&
	       has(dir, "arch");
}

/*
 * The source tree of build directory @obj: its "source" link (what
 * "make O=" leaves), else the Makefile "include"s it (Debian's headers).
 */
static char *source_of(const char *obj)
{
	char *link = path_join(obj, "source"), *mk = path_join(obj, "Makefile");
	char *res = NULL, *text, *line, *save = NULL;
	char buf[PATH_MAX];

	if (realpath(link, buf) && source_like(buf))
		res = xstrdup(buf);
	if (!res && read_file(mk, MAKEFILE_LIMIT, &text, NULL) == 0) {
		for (line = strtok_r(text, "\n", &save); line && !res;
		     line = strtok_r(NULL, "\n", &save)) {
			char *p = line;

			if (!starts_with(p, "include "))
				continue;
			p += 8;
			while (*p == ' ')
				p++;
			if (!ends_with(p, "/Makefile"))
				continue;
			p[strlen(p) - 9] = '\0';
			if (realpath(p, buf) && source_like(buf))
				res = xstrdup(buf);
		}
		free(text);
	}
	free(link);
	free(mk);
	return res;
}

int kernel_resolve(const char *arg, struct kernel_ref *k)
{
	char buf[PATH_MAX], *root;

	memset(k, 0, sizeof(*k));
	if (!realpath(arg, buf)) {
		warnx_("--kernel=%s: no such directory", arg);
		return -1;
	}
	root = kernel_root(buf);
	if (root && !strcmp(root, buf)) {
		k->src = root;
		return 0;
	}
	free(root);
	if (has(buf, "include/generated/autoconf.h")) {
		k->src = source_of(buf);
		if (k->src) {
			k->obj = xstrdup(buf);
			return 0;
		}
		warnx_("--kernel=%s: a build directory, but its source tree "
		       "was not found (no 'source' link, no Makefile "
		       "including one)", arg);
		return -1;
	}
	warnx_("--kernel=%s: not a kernel source tree, an O= build "
	       "directory or a headers tree like /lib/modules/VERSION/build",
	       arg);
	return -1;
}

void kernel_ref_free(struct kernel_ref *k)
{
	free(k->src);
	free(k->obj);
	memset(k, 0, sizeof(*k));
}

static bool kbuild_dir(const char *dir)
{
	return has(dir, "Kbuild") || has(dir, "Makefile");
}

char *extmod_root(const char *dir)
{
	char *d = xstrdup(dir), *best = xstrdup(dir);

	while (kbuild_dir(d)) {
		char *slash = strrchr(d, '/');

		free(best);
		best = xstrdup(d);
		if (!slash || slash == d)
			break;
		*slash = '\0';
	}
	free(d);
	return best;
}

bool extmod_wants_kernel(const char *path)
{
	char *text;
	bool want;

	if (read_file(path, 16u << 20, &text, NULL) < 0)
		return false;
	want = strstr(text, "#include <linux/") || strstr(text, "#include <asm/");
	free(text);
	return want;
}
