/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_MAIL_FORMAT_H
#define GUP_MAIL_FORMAT_H

#include <time.h>

#include "util.h"

/*
 * One patch mail the way 'git format-patch' writes it: an mbox "From "
 * line, From/Date/Subject/Cc headers (non-ASCII names RFC 2047-encoded,
 * names with specials quoted), the message, a "---" line, notes that
 * 'git am' leaves out, a diffstat, the diff and a signature.
 */
struct mail {
	const char *from;		/* "Name <address>" */
	time_t date;
	const char *subject;		/* "prefix: summary", without [PATCH] */
	const struct strlist *cc;	/* "Name <address>" or "address" */
	const char *body;		/* the commit message, wrapped */
	const char *notes;		/* under the --- line */
	const char *path;		/* the file the diff changes */
	const char *diff;		/* ---/+++ and hunks, for that file */
};

char *mail_compose(const struct mail *m);

/* Append @text to @sb wrapped at @width columns, as one paragraph. */
void wrap(struct strbuf *sb, const char *text, int width);

/* format-patch's file name: "0001-io_uring-rsrc-let-GUP-decide.patch". */
char *mail_file_name(int nr, const char *subject);

#endif
