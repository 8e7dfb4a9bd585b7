// SPDX-License-Identifier: GPL-2.0
/*
 * foll-literal: flags not built from FOLL_* names.
 */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10
#define READ		0

struct page;
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);

/* A camera buffer object: the old "write" argument as the literal 1. */
int bo_get_user(unsigned long userptr, int pgnr, struct page **pages)
{
	return get_user_pages_fast(userptr, pgnr, 1, pages);
}

/* A literal whose meaning depends on the kernel version. */
int odd_flags(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, 0x10, pages);
}

/* A boolean parameter passed as the flags. */
int fault_one(unsigned long addr, bool write, struct page **page)
{
	return get_user_pages(addr, 1, write, page);
}

/* A comparison passed as the flags. */
int tape_map(unsigned long uaddr, int nr, int rw, struct page **pages)
{
	return pin_user_pages_fast(uaddr, nr, rw != READ, pages);
}

/* Fine: 0, FOLL_* names, and a ternary of them.  Not reported. */
int fine_flags(unsigned long addr, int write, struct page **pages)
{
	int ret;

	ret = pin_user_pages_fast(addr, 1, 0, pages);
	if (ret < 0)
		return ret;
	ret = get_user_pages_fast(addr, 1, write ? FOLL_WRITE : 0, pages);
	if (ret < 0)
		return ret;
	return get_user_pages_fast(addr, 1, write != -1 ? FOLL_WRITE : 0, pages);
}
