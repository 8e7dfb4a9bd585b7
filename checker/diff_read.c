// SPDX-License-Identifier: GPL-2.0
/*
 * The diff reader behind --diff.  A line-at-a-time state machine: text
 * between file sections (mail headers, commit messages, diffstats,
 * signatures) is passed over until a file header; the hunks after it are
 * read by their counts, so a hunk ends exactly where its header says and
 * a removed line that happens to start with "--" is still a removed line.
 * Lines added by earlier patches of a series are carried through later
 * hunks of the same file (struct remap) to the final numbering.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff_read.h"
#include "diff_read_int.h"
#include "util.h"


bool rd_next_line(struct reader *r)
{
	const char *nl;

	if (r->pos >= r->len)
		return false;
	r->prev_pos = r->pos;
	r->prev_lineno = r->lineno;
	r->line = r->s + r->pos;
	nl = memchr(r->line, '\n', r->len - r->pos);
	r->n = nl ? (size_t)(nl - r->line) : r->len - r->pos;
	r->pos += r->n + (nl != NULL);
	if (r->n && r->line[r->n - 1] == '\r')
		r->n--;
	r->lineno++;
	return true;
}

void rd_unread(struct reader *r)
{
	r->pos = r->prev_pos;
	r->lineno = r->prev_lineno;
}

bool rd_is(const struct reader *r, const char *prefix)
{
	size_t k = strlen(prefix);

	return r->n >= k && memcmp(r->line, prefix, k) == 0;
}

bool rd_is_exactly(const struct reader *r, const char *s)
{
	return r->n == strlen(s) && memcmp(r->line, s, r->n) == 0;
}

int rd_fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	int k;

	k = snprintf(r->err, r->errlen, "line %u: ", r->lineno);
	if (k < 0 || (size_t)k >= r->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + k, r->errlen - k, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_nr(const char **pp, unsigned *out)
{
	const char *p = *pp;
	unsigned long v = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > MAX_NR)
			return -1;
	}
	*pp = p;
	*out = v;
	return 0;
}

/* "@@ -a[,b] +c[,d] @@": an omitted count is 1. */
static int hunk_header(struct reader *r, unsigned *o, unsigned *oc,
		       unsigned *n, unsigned *nc)
{
	char *h = xstrndup(r->line, r->n);
	const char *p = h + 3;
	int ok;

	*oc = *nc = 1;
	ok = *p++ == '-' && parse_nr(&p, o) == 0 &&
	     (*p != ',' || (p++, parse_nr(&p, oc) == 0)) &&
	     *p++ == ' ' && *p++ == '+' && parse_nr(&p, n) == 0 &&
	     (*p != ',' || (p++, parse_nr(&p, nc) == 0)) &&
	     strncmp(p, " @@", 3) == 0;
	free(h);
	if (!ok)
		return rd_fail(r, "malformed hunk header (want '@@ -a,b +c,d @@')");
	if ((*oc && !*o) || (*nc && !*n))
		return rd_fail(r, "hunk header with line 0 and a nonzero count");
	return 0;
}

static int too_many(struct reader *r, const char *what, unsigned start)
{
	return rd_fail(r, "more %s lines than the header of the hunk at line %u "
		    "counts (wrong counts, or a damaged diff)", what, start);
}

/* After a hunk: its "\ No newline" marker, and no stray hunk lines. */
static int after_hunk(struct reader *r, unsigned start)
{
	if (!rd_next_line(r))
		return 0;
	if (r->n && r->line[0] == '\\' && rd_next_line(r) == false)
		return 0;
	if (r->n && (r->line[0] == '+' || r->line[0] == ' ' ||
		     (r->line[0] == '-' && !rd_is(r, "--- ") &&
		      !rd_is_exactly(r, "-- ") && !rd_is_exactly(r, "--"))))
		return too_many(r, r->line[0] == '+' ? "added" :
				r->line[0] == '-' ? "removed" : "context", start);
	rd_unread(r);
	return 0;
}

