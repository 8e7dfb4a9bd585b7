// SPDX-License-Identifier: GPL-2.0
/*
 * File names in a diff: git's quoted names, "a/X b/X" on a "diff --git"
 * line, the extended header lines (new, deleted, renamed, copied, binary)
 * and the paths of "---"/"+++" lines.  A path that is absolute, empty or
 * leaves the tree is an error: the diff names files of the audited tree.
 */
#include <stdlib.h>
#include <string.h>

#include "diff_read_int.h"
#include "util.h"

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
			return rd_fail(r, "bad escape '\\%c' in a quoted path", *p);
		}
		if (!c)
			return rd_fail(r, "a NUL byte in a quoted path");
		sb_putc(sb, c);
	}
	if (p >= e)
		return rd_fail(r, "unterminated quoted path");
	*pp = p + 1;
	return 0;
}

static int check_path(struct reader *r, const char *path)
{
	const char *p = path;

	if (!*path)
		return rd_fail(r, "an empty path");
	if (*path == '/')
		return rd_fail(r, "absolute path '%s' (paths are relative to "
			    "the tree)", path);
	while (p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return rd_fail(r, "path '%s' leaves the tree", path);
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
int rd_parse_path(struct reader *r, const char *p, const char *e,
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
int rd_git_names(struct reader *r, struct section *sec)
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
	if (mid && (rd_parse_path(r, l, mid, true, false, &sec->old) < 0 ||
		    rd_parse_path(r, mid + 1, e, true, false, &sec->new) < 0))
		rc = -1;
	free(l);
	return rc;
}

/* Skip the base85 lines of a "GIT binary patch". */
static void skip_binary(struct reader *r)
{
	while (rd_next_line(r)) {
		if (rd_is(r, "literal ") || rd_is(r, "delta ") || !r->n ||
		    !memchr(r->line, ' ', r->n))
			continue;
		rd_unread(r);
		return;
	}
}

/* Replace *@dst with a path given on a header line. */
static int header_path(struct reader *r, size_t skip, char **dst)
{
	char *p;

	if (rd_parse_path(r, r->line + skip, r->line + r->n, false, false, &p) < 0)
		return -1;
	if (!p)
		return rd_fail(r, "a rename or copy of /dev/null");
	free(*dst);
	*dst = p;
	return 0;
}

/* One extended header line: 1 when taken, 0 when not one, -1 on error. */
int rd_git_header(struct reader *r, struct section *sec)
{
	static const char *const ignored[] = {
		"old mode ", "new mode ", "index ", "similarity index ",
		"dissimilarity index ",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ignored); i++)
		if (rd_is(r, ignored[i]))
			return 1;
	if (rd_is(r, "deleted file mode ")) {
		sec->deleted = true;
	} else if (rd_is(r, "new file mode ")) {
		sec->created = true;
	} else if (rd_is(r, "rename from ") || rd_is(r, "copy from ")) {
		sec->copy = rd_is(r, "copy ");
		sec->renamed = true;
		return header_path(r, rd_is(r, "copy ") ? 10 : 12, &sec->old) < 0 ?
		       -1 : 1;
	} else if (rd_is(r, "rename to ") || rd_is(r, "copy to ")) {
		return header_path(r, rd_is(r, "copy ") ? 8 : 10, &sec->new) < 0 ?
		       -1 : 1;
	} else if (rd_is(r, "Binary files ") || rd_is(r, "GIT binary patch")) {
		sec->binary = true;
		if (rd_is(r, "GIT"))
			skip_binary(r);
	} else {
		return 0;
	}
	return 1;
}
