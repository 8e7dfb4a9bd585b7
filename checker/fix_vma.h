/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FIX_VMA_H
#define GUP_FIX_VMA_H

#include "fix.h"
#include "facts_vma.h"

/*
 * The mechanical removal of a VMA filter: the loop (or lone if) that only
 * decides on the VMAs, the declarations only it used, and a vmas array
 * that existed only for it (declaration, allocation, its NULL check, its
 * free, and the GUP argument, which becomes NULL).  Returns false, with
 * nothing added to @e, when the code does more than filter.
 */
bool vma_filter_removal(struct tu_facts *tf, const struct vma_check *v,
			struct edits *e);

#endif
