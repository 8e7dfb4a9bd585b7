/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_DIFF_READ_INT_H
#define GUP_DIFF_READ_INT_H

#include "diff_read.h"

/*
 * Inside the diff reader: diff_read.c reads the text, diff_series.c keeps the
 * files of a series and carries their added lines from patch to patch.
 */
#define MAX_NR 100000000u	/* no source file has more lines */

/* One file section of one patch. */
struct section {
	char *old, *new;	/* -p1 paths; NULL for /dev/null */
	bool created, deleted, copy, binary;
	bool renamed;		/* names from rename/copy headers */
	unsigned start;		/* the input line of its header */
};

/* The file's added lines before this patch, carried to after it. */
struct remap {
	struct diff_line *old;
	int nold, iold;
	long delta;		/* new minus old line number after a hunk */
	unsigned old_end;	/* first old line after the last hunk */
	struct diff_line *out;
	int nout;
	size_t cap;
};

/*
 * The entry @sec changes (created, renamed, copied or found), with its
 * lines added by earlier patches moved into @rm to be carried.
 */
int series_begin(struct diff *d, const struct section *sec, struct remap *rm);
/* Give the entry its carried lines, its new name, or its end. */
void series_end(struct diff *d, int i, const struct section *sec,
		struct remap *rm);
void remap_free(struct remap *rm);

/* The hunk lines, in order: before old line @o nothing changed. */
void remap_to(struct remap *rm, unsigned o);
void remap_context(struct remap *rm, unsigned o, unsigned n);
void remap_removed(struct remap *rm, unsigned o);
/* @text is taken over. */
void remap_added(struct remap *rm, unsigned n, char *text);

#endif
