// SPDX-License-Identifier: GPL-2.0
/*
 * Reading compile databases.  Commands are split here, never handed to a
 * shell: a hostile database can at worst be rejected.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tree_compdb.h"
#include "json.h"
#include "util.h"

#define CDB_LIMIT (512u << 20)

int split_command(const char *cmd, struct argv *out)
{
	struct strbuf w = { 0 };
	bool in_word = false;

	for (const char *p = cmd; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word)
				argv_add(out, w.buf ? w.buf : "");
			sb_free(&w);
			in_word = false;
			continue;
		}
		in_word = true;
		if (*p == '\\' && p[1]) {
			sb_putc(&w, *++p);
		} else if (*p == '\'') {
			const char *e = strchr(p + 1, '\'');

			if (!e)
				goto bad;
			sb_add(&w, p + 1, e - p - 1);
			p = e;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				sb_putc(&w, *p);
			}
			if (!*p)
				goto bad;
		} else {
			sb_putc(&w, *p);
		}
	}
	if (in_word)
		argv_add(out, w.buf ? w.buf : "");
	sb_free(&w);
	return 0;
bad:
	sb_free(&w);
	return -1;
}

static char *normalize(const char *dir, const char *file)
{
	char buf[PATH_MAX], *joined;

	joined = file[0] == '/' ? xstrdup(file) : path_join(dir, file);
	if (realpath(joined, buf)) {
		free(joined);
		return xstrdup(buf);
	}
	return joined;
}

static int load_entry(struct compdb *db, const struct json *e, int i,
		      const char *path)
{
	const char *dir = json_str(e, "directory"), *file = json_str(e, "file");
	const char *cmd = json_str(e, "command");
	const struct json *args = json_get(e, "arguments");
	struct cdb_entry *x;

	if (!e || e->type != J_OBJ || !dir || !file || (!cmd && !args)) {
		warnx_("%s: entry %d: needs string \"directory\", \"file\" and "
		       "\"command\" or \"arguments\"", path, i);
		return -1;
	}
	x = VEC_PUSH(db->v, db->nr, db->cap);
	memset(x, 0, sizeof(*x));
	x->dir = xstrdup(dir);
	x->file = normalize(dir, file);
	if (args) {
		if (args->type != J_ARR)
			goto bad_args;
		for (int k = 0; k < args->nr; k++) {
			if (args->kids[k].type != J_STR)
				goto bad_args;
			argv_add(&x->args, args->kids[k].str);
		}
	} else if (split_command(cmd, &x->args) < 0) {
		warnx_("%s: entry %d: unbalanced quotes in \"command\"", path, i);
		return -1;
	}
	return 0;
bad_args:
	warnx_("%s: entry %d: \"arguments\" must be an array of strings", path, i);
	return -1;
}

int compdb_load(struct compdb *db, const char *dir)
{
	char *path = path_join(dir, "compile_commands.json");
	struct json *j;
	int rc = 0;

	memset(db, 0, sizeof(*db));
	j = json_load_file(path, CDB_LIMIT);
	if (!j) {
		free(path);
		return -1;
	}
	if (j->type != J_ARR) {
		warnx_("%s: expected an array of compile commands", path);
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < j->nr; i++)
		rc = load_entry(db, &j->kids[i], i, path);
	json_free(j);
	free(path);
	if (rc)
		compdb_free(db);
	return rc;
}

const struct cdb_entry *compdb_find(const struct compdb *db, const char *path)
{
	char buf[PATH_MAX];
	const char *p = realpath(path, buf) ? buf : path;

	for (int i = 0; i < db->nr; i++)
		if (strcmp(db->v[i].file, p) == 0)
			return &db->v[i];
	return NULL;
}

void compdb_free(struct compdb *db)
{
	for (int i = 0; i < db->nr; i++) {
		free(db->v[i].file);
		free(db->v[i].dir);
		argv_free(&db->v[i].args);
	}
	free(db->v);
	memset(db, 0, sizeof(*db));
}
