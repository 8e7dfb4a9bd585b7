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
};

static void on_inclusion(CXFile f, CXSourceLocation *stack, unsigned n,
			 CXClientData data)
{
	struct incl *in = data;
	CXString name = clang_getFileName(f);
	const char *s = clang_getCString(name);

	if (s && n)	/* n == 0: the main file, in the key by its text */
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

static void add_absent(struct cache_deps *d, const char *dir,
		       const char *name)
{
	char *p = path_join(dir, name);

	strlist_add(&d->absent, p);
	free(p);
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
	struct incl in = { &d->files, { 0 } };
	struct strlist dirs = { 0 };
	unsigned n = clang_getNumDiagnostics(tu);

	/* A second parse (without the .pch) adds to the first one's. */
	for (int k = 0; k < d->files.nr; k++) {
		*strtab_slot(&in.t, d->files.v[k], strlist_key, &d->files) = k + 1;
		in.t.nr++;
	}
	clang_getInclusions(tu, on_inclusion, &in);
	strtab_free(&in.t);
	search_dirs(&dirs, args);
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
