// SPDX-License-Identifier: GPL-2.0
/*
 * gup-get-for-dma: get_user_pages*() takes a reference for struct page
 * work.  pin_user_pages.rst asks for a pin (FOLL_PIN) when a device or
 * direct I/O accesses the pages' data (its Cases 1 and 2) and when the
 * CPU writes it (Case 5); otherwise GUP cannot tell the page is in use,
 * and fork, reclaim and writeback treat it as free.  A short CPU read
 * through a kernel mapping, released right after, needs no pin.
 *
 * So: device access is reported; a kernel mapping is reported when it is
 * written through, kept beyond its function, or handed to code not
 * followed while FOLL_WRITE says the pages are written.  Debugger-style
 * access to another mm, which mm's own __access_remote_vm() does with a
 * reference, is a note when it writes.  A call whose flags may contain
 * FOLL_FORCE says it is debugger access: only device access counts.
 */
#include "check.h"

static const struct rule *gup_get_for_dma_rule;

/* Does this CPU mapping count as a write of the pages' data? */
static bool cpu_writes(const struct data_use *u, bool may_write, bool dirtied)
{
	return u->acc == MAP_KEPT || u->acc == MAP_WRITE ||
	       (u->acc == MAP_UNSEEN && may_write) || dirtied;
}

/* The use that decides the finding: DMA first, then the strongest write. */
static const struct data_use *deciding(const struct pages_facts *pf,
				       bool may_write, bool cpu)
{
	const struct data_use *best = NULL;

	for (int i = 0; i < pf->ndata; i++) {
		const struct data_use *u = &pf->data[i];

		if (u->dma)
			return u;
		if (!cpu || !cpu_writes(u, may_write, pf->nwr > 0))
			continue;
		if (!best || u->acc > best->acc)
			best = u;
	}
	return best;
}

static struct finding *say(struct rule_ctx *rc, struct gup_call *g,
			   const struct pages_facts *pf,
			   const struct data_use *u, bool debugger)
{
	const char *api = g->api->name;
	const char *how = u->how ? u->how :
			  pf->nwr ? pf->wr[0].how : "FOLL_WRITE";

	if (u->dma)
		return report(rc, gup_get_for_dma_rule, SEV_WARNING, g,
			      "pages from %s() reach %s(): data access by DMA "
			      "or I/O needs a pin, use pin_user_pages*() and "
			      "unpin_user_page*()", api, u->fn);
	if (debugger)
		return report(rc, gup_get_for_dma_rule, SEV_NOTE, g,
			      "pages from %s() are written by the CPU through "
			      "%s() (%s) under a reference: debugger-style "
			      "access to another mm, as mm's own "
			      "__access_remote_vm() does it; Case 5 of "
			      "pin_user_pages.rst would want a pin", api, u->fn,
			      how);
	if (u->acc == MAP_KEPT)
		return report(rc, gup_get_for_dma_rule, SEV_WARNING, g,
			      "pages from %s() reach %s() and %s: a long-lived "
			      "kernel mapping of their data needs a pin, use "
			      "pin_user_pages*() and unpin_user_page*()", api,
			      u->fn, how);
	if (u->acc == MAP_UNSEEN && !pf->nwr)
		return report(rc, gup_get_for_dma_rule, SEV_WARNING, g,
			      "pages from %s() reach %s(): %s, and FOLL_WRITE "
			      "says their data is written; a CPU write needs a "
			      "pin, use pin_user_pages*() and unpin_user_page*()",
			      api, u->fn, how);
	return report(rc, gup_get_for_dma_rule, SEV_WARNING, g,
		      "pages from %s() reach %s(): the CPU writes their data "
		      "through a kernel mapping (%s), which needs a pin, use "
		      "pin_user_pages*() and unpin_user_page*()", api, u->fn,
		      u->acc == MAP_WRITE || !pf->nwr ? how : pf->wr[0].how);
}

static void match_get_for_dma(struct rule_ctx *rc, struct gup_call *g)
{
	struct tu_facts *tf = rc->tf;
	uint64_t force = foll_bit(tf->ft, "FOLL_FORCE");
	uint64_t wr = foll_bit(tf->ft, "FOLL_WRITE");
	const struct pages_facts *pf;
	const struct data_use *u;
	struct finding *f;
	bool debugger;

	if (g->api->kind != GUP_GET)
		return;
	if (g->api->iter)	/* iov-iter-get-for-dma's, with the iterator */
		return;
	pf = pages_of(tf, g);
	if (pf->mixed)
		return;
	u = deciding(pf, g->legacy_write || (wr && fs_may(&g->flags, wr)),
		     !(force && fs_may(&g->flags, force)));
	if (!u)
		return;
	debugger = !u->dma && pages_debugger_style(tf, g);
	f = say(rc, g, pf, u, debugger);
	finding_needs_absent(f, force);
	if (!u->dma && u->acc == MAP_UNSEEN)
		finding_reading(f, "the mapped address goes to code not "
				"followed; that it is written is read from "
				"FOLL_WRITE");
	add_data_uses(f, tf->path, pf);
	if (u->how && (u->how_line != u->line || u->how_col != u->col))
		add_related(f, tf->path, u->how_line, u->how_col, "%s here",
			    u->how);
	if (debugger)
		fix_attach(rc, f, &(struct edits){ 0 }, "mm's own "
			   "access_process_vm() writes through a reference "
			   "like this; switch to pin_user_pages_remote() only "
			   "together with mm");
	else
		fix_get_to_pin(rc, f, g);
}

void check_gup_get_for_dma(void)
{
	gup_get_for_dma_rule = add_rule("gup-get-for-dma", SEV_WARNING,
		"get_user_pages*() pages used for DMA or written through a "
		"kernel mapping", match_get_for_dma);
}
