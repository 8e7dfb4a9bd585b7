/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_PAGES_INT_H
#define GUP_FACTS_PAGES_INT_H

#include <stdbool.h>

#include "facts.h"
#include "facts_kapi.h"
#include "facts_pages.h"

/*
 * Inside facts_pages.c (the scan and its reach across the file), facts_pageuse.c
 * (releases, data uses and writes) and facts_pagelife.c (where the pages are
 * kept, and arrays filled another way).
 */
#define REACH_DEPTH 3	/* helpers followed by parameter, calls deep */

/* One function scanned for the pages: its keys and what it found. */
struct scan {
	struct tu_facts *tf;
	struct pages_facts *pf;
	int fn;			/* the function scanned */
	CXCursor body;
	const char *via;	/* its name, or NULL for the GUP's function */
	bool shared;		/* a helper other callers use too */
	int depth;
	const char *field;	/* USR of a field that holds the pages */
	char **keys;		/* the array and its aliases */
	int nkeys;
	size_t kcap;
	char **sg;		/* scatterlists built from the pages */
	int nsg;
	size_t scap;
	bool returned;		/* "return pages" */
	bool released;		/* the pages are released here, or by a helper */
	int data0;		/* pf->ndata when the scan began */
};
/* One call reached twice (own scan, then through a field) counts once. */
#define SEEN(v, n, p) ({						\
	bool _seen = false;						\
	for (int _i = 0; _i < (n) && !_seen; _i++)			\
		_seen = (v)[_i].line == (p).line && (v)[_i].col == (p).col; \
	_seen;								\
})

/* facts_pages.c */
CXCursor pg_base_of_(CXCursor e, bool calls);
char *pg_usr_of(CXCursor c);
bool pg_is_field_ref(CXCursor b, const char *usr);
bool pg_matches_(struct scan *s, CXCursor e, bool calls);
bool pg_matches(struct scan *s, CXCursor e);
bool pg_add_reach(struct pages_facts *pf, char *id);
char *pg_sub_key(CXTranslationUnit tu, char *const *keys, int nkeys,
		 CXCursor arg);
void pg_scan_init(struct scan *s, struct tu_facts *tf, struct pages_facts *pf,
		  int fn, const char *via);
void pg_scan_free(struct scan *s);
void pg_scan_fn(struct tu_facts *tf, struct pages_facts *pf, int fn,
		const char *key, const char *field, int depth, bool shared);

/* facts_pageuse.c: a call @name at @c, with @rf when it is a release. */
void pg_see_data(struct scan *s, CXCursor c, const char *name);
void pg_see_writes(struct scan *s, CXCursor c, const char *name);
void pg_see_release(struct scan *s, CXCursor c, const char *name,
		    const struct release_fn *rf);

/* facts_kmap.c: what the scanned function does with the mapping @call. */
void pg_map_access(struct scan *s, CXCursor call, const char *name,
		   struct data_use *u);

/* facts_pagelife.c */
bool pg_local_field(CXCursor lhs);
bool pg_is_page_ptr(CXCursor e);
void pg_kept_in(struct scan *s, CXCursor at, CXCursor lhs);
void pg_see_store(struct scan *s, CXCursor c);
void pg_follow_field(struct tu_facts *tf, struct pages_facts *pf,
		     const char *usr);
void pg_follow_return(struct tu_facts *tf, struct pages_facts *pf, int fn);
/* Is @e ZERO_PAGE(), or a local only ever set to it? */
bool pg_zero_page(struct tu_facts *tf, CXCursor e);
/* Is the array spelled @key in @body also filled another way there? */
bool pg_filled_otherwise(struct tu_facts *tf, CXCursor body, const char *key);

#endif
