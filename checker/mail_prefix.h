/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_PREFIX_H
#define GUP_MAIL_PREFIX_H

/*
 * The subsystem prefix of a patch subject ("dd/ee", "bb/cc",
 * "aa: bb").  A heuristic: the sender should check it.
 *
 * @subjects are the subjects of the file's recent commits, newest first
 * (git log --format=%s), or none: the prefix most of them use wins when
 * one does (twice at least, or the only one there is).  Otherwise the
 * shape of the path decides, never the names in it: its last two
 * directories ("drivers/aa/bb/cc/x.c" -> "bb/cc"), a lone
 * directory and the file ("dd/ee.c" -> "dd/ee"), or the
 * file ("lonely.c" -> "lonely").
 */
char *subject_prefix(const char *path, char *const *subjects, int n);

/* The prefix of one subject: "aa: bb: fix x" -> "aa: bb". */
char *prefix_of(const char *subject);

#endif