static int hunk(struct reader *r, struct remap *rm)
{
	unsigned o = 0, oc, n = 0, nc, start = r->lineno;

	if (hunk_header(r, &o, &oc, &n, &nc) < 0)
		return -1;
	o += !oc;	/* "-5,0": the hunk goes after line 5 */
	n += !nc;
	if (o < rm->old_end)
		return rd_fail(r, "hunk out of order (it starts before the end "
			    "of the one above)");
	remap_to(rm, o);
	while (oc || nc) {
		char c;

		if (!rd_next_line(r))
			return rd_fail(r, "the input ends inside the hunk at line "
				    "%u: a truncated diff", start);
		c = r->n ? r->line[0] : ' ';	/* a bare line end is context */
		if (c == '\\')
			continue;
		if ((c == ' ' && (!oc || !nc)) || (c == '-' && !oc))
			return too_many(r, c == ' ' ? "context" : "removed", start);
		if (c == '+' && !nc)
			return too_many(r, "added", start);
		if (c == ' ') {
			remap_context(rm, o++, n++);
			oc--;
			nc--;
		} else if (c == '-') {
			remap_removed(rm, o++);
			oc--;
		} else if (c == '+') {
			remap_added(rm, n++, xstrndup(r->line + 1, r->n - 1));
			nc--;
		} else {
			return rd_fail(r, "a line starting with '%c' inside the hunk "
				    "at line %u (its counts do not match its "
				    "lines)", c, start);
		}
	}
	rm->delta = (long)n - (long)o;
	rm->old_end = o;
	return after_hunk(r, start);
}

/* Apply one file section: its hunks follow at the reader. */
static int file_body(struct reader *r, struct section *sec, bool need_hunks)
{
	struct remap rm = { 0 };
	int i, nh = 0;

	if (!sec->old && !sec->new)
		return rd_fail(r, "the file section at line %u names no file "
			    "(both sides /dev/null)", sec->start);
	if (sec->copy && !sec->new)
		return rd_fail(r, "a copy to nowhere at line %u", sec->start);
	sec->deleted = !sec->new;
	i = series_begin(r->d, sec, &rm);
	while (rd_next_line(r)) {
		if (!rd_is(r, "@@ ")) {
			rd_unread(r);
			break;
		}
		if (hunk(r, &rm) < 0) {
			remap_free(&rm);
			return -1;
		}
		nh++;
	}
	if (need_hunks && !nh) {
		remap_free(&rm);
		return rd_fail(r, "no hunk after the file header at line %u",
			    sec->start);
	}
	series_end(r->d, i, sec, &rm);
	r->d->sections++;
	return 0;
}

/*
 * The "--- old" line was @old (@n bytes) and "+++ new" is the current
 * one.  Names from rename/copy headers win: they carry no prefix to guess.
 */
static int file_names(struct reader *r, struct section *sec,
		      const char *oldl, size_t n)
{
	char *old = NULL, *new = NULL;

	if (rd_parse_path(r, oldl + 4, oldl + n, true, true, &old) < 0)
		return -1;
	if (rd_parse_path(r, r->line + 4, r->line + r->n, true, true, &new) < 0) {
		free(old);
		return -1;
	}
	if (sec->renamed) {
		free(old);
		free(new);
		return 0;
	}
	free(sec->old);
	free(sec->new);
	sec->old = old;
	sec->new = new;
	return 0;
}

/* At a "--- " line: is the next one "+++ "?  Read it if so. */
static bool plus_follows(struct reader *r, const char **l, size_t *n)
{
	size_t pos = r->pos;
	unsigned nr = r->lineno;

	*l = r->line;
	*n = r->n;
	if (rd_next_line(r) && rd_is(r, "+++ "))
		return true;
	r->pos = pos;
	r->lineno = nr;
	return false;
}

