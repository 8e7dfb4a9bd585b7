/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_UTIL_H
#define GUP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * How failures travel, everywhere in checker/:
 * - A function that can fail returns an int: 0 (or a count) on success,
 *   negative on failure; one that returns a pointer returns NULL.
 * - Helpers close to the system (read_file(), write_all(), ...) return
 *   -errno and print nothing: their caller knows what the file was for.
 * - A function that takes an input the user named (a compile database,
 *   a baseline, a JSON result, a diff) says once what failed and where,
 *   as "PATH: what" through warnx_(), and returns -1 or NULL; its callers
 *   only pass the failure up, and the command exits with status 2.
 * - Allocation does not fail: the x*() allocators print "out of memory"
 *   and exit with status 2.
 * - Every path out frees what the function took (goto out_* unwinding).
 */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow *arr (of element size) so that index n fits; *cap is updated. */
void *grow(void *arr, size_t elem, size_t n, size_t *cap);
#define VEC_PUSH(arr, nr, cap) \
	((arr) = grow((arr), sizeof(*(arr)), (nr) + 1, &(cap)), &(arr)[(nr)++])

struct strbuf {
	char *buf;
	size_t len, cap;
};

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_json_str(struct strbuf *sb, const char *s);
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* A list of strings the list owns. */
struct strlist {
	char **v;
	int nr;
	size_t cap;
};

void strlist_add(struct strlist *s, const char *v);
bool strlist_has(const struct strlist *s, const char *v);
void strlist_free(struct strlist *s);

/*
 * Read a whole regular file, at most @limit bytes.  Returns 0 and a
 * NUL-terminated buffer, or -errno (-EFBIG when over the limit).
 */
int read_file(const char *path, size_t limit, char **out, size_t *len);
/* The same from an open descriptor (a pipe, a terminal), up to its end. */
int read_fd(int fd, size_t limit, char **out, size_t *len);
/* Write all @len bytes of @buf to @fd: 0, or -errno (-EIO on a 0 write). */
int write_all(int fd, const void *buf, size_t len);

/* All of @s a decimal number from @min to @max: true and *out set. */
bool parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);
/* FNV-1a, 64 bits, over @n bytes: small, stable across builds and machines. */
#define FNV1A_INIT 0xcbf29ce484222325ULL
unsigned long long fnv1a(unsigned long long h, const void *p, size_t n);
bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);
bool is_ident_char(int c);

/* Join a directory and a relative name; "a" + "b" -> "a/b". */
char *path_join(const char *dir, const char *name);
/* Does @dir/@name exist (anything, followed through links)? */
bool path_exists(const char *dir, const char *name);
/* @path relative to @root when below it, else @path itself (a copy). */
char *path_relative(const char *path, const char *root);
/* mkdir -p: 0, or -1 with errno set. */
int mkdirs(const char *path);

extern const char *progname;
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Called by warnx_() before it writes (out_progress.c erases its line). */
extern void (*warn_hook)(void);

#endif
