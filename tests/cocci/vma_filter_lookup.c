// SPDX-License-Identifier: GPL-2.0
/*
 * vma-filter with VMA lookups: before the call on the range being pinned,
 * and after it on the success path.  Failure-path fallbacks and PFN-map
 * routing are legitimate and not reported.
 */
#define FOLL_WRITE	0x01
#define FOLL_LONGTERM	0x100
#define VM_SHARED	0x08
#define VM_MAYEXEC	0x40
#define VM_IO		0x4000
#define VM_PFNMAP	0x400
#define EPERM		1
#define EFAULT		14
#define EACCES		13
#define EOPNOTSUPP	95
#define PAGE_SHIFT	12
#define HPAGE_SHIFT	21

struct file;
struct page;
struct mm_struct;
struct vma_iterator { unsigned long index; };
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_flags;
	struct file *vm_file;
};
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
void unpin_user_pages(struct page **pages, unsigned long npages);
bool vma_is_dax(struct vm_area_struct *vma);
bool is_vm_hugetlb_page(struct vm_area_struct *vma);
int follow_pfn(struct vm_area_struct *vma, unsigned long addr,
	       unsigned long *pfn);
int map_pfn_range(unsigned long addr, unsigned long n);

/*
 * A GPU userptr object restricted to anonymous memory: the VMA is checked
 * before the range is pinned.
 */
int userptr_pin(struct mm_struct *mm, unsigned long userptr,
		unsigned long n, struct page **pages, unsigned int anon_only)
{
	unsigned long end = userptr + n * 4096;

	if (anon_only) {
		struct vm_area_struct *vma;

		vma = find_vma(mm, userptr);
		if (!vma || vma->vm_file || vma->vm_end < end)
			return -EPERM;
	}
	return get_user_pages(userptr, n, FOLL_WRITE, pages);
}

/* Shared mappings refused before pinning, via an initializer. */
int no_shared_pin(struct mm_struct *mm, unsigned long addr,
		  struct page **pages)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	if (!vma || (vma->vm_flags & VM_SHARED))
		return -EPERM;
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
}

/* Every VMA of the range must be anonymous. */
int probe_then_pin(struct mm_struct *mm, unsigned long addr,
		   unsigned long end, int n, struct page **pages)
{
	struct vma_iterator vmi = { addr };
	struct vm_area_struct *vma;

	for_each_vma_range(vmi, vma, end) {
		if (vma->vm_file)
			return -EFAULT;
	}
	return pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
}

/* DAX refused after a successful pin. */
int pin_no_dax(struct mm_struct *mm, unsigned long addr, int n,
	       struct page **pages)
{
	struct vm_area_struct *vma;
	int ret;

	ret = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (ret == n) {
		vma = find_vma(mm, addr);
		if (vma && vma_is_dax(vma)) {
			unpin_user_pages(pages, ret);
			return -EOPNOTSUPP;
		}
	}
	return ret;
}

/* A permission check, not the kind of memory.  Not reported. */
int enclave_add(struct mm_struct *mm, unsigned long src, struct page **page)
{
	struct vm_area_struct *vma;

	vma = find_vma(mm, src);
	if (!vma)
		return -EFAULT;
	if (!(vma->vm_flags & VM_MAYEXEC))
		return -EACCES;
	return get_user_pages(src, 1, 0, page);
}

/*
 * Fallback only when GUP failed: memory GUP can never return is looked up
 * and followed by PFN.  Not reported.
 */
int iommu_pfns(struct mm_struct *mm, unsigned long vaddr,
	       struct page **pages, unsigned long *pfn)
{
	struct vm_area_struct *vma;
	long ret;

	ret = pin_user_pages_remote(mm, vaddr, 1, FOLL_WRITE | FOLL_LONGTERM,
				    pages, 0);
	if (ret > 0)
		return 0;
	vma = vma_lookup(mm, vaddr);
	if (vma && vma->vm_flags & VM_PFNMAP)
		return follow_pfn(vma, vaddr, pfn);
	return -EFAULT;
}

/* A failure-path lookup that looks at the kind of memory.  Not reported. */
int retry_huge(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	struct vm_area_struct *vma;
	int ret;

	ret = pin_user_pages_fast(addr, 1, FOLL_WRITE, pages);
	if (ret < 0) {
		vma = vma_lookup(mm, addr);
		if (vma && is_vm_hugetlb_page(vma))
			return -EFAULT;
	}
	return ret;
}

/* PFN-mapped memory routed away from GUP.  Not reported. */
int map_or_pin(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	if (vma && (vma->vm_flags & (VM_IO | VM_PFNMAP)))
		return map_pfn_range(addr, 1);
	return pin_user_pages_fast(addr, 1, FOLL_WRITE, pages);
}

/* The VMA only sizes the translation.  Not reported. */
int vtop(struct mm_struct *mm, unsigned long vaddr, struct page **page,
	 int *shift)
{
	struct vm_area_struct *vma = find_vma(mm, vaddr);

	if (!vma)
		return -EFAULT;
	*shift = is_vm_hugetlb_page(vma) ? HPAGE_SHIFT : PAGE_SHIFT;
	return get_user_pages(vaddr, 1, FOLL_WRITE, page);
}
