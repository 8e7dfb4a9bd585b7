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

/* The releases of @g's pages in @g's function; caller frees *out. */
int pages_releases(struct tu_facts *tf, const struct gup_call *g,
		   struct release_use **out);
/* A use of the pages' data: DMA, block I/O, a kernel mapping. */
struct data_use {
	char *fn;		/* the function called */
	bool dma;		/* DMA or I/O, not a CPU mapping */
	unsigned line, col;
};

/* The data uses of @g's pages in its function; caller frees with data_uses_free. */
int pages_data_uses(struct tu_facts *tf, const struct gup_call *g,
		    struct data_use **out);
void data_uses_free(struct data_use *u, int n);

/* The name the pages array is reached through ("pages", "umem->pages"). */
char *pages_key(struct tu_facts *tf, const struct gup_call *g);
/* Do @g's pages leave the function (stored in a field or global, returned)? */
bool pages_escape(struct tu_facts *tf, const struct gup_call *g);

#endif
