// SPDX-License-Identifier: GPL-2.0
/*
 * --diff: which files of the tree to check, and which of their findings
 * belong to the patch.  The diff itself is read by diff_read.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff_lint.h"
#include "util.h"

#define DIFF_LIMIT (256u << 20)
#define FILE_LIMIT (16u << 20)

static int read_input(const char *file, char **text, size_t *len)
{
	struct stat st;
	int fd, rc;

	if (strcmp(file, "-") == 0)
		return read_fd(0, DIFF_LIMIT, text, len);
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else
		rc = read_fd(fd, DIFF_LIMIT, text, len);
	close(fd);
	return rc;
}

int difflint_load(struct difflint *dl, const char *file, const char *tree)
{
	const char *shown = strcmp(file, "-") ? file : "<stdin>";
	char *text, err[256];
	struct stat st;
	size_t len;
	int rc;

	memset(dl, 0, sizeof(*dl));
	if (stat(tree, &st) < 0) {
		warnx_("%s: %s", tree, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		warnx_("%s: not a directory (TREE is the tree the diff leads to)",
		       tree);
		return -1;
	}
	rc = read_input(file, &text, &len);
	if (rc < 0) {
		warnx_("%s: %s", shown, rc == -EFBIG ? "diff too large" :
		       strerror(-rc));
		return -1;
	}
	rc = diff_read(&dl->diff, text, len, err, sizeof(err));
	free(text);
	if (rc < 0) {
		warnx_("%s: %s", shown, err);
		return -1;
	}
	dl->tree = xstrdup(tree);
	dl->paths = xcalloc(dl->diff.nr, sizeof(*dl->paths));
	return 0;
}

/* Equal up to trailing blanks (mailers eat them) and a CR. */
static bool same_line(const char *a, size_t na, const char *b, size_t nb)
{
	while (na && (a[na - 1] == ' ' || a[na - 1] == '\t' || a[na - 1] == '\r'))
		na--;
	while (nb && (b[nb - 1] == ' ' || b[nb - 1] == '\t' || b[nb - 1] == '\r'))
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

/* Does the tree's file hold every line the diff adds, where it adds it? */
static int verify(const char *path, const char *shown, const struct diff_file *f,
		  const char *tree)
{
	const char *p, *end;
	unsigned nr = 1;
	char *text;
	size_t len;
	int rc = read_file(path, FILE_LIMIT, &text, &len);

	if (rc < 0) {
		warnx_("%s: %s", path, rc == -EFBIG ? "file too large" :
		       strerror(-rc));
		return -1;
	}
	p = text;
	end = text + len;
	for (int k = 0; k < f->nadded; k++) {
		const struct diff_line *l = &f->added[k];
		const char *nl;

		for (; nr < l->nr && p < end; nr++) {
			nl = memchr(p, '\n', end - p);
			p = nl ? nl + 1 : end;
		}
		nl = p < end ? memchr(p, '\n', end - p) : NULL;
		if (p == end || !same_line(p, (nl ? nl : end) - p, l->text,
					   strlen(l->text))) {
			warnx_("%s:%u: the diff adds a line that %s does not "
			       "hold there: give the tree the diff leads to",
			       shown, l->nr, tree);
			rc = -1;
			break;
		}
	}
	free(text);
	return rc;
}

static void drop_last(struct targets *t)
{
	target_free(&t->v[--t->nr]);
}

/* Check one file of the diff: 1 added, 0 passed over, -1 on error. */
static int add_file(struct difflint *dl, int i, struct targets *t,
		    const struct discover_opts *o)
{
	const struct diff_file *f = &dl->diff.v[i];
	char *path;
	struct target *x;

	if (f->deleted || f->binary || !ends_with(f->path, ".c"))
		return 0;
	path = strcmp(dl->tree, ".") ? path_join(dl->tree, f->path) :
				       xstrdup(f->path);
	if (discover(t, path, o) < 0) {
		free(path);
		return -1;
	}
	x = &t->v[t->nr - 1];
	if (x->root && !o->include_mm && starts_with(x->diffpath, "mm/")) {
		drop_last(t);	/* GUP itself */
		t->skipped++;
		free(path);
		return 0;
	}
	/* Shown as the diff names it; patched from the tree as well. */
	free(x->display);
	x->display = xstrdup(f->path);
	if (!x->root) {
		free(x->diffpath);
		x->diffpath = xstrdup(f->path);
	}
	if (verify(path, x->display, f, dl->tree) < 0) {
		free(path);
		return -1;
	}
	dl->paths[i] = path;
	return 1;
}

int difflint_targets(struct difflint *dl, struct targets *t,
		     const struct discover_opts *o)
{
	for (int i = 0; i < dl->diff.nr; i++)
		if (add_file(dl, i, t, o) < 0)
			return -1;
	return 0;
}

/*
 * A finding is the patch's when the patch adds one of its causes: the
 * finding's own line (the GUP call, for most rules) or a place its notes
 * point at in the same file (where a flag is added, the deciding check,
 * the release, the use of the pages).  Lines the patch only adds nearby
 * change none of them.
 */
bool difflint_keep(const struct target *t, struct finding *f, void *ctx)
{
	const struct difflint *dl = ctx;
	const struct diff_file *df = NULL;

	for (int i = 0; i < dl->diff.nr && !df; i++)
		if (dl->paths[i] && strcmp(dl->paths[i], t->path) == 0)
			df = &dl->diff.v[i];
	if (!df)
		return false;
	if (diff_added(df, f->line)) {
		f->patch_line = f->line;
		f->patch_col = f->col;
		return true;
	}
	for (int k = 0; k < f->nrel; k++) {
		const struct related *r = &f->rel[k];

		if (strcmp(r->file, f->file) == 0 && diff_added(df, r->line)) {
			f->patch_line = r->line;
			f->patch_col = r->col;
			return true;
		}
	}
	return false;
}

void difflint_free(struct difflint *dl)
{
	for (int i = 0; dl->paths && i < dl->diff.nr; i++)
		free(dl->paths[i]);
	free(dl->paths);
	free(dl->tree);
	diff_free(&dl->diff);
	memset(dl, 0, sizeof(*dl));
}
