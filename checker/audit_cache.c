// SPDX-License-Identifier: GPL-2.0
/*
 * The result cache: entries of parsed files and the cache's upkeep (see
 * audit_cache.h; the manifests are in audit_manifest.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_cache.h"
#include "rules.h"
#include "version.h"

#define MAGIC "gup_policy result cache 1\n"
#define SETTLE 2		/* seconds a stamp must be older than the run */
#define STALE_TMP 3600		/* a temporary file this old was abandoned */
#define MAX_ENTRY (64u << 20)

/* What a file is now: stat()ed once a run, its text hashed on demand. */
struct seen {
	char *path;
	bool exists, hashed;
	struct stamp st;
	unsigned long long hash;
};

struct tree_manifest {
	char *root;
	struct manifest *m;
};

struct rcache {
	char *dir;		/* CACHE/results/v1 */
	unsigned long long ident;
	unsigned long long limit;	/* bytes */
	time_t started;
	struct seen *seen;
	int nseen;
	size_t seen_cap;
	struct strtab seen_tab;
	struct tree_manifest *trees;
	int ntrees;
	size_t trees_cap;
	struct strlist sealed;	/* "DIR/" prefixes, rcache_seal() */
};

int *strtab_slot(struct strtab *t, const char *s,
		 const char *(*key)(void *ctx, int i), void *ctx)
{
	size_t mask, h;

	if ((size_t)(t->nr + 1) * 2 > t->cap) {
		struct strtab n = { xcalloc(t->cap ? t->cap * 2 : 64, sizeof(int)),
				    t->cap ? t->cap * 2 : 64, 0 };

		for (size_t k = 0; k < t->cap; k++)
			if (t->slot[k])
				*strtab_slot(&n, key(ctx, t->slot[k] - 1), key,
					     ctx) = t->slot[k];
		n.nr = t->nr;
		free(t->slot);
		*t = n;
	}
	mask = t->cap - 1;
	h = fnv1a(FNV1A_INIT, s, strlen(s)) & mask;
	while (t->slot[h] && strcmp(key(ctx, t->slot[h] - 1), s))
		h = (h + 1) & mask;
	return &t->slot[h];
}

