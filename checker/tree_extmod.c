// SPDX-License-Identifier: GPL-2.0
/*
 * What --kernel=TREE names, and where an external module begins.  The
 * three forms kbuild users hand to "make -C": a source tree, an O= build
 * directory (include/generated/ in it, a "source" link or a Makefile
 * that includes the source tree's), and a distribution's headers tree,
 * which is an O= build directory of the same shape.  Nothing is written.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts_kapi.h"
#include "tree_discover.h"
#include "tree_extmod.h"
#include "tree_makefile.h"
#include "tree_prepare.h"
#include "util.h"

#define MAKEFILE_LIMIT (1u << 20)

/* Enough of a source tree to parse against: headers and the Makefile. */
static bool source_like(const char *dir)
{
	return path_exists(dir, "include/linux/mm.h") &&
	       path_exists(dir, "Makefile") && path_exists(dir, "arch");
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
	if (path_exists(buf, "include/generated/autoconf.h")) {
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

bool kernel_at(const char *dir, struct kernel_ref *k)
{
	char *ac = path_join(dir, "include/generated/autoconf.h");
	char *root = kernel_root(dir);
	bool ok = (root && !strcmp(root, dir)) || access(ac, F_OK) == 0;

	free(ac);
	free(root);
	return ok && kernel_resolve(dir, k) == 0;
}

void kernel_ref_free(struct kernel_ref *k)
{
	free(k->src);
	free(k->obj);
	memset(k, 0, sizeof(*k));
}

static bool kbuild_dir(const char *dir)
{
	return path_exists(dir, "Kbuild") || path_exists(dir, "Makefile");
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

/*
 * Configured modules: a configure step (conftest scripts run from the
 * Makefile by $(shell ...)) decides per kernel which macros are defined.
 * --kernel runs nothing of the module, so those stay undefined; say
 * which, where the module tests them around GUP, and which branch that
 * takes.  A macro counts as configuration when the module tests it but
 * neither defines it in its sources nor gets it from its Makefiles as
 * read, and it is not the kernel's (CONFIG_*, FOLL_*, LINUX_*, KERNEL_*,
 * __*).
 */
#define CONF_FILES 2000
#define CONF_DEPTH 8

struct conf {
	struct strlist files;	/* the module's .c and .h */
	struct strlist defined;	/* #define'd in them, or -D by the Makefiles */
};

static void conf_walk(struct conf *c, const char *dir, int depth)
{
	struct dirent **names;
	int n = depth > CONF_DEPTH ? -1 : scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char *p = path_join(dir, nm);
		struct stat st;

		if (nm[0] != '.' && lstat(p, &st) == 0 && c->files.nr < CONF_FILES) {
			if (S_ISDIR(st.st_mode))
				conf_walk(c, p, depth + 1);
			else if (S_ISREG(st.st_mode) &&
				 (ends_with(nm, ".c") || ends_with(nm, ".h")))
				strlist_add(&c->files, p);
		}
		free(p);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static bool kernel_name(const char *s)
{
	return starts_with(s, "CONFIG_") || starts_with(s, "FOLL_") ||
	       starts_with(s, "LINUX_") || starts_with(s, "KERNEL_") ||
	       starts_with(s, "__") || starts_with(s, "MODULE") ||
	       starts_with(s, "KBUILD_");
}

static void ident_at(const char *p, char *out, size_t cap)
{
	size_t n = 0;

	while (*p == ' ' || *p == '\t' || *p == '(' || *p == '!')
		p++;
	while (is_ident_char(p[n]) && n + 1 < cap) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
}

/*
 * Does the block from @p to its #endif name a GUP call or the release of
 * a pin?  Not put_page() alone: file systems' configure macros guard
 * page-cache code full of it (OpenAFS's write_begin variants), and a
 * shim that turns unpin_user_page into put_page names the former.
 */
static bool block_has_gup(const char *p)
{
	int depth = 0;
	const char *e = p;

	while ((e = strchr(e, '\n'))) {
		const char *q = ++e;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '#')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!strncmp(q, "if", 2))
			depth++;
		else if (!strncmp(q, "endif", 5) && depth-- == 0)
			break;
	}
	if (!e)
		e = p + strlen(p);
	for (const char *const *n = gup_api_names; *n; n++)
		if (memmem(p, e - p, *n, strlen(*n)))
			return true;
	return memmem(p, e - p, "unpin_user_page", 15) != NULL;
}

static void conf_defines(struct conf *c, const char *text)
{
	for (const char *p = text; (p = strstr(p, "define")); p += 6) {
		char name[128];

		ident_at(p + 6, name, sizeof(name));
		if (*name && !strlist_has(&c->defined, name))
			strlist_add(&c->defined, name);
	}
}

static void conf_tests(const struct conf *c, const char *path,
		       const char *text)
{
	char cwd[PATH_MAX];
	const char *shown = path;
	unsigned line = 1;
	size_t n;

	if (getcwd(cwd, sizeof(cwd)) && (n = strlen(cwd)) &&
	    !strncmp(path, cwd, n) && path[n] == '/')
		shown = path + n + 1;

	for (const char *l = text; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL,
	     line++) {
		const char *p = l, *what;
		char name[128];

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '#')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (starts_with(p, "ifdef")) {
			ident_at(p + 5, name, sizeof(name));
			what = "leaves out the branch after it";
		} else if (starts_with(p, "ifndef")) {
			ident_at(p + 6, name, sizeof(name));
			what = "builds the branch after it";
		} else if (starts_with(p, "if defined") || starts_with(p, "elif defined")) {
			ident_at(strstr(p, "defined") + 7, name, sizeof(name));
			what = "finds defined() false";
		} else {
			continue;
		}
		if (!*name || kernel_name(name) || strlist_has(&c->defined, name) ||
		    !block_has_gup(l))
			continue;
		fprintf(stderr, "%s: note: %s:%u: %s stays undefined (the "
			"module's configure step is not run with --kernel): "
			"'%.*s' %s\n", progname, shown, line, name,
			(int)strcspn(l, "\n"), l, what);
	}
}

static void conf_module(const struct targets *t, const char *module)
{
	struct conf c = { 0 };

	conf_walk(&c, module, 0);
	for (int i = 0; i < c.files.nr; i++) {
		char *text;

		if (read_file(c.files.v[i], 16u << 20, &text, NULL) == 0) {
			conf_defines(&c, text);
			free(text);
		}
	}
	/* What the Makefiles give each directory with a file to check. */
	for (int i = 0; i < t->nr; i++) {
		struct argv a = { 0 };
		char *dir;

		if (!t->v[i].module || strcmp(t->v[i].module, module))
			continue;
		dir = realpath(t->v[i].path, NULL);
		if (!dir)
			continue;
		*strrchr(dir, '/') = '\0';
		kbmake_module_flags(&a, module, NULL, dir, "");
		for (int k = 0; k < a.nr; k++) {
			char name[128];

			if (!starts_with(a.v[k], "-D"))
				continue;
			ident_at(a.v[k] + 2, name, sizeof(name));
			if (!strlist_has(&c.defined, name))
				strlist_add(&c.defined, name);
		}
		argv_free(&a);
		free(dir);
	}
	for (int i = 0; i < c.files.nr; i++) {
		char *text;

		if (read_file(c.files.v[i], 16u << 20, &text, NULL) == 0) {
			conf_tests(&c, c.files.v[i], text);
			free(text);
		}
	}
	strlist_free(&c.files);
	strlist_free(&c.defined);
}

void extmod_config_notes(const struct targets *t)
{
	struct strlist done = { 0 };

	for (int i = 0; i < t->nr; i++) {
		const char *m = t->v[i].module;

		if (!m || !t->v[i].root || strlist_has(&done, m))
			continue;
		strlist_add(&done, m);
		conf_module(t, m);
	}
	strlist_free(&done);
}
