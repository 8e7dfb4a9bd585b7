// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for GUP itself: nothing under mm/ is reported, whatever it
 * passes or checks.
 */
#define FOLL_WRITE	0x01
#define FOLL_TOUCH	0x02
#define FOLL_GET	0x04
#define FOLL_FORCE	0x10
#define FOLL_LONGTERM	0x10000

struct page;
struct vm_area_struct;
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
void put_page(struct page *page);

long gup_internal(struct mm_struct *mm, unsigned long start,
		  struct page **pages)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma->vm_file)
		return -22;
	return pin_user_pages(start, 1, FOLL_TOUCH | FOLL_FORCE | FOLL_LONGTERM,
			      pages);
}

long gup_get(unsigned long start, struct page **pages)
{
	long ret = get_user_pages(start, 1, FOLL_GET | FOLL_LONGTERM, pages);

	if (ret == 1)
		put_page(pages[0]);
	return ret;
}