static int git_section(struct reader *r)
{
	struct section sec = { .start = r->lineno };
	bool plain = false;
	int rc = -1;

	if (rd_git_names(r, &sec) < 0)
		goto out;
	while (rd_next_line(r)) {
		int h = rd_git_header(r, &sec);
		const char *l;
		size_t n;

		if (h < 0)
			goto out;
		if (h)
			continue;
		plain = rd_is(r, "--- ");
		if (!plain) {
			rd_unread(r);
			break;
		}
		if (!plus_follows(r, &l, &n)) {
			rc = rd_fail(r, "'--- ' without its '+++ ' line");
			goto out;
		}
		if (file_names(r, &sec, l, n) < 0)
			goto out;
		break;
	}
	if (sec.created) {
		free(sec.old);
		sec.old = NULL;
	}
	if (sec.deleted && !plain) {
		free(sec.new);
		sec.new = NULL;
	}
	if (!sec.old && !sec.new)
		rc = rd_fail(r, "cannot tell the file names of the 'diff --git' "
			  "line %u", sec.start);
	else
		rc = file_body(r, &sec, plain);
out:
	free(sec.old);
	free(sec.new);
	return rc;
}

/* "--- " outside a git section: a plain diff -u file header, or prose. */
static int plain_section(struct reader *r)
{
	struct section sec = { .start = r->lineno };
	const char *l;
	size_t n;
	int rc;

	if (!plus_follows(r, &l, &n))
		return 0;
	rc = file_names(r, &sec, l, n);
	if (rc == 0)
		rc = file_body(r, &sec, true);
	free(sec.old);
	free(sec.new);
	return rc;
}

static bool is_header(const struct reader *r, const char *name)
{
	size_t k = strlen(name);

	return r->n >= k && strncasecmp(r->line, name, k) == 0;
}

static int mail_encoding(struct reader *r)
{
	const char *v = r->line + strlen("Content-Transfer-Encoding:");
	size_t n = r->n - strlen("Content-Transfer-Encoding:");

	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	if ((n >= 16 && strncasecmp(v, "quoted-printable", 16) == 0) ||
	    (n >= 6 && strncasecmp(v, "base64", 6) == 0))
		return rd_fail(r, "a %.*s-encoded mail: save it as plain text "
			    "(as git format-patch writes it) first", (int)n, v);
	return 0;
}

static int read_all(struct reader *r)
{
	bool headers = false;

	while (rd_next_line(r)) {
		int rc = 0;

		if (rd_is(r, "diff --git ")) {
			rc = git_section(r);
		} else if (rd_is(r, "diff --cc ") || rd_is(r, "diff --combined ")) {
			rc = rd_fail(r, "a combined diff (of a merge): diff the "
				  "merge against one parent instead");
		} else if (rd_is(r, "--- ")) {
			rc = plain_section(r);
		} else if (rd_is(r, "@@ ")) {
			rc = rd_fail(r, "a hunk without a file header before it");
		} else if (rd_is(r, "From ")) {
			headers = true;
		} else if (!r->n) {
			headers = false;
		} else if (headers && is_header(r, "Content-Transfer-Encoding:")) {
			rc = mail_encoding(r);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static bool all_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

int diff_read(struct diff *d, const char *text, size_t len, char *err,
	      size_t errlen)
{
	struct reader r = { .s = text, .len = len, .err = err,
			    .errlen = errlen, .d = d };

	memset(d, 0, sizeof(*d));
	if (errlen)
		err[0] = '\0';
	if (all_blank(text, len)) {
		snprintf(err, errlen, "empty input, not a diff");
		return -1;
	}
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "binary data, not a diff");
		return -1;
	}
	if (read_all(&r) < 0) {
		diff_free(d);
		return -1;
	}
	if (!d->sections) {
		snprintf(err, errlen, "not a diff: no 'diff --git', '--- '/'+++ ' "
			 "file header in %u line%s", r.lineno,
			 r.lineno == 1 ? "" : "s");
		diff_free(d);
		return -1;
	}
	return 0;
}
