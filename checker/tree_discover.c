// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the files to check.  A directory is walked for *.c; inside a
 * kernel tree, mm/ is GUP itself and is left out unless asked for.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree_discover.h"
#include "tree_extmod.h"
#include "tree_prepare.h"
#include "util.h"

#define MAX_DEPTH 64

static void add(struct targets *t, const char *path, const char *display,
		const char *root)
{
	struct target *x = VEC_PUSH(t->v, t->nr, t->cap);
	char abs[PATH_MAX];

	x->path = xstrdup(path);
	x->display = xstrdup(display);
	x->root = root ? xstrdup(root) : NULL;
	x->obj = NULL;
	x->module = NULL;
	if (root && realpath(path, abs))
		x->diffpath = path_relative(abs, root);
	else if (starts_with(display, "./"))
		x->diffpath = xstrdup(display + 2);
	else
		x->diffpath = xstrdup(display + (display[0] == '/'));
}

/* Is @rel (relative to a kernel root) GUP's own home? */
static bool is_mm(const char *rel)
{
	return strcmp(rel, "mm") == 0;
}

/*
 * The entry's type as lstat() gives it in st_mode: from the directory
 * itself when the file system says (a whole tree is 90,000 entries, and
 * a warm audit is mostly this walk), else from lstat().
 */
static bool entry_type(const struct dirent *e, const char *path,
		       struct stat *st)
{
	switch (e->d_type) {
	case DT_DIR:
		st->st_mode = S_IFDIR;
		return true;
	case DT_REG:
		st->st_mode = S_IFREG;
		return true;
	case DT_LNK:
		st->st_mode = S_IFLNK;
		return true;
	default:
		return lstat(path, st) == 0;
	}
}

static void walk(struct targets *t, const char *dir, const char *shown,
		 const char *root, int depth, const struct discover_opts *o)
{
	struct dirent **names;
	int n;

	if (depth > MAX_DEPTH) {
		warnx_("%s: directories nested deeper than %d levels, not walked",
		       shown, MAX_DEPTH);
		t->truncated = true;
		return;
	}
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		warnx_("%s: %s", *shown ? shown : dir, strerror(errno));
		t->truncated = true;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *path, *disp;
		struct stat st;

		if (name[0] == '.') {
			free(names[i]);
			continue;
		}
		path = path_join(dir, name);
		disp = *shown ? path_join(shown, name) : xstrdup(name);
		if (!entry_type(names[i], path, &st)) {
			t->skipped++;
		} else if (S_ISLNK(st.st_mode)) {
			if (ends_with(name, ".c"))
				t->skipped++;
		} else if (S_ISDIR(st.st_mode)) {
			if (root && !o->include_mm && depth == 0 && !*shown &&
			    is_mm(name))
				t->skipped++;
			else
				walk(t, path, disp, root, depth + 1, o);
		} else if (S_ISREG(st.st_mode) && ends_with(name, ".c")) {
			add(t, path, disp, root);
		} else if (ends_with(name, ".c")) {
			/* A FIFO or a device: never opened (it may block, or
			 * do something on open), but not passed over quietly. */
			warnx_("%s: not a regular file, not checked", disp);
			t->truncated = true;
		}
		free(path);
		free(disp);
		free(names[i]);
	}
	free(names);
}

/* A directory named on the command line must hold something to check. */
static int nothing_below(struct targets *t, const char *path, int before,
			 bool truncated)
{
	if (t->nr > before || (t->truncated && !truncated))
		return 0;
	warnx_("%s: no .c files below it", path);
	return -1;
}

static bool kbuild_file_near(const char *dir)
{
	char *k = path_join(dir, "Kbuild"), *m = path_join(dir, "Makefile");
	bool yes = access(k, F_OK) == 0 || access(m, F_OK) == 0;

	free(k);
	free(m);
	return yes;
}

