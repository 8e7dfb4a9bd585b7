/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_DIFF_READ_H
#define GUP_DIFF_READ_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reading unified diffs: 'git diff', 'git format-patch' mails, an mbox of
 * several, or plain 'diff -u' output.  Pure: text in, the files the diff
 * leaves behind out, nothing read or written elsewhere.
 *
 * A series is followed patch by patch: when a later patch touches a file
 * again, the lines added before are renumbered through its hunks (or
 * dropped when it removes them), so every added line is numbered in the
 * final post-image, the tree the whole series produces.  Paths are taken
 * as 'patch -p1' would (a/x, b/x), or from git's rename/copy headers.
 */
struct diff_line {
	unsigned nr;		/* line number in the post-image, from 1 */
	char *text;		/* its text, without the line end */
};

struct diff_file {
	char *path;		/* post-image path; the old one when deleted */
	bool deleted;		/* gone from the post-image */
	bool created;		/* not in the pre-image */
	bool binary;		/* a binary change: no lines known */
	struct diff_line *added;	/* sorted by nr */
	int nadded;
	size_t cap;
};

struct diff {
	struct diff_file *v;	/* in order of first appearance */
	int nr;
	size_t cap;
	int sections;		/* file sections read, over all patches */
};

/*
 * Read the diff in @text.  0 on success; -1 when the text is not a
 * well-formed diff (not one at all, binary data, a hunk whose lines do
 * not add up to its header's counts, a truncated one, an unsafe path),
 * with a one-line reason naming the input line in @err.
 */
int diff_read(struct diff *d, const char *text, size_t len, char *err,
	      size_t errlen);
void diff_free(struct diff *d);

/* The added line @nr of @f, or NULL when the diff did not add it. */
const struct diff_line *diff_added(const struct diff_file *f, unsigned nr);

#endif
