/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_EXTMOD_H
#define GUP_TREE_EXTMOD_H

#include <stdbool.h>

/*
 * External modules: files outside any kernel tree, audited as built
 * against one (--kernel=TREE, kbuild's "make -C KDIR M=DIR").
 */
struct kernel_ref {
	char *src;		/* the source tree: headers, FOLL_*, version */
	char *obj;		/* its build directory, or NULL: prepare in the cache */
};

/*
 * Resolve @arg: a kernel source tree (prepared in the cache as usual), a
 * prepared O= build directory, or an installed headers tree such as
 * /lib/modules/VERSION/build (Debian: the arch directory, whose Makefile
 * includes the common one).  Returns 0, or -1 after saying why.
 */
int kernel_resolve(const char *arg, struct kernel_ref *k);
/*
 * The same, quietly, for a directory a build ran in: kbuild runs CHECK
 * in the kernel's build directory, and a compile database of an M=
 * build has it as each command's "directory".  False when @dir is none.
 */
bool kernel_at(const char *dir, struct kernel_ref *k);
void kernel_ref_free(struct kernel_ref *k);

/*
 * The root of the external module holding directory @dir: the topmost
 * directory of the unbroken chain of Kbuild/Makefile directories above
 * it, or @dir itself.
 */
char *extmod_root(const char *dir);

/* Does the text of @path include kernel headers (<linux/...>, <asm/...>)? */
bool extmod_wants_kernel(const char *path);

struct targets;
/*
 * --kernel: on stderr, the configuration macros of each module (tested
 * around a GUP call, defined by nothing that was read) that stay
 * undefined, and which way each test then goes.
 */
void extmod_config_notes(const struct targets *t);

#endif
