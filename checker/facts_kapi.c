// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel API the checker knows by name: every table of kernel
 * functions, macros and constants, in one place.  Each says what a name
 * means to the facts; the code that reads a call decides the rest.
 *
 * GUP entry points cover v4.9 to today.  Their argument positions below
 * are a fallback only: facts.c reads the callee's own prototype (from the
 * tree's include/linux/mm.h, or a fixture's stand-in) and finds the flags,
 * pages and vmas parameters by name, so the vmas argument of trees before
 * 6.5 and the old write/force pair are handled as the tree declares them.
 *
 * The iov_iter entry points take no FOLL_* flags: iov_iter_get_pages2()
 * and iov_iter_get_pages_alloc2() (iov_iter_get_pages() and
 * iov_iter_get_pages_alloc() before 6.0) take references, FOLL_WRITE
 * when the iterator is a destination; iov_iter_extract_pages() (6.3)
 * pins a user-backed iterator's pages and takes nothing on a kernel-backed
 * one; bio_iov_iter_get_pages() does either into a bio, as its tree's
 * block layer does, and hands no pages array back.  memfd_pin_folios()
 * (6.11) is a long-term pin of a memfd's folios; folio_add_pins() adds
 * pins to a folio that already has one.
 */
#include <stddef.h>
#include <string.h>

#include "facts_kapi.h"
#include "util.h"

/* GUP */

#define P(n, f, p, v) { n, f, p, v }

/* name, kind, remote, implied, touch, { positions }, iter, maybe_pin */

static const struct gup_api apis[] = {
	{ "get_user_pages", GUP_GET, false, NULL, true,
	  { P(4, 2, 3, -1), P(5, 2, 3, 4) }, false, false },
	{ "get_user_pages_fast", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "get_user_pages_fast_only", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "__get_user_pages_fast", GUP_GET, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "get_user_pages_unlocked", GUP_GET, false, NULL, true,
	  { P(4, 3, 2, -1) }, false, false },
	{ "get_user_pages_locked", GUP_GET, false, NULL, true,
	  { P(5, 2, 3, -1) }, false, false },
	{ "get_user_pages_longterm", GUP_GET, false, "FOLL_LONGTERM", true,
	  { P(5, 2, 3, 4) }, false, false },
	{ "get_user_pages_remote", GUP_GET, true, NULL, true,
	  { P(6, 3, 4, -1), P(7, 3, 4, 5), P(8, 4, 5, 6) }, false, false },
	{ "get_user_page_vma_remote", GUP_GET, true, NULL, false,
	  { P(4, 2, -1, -1) }, false, false },
	{ "get_user_page_fast_only", GUP_GET, false, NULL, false,
	  { P(3, 1, 2, -1) }, false, false },
	{ "pin_user_pages", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1), P(5, 2, 3, 4) }, false, false },
	{ "pin_user_pages_fast", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "pin_user_pages_fast_only", GUP_PIN, false, NULL, false,
	  { P(4, 2, 3, -1) }, false, false },
	{ "pin_user_pages_unlocked", GUP_PIN, false, NULL, true,
	  { P(4, 3, 2, -1) }, false, false },
	{ "pin_user_pages_locked", GUP_PIN, false, NULL, false,
	  { P(5, 2, 3, -1) }, false, false },
	{ "pin_user_pages_remote", GUP_PIN, true, NULL, true,
	  { P(6, 3, 4, -1), P(7, 3, 4, 5) }, false, false },
	{ "iov_iter_get_pages2", GUP_GET, false, "FOLL_WRITE", false,
	  { P(5, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages_alloc2", GUP_GET, false, "FOLL_WRITE", false,
	  { P(4, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages", GUP_GET, false, "FOLL_WRITE", false,
	  { P(5, -1, 1, -1) }, true, false },
	{ "iov_iter_get_pages_alloc", GUP_GET, false, "FOLL_WRITE", false,
	  { P(4, -1, 1, -1) }, true, false },
	{ "iov_iter_extract_pages", GUP_PIN, false, "FOLL_WRITE", false,
	  { P(6, -1, 1, -1) }, true, true },
	{ "bio_iov_iter_get_pages", GUP_PIN, false, "FOLL_WRITE", false,
	  { P(2, -1, -1, -1) }, true, true },
	{ "memfd_pin_folios", GUP_PIN, false, "FOLL_LONGTERM", false,
	  { P(6, -1, 3, -1) }, false, false },
	{ "folio_add_pins", GUP_PIN, false, NULL, false,
	  { P(2, -1, 0, -1) }, false, false },
};

/* Substrings every entry point's name contains: the prefilter's needles. */
const char *const gup_api_names[] = {
	"get_user_page", "pin_user_pages", "iov_iter_get_pages",
	"iov_iter_extract_pages", "memfd_pin_folios", "folio_add_pins", NULL
};

const struct gup_api *gup_api_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(apis); i++)
		if (strcmp(apis[i].name, name) == 0)
			return &apis[i];
	return NULL;
}

static const struct release_fn releases[] = {
	{ "put_page", REL_PUT, false, "unpin_user_page" },
	{ "release_pages", REL_PUT, true, "unpin_user_pages" },
	{ "folio_put", REL_PUT, false, NULL },
	{ "__free_pages", REL_PUT, false, NULL },	/* __free_page() */
	{ "put_user_page", REL_UNPIN, false, "put_page" },
	{ "put_user_pages", REL_UNPIN, true, "release_pages" },
	{ "put_user_pages_dirty_lock", REL_UNPIN, true, NULL },
	{ "unpin_user_page", REL_UNPIN, false, "put_page" },
	{ "unpin_user_pages", REL_UNPIN, true, "release_pages" },
	{ "unpin_user_pages_dirty_lock", REL_UNPIN, true, NULL },
	{ "unpin_user_page_range_dirty_lock", REL_UNPIN, false, NULL },
	{ "unpin_folio", REL_UNPIN, false, "folio_put" },
	{ "unpin_folios", REL_UNPIN, true, NULL },
	{ "unpin_user_folio", REL_UNPIN, false, NULL },
};

const struct release_fn *release_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(releases); i++)
		if (strcmp(releases[i].name, name) == 0)
			return &releases[i];
	return NULL;
}

