/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_PREFIX_H
#define GUP_PREFIX_H

/*
 * The subsystem prefix of a patch subject ("io_uring/rsrc", "drm/radeon",
 * "media: ivtv", "RDMA/umem").  A heuristic: the sender should check it.
 *
 * @subjects are the subjects of the file's recent commits, newest first
 * (git log --format=%s), or none: the prefix most of them use wins when
 * one does (twice at least, or the only one there is); otherwise a small
 * table of kernel path conventions decides, and for any other path its
 * directories do ("drivers/xen/privcmd.c" -> "xen/privcmd",
 * "drivers/platform/goldfish/x.c" -> "platform/goldfish").
 */
char *subject_prefix(const char *path, char *const *subjects, int n);

/* The prefix of one subject: "media: ivtv: fix x" -> "media: ivtv". */
char *prefix_of(const char *subject);

#endif
