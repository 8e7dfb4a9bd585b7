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

struct reader {
	const char *s;
	size_t len, pos;	/* the next line starts at pos */
	const char *line;	/* the current line, without \n or \r\n */
	size_t n;
	unsigned lineno;
	size_t prev_pos;	/* for unread() */
	unsigned prev_lineno;
	char *err;
	size_t errlen;
	struct diff *d;
};

static bool next_line(struct reader *r)
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

static void unread(struct reader *r)
{
	r->pos = r->prev_pos;
	r->lineno = r->prev_lineno;
}

static bool is(const struct reader *r, const char *prefix)
{
	size_t k = strlen(prefix);

	return r->n >= k && memcmp(r->line, prefix, k) == 0;
}

static bool is_exactly(const struct reader *r, const char *s)
{
	return r->n == strlen(s) && memcmp(r->line, s, r->n) == 0;
}

static int fail(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct reader *r, const char *fmt, ...)
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

/* A C-style quoted name as git writes it: "a/t\303\244st.c". */
static int unquote(struct reader *r, const char **pp, const char *e,
		   struct strbuf *sb)
{
	const char *p = *pp + 1;

	while (p < e && *p != '"') {
		static const char esc[] = "a\ab\bf\fn\nr\rt\tv\v\"\"\\\\";
		const char *m;
		int c;

		if (*p != '\\') {
			sb_putc(sb, *p++);
			continue;
		}
		if (++p == e || !*p)
			break;
		if (*p >= '0' && *p <= '3' && e - p >= 3 &&
		    p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
			c = (p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0');
			p += 3;
		} else if ((m = strchr(esc, *p)) && (m - esc) % 2 == 0) {
			c = m[1];
			p++;
		} else {
			return fail(r, "bad escape '\\%c' in a quoted path", *p);
		}
		if (!c)
			return fail(r, "a NUL byte in a quoted path");
		sb_putc(sb, c);
	}
	if (p >= e)
		return fail(r, "unterminated quoted path");
	*pp = p + 1;
	return 0;
}

static int check_path(struct reader *r, const char *path)
{
	const char *p = path;

	if (!*path)
		return fail(r, "an empty path");
	if (*path == '/')
		return fail(r, "absolute path '%s' (paths are relative to "
			    "the tree)", path);
	while (p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return fail(r, "path '%s' leaves the tree", path);
		p = strchr(p, '/');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

/*
 * The path in [p, e): quoted or not, "/dev/null" as NULL, and with its
 * first component (a/, b/) taken off when @strip.  Ends at a tab when
 * @tab_ends (diff -u puts a timestamp there).
 */
static int parse_path(struct reader *r, const char *p, const char *e,
		      bool strip, bool tab_ends, char **out)
{
	struct strbuf sb = { 0 };
	char *path, *slash;

	*out = NULL;
	if (p < e && *p == '"') {
		if (unquote(r, &p, e, &sb) < 0)
			goto fail;
	} else {
		const char *t = tab_ends ? memchr(p, '\t', e - p) : NULL;

		sb_add(&sb, p, (t ? t : e) - p);
	}
	path = sb_detach(&sb);
	if (strcmp(path, "/dev/null") == 0) {
		free(path);
		return 0;
	}
	slash = strip ? strchr(path, '/') : NULL;
	if (slash)
		memmove(path, slash + 1, strlen(slash + 1) + 1);
	if (check_path(r, path) < 0) {
		free(path);
		return -1;
	}
	*out = path;
	return 0;
fail:
	sb_free(&sb);
	return -1;
}

/* "a/X b/X": one name behind two prefixes of one length; X may hold spaces. */
static bool symmetric(const char *l, size_t n)
{
	const char *a, *b;

	if (n % 2 == 0 || l[n / 2] != ' ')
		return false;
	a = memchr(l, '/', n / 2);
	b = memchr(l + n / 2 + 1, '/', n / 2);
	return a && b && a - l == b - (l + n / 2 + 1) &&
	       memcmp(a, b, n / 2 - (a - l)) == 0;
}

/* "diff --git a/x b/y": the names, when they can be told apart. */
static int git_names(struct reader *r, struct section *sec)
{
	char *l = xstrndup(r->line + 11, r->n - 11);
	const char *e = l + strlen(l), *mid = NULL;
	size_t n = e - l;
	int rc = 0;

	if (*l == '"') {
		struct strbuf sb = { 0 };
		const char *q = l;

		rc = unquote(r, &q, e, &sb);
		sb_free(&sb);
		mid = rc == 0 && *q == ' ' ? q : NULL;
	} else if ((mid = strstr(l, " \""))) {
		/* the second name is quoted */
	} else if (symmetric(l, n)) {
		mid = l + n / 2;
	} else if ((mid = strchr(l, ' ')) && strchr(mid + 1, ' ')) {
		mid = NULL;	/* a rename with spaces: its headers say */
	}
	if (mid && (parse_path(r, l, mid, true, false, &sec->old) < 0 ||
		    parse_path(r, mid + 1, e, true, false, &sec->new) < 0))
		rc = -1;
	free(l);
	return rc;
}

/* Skip the base85 lines of a "GIT binary patch". */
static void skip_binary(struct reader *r)
{
	while (next_line(r)) {
		if (is(r, "literal ") || is(r, "delta ") || !r->n ||
		    !memchr(r->line, ' ', r->n))
			continue;
		unread(r);
		return;
	}
}

/* Replace *@dst with a path given on a header line. */
static int header_path(struct reader *r, size_t skip, char **dst)
{
	char *p;

	if (parse_path(r, r->line + skip, r->line + r->n, false, false, &p) < 0)
		return -1;
	if (!p)
		return fail(r, "a rename or copy of /dev/null");
	free(*dst);
	*dst = p;
	return 0;
}

/* One extended header line: 1 when taken, 0 when not one, -1 on error. */
static int git_header(struct reader *r, struct section *sec)
{
	static const char *const ignored[] = {
		"old mode ", "new mode ", "index ", "similarity index ",
		"dissimilarity index ",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ignored); i++)
		if (is(r, ignored[i]))
			return 1;
	if (is(r, "deleted file mode ")) {
		sec->deleted = true;
	} else if (is(r, "new file mode ")) {
		sec->created = true;
	} else if (is(r, "rename from ") || is(r, "copy from ")) {
		sec->copy = is(r, "copy ");
		sec->renamed = true;
		return header_path(r, is(r, "copy ") ? 10 : 12, &sec->old) < 0 ?
		       -1 : 1;
	} else if (is(r, "rename to ") || is(r, "copy to ")) {
		return header_path(r, is(r, "copy ") ? 8 : 10, &sec->new) < 0 ?
		       -1 : 1;
	} else if (is(r, "Binary files ") || is(r, "GIT binary patch")) {
		sec->binary = true;
		if (is(r, "GIT"))
			skip_binary(r);
	} else {
		return 0;
	}
	return 1;
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
		return fail(r, "malformed hunk header (want '@@ -a,b +c,d @@')");
	if ((*oc && !*o) || (*nc && !*n))
		return fail(r, "hunk header with line 0 and a nonzero count");
	return 0;
}

static int too_many(struct reader *r, const char *what, unsigned start)
{
	return fail(r, "more %s lines than the header of the hunk at line %u "
		    "counts (wrong counts, or a damaged diff)", what, start);
}

/* After a hunk: its "\ No newline" marker, and no stray hunk lines. */
static int after_hunk(struct reader *r, unsigned start)
{
	if (!next_line(r))
		return 0;
	if (r->n && r->line[0] == '\\' && next_line(r) == false)
		return 0;
	if (r->n && (r->line[0] == '+' || r->line[0] == ' ' ||
		     (r->line[0] == '-' && !is(r, "--- ") &&
		      !is_exactly(r, "-- ") && !is_exactly(r, "--"))))
		return too_many(r, r->line[0] == '+' ? "added" :
				r->line[0] == '-' ? "removed" : "context", start);
	unread(r);
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
		return fail(r, "hunk out of order (it starts before the end "
			    "of the one above)");
	remap_to(rm, o);
	while (oc || nc) {
		char c;

		if (!next_line(r))
			return fail(r, "the input ends inside the hunk at line "
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
			return fail(r, "a line starting with '%c' inside the hunk "
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
		return fail(r, "the file section at line %u names no file "
			    "(both sides /dev/null)", sec->start);
	if (sec->copy && !sec->new)
		return fail(r, "a copy to nowhere at line %u", sec->start);
	sec->deleted = !sec->new;
	i = series_begin(r->d, sec, &rm);
	while (next_line(r)) {
		if (!is(r, "@@ ")) {
			unread(r);
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
		return fail(r, "no hunk after the file header at line %u",
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

	if (parse_path(r, oldl + 4, oldl + n, true, true, &old) < 0)
		return -1;
	if (parse_path(r, r->line + 4, r->line + r->n, true, true, &new) < 0) {
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
	if (next_line(r) && is(r, "+++ "))
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

	if (git_names(r, &sec) < 0)
		goto out;
	while (next_line(r)) {
		int h = git_header(r, &sec);
		const char *l;
		size_t n;

		if (h < 0)
			goto out;
		if (h)
			continue;
		plain = is(r, "--- ");
		if (!plain) {
			unread(r);
			break;
		}
		if (!plus_follows(r, &l, &n)) {
			rc = fail(r, "'--- ' without its '+++ ' line");
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
		rc = fail(r, "cannot tell the file names of the 'diff --git' "
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
		return fail(r, "a %.*s-encoded mail: save it as plain text "
			    "(as git format-patch writes it) first", (int)n, v);
	return 0;
}

static int read_all(struct reader *r)
{
	bool headers = false;

	while (next_line(r)) {
		int rc = 0;

		if (is(r, "diff --git ")) {
			rc = git_section(r);
		} else if (is(r, "diff --cc ") || is(r, "diff --combined ")) {
			rc = fail(r, "a combined diff (of a merge): diff the "
				  "merge against one parent instead");
		} else if (is(r, "--- ")) {
			rc = plain_section(r);
		} else if (is(r, "@@ ")) {
			rc = fail(r, "a hunk without a file header before it");
		} else if (is(r, "From ")) {
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
