// SPDX-License-Identifier: GPL-2.0
/*
 * vma-filter with the pre-6.5 API: the vmas[] array filled by GUP and
 * inspected after a successful call.
 */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10
#define FOLL_LONGTERM	0x10000
#define GFP_KERNEL	0
#define EINVAL		22
#define EOPNOTSUPP	95
#define EFAULT		14
#define ENOMEM		12

struct file;
struct page;
struct mm_struct;
struct address_space;
struct inode { struct address_space *i_mapping; };
struct file { struct inode *f_inode; };
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_flags;
	struct file *vm_file;
};
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas);
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, struct vm_area_struct **vmas,
			   int *locked);
void unpin_user_pages(struct page **pages, unsigned long npages);
void put_page(struct page *page);
bool vma_is_shmem(struct vm_area_struct *vma);
bool vma_is_anonymous(struct vm_area_struct *vma);
bool is_file_hugepages(struct file *file);
void *kvmalloc_array(unsigned long n, unsigned long size, int flags);
void kvfree(const void *addr);
struct page *find_get_page(struct address_space *mapping, unsigned long i);

/*
 * A ring buffer registration: pins the user buffer for as long as the ring
 * lives, then refuses file-backed memory and buffers spanning files.
 */
int ring_pin_buffer(unsigned long ubuf, unsigned long nr_pages,
		    struct page **pages, int *npages)
{
	struct vm_area_struct **vmas = NULL;
	int i, pret, ret = -ENOMEM;

	vmas = kvmalloc_array(nr_pages, sizeof(struct vm_area_struct *),
			      GFP_KERNEL);
	if (!vmas)
		goto done;

	ret = 0;
	pret = pin_user_pages(ubuf, nr_pages, FOLL_WRITE | FOLL_LONGTERM,
			      pages, vmas);
	if (pret == nr_pages) {
		struct file *file = vmas[0]->vm_file;

		for (i = 0; i < nr_pages; i++) {
			if (vmas[i]->vm_file != file) {
				ret = -EINVAL;
				break;
			}
			if (!file)
				continue;
			if (!vma_is_shmem(vmas[i]) && !is_file_hugepages(file)) {
				ret = -EOPNOTSUPP;
				break;
			}
		}
		*npages = nr_pages;
	} else {
		ret = pret < 0 ? pret : -EFAULT;
	}
	if (ret && pret > 0)
		unpin_user_pages(pages, pret);
done:
	kvfree(vmas);
	return ret;
}

/* A single VMA returned with the page, checked for anonymous memory. */
int counter_update(struct mm_struct *mm, unsigned long vaddr)
{
	struct vm_area_struct *vma;
	struct page *page;
	long ret;

	ret = get_user_pages_remote(mm, vaddr, 1, FOLL_WRITE, &page, &vma, 0);
	if (ret <= 0)
		return -EFAULT;
	if (!vma_is_anonymous(vma)) {
		put_page(page);
		return -EINVAL;
	}
	put_page(page);
	return 0;
}

/*
 * The VMA used to find the original page in the page cache: not a
 * decision about the memory.  Not reported.
 */
int text_patch(struct mm_struct *mm, unsigned long vaddr, unsigned long idx)
{
	struct vm_area_struct *vma;
	struct page *page, *orig;
	long ret;

	ret = get_user_pages_remote(mm, vaddr, 1, FOLL_FORCE, &page, &vma, 0);
	if (ret <= 0)
		return ret;
	orig = find_get_page(vma->vm_file->f_inode->i_mapping, idx);
	put_page(page);
	return orig != 0;
}
