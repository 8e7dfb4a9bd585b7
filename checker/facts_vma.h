/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_FACTS_VMA_H
#define GUP_FACTS_VMA_H

#include "facts.h"

/*
 * VMA inspection around GUP calls: where a function reads the nature of
 * a VMA (vm_file, vma_is_*(), kind bits of vm_flags, "same file") in a
 * decision, where that VMA comes from, and on which path relative to a
 * GUP call of the same range the decision sits.
 */

enum pred_kind {
	PRED_NATURE,		/* anonymous/file/shmem/hugetlb/DAX/same file */
	PRED_PFNMAP,		/* VM_IO / VM_PFNMAP: memory GUP cannot return */
};

enum vma_path {
	PATH_BEFORE,		/* before the GUP call, deciding whether to pin */
	PATH_SUCCESS,		/* after the call, where GUP succeeded */
	PATH_FAILURE,		/* after the call, only where GUP failed */
};

struct vma_check {
	int gup;		/* index into tu_facts.gups */
	int fn;			/* the function holding the predicate */
	enum pred_kind kind;
	enum vma_path path;
	char *what;		/* "vm_file", "vma_is_shmem()", "VM_SHARED" ... */
	unsigned line, col;	/* the predicate */
	char *source;		/* "the vmas array", "vma_lookup()" ... */
	unsigned src_line, src_col;
	char *consequence;	/* "returns", "jumps to done", "skips the VMA" */
	unsigned cons_line, cons_col;
	int via_call;		/* call site of the helper in the GUP caller, or -1 */
	unsigned via_line, via_col;
	CXCursor stmt;		/* the if statement deciding */
};

struct vma_checks {
	struct vma_check *v;
	int nr;
	size_t cap;
};

void vma_find_checks(struct tu_facts *tf, struct vma_checks *out);
/* The checks of @tf, computed once and kept in it. */
const struct vma_checks *vma_checks_of(struct tu_facts *tf);
void vma_checks_free(struct vma_checks *vc);

#endif
