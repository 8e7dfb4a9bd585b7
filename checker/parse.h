/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_PARSE_H
#define GUP_PARSE_H

#include <clang-c/Index.h>
#include <stddef.h>

struct argv {
	char **v;
	int nr;
	size_t cap;
};

void argv_add(struct argv *a, const char *s);
void argv_addf(struct argv *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void argv_free(struct argv *a);

struct parsed {
	CXTranslationUnit tu;
	unsigned errors;	/* diagnostics of error severity or worse */
	char *first_error;	/* "file:line: message" of the first one */
	char *first_error_file;	/* its file, as the include paths spell it */
};

/*
 * Parse @path with compiler @args.  With @text, that text stands in for
 * the file (used to re-parse a proposed fix).  Returns 0 or -1 when
 * libclang produced no translation unit at all.
 */
int parse_file(CXIndex idx, const char *path, const struct argv *args,
	       const char *text, size_t len, struct parsed *out);
void parsed_dispose(struct parsed *p);

/*
 * Headers a parse did not find, as the #include spells them
 * ("linux/mm.h"), added to @out.  parse_file_empty() parses again with
 * each of @empty found as an empty file (libclang's unsaved files, under
 * a directory that does not exist): a missing header is a fatal error,
 * and after one clang corrects no typo, so it recovers no expression
 * that names an undeclared identifier and drops the whole statement.
 */
struct strlist;
#define EMPTY_HEADERS_DIR "/nonexistent/gup_policy-missing-headers"
void parse_missing_headers(const struct parsed *p, struct strlist *out);
/* With @text, that text stands in for the file, as for parse_file(). */
/* With @text, that text stands in for the file, as for parse_file(). */
int parse_file_empty(CXIndex idx, const char *path, const struct argv *args,
		     const struct strlist *empty, const char *text, size_t len,
		     struct parsed *out);

#endif
