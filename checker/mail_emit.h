/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_EMIT_H
#define GUP_MAIL_EMIT_H

#include <stdio.h>

#include "tree_discover.h"
#include "rules.h"

/*
 * --emit-patches=DIR: every proposed fix as a mail in DIR, the way 'git
 * format-patch' writes a series: 0001-..., one mail per function (all
 * fixes of one function together), with a subject prefix, the rule in
 * plain words, a diffstat and Cc: for the tree's MAINTAINERS.  A file's
 * mails are made in order, each against the file as the ones before it
 * leave it, so 'git am' of the whole series in order applies.  Nothing
 * but DIR is written.
 */
struct emit_opts {
	const char *dir;
	const char *tree;	/* paths outside a kernel tree are relative to it */
	enum severity min_sev;	/* findings below have no mail */
};

/*
 * Write the mails for the findings @fs of the files @t (a finding's file
 * is its target's display name) and print their names on @names.  0, or
 * -1 after saying why.
 */
int emit_patches(const struct targets *t, const struct findings *fs,
		 const struct emit_opts *o, FILE *names);

#endif
