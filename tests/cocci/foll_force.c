// SPDX-License-Identifier: GPL-2.0
/*
 * foll-force-pin: FOLL_FORCE on pins and long-term pins, directly and
 * through a local flags variable; never on debugger-style remote reads.
 */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10
#define FOLL_LONGTERM	0x10000

struct page;
struct mm_struct;
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);

/* A frame grabber pinning user frames for the whole capture. */
int grab_frames(unsigned long start, int nr, struct page **pages)
{
	return pin_user_pages_fast(start, nr,
				   FOLL_FORCE | FOLL_WRITE | FOLL_LONGTERM,
				   pages);
}

/* An RDMA-style region: read-only regions used FOLL_FORCE. */
int region_pin(unsigned long base, unsigned long npages,
	       struct page **list, int writable)
{
	unsigned int gup_flags = FOLL_WRITE;
	long pinned;

	if (!writable)
		gup_flags |= FOLL_FORCE;

	pinned = pin_user_pages(base, npages, gup_flags | FOLL_LONGTERM, list);
	return pinned < 0 ? pinned : 0;
}

/* The same with a ternary. */
int region_pin2(unsigned long base, unsigned long npages,
		struct page **list, int writable)
{
	unsigned int gup_flags;

	gup_flags = FOLL_WRITE;
	gup_flags |= writable ? 0 : FOLL_FORCE;
	return pin_user_pages(base, npages, gup_flags | FOLL_LONGTERM, list);
}

/* A short-term pin with FOLL_FORCE alone, from an initializer. */
int yuv_pin(unsigned long uaddr, unsigned long count, struct page **map)
{
	unsigned int flags = FOLL_FORCE;

	return pin_user_pages_unlocked(uaddr, count, map, flags);
}

/* FOLL_FORCE as the whole flags of a pin. */
int udma_pin(unsigned long uaddr, unsigned long count, struct page **map)
{
	return pin_user_pages_unlocked(uaddr, count, map, FOLL_FORCE);
}

/* Debugger-style: reading another process's text.  Not reported. */
int peek_text(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	unsigned int gup_flags = FOLL_FORCE;

	return get_user_pages_remote(mm, addr, 1, gup_flags, page, 0);
}

/* A long-term pin without FOLL_FORCE.  Not reported. */
int clean_pin(unsigned long start, int nr, struct page **pages)
{
	return pin_user_pages_fast(start, nr, FOLL_WRITE | FOLL_LONGTERM, pages);
}
