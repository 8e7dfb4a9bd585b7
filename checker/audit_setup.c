// SPDX-License-Identifier: GPL-2.0
/*
 * Before any file is checked: each kernel tree's FOLL_* values (from its
 * headers), its generated headers (prepared in the cache, sandboxed) and
 * its precompiled common headers, and a signature of all that for the
 * result cache.  When a tree must first be prepared, every file is read
 * and prefiltered meanwhile on this thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_cache.h"
#include "audit_int.h"
#include "tree_pch.h"
#include "tree_prepare.h"
#include "util.h"

#define FILE_LIMIT (16u << 20)

static void scan_header(struct foll_table *ft, const char *root, const char *rel)
{
	char *path = path_join(root, rel), *text;

	if (read_file(path, FILE_LIMIT, &text, NULL) == 0) {
		foll_table_scan(ft, text);
		free(text);
	}
	free(path);
}

/*
 * What a tree's results depend on besides each file's inputs: its
 * version, FOLL_* table, precompiled header (by its stamp) and whether
 * its generated headers are complete.
 */
static unsigned long long root_sig(const struct root_info *ri)
{
	unsigned long long h = fnv1a(FNV1A_INIT, &ri->kversion,
				     sizeof(ri->kversion));
	struct stamp st;

	for (int k = 0; k < ri->ft.nr; k++) {
		h = fnv1a(h, ri->ft.v[k].name, strlen(ri->ft.v[k].name) + 1);
		h = fnv1a(h, &ri->ft.v[k].value, sizeof(ri->ft.v[k].value));
	}
	h = fnv1a(h, &ri->ft.has_internal, sizeof(ri->ft.has_internal));
	h = fnv1a(h, &ri->ft.internal, sizeof(ri->ft.internal));
	h = hash_str(h, ri->pch);
	/* A degraded parse lowers every finding's confidence. */
	h = fnv1a(h, &ri->degraded, sizeof(ri->degraded));
	if (ri->pch && stamp_of(ri->pch, &st))
		h = fnv1a(h, &st, sizeof(st));
	return h;
}

/* Learn each tree's flags and prepare its headers, once, before workers. */
static void setup_roots(struct job *j, struct targets *t)
{
	char *cache = NULL;
	size_t cap = 0;
	/* Preparing a tree takes seconds: on a terminal, say so, or it
	 * looks like a hang; scripts and logs see it only with -v. */
	bool say = j->o->verbose || isatty(STDERR_FILENO);

	for (int i = 0; i < t->nr; i++) {
		struct root_info *ri;

		if (!t->v[i].root || root_for(j, t->v[i].root))
			continue;
		ri = VEC_PUSH(j->roots, j->nroots, cap);
		memset(ri, 0, sizeof(*ri));
		ri->root = xstrdup(t->v[i].root);
		ri->kversion = kernel_version_code(ri->root);
		scan_header(&ri->ft, ri->root, "include/linux/mm_types.h");
		scan_header(&ri->ft, ri->root, "include/linux/mm.h");
		scan_header(&ri->ft, ri->root, "mm/internal.h");
		if (!ri->ft.nr)
			foll_table_default(&ri->ft);
		if (t->v[i].obj && !j->o->db) {
			/* A build directory of the user's: read, never written
			 * (so no precompiled header beside it). */
			ri->obj = xstrdup(t->v[i].obj);
		} else if (!j->o->db) {
			if (!cache)
				cache = cache_dir(j->o->cache);
			struct prep_opts po = { j->o->prepare,
						j->o->prepare_seconds,
						j->o->jobs, say };

			ri->obj = kprep_prepare(ri->root, cache, &po,
						&ri->degraded);
			ri->ours = ri->obj && !ri->degraded;
			/* Precompiled from complete headers only: it is kept. */
			ri->pch = ri->obj && !ri->degraded ?
				  pch_prepare(ri->root, ri->obj, say) :
				  NULL;
			if (ri->pch)
				pch_deps_load(&ri->deps, ri->pch);
		}
		ri->sig = root_sig(ri);
	}
	free(cache);
}

struct setup {
	struct job *j;
	struct targets *t;
};

static void *setup_thread(void *arg)
{
	struct setup *s = arg;

	setup_roots(s->j, s->t);
	return NULL;
}

/* Does a tree still have to be prepared (make allmodconfig prepare)? */
static bool cold(struct job *j, struct targets *t)
{
	char *cache;
	bool r = false;

	if (j->o->db)
		return false;
	cache = cache_dir(j->o->cache);
	for (int i = 0; i < t->nr && !r; i++)
		r = t->v[i].root && !t->v[i].obj && (i == 0 || !t->v[i - 1].root ||
				     strcmp(t->v[i].root, t->v[i - 1].root)) &&
		    !kprep_ready(t->v[i].root, cache, j->o->prepare);
	free(cache);
	return r;
}

/*
 * Learn the trees and prepare them.  When a tree must first be prepared
 * (about 10 s of make), read and prefilter every file meanwhile, instead
 * of a few at a time beside the checker processes afterwards.
 */
static void setup(struct job *j, struct targets *t)
{
	struct setup s = { j, t };
	pthread_t th;

	if (!cold(j, t) || pthread_create(&th, NULL, setup_thread, &s)) {
		setup_roots(j, t);
		return;
	}
	j->needs = xcalloc(t->nr ? t->nr : 1, sizeof(*j->needs));
	for (int i = 0; i < t->nr; i++) {
		struct audit_progress ap = { .preparing = true, .read = i + 1,
					     .total = t->nr };

		j->needs[i] = sift(j, i, &j->a->res[i]);
		if (j->o->progress)
			j->o->progress(&ap);
	}
	pthread_join(th, NULL);
}

/*
 * The files of a finished preparation (obj/ and the .pch beside it, in
 * the tree's cache directory) are written once: rcache_seal().
 */
static void seal_roots(struct job *j)
{
	for (int i = 0; i < j->nroots; i++) {
		char *dir, *end;

		if (!j->roots[i].ours)
			continue;
		dir = xstrdup(j->roots[i].obj);
		end = strrchr(dir, '/');
		if (end) {
			*end = '\0';
			rcache_seal(j->rc, dir);
		}
		free(dir);
	}
}

void audit_setup(struct job *j, struct targets *t)
{
	setup(j, t);
	seal_roots(j);
}

void audit_roots_free(struct job *j)
{
	for (int i = 0; i < j->nroots; i++) {
		free(j->roots[i].root);
		free(j->roots[i].obj);
		free(j->roots[i].pch);
		strlist_free(&j->roots[i].deps);
		foll_table_free(&j->roots[i].ft);
	}
	free(j->roots);
	j->roots = NULL;
	j->nroots = 0;
}
