/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_GUPAPI_H
#define GUP_FACTS_GUPAPI_H

#include <stdbool.h>
#include <stdint.h>

/*
 * What the checker knows about GUP itself: the entry points, the calls that
 * release what they return, and the FOLL_* flag values of the tree being
 * audited.  This is data, kept in one place; argument positions and flag
 * values are learned from the audited code whenever it shows them.
 */

enum gup_kind { GUP_GET, GUP_PIN };

struct gup_api {
	const char *name;
	enum gup_kind kind;
	bool remote;		/* works on another mm */
	const char *implied;	/* FOLL_* the API adds itself, or NULL */
	bool touch;		/* adds FOLL_TOUCH itself (trees before 6.3) */
	/*
	 * Positions used only when the callee's prototype is not visible
	 * (-1: absent).  Keyed by argument count, newest signature first.
	 */
	struct { signed char nargs, flags, pages, vmas; } pos[3];
	/*
	 * Takes its pages from an iov_iter argument: FOLL_WRITE follows the
	 * iterator's direction, and a kernel-backed iterator (bvec, kvec,
	 * xarray, folioq) holds no user memory at all.
	 */
	bool iter;
	/*
	 * Pins only where iov_iter_extract_will_pin() says so (a user-backed
	 * iterator) and takes nothing otherwise: the kind above is the
	 * user-backed case.
	 */
	bool maybe_pin;
};

const struct gup_api *gup_api_lookup(const char *name);
/* Is @tok the name of an entry point?  Used by the prefilter too. */
extern const char *const gup_api_names[];

enum release_kind { REL_PUT, REL_UNPIN };

struct release_fn {
	const char *name;
	enum release_kind kind;
	bool array;		/* takes the pages array, not one page */
	const char *swap;	/* the mechanical replacement, or NULL */
};

const struct release_fn *release_lookup(const char *name);

/* FOLL_* names and values of one tree (or one self-contained file). */
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
