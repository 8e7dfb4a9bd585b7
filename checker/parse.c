// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing with libclang.  Files are parsed to keep going past errors
 * (a missing generated header must not hide the code we check), and
 * only errors are counted: warnings are not our business.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

void argv_add(struct argv *a, const char *s)
{
	*VEC_PUSH(a->v, a->nr, a->cap) = xstrdup(s);
}

void argv_addf(struct argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(s, n + 1, fmt, ap);
	va_end(ap);
	*VEC_PUSH(a->v, a->nr, a->cap) = s;
}

void argv_free(struct argv *a)
{
	for (int i = 0; i < a->nr; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static void count_errors(struct parsed *p)
{
	unsigned n = clang_getNumDiagnostics(p->tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(p->tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			if (!p->errors++) {
				CXString s = clang_formatDiagnostic(d,
					CXDiagnostic_DisplaySourceLocation);

				CXFile f;
				CXString fn;

				p->first_error = xstrdup(clang_getCString(s));
				clang_disposeString(s);
				clang_getExpansionLocation(clang_getDiagnosticLocation(d),
							   &f, NULL, NULL, NULL);
				fn = clang_getFileName(f);
				if (clang_getCString(fn))
					p->first_error_file =
						xstrdup(clang_getCString(fn));
				clang_disposeString(fn);
			}
		}
		clang_disposeDiagnostic(d);
	}
}

static int parse_unsaved(CXIndex idx, const char *path,
			 const struct argv *args, struct CXUnsavedFile *uf,
			 unsigned nuf, struct parsed *out)
{
	unsigned opts = CXTranslationUnit_KeepGoing |
			CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	enum CXErrorCode err;

	memset(out, 0, sizeof(*out));
	err = clang_parseTranslationUnit2(idx, path,
					  (const char *const *)args->v, args->nr,
					  uf, nuf, opts, &out->tu);
	if (err != CXError_Success || !out->tu) {
		out->tu = NULL;
		return -1;
	}
	count_errors(out);
	return 0;
}

int parse_file(CXIndex idx, const char *path, const struct argv *args,
	       const char *text, size_t len, struct parsed *out)
{
	struct CXUnsavedFile uf = { path, text, len };

	return parse_unsaved(idx, path, args, text ? &uf : NULL, text ? 1 : 0,
			     out);
}

void parse_missing_headers(const struct parsed *p, struct strlist *out)
{
	unsigned n = p->tu ? clang_getNumDiagnostics(p->tu) : 0;

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(p->tu, i);
		CXString s = clang_getDiagnosticSpelling(d);
		const char *m = clang_getCString(s), *q;

		/* "'linux/mm.h' file not found" */
		if (m && m[0] == '\'' && (q = strstr(m, "' file not found")) &&
		    q > m + 1 && !memchr(m + 1, '\'', q - m - 1)) {
			char *name = xstrndup(m + 1, q - m - 1);

			if (name[0] != '/' && !strstr(name, "..") &&
			    !strlist_has(out, name))
				strlist_add(out, name);
			free(name);
		}
		clang_disposeString(s);
		clang_disposeDiagnostic(d);
	}
}

int parse_file_empty(CXIndex idx, const char *path, const struct argv *args,
		     const struct strlist *empty, const char *text, size_t len,
		     struct parsed *out)
{
	struct CXUnsavedFile *uf = xcalloc(empty->nr + 1, sizeof(*uf));
	struct argv more = { 0 };
	int rc, n = empty->nr;

	for (int i = 0; i < args->nr; i++)
		argv_add(&more, args->v[i]);
	if (n)
		argv_add(&more, "-I" EMPTY_HEADERS_DIR);
	for (int i = 0; i < n; i++)
		uf[i] = (struct CXUnsavedFile){
			xasprintf(EMPTY_HEADERS_DIR "/%s", empty->v[i]), "", 0 };
	if (text)
		uf[n] = (struct CXUnsavedFile){ xstrdup(path), text, len };
	rc = parse_unsaved(idx, path, &more, uf, n + !!text, out);
	for (int i = 0; i < n + !!text; i++)
		free((char *)uf[i].Filename);
	free(uf);
	argv_free(&more);
	return rc;
}

void parsed_dispose(struct parsed *p)
{
	if (p->tu)
		clang_disposeTranslationUnit(p->tu);
	free(p->first_error);
	free(p->first_error_file);
	memset(p, 0, sizeof(*p));
}
