// SPDX-License-Identifier: GPL-2.0
/*
 * iov-iter-get-for-dma: iov_iter_get_pages2() and iov_iter_get_pages_alloc2()
 * (iov_iter_get_pages() and iov_iter_get_pages_alloc() before 6.0) take
 * plain references on a user-backed iterator's pages.  When those pages
 * then go to a device or to block I/O, or are written through a kernel
 * mapping, the reference had to be a pin: this is the direct I/O case
 * FOLL_PIN was made for (Documentation/core-api/pin_user_pages.rst, case
 * 1), and iov_iter_extract_pages() (6.3) is the iterator's way to pin.
 *
 * A rule of its own rather than gup-get-for-dma: whether the pages are
 * user memory at all is a question about the iterator (kernel-backed
 * ones hold no GUP reference), and the fix is a different API with a
 * release that depends on iov_iter_extract_will_pin().
 */
#include "check.h"

static const struct rule *iov_iter_get_for_dma_rule;

/*
 * The first DMA use, else a mapping the CPU writes through or keeps, else
 * a mapping of pages that are written (dirtied) elsewhere.
 */
static int first_use(const struct pages_facts *pf)
{
	int cpu = -1;

	for (int i = 0; i < pf->ndata; i++) {
		if (pf->data[i].dma)
			return i;
		if (cpu < 0 && (pf->data[i].acc == MAP_WRITE ||
				pf->data[i].acc == MAP_KEPT))
			cpu = i;
	}
	if (cpu < 0 && pf->ndata && pf->nwr)
		cpu = 0;
	return cpu;
}

static void add_iter_note(struct tu_facts *tf, struct finding *f,
			  const struct iter_facts *it)
{
	if (!it->by && it->how)
		add_related(f, tf->path, ast_pos(it->arg).line,
			    ast_pos(it->arg).col, "'%s' is %s, and some of "
			    "them pass a user-backed iterator", it->key, it->how);
	else if (!it->by)
		add_related(f, tf->path, ast_pos(it->arg).line,
			    ast_pos(it->arg).col, "nothing in this function "
			    "shows '%s' is kernel-backed (bvec, kvec, xarray, "
			    "folioq)", it->key);
	else
		add_related(f, tf->path, it->line, it->col, "'%s' is %s %s() "
			    "here, and may still be user-backed", it->key,
			    it->how, it->by);
}

static void match_iov_get(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	const struct pages_facts *pf;
	const struct data_use *u;
	struct iter_facts it;
	struct finding *f;
	int first;

	if (!g->api->iter || g->api->kind != GUP_GET || g->api->maybe_pin)
		return;
	pf = pages_of(tf, g);
	if (pf->mixed || (first = first_use(pf)) < 0)
		return;
	iter_facts_at(tf, g, &it);
	if (clang_Cursor_isNull(it.arg) || !(it.kinds & IT_USER)) {
		iter_facts_free(&it);
		return;
	}
	u = &pf->data[first];
	f = report(rc, iov_iter_get_for_dma_rule, SEV_WARNING, g,
		   "pages from %s() reach %s(): a user-backed iterator's "
		   "pages %s need a pin, not a reference; use "
		   "iov_iter_extract_pages() and unpin them when "
		   "iov_iter_extract_will_pin()", g->api->name, u->fn,
		   u->dma ? "used by DMA or I/O" :
		   "written through a kernel mapping");
	if (!u->dma && u->acc != MAP_WRITE && u->acc != MAP_KEPT)
		finding_reading(f, "the pages are written elsewhere; that the "
				"write goes through this mapping is read from "
				"that");
	add_iter_note(tf, f, &it);
	add_data_uses(f, tf->path, pf);
	fix_get_to_extract(rc, f, g, &it);
	iter_facts_free(&it);
}

void check_iov_iter_get_for_dma(void)
{
	iov_iter_get_for_dma_rule = add_rule("iov-iter-get-for-dma", SEV_WARNING,
		"iov_iter_get_pages*() references used for DMA or written",
		match_iov_get);
}