/* FOLL_* names */

/*
 * The newest FOLL_* layout (include/linux/mm_types.h and mm/internal.h of
 * 6.12), used only for a file that neither defines the flags nor sits in a
 * tree.
 */
const struct foll_flag foll_newest[] = {
	{ "FOLL_WRITE", 1 << 0 }, { "FOLL_GET", 1 << 1 },
	{ "FOLL_DUMP", 1 << 2 }, { "FOLL_FORCE", 1 << 3 },
	{ "FOLL_NOWAIT", 1 << 4 }, { "FOLL_NOFAULT", 1 << 5 },
	{ "FOLL_HWPOISON", 1 << 6 }, { "FOLL_ANON", 1 << 7 },
	{ "FOLL_LONGTERM", 1 << 8 }, { "FOLL_SPLIT_PMD", 1 << 9 },
	{ "FOLL_PCI_P2PDMA", 1 << 10 }, { "FOLL_INTERRUPTIBLE", 1 << 11 },
	{ "FOLL_HONOR_NUMA_FAULT", 1 << 12 }, { "FOLL_TOUCH", 1 << 16 },
	{ "FOLL_TRIED", 1 << 17 }, { "FOLL_REMOTE", 1 << 18 },
	{ "FOLL_PIN", 1 << 19 }, { "FOLL_FAST_ONLY", 1 << 20 },
	{ "FOLL_UNLOCKABLE", 1 << 21 }, { "FOLL_MADV_POPULATE", 1 << 22 },
	{ "", 0 },
};

/* The flags the policy forbids callers, whatever the tree calls internal. */
const char *const foll_forbidden[] = {
	"FOLL_PIN", "FOLL_GET", "FOLL_TOUCH", "FOLL_TRIED", "FOLL_REMOTE",
	"FOLL_FAST_ONLY", "FOLL_UNLOCKABLE", "FOLL_MADV_POPULATE", NULL,
};

/* Name tables */

