/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_DISCOVER_H
#define GUP_TREE_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

/* One file to check. */
struct target {
	char *path;		/* to open */
	char *display;		/* to show: tree-relative, or as given */
	char *diffpath;		/* in patches: relative to the tree root */
	char *root;		/* the kernel tree holding it, or NULL */
	/* An external module's file (--kernel=TREE): root is TREE's source */
	char *obj;		/* TREE's build directory, NULL: the cache's */
	char *module;		/* the module's top directory (its Kbuild) */
};

struct targets {
	struct target *v;
	int nr;
	size_t cap;
	int skipped;		/* files left out by a walk (links, mm/) */
	bool truncated;		/* a walk could not be completed */
};

struct kernel_ref;

struct discover_opts {
	bool include_mm;	/* also walk mm/ of kernel trees */
	bool verbose;
	/* --kernel=TREE: files outside any tree are modules built against it */
	const struct kernel_ref *kernel;
};

/*
 * Collect the C files named by @path: the file itself, or every *.c below
 * a directory (symbolic links are not followed inside a walk, so a link
 * loop cannot trap it).  Returns 0, or -1 after printing why.
 */
int discover(struct targets *t, const char *path, const struct discover_opts *o);
void targets_sort(struct targets *t);
void targets_free(struct targets *t);
void target_free(struct target *t);

#endif
