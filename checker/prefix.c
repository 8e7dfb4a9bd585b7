// SPDX-License-Identifier: GPL-2.0
/*
 * Subject prefixes, the way kernel developers spell them: learned from
 * the file's own history where there is one, else from its path.
 */
#include <stdlib.h>
#include <string.h>

#include "prefix.h"
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

/* The @i-th '/'-separated component of @path (0-based), or NULL. */
static char *component(const char *path, int i)
{
	const char *p = path;

	for (; i > 0 && p; i--) {
		p = strchr(p, '/');
		p = p ? p + 1 : NULL;
	}
	if (!p || !strchr(p, '/'))
		return NULL;	/* only directories count */
	return xstrndup(p, strcspn(p, "/"));
}

/* "dir/name.c" -> "name"; "name.c" -> "name". */
static char *stem(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	return xstrndup(b, strcspn(b, "."));
}

static char *last_dir(const char *path)
{
	const char *end = strrchr(path, '/'), *b;

	if (!end)
		return NULL;
	for (b = end; b > path && b[-1] != '/'; b--)
		;
	return xstrndup(b, end - b);
}

/* Media directories too general to name a driver: the file does. */
static bool generic_dir(const char *d)
{
	return !strcmp(d, "v4l2-core") || !strcmp(d, "common") ||
	       !strcmp(d, "media");
}

/* The table of kernel conventions; NULL when none applies. */
static char *from_table(const char *path)
{
	char *a = NULL, *b = NULL, *res = NULL;

	if (starts_with(path, "io_uring/")) {
		b = stem(path);
		res = strcmp(b, "io_uring") && !strchr(path + 9, '/') ?
		      xasprintf("io_uring/%s", b) : xstrdup("io_uring");
	} else if (starts_with(path, "drivers/gpu/drm/")) {
		a = component(path, 3);
		res = a ? xasprintf("drm/%s", a) : xstrdup("drm");
	} else if (starts_with(path, "drivers/media/")) {
		a = last_dir(path);
		b = stem(path);
		res = xasprintf("media: %s", a && !generic_dir(a) ? a : b);
	} else if (starts_with(path, "drivers/infiniband/core/")) {
		b = stem(path);
		res = xasprintf("RDMA/%s", b);
	} else if (starts_with(path, "drivers/infiniband/") &&
		   (a = component(path, 3))) {
		res = xasprintf("%s/%s", starts_with(path + 19, "ulp/") ?
				"IB" : "RDMA", a);
	} else if (starts_with(path, "drivers/vfio/")) {
		res = xstrdup("vfio");
	} else if (starts_with(path, "drivers/misc/")) {
		a = component(path, 2);
		b = stem(path);
		res = xasprintf("misc: %s", a ? a : b);
	} else if (starts_with(path, "virt/kvm/")) {
		res = xstrdup("KVM");
	} else if (starts_with(path, "arch/") && (a = component(path, 1)) &&
		   starts_with(path + 6 + strlen(a), "kvm/")) {
		res = xasprintf("KVM: %s", a);
	} else if (starts_with(path, "fs/")) {
		a = component(path, 1);
		res = xstrdup(a ? a : "fs");
	}
	free(a);
	free(b);
	return res;
}

/* Any other path: its first two directories, or a directory and the file. */
static char *from_dirs(const char *path)
{
	const char *p = starts_with(path, "drivers/") ? path + 8 : path;
	char *a, *b, *res;

	if (starts_with(p, "arch/") && (a = component(p, 1))) {
		b = last_dir(p);
		if (!strcmp(b, "kernel") || !strcmp(b, "mm") ||
		    !strcmp(b, "lib") || !strcmp(b, a)) {
			free(b);
			b = stem(p);
		}
		res = xasprintf("%s/%s", a, b);
	} else if ((a = component(p, 0))) {
		b = component(p, 1);
		if (!b)
			b = stem(p);
		res = xasprintf("%s/%s", a, b);
	} else {
		return stem(p);
	}
	free(a);
	free(b);
	return res;
}

char *subject_prefix(const char *path, char *const *subjects, int n)
{
	char *p = from_history(subjects, n);

	if (!p)
		p = from_table(path);
	return p ? p : from_dirs(path);
}
