// SPDX-License-Identifier: GPL-2.0
/*
 * --emit-patches: from the findings' fixes to a series of mails.
 *
 * A fix is a list of byte edits of its file as audited.  The fixes of a
 * file are grouped by function; an edit that is the same as one already
 * taken is shared, one that overlaps another cannot be had together with
 * it and its finding is left out (and said so).  Each group's diff is
 * rendered against the file with the groups before it applied, its
 * edits shifted by what those added or removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail_emit.h"
#include "fix.h"
#include "tree_git.h"
#include "mail_format.h"
#include "mail_text.h"
#include "mail_maintainers.h"
#include "mail_prefix.h"
#include "util.h"

#define FILE_LIMIT (16u << 20)
#define HISTORY 50		/* commits whose subjects suggest a prefix */

static const char placeholder[] = "Your Name <you@example.org>";

struct group {
	int ti;			/* its file */
	const char *fn;
	const struct finding **f;
	int nf;
	size_t fcap;
	struct edits edits;	/* in the file as audited */
	char *diff;		/* against the file after the groups before */
};

/* What the mails of one tree share. */
struct tree_info {
	char *dir;
	bool git;
	char *from;		/* NULL: the placeholder */
	struct maintainers maint;
};

struct emitter {
	const struct targets *t;
	const struct findings *fs;
	const struct emit_opts *o;
	struct group *g;
	int ng;
	size_t gcap;
	struct tree_info *trees;
	int ntrees;
	size_t tcap;
};

static int group_for(struct emitter *e, int first, int ti, const char *fn)
{
	struct group *g;

	for (int i = first; i < e->ng; i++)
		if (strcmp(e->g[i].fn, fn) == 0)
			return i;
	g = VEC_PUSH(e->g, e->ng, e->gcap);
	memset(g, 0, sizeof(*g));
	g->ti = ti;
	g->fn = fn;
	return e->ng - 1;
}

/* -1: @x is free to take; -2: it overlaps a taken edit; else the same one. */
static int clash(const struct edits *acc, const struct edit *x)
{
	int same = -1;

	for (int i = 0; i < acc->nr; i++) {
		const struct edit *a = &acc->v[i];

		if (a->start == x->start && a->end == x->end &&
		    strcmp(a->text, x->text) == 0)
			same = i;
		else if ((x->start < a->end && a->start < x->end) ||
			 (x->start == a->start && x->start == x->end &&
			  a->start == a->end))
			return -2;
	}
	return same;
}

struct taken {
	struct edits acc;	/* every edit taken in this file */
	int *owner;		/* the group of each */
	size_t ocap;
};

static void place(struct emitter *e, int first, int ti,
		  const struct finding *f, struct taken *tk)
{
	int home = -1, g, o;
	bool fresh = false;

	for (int k = 0; k < f->edits.nr; k++) {
		o = clash(&tk->acc, &f->edits.v[k]);
		if (o == -2) {
			warnx_("%s:%u: the fix of [%s] overlaps another fix of "
			       "this file: it is in no mail", f->file, f->line,
			       f->rule);
			return;
		}
		if (o >= 0 && home < 0)
			home = tk->owner[o];
		fresh |= o < 0;
	}
	g = fresh ? group_for(e, first, ti, f->function) : home;
	for (int k = 0; k < f->edits.nr; k++) {
		const struct edit *x = &f->edits.v[k];
		int nr = tk->acc.nr;

		if (clash(&tk->acc, x) >= 0)
			continue;
		edit_add(&e->g[g].edits, x->start, x->end, x->text);
		edit_add(&tk->acc, x->start, x->end, x->text);
		tk->owner = grow(tk->owner, sizeof(*tk->owner), nr + 1, &tk->ocap);
		tk->owner[nr] = g;
	}
	*VEC_PUSH(e->g[g].f, e->g[g].nf, e->g[g].fcap) = f;
}

/* How far the @applied edits move the place @at of the audited file. */
static long shift(const struct edits *applied, unsigned at)
{
	long d = 0;

	for (int i = 0; i < applied->nr; i++)
		if (applied->v[i].end <= at)
			d += (long)strlen(applied->v[i].text) -
			     (long)(applied->v[i].end - applied->v[i].start);
	return d;
}

/* Each group's diff, against the file as the groups before leave it. */
static void make_diffs(struct emitter *e, int ti, int first)
{
	const struct target *t = &e->t->v[ti];
	struct edits applied = { 0 };
	char *src;
	size_t len;
	int rc = read_file(t->path, FILE_LIMIT, &src, &len);

	if (rc < 0) {
		warnx_("%s: %s: no mail for its fixes", t->display, strerror(-rc));
		return;
	}
	for (int g = first; g < e->ng; g++) {
		const struct edits *ge = &e->g[g].edits;
		struct edits moved = { 0 };
		size_t blen;
		char *base;

		if (!ge->nr)
			continue;
		base = edits_apply(src, len, &applied, &blen);
		for (int k = 0; k < ge->nr; k++) {
			long d = shift(&applied, ge->v[k].start);

			edit_add(&moved, ge->v[k].start + d, ge->v[k].end + d,
				 ge->v[k].text);
		}
		if (base)
			e->g[g].diff = diff_render(t->diffpath, base, blen, &moved);
		for (int k = 0; k < ge->nr; k++)
			edit_add(&applied, ge->v[k].start, ge->v[k].end,
				 ge->v[k].text);
		edits_free(&moved);
		free(base);
	}
	edits_free(&applied);
	free(src);
}

