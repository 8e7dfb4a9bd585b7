// SPDX-License-Identifier: GPL-2.0
/*
 * A tree's manifest in the result cache: for each .c file, its stamp,
 * the prefilter's verdict and a hash of its text.  A warm audit of an
 * unchanged tree stat()s every file and reads none of them.
 *
 *	gup_policy manifest 1
 *	S|P HASH SIZE MTIME CTIME INODE DEVICE PATH
 *	...
 *	sum CHECKSUM
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_cache.h"

#define MAGIC "gup_policy manifest 1\n"

struct mrec {
	char *path;
	struct stamp st;
	enum verdict v;
	unsigned long long hash;
};

struct manifest {
	char *file;
	struct mrec *v;
	int nr;
	size_t cap;
	struct strtab tab;
	bool dirty;
};

static const char *rec_key(void *ctx, int i)
{
	return ((struct manifest *)ctx)->v[i].path;
}

static struct mrec *rec(struct manifest *m, const char *path, bool add)
{
	int *slot = strtab_slot(&m->tab, path, rec_key, m);
	struct mrec *r;

	if (*slot)
		return &m->v[*slot - 1];
	if (!add)
		return NULL;
	r = VEC_PUSH(m->v, m->nr, m->cap);
	memset(r, 0, sizeof(*r));
	r->path = xstrdup(path);
	*slot = m->nr;
	m->tab.nr++;
	return r;
}

static void parse_line(struct manifest *m, const char *line)
{
	struct stamp st;
	unsigned long long hash;
	struct mrec *r;
	char v;
	int at = 0;

	if (sscanf(line, "%c %llx %lld %lld %lld %llu %llu %n", &v, &hash,
		   &st.size, &st.mtime, &st.ctime, &st.ino, &st.dev,
		   &at) != 7 || !at || (v != 'S' && v != 'P'))
		return;
	r = rec(m, line + at, true);
	r->st = st;
	r->v = v == 'S' ? V_SKIP : V_PARSE;
	r->hash = hash;
}

/* The manifest in @path, empty when there is none or it is damaged. */
struct manifest *manifest_load(const char *path)
{
	struct manifest *m = xcalloc(1, sizeof(*m));
	char *text, *p, *nl;
	size_t len;

	m->file = xstrdup(path);
	text = cache_load(path, &len);
	if (!text)
		return m;
	if (!strncmp(text, MAGIC, strlen(MAGIC)))
		for (p = text + strlen(MAGIC); *p; p = nl + 1) {
			nl = strchr(p, '\n');
			*nl = '\0';
			parse_line(m, p);
		}
	free(text);
	return m;
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nr; i++)
		free(m->v[i].path);
	free(m->v);
	strtab_free(&m->tab);
	free(m->file);
	free(m);
}

bool manifest_write(struct manifest *m)
{
	struct strbuf sb = { 0 };
	bool ok;

	if (!m->dirty)
		return false;
	sb_puts(&sb, MAGIC);
	for (int i = 0; i < m->nr; i++) {
		const struct mrec *r = &m->v[i];

		if (r->v == V_UNKNOWN)
			continue;
		sb_printf(&sb, "%c %016llx %lld %lld %lld %llu %llu %s\n",
			  r->v == V_SKIP ? 'S' : 'P', r->hash, r->st.size,
			  r->st.mtime, r->st.ctime, r->st.ino, r->st.dev,
			  r->path);
	}
	ok = cache_store(m->file, &sb);
	sb_free(&sb);
	m->dirty = false;
	return ok;
}

enum verdict manifest_find(struct manifest *m, const char *path,
			   const struct stamp *st, unsigned long long *hash)
{
	struct mrec *r = rec(m, path, false);

	if (!r || r->st.size != st->size || r->st.mtime != st->mtime ||
	    r->st.ctime != st->ctime || r->st.ino != st->ino ||
	    r->st.dev != st->dev)
		return V_UNKNOWN;
	*hash = r->hash;
	return r->v;
}

void manifest_set(struct manifest *m, const char *path,
		  const struct stamp *st, enum verdict v,
		  unsigned long long hash)
{
	struct mrec *r;

	if (strchr(path, '\n'))
		return;
	r = rec(m, path, true);
	r->st = *st;
	r->v = v;
	r->hash = hash;
	m->dirty = true;
}
