/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_KAPI_H
#define GUP_FACTS_KAPI_H

#include <stdbool.h>

#include "facts_folltab.h"

/*
 * The kernel API the checker knows by name, in one place (facts_kapi.c):
 * GUP's entry points and releases, the FOLL_* names, and the calls and
 * constants that say what code does with pages, VMAs and iterators.
 * Argument positions and flag values are learned from the audited code
 * whenever it shows them; these tables are what the names mean.
 */

/* GUP itself: the entry points and the calls that release what they return. */

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

/* The newest FOLL_* layout (empty name last), and the forbidden names. */
extern const struct foll_flag foll_newest[];
extern const char *const foll_forbidden[];

/*
 * One entry of a name table.  What @arg, @arg2 and @bits mean is said
 * by each table; every table ends with a NULL name.
 */
struct kapi_fn {
	const char *name;
	int arg;		/* the argument the table is about (-1: none) */
	int arg2;		/* a second one */
	unsigned bits;		/* the table's property of the name */
};

const struct kapi_fn *kapi_find(const struct kapi_fn *t, const char *name);

#define KAPI_DMA	1u	/* kapi_data_fns: the device accesses the data */
#define KAPI_SG		1u	/* kapi_dma_map_fns: @arg is a scatterlist */

/* What is done with pages (facts_pageuse.c, facts_pagelife.c). */
extern const struct kapi_fn kapi_data_fns[];	/* their data is accessed */
extern const struct kapi_fn kapi_dirty_fns[];	/* they were written */
extern const struct kapi_fn kapi_dirty_release_fns[];	/* make_dirty arg */
extern const struct kapi_fn kapi_sg_fill_fns[];	/* arg: sg, arg2: pages */
extern const struct kapi_fn kapi_dma_map_fns[];	/* arg: obj, arg2: dir */
extern const struct kapi_fn kapi_publish_fns[];	/* object reachable */
extern const struct kapi_fn kapi_fill_fns[];	/* array filled, not GUP */

/* Kernel mappings of pages (facts_kmap.c). */
extern const struct kapi_fn kapi_copy_fns[];	/* arg: written (-1) */
extern const struct kapi_fn kapi_unmap_fns[];

/* VMAs (facts_vmasrc.c). */
extern const struct kapi_fn kapi_vma_nature_fns[];
extern const struct kapi_fn kapi_file_nature_fns[];
extern const struct kapi_fn kapi_vma_lookup_fns[];
extern const struct kapi_fn kapi_vm_kind_bits[];	/* what it is */
extern const struct kapi_fn kapi_vm_pfn_bits[];

/* MMU notifier registrations (check_foll_missing.c): arg: subscription. */
extern const struct kapi_fn kapi_notifier_fns[];

/* The kinds of iov_iter (facts_iter.c); the tables' @bits are sets of them. */
enum iter_kind {
	IT_IOVEC = 1 << 0, IT_UBUF = 1 << 1, IT_KVEC = 1 << 2,
	IT_BVEC = 1 << 3, IT_XARRAY = 1 << 4, IT_PIPE = 1 << 5,
	IT_DISCARD = 1 << 6, IT_FOLIOQ = 1 << 7,
};
#define IT_USER (IT_IOVEC | IT_UBUF)	/* user_backed_iter() */
#define IT_ALL 0xffu

extern const struct kapi_fn kapi_iter_tests[];	/* true for these kinds */
extern const struct kapi_fn kapi_iter_types[];	/* ITER_* constants */
extern const struct kapi_fn kapi_iter_builders[];	/* arg: the iterator */

#endif