static int cmp_finding_line(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->message, y->message);
}

/* A file named twice is one file: its findings are all under one name. */
static bool seen_before(const struct targets *t, int ti)
{
	for (int i = 0; i < ti; i++)
		if (strcmp(t->v[i].display, t->v[ti].display) == 0)
			return true;
	return false;
}

static void plan_file(struct emitter *e, int ti)
{
	const struct target *t = &e->t->v[ti];
	const struct findings *fs = e->fs;
	const struct finding **v = NULL;
	struct taken tk = { 0 };
	int nv = 0, first = e->ng;
	size_t cap = 0;

	if (seen_before(e->t, ti))
		return;
	for (int k = 0; k < fs->nr; k++)
		if (fs->v[k].fix && fs->v[k].edits.nr &&
		    fs->v[k].sev >= e->o->min_sev &&
		    strcmp(fs->v[k].file, t->display) == 0)
			*VEC_PUSH(v, nv, cap) = &fs->v[k];
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_finding_line);
	for (int i = 0; i < nv; i++)
		place(e, first, ti, v[i], &tk);
	if (e->ng > first)
		make_diffs(e, ti, first);
	free(v);
	edits_free(&tk.acc);
	free(tk.owner);
}

static struct tree_info *tree_of(struct emitter *e, const struct target *t)
{
	const char *dir = t->root ? t->root : e->o->tree;
	struct tree_info *ti;
	char *path, *text, *name, *mail;
	size_t len;

	for (int i = 0; i < e->ntrees; i++)
		if (strcmp(e->trees[i].dir, dir) == 0)
			return &e->trees[i];
	ti = VEC_PUSH(e->trees, e->ntrees, e->tcap);
	memset(ti, 0, sizeof(*ti));
	ti->dir = xstrdup(dir);
	path = path_join(dir, "MAINTAINERS");
	if (read_file(path, FILE_LIMIT, &text, &len) == 0) {
		maint_parse(&ti->maint, text, len);
		free(text);
	}
	free(path);
	ti->git = git_is_repo(dir);
	name = ti->git ? git_config(dir, "user.name") : NULL;
	mail = ti->git ? git_config(dir, "user.email") : NULL;
	if (name && mail)
		ti->from = xasprintf("%s <%s>", name, mail);
	free(name);
	free(mail);
	return ti;
}

static time_t mail_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		v = strtoll(s, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

static int write_out(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
			    O_CLOEXEC, 0644);
	int err;

	if (fd < 0)
		return -1;
	err = write_all(fd, text, strlen(text));
	if (err) {
		close(fd);
		errno = -err;
		return -1;
	}
	return close(fd);
}

/* The mail of group @g, numbered @nr: its file name, or NULL on error. */
static char *one_mail(struct emitter *e, struct group *g, int nr,
		      time_t date)
{
	const struct target *t = &e->t->v[g->ti];
	struct tree_info *ti = tree_of(e, t);
	struct strlist hist = { 0 }, cc = { 0 };
	char *prefix, *subject, *body, *notes, *text, *name, *path;
	struct mail m;

	if (ti->git)
		git_subjects(ti->dir, t->diffpath, HISTORY, &hist);
	prefix = subject_prefix(t->diffpath, hist.v, hist.nr);
	maint_cc(&ti->maint, t->diffpath, &cc);
	subject = mail_subject(prefix, g->fn, g->f, g->nf);
	body = mail_body(g->fn, g->f, g->nf);
	notes = mail_notes(!ti->from);
	m = (struct mail){ ti->from ? ti->from : placeholder, date, subject,
			   &cc, body, notes, t->diffpath, g->diff };
	text = mail_compose(&m);
	name = mail_file_name(nr, subject);
	path = path_join(e->o->dir, name);
	if (write_out(path, text) < 0) {
		warnx_("%s: %s", path, strerror(errno));
		free(path);
		path = NULL;
	}
	free(name);
	free(text);
	free(notes);
	free(body);
	free(subject);
	free(prefix);
	strlist_free(&cc);
	strlist_free(&hist);
	return path;
}

static void emitter_free(struct emitter *e)
{
	for (int i = 0; i < e->ng; i++) {
		free(e->g[i].f);
		edits_free(&e->g[i].edits);
		free(e->g[i].diff);
	}
	free(e->g);
	for (int i = 0; i < e->ntrees; i++) {
		free(e->trees[i].dir);
		free(e->trees[i].from);
		maint_free(&e->trees[i].maint);
	}
	free(e->trees);
}

int emit_patches(const struct targets *t, const struct findings *fs,
		 const struct emit_opts *o, FILE *names)
{
	struct emitter e = { .t = t, .fs = fs, .o = o };
	time_t date = mail_date();
	int nr = 0, rc = 0;

	if (mkdirs(o->dir) < 0) {
		warnx_("%s: %s", o->dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < t->nr; i++)
		plan_file(&e, i);
	for (int i = 0; i < e.ng && rc == 0; i++) {
		char *path;

		if (!e.g[i].diff)
			continue;
		path = one_mail(&e, &e.g[i], ++nr, date);
		if (!path)
			rc = -1;
		else
			fprintf(names, "%s\n", path);
		free(path);
	}
	emitter_free(&e);
	return rc;
}
