/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_GIT_H
#define GUP_TREE_GIT_H

#include <stdbool.h>

#include "util.h"

/*
 * Read-only questions to git about a tree: git is run with fork/execvp
 * (never a shell), stdin and stderr on /dev/null, GIT_OPTIONAL_LOCKS=0
 * (no index refresh writes), and without GIT_DIR and friends a hook may
 * have exported: the repository is the one holding @dir.  Any failure
 * (no git, not a repository, no such key) is an empty answer.
 */
bool git_is_repo(const char *dir);
/* `git config KEY` in @dir, without its line end; NULL when unset. */
char *git_config(const char *dir, const char *key);
/* The subjects of the last @n commits touching @path, newest first. */
void git_subjects(const char *dir, const char *path, int n,
		  struct strlist *out);

#endif