void strtab_free(struct strtab *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

bool stamp_of(const char *path, struct stamp *st)
{
	struct stat s;

	if (stat(path, &s) < 0 || !S_ISREG(s.st_mode))
		return false;
	st->size = s.st_size;
	st->mtime = s.st_mtim.tv_sec * 1000000000LL + s.st_mtim.tv_nsec;
	st->ctime = s.st_ctim.tv_sec * 1000000000LL + s.st_ctim.tv_nsec;
	st->ino = s.st_ino;
	st->dev = s.st_dev;
	return true;
}

static bool same_stamp(const struct stamp *a, const struct stamp *b)
{
	return a->size == b->size && a->mtime == b->mtime &&
	       a->ctime == b->ctime && a->ino == b->ino && a->dev == b->dev;
}

/*
 * Has the file's content been still since well before the run?  Its
 * mtime says so; its ctime is recorded and compared, but need not be
 * old: a chown or a new hard link moves it without touching the text
 * (the sandbox hands a freshly prepared tree's headers back just before
 * the first parse).
 */
static bool settled(const struct rcache *c, const struct stamp *st)
{
	return st->mtime / 1000000000LL < c->started - SETTLE;
}

void rcache_seal(struct rcache *c, const char *dir)
{
	char *prefix;

	if (!c)
		return;
	prefix = xasprintf("%s/", dir);
	strlist_add(&c->sealed, prefix);
	free(prefix);
}

/*
 * Written once by a finished preparation of this run or an earlier one:
 * its content cannot change between the parse and now, whatever its
 * mtime (a first audit parses right after preparing).
 */
static bool sealed(const struct rcache *c, const char *path)
{
	for (int i = 0; i < c->sealed.nr; i++)
		if (!strncmp(path, c->sealed.v[i], strlen(c->sealed.v[i])))
			return true;
	return false;
}

static bool hash_file(const char *path, unsigned long long *h)
{
	char *text;
	size_t len;

	if (read_file(path, MAX_ENTRY, &text, &len) < 0)
		return false;
	*h = fnv1a(FNV1A_INIT, text, len);
	free(text);
	return true;
}

static const char *seen_key(void *ctx, int i)
{
	return ((struct rcache *)ctx)->seen[i].path;
}

/* @path as it is now, looked at once per process. */
static struct seen *look(struct rcache *c, const char *path)
{
	int *slot = strtab_slot(&c->seen_tab, path, seen_key, c);
	struct seen *s;

	if (*slot)
		return &c->seen[*slot - 1];
	s = VEC_PUSH(c->seen, c->nseen, c->seen_cap);
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	s->exists = stamp_of(path, &s->st);
	if (!s->exists) {
		struct stat st;

		/* Not a regular file, but there: it is not absent. */
		s->exists = stat(path, &st) == 0 ||
			    (errno != ENOENT && errno != ENOTDIR);
		s->hashed = true;
	}
	*slot = c->nseen;
	c->seen_tab.nr++;
	return s;
}

static bool seen_hash(struct seen *s, unsigned long long *h)
{
	if (!s->hashed) {
		s->hashed = true;
		s->exists = hash_file(s->path, &s->hash);
	}
	*h = s->hash;
	return s->exists;
}

/* Everything every result depends on besides its own inputs. */
static unsigned long long ident(const struct audit_opts *o, bool *ok)
{
	unsigned long long h = fnv1a(FNV1A_INIT, MAGIC GUP_POLICY_VERSION,
				     sizeof(MAGIC GUP_POLICY_VERSION));
	CXString v = clang_getClangVersion();
	const char *vs = clang_getCString(v);
	char *self;
	size_t len;

	h = fnv1a(h, vs, strlen(vs) + 1);
	clang_disposeString(v);
	/* The binary itself: a rebuilt checker is another checker. */
	*ok = read_file("/proc/self/exe", 1u << 30, &self, &len) == 0;
	if (*ok) {
		h = fnv1a(h, self, len);
		free(self);
	}
	for (int i = 0; i < rule_count(); i++) {
		const struct rule *r = rule_at(i);

		h = fnv1a(h, r->id, strlen(r->id) + 1);
		h = fnv1a(h, &r->enabled, sizeof(r->enabled));
	}
	h = fnv1a(h, &o->want_fixes, sizeof(o->want_fixes));
	h = fnv1a(h, &o->want_patch, sizeof(o->want_patch));
	/* --confidence drops findings in the checker processes. */
	h = fnv1a(h, &o->min_conf, sizeof(o->min_conf));
	return h;
}

struct rcache *rcache_open(const char *dir, const struct audit_opts *o)
{
	struct rcache *c;
	bool ok;

	if (o->no_cache || o->keep || getenv("GUP_POLICY_DEBUG"))
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->dir = path_join(dir, "results/v1");
	c->ident = ident(o, &ok);
	c->limit = (unsigned long long)(o->cache_mib ? o->cache_mib :
					CACHE_DEFAULT_MIB) << 20;
	c->started = time(NULL);
	if (!ok || mkdirs(c->dir) < 0) {
		free(c->dir);
		free(c);
		return NULL;
	}
	return c;
}

unsigned long long rcache_ident(const struct rcache *c)
{
	return c->ident;
}

time_t rcache_started(const struct rcache *c)
{
	return c->started;
}

/* A whole cache file, if its checksum adds up: NUL-terminated, no sum. */
char *cache_load(const char *path, size_t *len)
{
	unsigned long long sum;
	char *text, *last;
	size_t n;

	if (read_file(path, MAX_ENTRY, &text, &n) < 0)
		return NULL;
	if (n < 2 || text[n - 1] != '\n')
		goto out_bad;
	text[n - 1] = '\0';
	last = strrchr(text, '\n');
	if (!last || sscanf(last + 1, "sum %llx", &sum) != 1 ||
	    fnv1a(FNV1A_INIT, text, last + 1 - text) != sum)
		goto out_bad;
	last[1] = '\0';
	*len = last + 1 - text;
	return text;
out_bad:
	free(text);
	return NULL;
}

/* Write @sb and its checksum to @path, whole or not at all. */
bool cache_store(const char *path, struct strbuf *sb)
{
	char *tmp = xasprintf("%s.tmp.%d.%lx", path, (int)getpid(),
			      (unsigned long)random());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	bool ok = false;

	sb_printf(sb, "sum %016llx\n", fnv1a(FNV1A_INIT, sb->buf, sb->len));
	if (fd < 0)
		goto out;
	ok = write_all(fd, sb->buf, sb->len) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
out:
	free(tmp);
	return ok;
}

static char *entry_path(const struct rcache *c, unsigned long long key)
{
	return xasprintf("%s/%02x/%016llx", c->dir, (unsigned)(key >> 56), key);
}

/* One line of an entry: does what it recorded still hold? */
static bool dep_holds(struct rcache *c, char *line)
{
	struct stamp st;
	unsigned long long h, now;
	struct seen *s;
	int at = 0;

	if (line[0] == 'a' && line[1] == ' ')
		return !look(c, line + 2)->exists;
	if (line[0] != 'f' ||
	    sscanf(line, "f %llx %lld %lld %lld %llu %llu %n", &h, &st.size,
		   &st.mtime, &st.ctime, &st.ino, &st.dev, &at) != 6 || !at)
		return false;
	s = look(c, line + at);
	if (!s->exists)
		return false;
	if (s->hashed || !same_stamp(&s->st, &st))
		return seen_hash(s, &now) && now == h;
	return true;
}

bool rcache_get(struct rcache *c, unsigned long long key, struct strbuf *line)
{
	char *path = entry_path(c, key), *text, *p, *nl;
	unsigned long long k;
	bool ok = false;
	size_t len;

	text = cache_load(path, &len);
	if (!text || strncmp(text, MAGIC, strlen(MAGIC)))
		goto out;
	p = text + strlen(MAGIC);
	if (sscanf(p, "key %llx\n", &k) != 1 || k != key)
		goto out;
	for (p = strchr(p, '\n') + 1; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (p[0] == 'r' && p[1] == ' ') {
			sb_puts(line, p + 2);
			ok = true;
			break;
		}
		if (!dep_holds(c, p))
			break;
	}
	if (ok)		/* used: the last to go when the cache is trimmed */
		utimensat(AT_FDCWD, path, NULL, 0);
out:
	free(text);
	free(path);
	return ok;
}

/*
 * One header's line, or false when it cannot be trusted: changed since
 * before the parse began, or while it was being hashed.  Stamps are
 * taken afresh (a checker process lives for many files); the hash is
 * reused while the stamp stays the same.
 */
static bool dep_line(struct rcache *c, struct strbuf *sb, const char *path)
{
	struct seen *s = look(c, path);
	struct stamp now, after;

	if (strchr(path, '\n') || !stamp_of(path, &now) ||
	    (!settled(c, &now) && !sealed(c, path)))
		return false;
	if (!s->exists || !s->hashed || !same_stamp(&s->st, &now)) {
		s->st = now;
		s->hashed = true;
		s->exists = hash_file(path, &s->hash) &&
			    stamp_of(path, &after) && same_stamp(&now, &after);
		if (!s->exists)
			return false;
	}
	sb_printf(sb, "f %016llx %lld %lld %lld %llu %llu %s\n", s->hash,
		  now.size, now.mtime, now.ctime, now.ino, now.dev, path);
	return true;
}

static bool absent_now(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

void rcache_put(struct rcache *c, unsigned long long key,
		const struct cache_deps *d, const char *line, time_t started)
{
	struct strbuf sb = { 0 };
	char *path = entry_path(c, key), *slash;

	/* The headers must have been still since before this parse. */
	c->started = started;
	if (strchr(line, '\n'))
		goto out;
	sb_printf(&sb, MAGIC "key %016llx\n", key);
	for (int k = 0; k < d->files.nr; k++)
		if (!dep_line(c, &sb, d->files.v[k]))
			goto out;
	for (int k = 0; k < d->absent.nr; k++) {
		if (strchr(d->absent.v[k], '\n') || !absent_now(d->absent.v[k]))
			goto out;
		sb_printf(&sb, "a %s\n", d->absent.v[k]);
	}
	sb_printf(&sb, "r %s\n", line);
	slash = strrchr(path, '/');
	*slash = '\0';
	mkdirs(path);
	*slash = '/';
	cache_store(path, &sb);
out:
	sb_free(&sb);
	free(path);
}

/* The manifest of tree @root for this checker, loaded on first use. */
static struct manifest *tree_manifest(struct rcache *c, const char *root)
{
	struct tree_manifest *tm;
	unsigned long long h;
	char *path;

	for (int i = 0; i < c->ntrees; i++)
		if (!strcmp(c->trees[i].root, root))
			return c->trees[i].m;
	h = fnv1a(c->ident, root, strlen(root) + 1);
	path = xasprintf("%s/manifest-%016llx", c->dir, h);
	tm = VEC_PUSH(c->trees, c->ntrees, c->trees_cap);
	tm->root = xstrdup(root);
	tm->m = manifest_load(path);
	utimensat(AT_FDCWD, path, NULL, 0);	/* in use: keep it */
	free(path);
	return tm->m;
}

enum verdict rcache_verdict(struct rcache *c, const char *root,
			    const char *path, const struct stamp *st,
			    unsigned long long *hash)
{
	return manifest_find(tree_manifest(c, root), path, st, hash);
}

void rcache_note(struct rcache *c, const char *root, const char *path,
		 const struct stamp *st, enum verdict v,
		 unsigned long long hash)
{
	struct stamp after;

	/* Still since before the run, and while it was read. */
	if (settled(c, st) && stamp_of(path, &after) && same_stamp(st, &after))
		manifest_set(tree_manifest(c, root), path, st, v, hash);
}

struct cfile {
	char *path;
	time_t mtime;
	unsigned long long size;
};

static int by_age(const void *a, const void *b)
{
	const struct cfile *x = a, *y = b;

	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* The files of @dir, one level down too; abandoned temporaries removed. */
static void list_cache(const char *dir, int depth, struct cfile **v, int *nr,
		       size_t *cap, unsigned long long *total)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	time_t now = time(NULL);

	while (d && (e = readdir(d))) {
		char *p = path_join(dir, e->d_name);
		struct stat st;

		if (e->d_name[0] == '.' || lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth == 0) {
			list_cache(p, 1, v, nr, cap, total);
		} else if (S_ISREG(st.st_mode) && strstr(e->d_name, ".tmp.")) {
			if (now - st.st_mtime > STALE_TMP)
				unlink(p);
		} else if (S_ISREG(st.st_mode)) {
			*VEC_PUSH(*v, *nr, *cap) = (struct cfile){
				p, st.st_mtime, st.st_blocks * 512ULL };
			*total += st.st_blocks * 512ULL;
			continue;
		}
		free(p);
	}
	if (d)
		closedir(d);
}

/* Down to three quarters of the limit, least recently used first. */
static void trim(struct rcache *c)
{
	struct cfile *v = NULL;
	unsigned long long total = 0;
	size_t cap = 0;
	int nr = 0;

	list_cache(c->dir, 0, &v, &nr, &cap, &total);
	if (total > c->limit) {
		qsort(v, nr, sizeof(*v), by_age);
		for (int i = 0; i < nr && total > c->limit / 4 * 3; i++)
			if (unlink(v[i].path) == 0)
				total -= v[i].size;
	}
	for (int i = 0; i < nr; i++)
		free(v[i].path);
	free(v);
}

void rcache_close(struct rcache *c, bool wrote)
{
	if (!c)
		return;
	for (int i = 0; i < c->ntrees; i++) {
		wrote |= manifest_write(c->trees[i].m);
		manifest_free(c->trees[i].m);
		free(c->trees[i].root);
	}
	if (wrote)
		trim(c);
	for (int i = 0; i < c->nseen; i++)
		free(c->seen[i].path);
	free(c->seen);
	strtab_free(&c->seen_tab);
	strlist_free(&c->sealed);
	free(c->trees);
	free(c->dir);
	free(c);
}
