// SPDX-License-Identifier: GPL-2.0
/*
 * The files of a diff series.  Each file section changes one entry (found
 * by its pre-image name, or new); the lines earlier patches added to it
 * are carried through the section's hunks: shifted where nothing changed,
 * moved with their context line, dropped when removed.  What is left is
 * numbered in the final post-image.
 */
#include <stdlib.h>
#include <string.h>

#include "diff_read_int.h"
#include "util.h"

static void keep(struct remap *rm, unsigned nr, char *text)
{
	struct diff_line *l = VEC_PUSH(rm->out, rm->nout, rm->cap);

	l->nr = nr;
	l->text = text;
}

/* Old added lines before old line @o keep their place, shifted. */
void remap_to(struct remap *rm, unsigned o)
{
	for (; rm->iold < rm->nold && rm->old[rm->iold].nr < o; rm->iold++) {
		long nr = (long)rm->old[rm->iold].nr + rm->delta;

		if (nr >= 1 && nr <= (long)MAX_NR)
			keep(rm, nr, rm->old[rm->iold].text);
		else
			free(rm->old[rm->iold].text);
		rm->old[rm->iold].text = NULL;
	}
}

/* Old line @o is context now at @n (@stays), or removed. */
static void take_at(struct remap *rm, unsigned o, unsigned n, bool stays)
{
	remap_to(rm, o);
	if (rm->iold < rm->nold && rm->old[rm->iold].nr == o) {
		if (stays)
			keep(rm, n, rm->old[rm->iold].text);
		else
			free(rm->old[rm->iold].text);
		rm->old[rm->iold++].text = NULL;
	}
}

void remap_context(struct remap *rm, unsigned o, unsigned n)
{
	take_at(rm, o, n, true);
}

void remap_removed(struct remap *rm, unsigned o)
{
	take_at(rm, o, 0, false);
}

void remap_added(struct remap *rm, unsigned n, char *text)
{
	keep(rm, n, text);
}

static void lines_free(struct diff_line *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void remap_free(struct remap *rm)
{
	lines_free(rm->old, rm->nold);
	lines_free(rm->out, rm->nout);
	memset(rm, 0, sizeof(*rm));
}

static int cmp_line(const void *a, const void *b)
{
	const struct diff_line *x = a, *y = b;

	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static struct diff_file *new_file(struct diff *d, const char *path)
{
	struct diff_file *f = VEC_PUSH(d->v, d->nr, d->cap);

	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

static int find_live(const struct diff *d, const char *path, int except)
{
	for (int i = d->nr - 1; i >= 0; i--)
		if (i != except && !d->v[i].deleted &&
		    strcmp(d->v[i].path, path) == 0)
			return i;
	return -1;
}

static void file_clear(struct diff_file *f)
{
	lines_free(f->added, f->nadded);
	f->added = NULL;
	f->nadded = 0;
	f->cap = 0;
}

int series_begin(struct diff *d, const struct section *sec,
		      struct remap *rm)
{
	int src = sec->old ? find_live(d, sec->old, -1) : -1, i;
	struct diff_file *f;

	if (src >= 0 && !sec->copy) {
		i = src;
	} else {
		new_file(d, sec->copy || !sec->old ? sec->new : sec->old);
		i = d->nr - 1;
		d->v[i].created = !sec->old;
		for (int k = 0; src >= 0 && k < d->v[src].nadded; k++)
			keep(rm, d->v[src].added[k].nr,
			     xstrdup(d->v[src].added[k].text));
	}
	f = &d->v[i];
	if (i == src) {
		rm->out = f->added;
		rm->nout = f->nadded;
		rm->cap = f->cap;
		f->added = NULL;
		f->nadded = 0;
		f->cap = 0;
	}
	/* What was collected so far is the old state to carry. */
	rm->old = rm->out;
	rm->nold = rm->nout;
	rm->out = NULL;
	rm->nout = 0;
	rm->cap = 0;
	return i;
}

void series_end(struct diff *d, int i, const struct section *sec,
		struct remap *rm)
{
	struct diff_file *f = &d->v[i];
	int w = 0;

	remap_to(rm, MAX_NR + 1);
	if (rm->nout > 1)
		qsort(rm->out, rm->nout, sizeof(*rm->out), cmp_line);
	for (int k = 0; k < rm->nout; k++) {
		if (w && rm->out[w - 1].nr == rm->out[k].nr)
			free(rm->out[k].text);
		else
			rm->out[w++] = rm->out[k];
	}
	f->added = rm->out;
	f->nadded = w;
	f->cap = rm->cap;
	rm->out = NULL;
	rm->nout = 0;
	remap_free(rm);
	if (sec->binary) {
		f->binary = true;
		file_clear(f);
	}
	if (!sec->new) {
		f->deleted = true;
		file_clear(f);
		return;
	}
	/* What it is renamed or copied over is gone. */
	for (int k; (k = find_live(d, sec->new, i)) >= 0; ) {
		d->v[k].deleted = true;
		file_clear(&d->v[k]);
	}
	if (strcmp(f->path, sec->new)) {
		free(f->path);
		f->path = xstrdup(sec->new);
	}
}

void diff_free(struct diff *d)
{
	for (int i = 0; i < d->nr; i++) {
		free(d->v[i].path);
		lines_free(d->v[i].added, d->v[i].nadded);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

const struct diff_line *diff_added(const struct diff_file *f, unsigned nr)
{
	int lo = 0, hi = f->nadded - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (f->added[mid].nr == nr)
			return &f->added[mid];
		if (f->added[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
