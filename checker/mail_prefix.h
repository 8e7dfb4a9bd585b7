/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_PREFIX_H
#define GUP_MAIL_PREFIX_H

/*
 * The subsystem prefix of a patch subject ("io_uring/rsrc", "drm/radeon",
 * "media: ivtv").  A heuristic: the sender should check it.
 *
 * @subjects are the subjects of the file's recent commits, newest first
 * (git log --format=%s), or none: the prefix most of them use wins when
 * one does (twice at least, or the only one there is).  Otherwise the
 * shape of the path decides, never the names in it: its last two
 * directories ("drivers/gpu/drm/radeon/x.c" -> "drm/radeon"), a lone
 * directory and the file ("io_uring/rsrc.c" -> "io_uring/rsrc"), or the
 * file ("lonely.c" -> "lonely").
 */
char *subject_prefix(const char *path, char *const *subjects, int n);

/* The prefix of one subject: "media: ivtv: fix x" -> "media: ivtv". */
char *prefix_of(const char *subject);

#endif
