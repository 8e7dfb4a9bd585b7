// SPDX-License-Identifier: GPL-2.0
/*
 * Subject prefixes, the way kernel developers spell them: learned from
 * the file's own history where there is one, else from the shape of its
 * path.
 */
#include <stdlib.h>
#include <string.h>

#include "mail_prefix.h"
#include "util.h"

char *prefix_of(const char *subject)
{
	const char *p = subject, *end = NULL;

	/* "seg: seg: text": segments without blanks, each followed by ": " */
	for (;;) {
		size_t n = strcspn(p, " \t:");

		if (!n || p[n] != ':' || p[n + 1] != ' ')
			break;
		end = p + n;
		p = end + 2;
	}
	return end ? xstrndup(subject, end - subject) : NULL;
}

/* The prefix most subjects use; ties go to the most recent. */
static char *from_history(char *const *subjects, int n)
{
	struct strlist seen = { 0 };
	int *count = xcalloc(n ? n : 1, sizeof(*count)), best = -1, with = 0;
	char *res = NULL;

	for (int i = 0; i < n; i++) {
		char *p = prefix_of(subjects[i]);
		int k;

		if (!p || starts_with(subjects[i], "Revert") ||
		    starts_with(subjects[i], "Merge")) {
			free(p);
			continue;
		}
		with++;
		for (k = 0; k < seen.nr && strcmp(seen.v[k], p); k++)
			;
		if (k == seen.nr)
			strlist_add(&seen, p);
		count[k]++;
		if (best < 0 || count[k] > count[best])
			best = k;
		free(p);
	}
	if (best >= 0 && (count[best] >= 2 || with == 1))
		res = xstrdup(seen.v[best]);
	free(count);
	strlist_free(&seen);
	return res;
}

/* "dir/name.c" -> "name"; "name.c" -> "name". */
static char *stem(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	return xstrndup(b, strcspn(b, "."));
}

/*
 * From the path alone, by its shape, never by what its directories are
 * called: the last two directories ("drivers/aa/bb/cc/x.c" ->
 * "bb/cc"), a lone directory and the file ("dd/ee.c" ->
 * "dd/ee"), or the file.
 */
static char *from_path(const char *path)
{
	const char *end = strrchr(path, '/'), *b = end;
	char *name, *res;
	int dirs = 0;

	if (!end)
		return stem(path);
	/* Back over at most two directory names. */
	while (b > path && dirs < 2) {
		b--;
		if (b == path || b[-1] == '/')
			dirs++;
	}
	if (dirs == 2)
		return xstrndup(b, end - b);
	name = stem(path);
	res = xasprintf("%.*s/%s", (int)(end - path), path, name);
	free(name);
	return res;
}

char *subject_prefix(const char *path, char *const *subjects, int n)
{
	char *p = from_history(subjects, n);

	return p ? p : from_path(path);
}