/*
 * --kernel=TREE: the files just found outside any kernel tree belong to
 * an external module built against TREE.  They keep their names as
 * given; their headers, flags and FOLL_* values are TREE's.  Without
 * --kernel, a file beside a Kbuild or Makefile still gets the module's
 * own flags.
 */
static void mark_external(struct targets *t, int from,
			  const struct kernel_ref *k)
{
	for (int i = from; i < t->nr; i++) {
		struct target *x = &t->v[i];
		char abs[PATH_MAX], *slash;

		if (x->root || !realpath(x->path, abs))
			continue;
		slash = strrchr(abs, '/');
		*slash = '\0';
		if (!k && !kbuild_file_near(abs))
			continue;
		x->module = extmod_root(abs);
		if (!k)
			continue;
		x->root = xstrdup(k->src);
		x->obj = k->obj ? xstrdup(k->obj) : NULL;
	}
}

static int discover_one(struct targets *t, const char *path,
			const struct discover_opts *o);

int discover(struct targets *t, const char *path, const struct discover_opts *o)
{
	int before = t->nr, rc = discover_one(t, path, o);

	if (rc == 0)
		mark_external(t, before, o->kernel);
	return rc;
}

static int discover_one(struct targets *t, const char *path,
			const struct discover_opts *o)
{
	int before = t->nr;
	bool truncated = t->truncated;
	struct stat st;
	char *root;

	if (stat(path, &st) < 0) {
		warnx_("%s: %s", path, strerror(errno));
		return -1;
	}
	root = kernel_root(path);
	if (S_ISDIR(st.st_mode)) {
		char abs[PATH_MAX];

		if (!realpath(path, abs)) {
			warnx_("%s: %s", path, strerror(errno));
			free(root);
			return -1;
		}
		/* Inside a kernel tree, show paths from its root. */
		if (root) {
			char *rel = path_relative(abs, root);

			if (strcmp(abs, root) == 0) {
				free(rel);
				rel = xstrdup("");
			}
			if (!o->include_mm && (is_mm(rel) || starts_with(rel, "mm/"))) {
				warnx_("%s: mm/ is GUP itself and left out "
				       "(--include-mm checks it)", path);
				free(rel);
				free(root);
				return -1;
			}
			walk(t, abs, rel, root, *rel ? 1 : 0, o);
			free(rel);
		} else {
			walk(t, path, strcmp(path, ".") ? path : "", NULL, 1, o);
		}
		free(root);
		return nothing_below(t, path, before, truncated);
	}
	if (!S_ISREG(st.st_mode)) {
		warnx_("%s: not a regular file", path);
		free(root);
		return -1;
	}
	if (!ends_with(path, ".c")) {
		warnx_("%s: not a C source file (expected a .c file)", path);
		free(root);
		return -1;
	}
	add(t, path, path, root);
	free(root);
	return 0;
}

static int cmp_target(const void *a, const void *b)
{
	return strcmp(((const struct target *)a)->display,
		      ((const struct target *)b)->display);
}

static bool same_target(const struct target *a, const struct target *b)
{
	return strcmp(a->display, b->display) == 0 &&
	       strcmp(a->path, b->path) == 0;
}

void target_free(struct target *t)
{
	free(t->path);
	free(t->display);
	free(t->diffpath);
	free(t->root);
	free(t->obj);
	free(t->module);
}

/* Sorted, and each file once ("drivers/x drivers/x/y" names y's twice). */
void targets_sort(struct targets *t)
{
	int n = 0;

	if (t->nr < 2)
		return;
	qsort(t->v, t->nr, sizeof(*t->v), cmp_target);
	for (int i = 0; i < t->nr; i++) {
		if (n && same_target(&t->v[n - 1], &t->v[i]))
			target_free(&t->v[i]);
		else
			t->v[n++] = t->v[i];
	}
	t->nr = n;
}

void targets_free(struct targets *t)
{
	for (int i = 0; i < t->nr; i++)
		target_free(&t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
