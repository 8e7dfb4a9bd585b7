// SPDX-License-Identifier: GPL-2.0
/*
 * gup-get-for-dma: get_user_pages*() takes a reference for struct page
 * work; when the caller then reads or writes the pages' data (DMA, block
 * I/O, a kernel mapping), the reference must be a pin (FOLL_PIN), or
 * GUP cannot tell the page is in use and writeback or COW races it.
 *
 * Debugger-style access (FOLL_FORCE possible) is left alone: that is
 * what get_user_pages_remote() with FOLL_FORCE is for.
 */
#include "check.h"

static const struct rule *gup_get_for_dma_rule;

static void match_get_for_dma(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	uint64_t force = foll_bit(tf->ft, "FOLL_FORCE");
	const struct pages_facts *pf;
	const struct data_use *u;
	struct finding *f;
	int n, first = -1;

	if (g->api->kind != GUP_GET || (force && fs_may(&g->flags, force)))
		return;
	if (g->api->iter)	/* iov-iter-get-for-dma's, with the iterator */
		return;
	pf = pages_of(tf, g);
	if (pf->mixed)
		return;
	u = pf->data;
	n = pf->ndata;
	for (int i = 0; i < n && first < 0; i++)
		if (u[i].dma)
			first = i;
	if (first < 0)
		first = n ? 0 : -1;
	if (first < 0)
		return;
	f = report(rc, gup_get_for_dma_rule, SEV_WARNING, g,
		   "pages from %s() reach %s(): data access %s needs a pin, "
		   "use pin_user_pages*() and unpin_user_page*()", g->api->name,
		   u[first].fn, u[first].dma ? "by DMA or I/O" : "through a "
		   "kernel mapping");
	if (!u[first].dma)
		f->confidence = "medium";
	for (int i = 0; i < n; i++)
		add_related(f, tf->path, u[i].line, u[i].col,
			    "the pages' data is used by %s() here%s%s%s", u[i].fn,
			    u[i].via ? ", in " : "", u[i].via ? u[i].via : "",
			    u[i].via ? "()" : "");
	fix_get_to_pin(rc, f, g);
}

void check_gup_get_for_dma(void)
{
	gup_get_for_dma_rule = add_rule("gup-get-for-dma", SEV_WARNING,
		"get_user_pages*() pages used for DMA or data access",
		match_get_for_dma);
}
