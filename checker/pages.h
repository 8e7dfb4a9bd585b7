/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_PAGES_H
#define GUP_PAGES_H

#include "facts.h"

/*
 * Where the pages a GUP call fills go, within its function: the calls
 * that release them, and whether they escape into something longer-lived.
 */
struct release_use {
	const struct release_fn *fn;
	CXCursor call;
	unsigned line, col;
	unsigned off, len;	/* the callee name, for renaming */
	bool main;
};

/* A use of the pages' data: DMA, block I/O, a kernel mapping. */
struct data_use {
	char *fn;		/* the function called */
	bool dma;		/* DMA or I/O, not a CPU mapping */
	unsigned line, col;
};

/*
 * What happens to @g's pages in its function, scanned once and kept with
 * the call: the name the array is reached through ("pages",
 * "umem->pages"; NULL without one), its releases, the uses of its data,
 * and whether it leaves the function (stored in a field of a non-local
 * object or a global, returned, or owned by such an object already).
 */
struct pages_facts {
	char *key;
	struct release_use *rel;
	int nrel;
	struct data_use *data;
	int ndata;
	bool escape;
};

const struct pages_facts *pages_of(struct tu_facts *tf, struct gup_call *g);
void pages_facts_free(struct pages_facts *pf);

#endif
