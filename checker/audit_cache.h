/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_AUDIT_CACHE_H
#define GUP_AUDIT_CACHE_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <time.h>

#include "audit.h"
#include "parse.h"
#include "util.h"

/*
 * The result cache (docs/design.md, "The result cache").  Two layers,
 * under CACHE/results/v1/:
 *
 * - one manifest per tree (and checker): each .c file's stamp (size,
 *   mtime, ctime, inode, device) with the prefilter's verdict and a hash
 *   of its text, so an unchanged file is neither read nor prefiltered;
 * - one entry per parsed file, named by a key over everything its result
 *   depends on besides its headers (checker binary, libclang, options,
 *   compiler arguments, the file's text, the tree's FOLL_* table and
 *   precompiled header), holding the headers it included (stamps and
 *   hashes), the names it looked for and did not find, and its result:
 *   the line a checker process sends (audit_pool.c).
 *
 * Files are written whole to a temporary name and renamed, and carry a
 * checksum: a reader sees an old entry or a new one, never half of one,
 * and ignores one that does not add up.  A stamp is recorded only when
 * its file's ctime is well before the run began, so a file changed
 * during or just before a run is never trusted by its stamp.
 */
#define CACHE_DEFAULT_MIB 256	/* --cache-size */
#define CACHE_MAX_MIB (1u << 20)

struct stamp {
	long long size, mtime, ctime;	/* ns */
	unsigned long long ino, dev;
};

struct rcache;

/* The prefilter's verdict on a file, as the manifest remembers it. */
enum verdict { V_UNKNOWN, V_SKIP, V_PARSE };

/* What a parse read: headers, and names it looked for in vain. */
struct cache_deps {
	struct strlist files;
	struct strlist absent;
};

/*
 * The cache of this run under @dir (from cache_dir()), or NULL when off
 * (--no-cache, --diff, GUP_POLICY_DEBUG, no usable directory).
 */
struct rcache *rcache_open(const char *dir, const struct audit_opts *o);
/*
 * Files under @dir were written by a preparation that has finished and
 * are never written again (tree_prepare.c, tree_pch.c): a parse may trust
 * them however young they are.  Called before the checker processes fork.
 */
void rcache_seal(struct rcache *c, const char *dir);
/* Write the manifests, trim the cache to its size; free it. */
void rcache_close(struct rcache *c, bool wrote);
/* Everything a result depends on that is the same for all files. */
unsigned long long rcache_ident(const struct rcache *c);
time_t rcache_started(const struct rcache *c);

bool stamp_of(const char *path, struct stamp *st);

/* Manifest: the verdict on @path of tree @root ("" for none). */
enum verdict rcache_verdict(struct rcache *c, const char *root,
			    const char *path, const struct stamp *st,
			    unsigned long long *hash);
void rcache_note(struct rcache *c, const char *root, const char *path,
		 const struct stamp *st, enum verdict v,
		 unsigned long long hash);

/* Entries: the result line under @key, if its headers are unchanged. */
bool rcache_get(struct rcache *c, unsigned long long key,
		struct strbuf *line);
/* In a checker process, after parsing from @started on. */
void cache_deps_add(struct cache_deps *d, CXTranslationUnit tu,
		    const struct argv *args);
void cache_deps_free(struct cache_deps *d);
void rcache_put(struct rcache *c, unsigned long long key,
		const struct cache_deps *d, const char *line, time_t started);

/* audit_manifest.c, for audit_cache.c */
struct manifest;
struct manifest *manifest_load(const char *path);
void manifest_free(struct manifest *m);
bool manifest_write(struct manifest *m);
enum verdict manifest_find(struct manifest *m, const char *path,
			   const struct stamp *st, unsigned long long *hash);
void manifest_set(struct manifest *m, const char *path,
		  const struct stamp *st, enum verdict v,
		  unsigned long long hash);

/* audit_cache.c, for audit_manifest.c */
char *cache_load(const char *path, size_t *len);
bool cache_store(const char *path, struct strbuf *sb);

/* A table of strings to indices, open addressing. */
struct strtab {
	int *slot;		/* index + 1; 0: empty */
	size_t cap;
	int nr;
};

/* The slot for @s: *slot is 0 when @s is not there (set it to add). */
int *strtab_slot(struct strtab *t, const char *s,
		 const char *(*key)(void *ctx, int i), void *ctx);
void strtab_free(struct strtab *t);

#endif
