// SPDX-License-Identifier: GPL-2.0
/*
 * What a parse read, for the result cache (audit_cache.h): the headers
 * libclang included, and every place a header it did not find was
 * looked for, which must stay empty for the result to hold.
 */
#include <stdlib.h>
#include <string.h>

#include "audit_cache.h"

static const char *strlist_key(void *ctx, int i)
{
	return ((struct strlist *)ctx)->v[i];
}

static void add_unique(struct strlist *l, struct strtab *t, const char *s)
{
	int *slot = strtab_slot(t, s, strlist_key, l);

	if (*slot)
		return;
	strlist_add(l, s);
	*slot = l->nr;
	t->nr++;
}

struct incl {
	struct strlist *l;
	struct strtab t;
	struct cache_deps *d;
	const struct strlist *dirs;
};

static void add_absent(struct cache_deps *d, const char *dir,
		       const char *name)
{
	char *p = path_join(dir, name);

	strlist_add(&d->absent, p);
	free(p);
}

/*
 * A header found empty because it was missing (parse_file_empty()): it
 * must stay missing where it was looked for, the includer's directory
 * and each search directory.
 */
static void empty_header(struct incl *in, const char *name,
			 CXSourceLocation *stack)
{
	CXFile from;
	CXString fs;
	const char *f;
	char *dir, *slash;

	clang_getSpellingLocation(stack[0], &from, NULL, NULL, NULL);
	fs = clang_getFileName(from);
	f = clang_getCString(fs);
	dir = f ? xstrdup(f) : NULL;
	clang_disposeString(fs);
	if (dir && (slash = strrchr(dir, '/'))) {
		*slash = '\0';
		add_absent(in->d, dir, name);
	}
	free(dir);
	for (int k = 0; k < in->dirs->nr; k++)
		add_absent(in->d, in->dirs->v[k], name);
}

static void on_inclusion(CXFile f, CXSourceLocation *stack, unsigned n,
			 CXClientData data)
{
	struct incl *in = data;
	CXString name = clang_getFileName(f);
	const char *s = clang_getCString(name);
	size_t el = strlen(EMPTY_HEADERS_DIR "/");

	if (s && n && !strncmp(s, EMPTY_HEADERS_DIR "/", el))
		empty_header(in, s + el, stack);
	else if (s && n) /* n == 0: the main file, in the key by its text */
		add_unique(in->l, &in->t, s);
	clang_disposeString(name);
}

/* The directories #include searches, as @args give them. */
static void search_dirs(struct strlist *dirs, const struct argv *args)
{
	static const char *const opts[] = { "-I", "-isystem", "-iquote",
					    "-idirafter" };
	bool nostdinc = false;

	for (int k = 0; k < args->nr; k++) {
		nostdinc |= !strcmp(args->v[k], "-nostdinc");
		for (size_t o = 0; o < ARRAY_SIZE(opts); o++) {
			const char *a = args->v[k];
			size_t n = strlen(opts[o]);

			if (strncmp(a, opts[o], n))
				continue;
			if (a[n])
				strlist_add(dirs, a + n);
			else if (k + 1 < args->nr)
				strlist_add(dirs, args->v[++k]);
			break;
		}
	}
	/* The host's, for user-space programs (tools/). */
	if (!nostdinc) {
		strlist_add(dirs, "/usr/local/include");
		strlist_add(dirs, "/usr/include/x86_64-linux-gnu");
		strlist_add(dirs, "/usr/include");
	}
}

/* The file a diagnostic is in, as libclang spells it. */
static char *diag_file(CXDiagnostic dg)
{
	CXFile f;
	CXString s;
	char *r;

	clang_getSpellingLocation(clang_getDiagnosticLocation(dg), &f, NULL,
				  NULL, NULL);
	s = clang_getFileName(f);
	r = clang_getCString(s) ? xstrdup(clang_getCString(s)) : NULL;
	clang_disposeString(s);
	return r;
}

/*
 * "'name.h' file not found": every place it was looked for must stay
 * empty (the includer's directory and each search directory).
 */
static void not_found(struct cache_deps *d, CXDiagnostic dg,
		      const struct strlist *dirs)
{
	CXString msg = clang_getDiagnosticSpelling(dg);
	const char *m = clang_getCString(msg);
	const char *end = m && m[0] == '\'' ? strstr(m, "' file not found") : NULL;
	char *name, *from, *slash;

	if (!end)
		goto out;
	name = xstrndup(m + 1, end - m - 1);
	from = diag_file(dg);
	if (name[0] == '/') {
		strlist_add(&d->absent, name);
	} else {
		if (from && (slash = strrchr(from, '/'))) {
			*slash = '\0';
			add_absent(d, from, name);
		}
		for (int k = 0; k < dirs->nr; k++)
			add_absent(d, dirs->v[k], name);
	}
	free(from);
	free(name);
out:
	clang_disposeString(msg);
}

void cache_deps_add(struct cache_deps *d, CXTranslationUnit tu,
		    const struct argv *args)
{
	struct strlist dirs = { 0 };
	struct incl in = { &d->files, { 0 }, d, &dirs };
	unsigned n = clang_getNumDiagnostics(tu);

	search_dirs(&dirs, args);
	/* A second parse (without the .pch) adds to the first one's. */
	for (int k = 0; k < d->files.nr; k++) {
		*strtab_slot(&in.t, d->files.v[k], strlist_key, &d->files) = k + 1;
		in.t.nr++;
	}
	clang_getInclusions(tu, on_inclusion, &in);
	strtab_free(&in.t);
	for (unsigned k = 0; k < n; k++) {
		CXDiagnostic dg = clang_getDiagnostic(tu, k);

		not_found(d, dg, &dirs);
		clang_disposeDiagnostic(dg);
	}
	strlist_free(&dirs);
}

void cache_deps_free(struct cache_deps *d)
{
	strlist_free(&d->files);
	strlist_free(&d->absent);
}