const struct kapi_fn *kapi_find(const struct kapi_fn *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

#define N(name) { name, -1, -1, 0 }
#define END { NULL, -1, -1, 0 }

/* What is done with pages */

/* Uses of a page that access its data; KAPI_DMA: by the device. */
const struct kapi_fn kapi_data_fns[] = {
	{ "sg_alloc_table_from_pages", -1, -1, KAPI_DMA },
	{ "sg_alloc_table_from_pages_segment", -1, -1, KAPI_DMA },
	{ "__sg_alloc_table_from_pages", -1, -1, KAPI_DMA },
	{ "sg_set_page", -1, -1, KAPI_DMA },
	{ "dma_map_page", -1, -1, KAPI_DMA },
	{ "dma_map_page_attrs", -1, -1, KAPI_DMA },
	{ "bio_add_page", -1, -1, KAPI_DMA },
	{ "bio_add_pc_page", -1, -1, KAPI_DMA },
	{ "__bio_add_page", -1, -1, KAPI_DMA },
	{ "bio_add_hw_page", -1, -1, KAPI_DMA },
	N("vm_map_ram"), N("vmap"), N("kmap"), N("kmap_local_page"),
	N("kmap_atomic"), N("page_address"), N("memcpy_from_page"),
	N("memcpy_to_page"),
	END
};

/* Calls that show the pages' contents are written. */
const struct kapi_fn kapi_dirty_fns[] = {
	N("set_page_dirty"), N("set_page_dirty_lock"), N("SetPageDirty"),
	N("folio_mark_dirty"), N("folio_mark_dirty_lock"),
	N("__set_page_dirty_nobuffers"),
	END
};

/* Releases that dirty the pages when their make_dirty argument is true. */
const struct kapi_fn kapi_dirty_release_fns[] = {
	N("unpin_user_pages_dirty_lock"), N("unpin_user_page_range_dirty_lock"),
	N("put_user_pages_dirty_lock"),
	END
};

/* Scatterlists filled from pages: @arg the sg, @arg2 the pages. */
const struct kapi_fn kapi_sg_fill_fns[] = {
	{ "sg_alloc_table_from_pages", 0, 1, 0 },
	{ "sg_alloc_table_from_pages_segment", 0, 1, 0 },
	{ "__sg_alloc_table_from_pages", 0, 1, 0 },
	{ "sg_set_page", 0, 1, 0 },
	END
};

/* DMA mappings: @arg the page or sg (KAPI_SG), @arg2 the direction. */
const struct kapi_fn kapi_dma_map_fns[] = {
	{ "dma_map_page", 1, 4, 0 },
	{ "dma_map_page_attrs", 1, 4, 0 },
	{ "dma_map_sg", 1, 3, KAPI_SG },
	{ "dma_map_sg_attrs", 1, 3, KAPI_SG },
	{ "dma_map_sgtable", 1, 2, KAPI_SG },
	{ "ib_dma_map_sg", 1, 3, KAPI_SG },
	{ "ib_dma_map_sg_attrs", 1, 3, KAPI_SG },
	{ "pci_map_sg", 1, 3, KAPI_SG },
	END
};

/* Calls that make an object reachable from elsewhere. */
const struct kapi_fn kapi_publish_fns[] = {
	N("list_add"), N("list_add_tail"), N("list_add_rcu"),
	N("list_add_tail_rcu"), N("hlist_add_head"), N("hlist_add_head_rcu"),
	N("xa_store"), N("xa_insert"), N("xa_alloc"), N("xa_alloc_cyclic"),
	N("idr_alloc"), N("idr_alloc_cyclic"), N("idr_replace"),
	N("rb_link_node"), N("hash_add"), N("hash_add_rcu"),
	N("radix_tree_insert"), N("interval_tree_insert"), N("kref_get"),
	END
};

/*
 * Calls that fill a pages array by other means than GUP.  The iov_iter
 * ones are GUP entry points of their own (above): another GUP call on
 * the same array is gup-release-mismatch's mixed_kinds() case.
 */
const struct kapi_fn kapi_fill_fns[] = {
	N("alloc_pages_bulk"), N("alloc_pages_bulk_array"),
	N("__alloc_pages_bulk"), N("alloc_pages_bulk_array_node"),
	END
};

/* Kernel mappings */

/* Copies and fills: @arg the argument they write (-1: none), the rest read. */
const struct kapi_fn kapi_copy_fns[] = {
	{ "memcpy", 0, -1, 0 }, { "__memcpy", 0, -1, 0 },
	{ "memmove", 0, -1, 0 }, { "memset", 0, -1, 0 },
	{ "memzero_explicit", 0, -1, 0 }, { "clear_page", 0, -1, 0 },
	{ "copy_page", 0, -1, 0 }, { "strscpy", 0, -1, 0 },
	{ "strncpy", 0, -1, 0 }, { "strcpy", 0, -1, 0 },
	N("memcmp"), N("strlen"), N("strnlen"),
	{ "copy_from_user", 0, -1, 0 }, { "_copy_from_user", 0, -1, 0 },
	{ "__copy_from_user", 0, -1, 0 },
	{ "__copy_from_user_inatomic", 0, -1, 0 },
	{ "raw_copy_from_user", 0, -1, 0 }, N("copy_to_user"),
	N("_copy_to_user"), N("__copy_to_user"),
	N("__copy_to_user_inatomic"), N("raw_copy_to_user"),
	{ "copy_from_iter", 0, -1, 0 }, { "_copy_from_iter", 0, -1, 0 },
	{ "copy_from_iter_full", 0, -1, 0 }, N("copy_to_iter"),
	N("_copy_to_iter"),
	/* (vma, page, vaddr, dst, src, len): the user page is dst or src. */
	{ "copy_to_user_page", 3, -1, 0 }, { "copy_from_user_page", 3, -1, 0 },
	END
};

/* Undoing a mapping: by its address, or (kunmap) by the page. */
const struct kapi_fn kapi_unmap_fns[] = {
	N("kunmap"), N("kunmap_atomic"), N("__kunmap_atomic"),
	N("kunmap_local"), N("__kunmap_local"), N("vunmap"),
	N("vm_unmap_ram"), N("unmap_and_put_page"),
	END
};

/* VMAs */

const struct kapi_fn kapi_vma_nature_fns[] = {
	N("vma_is_anonymous"), N("vma_is_shmem"), N("is_vm_hugetlb_page"),
	N("vma_is_dax"), N("vma_is_fsdax"), N("vma_is_special_huge"),
	END
};

/* Natures read from the VMA's file. */
const struct kapi_fn kapi_file_nature_fns[] = {
	N("is_file_hugepages"), N("shmem_file"), N("shmem_mapping"),
	END
};

const struct kapi_fn kapi_vma_lookup_fns[] = {
	N("find_vma"), N("vma_lookup"), N("find_vma_intersection"),
	N("find_extend_vma"), N("vma_find"), N("vma_next"),
	N("find_vma_prev"), N("find_exact_vma"),
	END
};

/* vm_flags bits that describe what the memory is, not what may be done. */
const struct kapi_fn kapi_vm_kind_bits[] = {
	N("VM_SHARED"), N("VM_MAYSHARE"), N("VM_HUGETLB"), N("VM_MIXEDMAP"),
	N("VM_DONTEXPAND"), N("VM_HUGEPAGE"), N("VM_DROPPABLE"),
	END
};

const struct kapi_fn kapi_vm_pfn_bits[] = {
	N("VM_IO"), N("VM_PFNMAP"),
	END
};

/* MMU notifier registrations: @arg the subscription (-1: returned). */
const struct kapi_fn kapi_notifier_fns[] = {
	{ "mmu_interval_notifier_insert", 0, -1, 0 },
	{ "mmu_interval_notifier_insert_locked", 0, -1, 0 },
	{ "mmu_notifier_register", 0, -1, 0 },
	{ "__mmu_notifier_register", 0, -1, 0 },
	N("mmu_notifier_get"), N("mmu_notifier_get_locked"),
	END
};

/* iov_iter kinds */

/* Type checks: @bits the kinds for which the call returns true. */
const struct kapi_fn kapi_iter_tests[] = {
	{ "iter_is_iovec", -1, -1, IT_IOVEC },
	{ "iter_is_ubuf", -1, -1, IT_UBUF },
	{ "user_backed_iter", -1, -1, IT_USER },
	{ "iov_iter_extract_will_pin", -1, -1, IT_USER },
	{ "iov_iter_is_kvec", -1, -1, IT_KVEC },
	{ "iov_iter_is_bvec", -1, -1, IT_BVEC },
	{ "iov_iter_is_xarray", -1, -1, IT_XARRAY },
	{ "iov_iter_is_pipe", -1, -1, IT_PIPE },
	{ "iov_iter_is_discard", -1, -1, IT_DISCARD },
	{ "iov_iter_is_folioq", -1, -1, IT_FOLIOQ },
	END
};

/* The ITER_* type constants, for iov_iter_type(i) == ITER_BVEC. */
const struct kapi_fn kapi_iter_types[] = {
	{ "ITER_IOVEC", -1, -1, IT_IOVEC }, { "ITER_UBUF", -1, -1, IT_UBUF },
	{ "ITER_KVEC", -1, -1, IT_KVEC }, { "ITER_BVEC", -1, -1, IT_BVEC },
	{ "ITER_XARRAY", -1, -1, IT_XARRAY }, { "ITER_PIPE", -1, -1, IT_PIPE },
	{ "ITER_DISCARD", -1, -1, IT_DISCARD },
	{ "ITER_FOLIOQ", -1, -1, IT_FOLIOQ },
	END
};

/* Builders: @bits the kinds they make, @arg the iterator (-1: any). */
const struct kapi_fn kapi_iter_builders[] = {
	{ "iov_iter_kvec", 0, -1, IT_KVEC },
	{ "iov_iter_bvec", 0, -1, IT_BVEC },
	{ "iov_iter_xarray", 0, -1, IT_XARRAY },
	{ "iov_iter_folio_queue", 0, -1, IT_FOLIOQ },
	{ "iov_iter_pipe", 0, -1, IT_PIPE },
	{ "iov_iter_discard", 0, -1, IT_DISCARD },
	{ "iov_iter_init", 0, -1, IT_IOVEC },
	{ "iov_iter_ubuf", 0, -1, IT_UBUF },
	{ "import_iovec", -1, -1, IT_USER },
	{ "__import_iovec", -1, -1, IT_USER },
	{ "import_single_range", -1, -1, IT_USER },
	{ "import_ubuf", -1, -1, IT_USER },
	END
};
