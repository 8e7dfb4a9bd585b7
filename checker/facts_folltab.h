/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_FOLLTAB_H
#define GUP_FACTS_FOLLTAB_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The FOLL_* flag values of the tree being audited (or of one
 * self-contained file), learned from the code that defines them.
 */
struct foll_flag {
	char name[40];
	uint64_t value;
};

struct foll_table {
	struct foll_flag *v;
	int nr;
	size_t cap;
	uint64_t internal;	/* INTERNAL_GUP_FLAGS, when the tree has it */
	bool has_internal;
};

/* Learn #define FOLL_X ... and enum { FOLL_X = ... } from C text. */
void foll_table_scan(struct foll_table *t, const char *text);
/* Fill the table with the newest layout when nothing was learned. */
void foll_table_default(struct foll_table *t);
void foll_table_copy(struct foll_table *dst, const struct foll_table *src);
void foll_table_free(struct foll_table *t);
bool foll_lookup(const struct foll_table *t, const char *name, uint64_t *val);
uint64_t foll_bit(const struct foll_table *t, const char *name);
const char *foll_name(const struct foll_table *t, uint64_t bit);
/* "FOLL_WRITE | FOLL_LONGTERM" for @bits, or NULL when a bit has no name. */
char *foll_spell(const struct foll_table *t, uint64_t bits);
/* Flags a caller must never pass, as a mask for this tree. */
uint64_t foll_internal_mask(const struct foll_table *t);

#endif
