/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_DIFF_READ_INT_H
#define GUP_DIFF_READ_INT_H

#include "diff_read.h"

/*
 * Inside the diff reader: diff_read.c reads the text, diff_names.c the
 * file names of its headers, diff_series.c keeps the files of a series and
 * carries their added lines from patch to patch.
 */
#define MAX_NR 100000000u	/* no source file has more lines */

/* One file section of one patch. */
struct section {
	char *old, *new;	/* -p1 paths; NULL for /dev/null */
	bool created, deleted, copy, binary;
	bool renamed;		/* names from rename/copy headers */
	unsigned start;		/* the input line of its header */
};

/* The text being read, a line at a time, and where an error goes. */
struct reader {
	const char *s;
	size_t len, pos;	/* the next line starts at pos */
	const char *line;	/* the current line, without \n or \r\n */
	size_t n;
	unsigned lineno;
	size_t prev_pos;	/* for rd_unread() */
	unsigned prev_lineno;
	char *err;
	size_t errlen;
	struct diff *d;
};

bool rd_next_line(struct reader *r);
void rd_unread(struct reader *r);	/* once, after rd_next_line() */
bool rd_is(const struct reader *r, const char *prefix);
bool rd_is_exactly(const struct reader *r, const char *s);
/* "line N: MESSAGE" into the error buffer; -1. */
int rd_fail(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* diff_names.c */
/*
 * The path in [p, e): quoted or not, "/dev/null" as NULL, and with its
 * first component (a/, b/) taken off when @strip.  Ends at a tab when
 * @tab_ends (diff -u puts a timestamp there).
 */
int rd_parse_path(struct reader *r, const char *p, const char *e,
		  bool strip, bool tab_ends, char **out);
/* "diff --git a/x b/y": the names, when they can be told apart. */
int rd_git_names(struct reader *r, struct section *sec);
/* One extended header line: 1 when taken, 0 when not one, -1 on error. */
int rd_git_header(struct reader *r, struct section *sec);

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
