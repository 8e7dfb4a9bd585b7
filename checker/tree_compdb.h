/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_TREE_COMPDB_H
#define GUP_TREE_COMPDB_H

#include <stddef.h>

#include "parse.h"

/* compile_commands.json: the kernel's gen_compile_commands.py, or bear's. */
struct cdb_entry {
	char *file;		/* absolute, normalized */
	char *dir;
	struct argv args;	/* the raw command, split */
};

struct compdb {
	struct cdb_entry *v;
	int nr;
	size_t cap;
};

/* Load DIR/compile_commands.json; -1 after printing a one-line error. */
int compdb_load(struct compdb *db, const char *dir);
const struct cdb_entry *compdb_find(const struct compdb *db, const char *path);
void compdb_free(struct compdb *db);
/* Split a command line the way a POSIX shell would, without running one. */
int split_command(const char *cmd, struct argv *out);

#endif
