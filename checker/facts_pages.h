/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_PAGES_H
#define GUP_FACTS_PAGES_H

#include "facts.h"

/*
 * Where the pages a GUP call fills go: through its function, into the
 * functions of the same file they are passed to, into the other functions
 * that reach the object field they are kept in, and back to the callers
 * of a function that returns them.  What a helper does with the pages
 * passed as one of its parameters is summarised once per file and reused
 * by every call that reaches it.  Every use records the function it
 * was seen in; @via is NULL in the GUP call's own function.
 */
struct release_use {
	const struct release_fn *fn;
	CXCursor call;
	unsigned line, col;
	unsigned off, len;	/* the callee name, for renaming */
	bool main;
	const char *via;	/* function it is in, when not the GUP's */
	bool shared;		/* in a helper that other pages reach too */
};

/* What is done with a kernel mapping of the pages, weakest first. */
enum map_access {
	MAP_READ,		/* loads, the source of copies */
	MAP_UNSEEN,		/* handed to a function not followed */
	MAP_WRITE,		/* stores, the destination of copies */
	MAP_KEPT,		/* the address outlives the function */
};

/* A use of the pages' data: DMA, block I/O, a kernel mapping. */
struct data_use {
	char *fn;		/* the function called */
	bool dma;		/* DMA or I/O, not a CPU mapping */
	unsigned line, col;
	const char *via;
	/* For a CPU mapping: the strongest access seen, and where. */
	enum map_access acc;
	char *how;		/* "copy_from_user() copies into it"; or NULL */
	unsigned how_line, how_col;
	bool unmapped;		/* undone in the function that maps */
	bool released;		/* the pages are released in that function */
};

/* Evidence that the pages are written: dirtied, or DMA'd into. */
struct write_use {
	char *fn;
	const char *how;	/* "dirties them", ... */
	unsigned line, col;
	const char *via;
};

/*
 * What happens to @g's pages, scanned once and kept with the call: the
 * name the array is reached through ("pages", "umem->pages"; NULL
 * without one), its releases, the uses of its data, the writes to it,
 * and whether and where it leaves the function.
 */
struct pages_facts {
	char *key;
	struct release_use *rel;
	int nrel;
	size_t rcap;
	struct data_use *data;
	int ndata;
	size_t dcap;
	struct write_use *wr;
	int nwr;
	size_t wcap;
	/* Followed into: "field:USR", "param:FN:ARG", "ret:FN". */
	char **reach;
	int nreach;
	size_t xcap;
	bool escape;		/* the array outlives the GUP's function */
	/*
	 * Kept by an object that outlives the call (a field of a parameter
	 * or global, or of a local that is returned or stored): where.
	 */
	bool kept;
	unsigned kept_line, kept_col;
	const char *kept_in;	/* function storing them; NULL: the GUP's */
	int kept_fn;		/* that function, an index into tf->fns */
	char *kept_what;	/* "umem->page_list" */
	char *kept_type;	/* the object's type, "struct umem"; NULL: unknown */
	bool unfollowed;	/* returned or passed where we cannot see */
	/*
	 * The array is also filled another way (elements assigned, an
	 * allocator, a helper that does so): its releases and uses are not
	 * this call's alone.
	 */
	bool mixed;
};

const struct pages_facts *pages_of(struct tu_facts *tf, struct gup_call *g);
void pages_facts_free(struct pages_facts *pf);
void pages_free_memo(struct tu_facts *tf);
/*
 * Do @a and @b (of two GUP calls) share a field, a helper's parameter or
 * a returning function?  Same-function sharing is by @key.
 */
bool pages_meet(const struct pages_facts *a, const struct pages_facts *b);

/*
 * Are @g's pages released in its own function on a path where the call
 * succeeded (not only in a failure branch or an error label)?
 */
bool pages_released_here(struct tu_facts *tf, struct gup_call *g);

/*
 * Debugger-style access to another mm, as mm's __access_remote_vm()
 * does it: a remote GUP call whose pages are only mapped briefly by the
 * CPU and released where they are mapped (facts_kmap.c).
 */
bool pages_debugger_style(struct tu_facts *tf, struct gup_call *g);

/*
 * The type of the object an lvalue or address like "&m->umem.notifier"
 * is rooted at ("struct mirror"), pointers looked through; NULL when it
 * is not rooted at a variable.
 */
char *pages_root_type(CXCursor e);

#endif
