// SPDX-License-Identifier: GPL-2.0
/*
 * gup-release-mismatch: pins released with put_page()/release_pages(),
 * references released with unpin_user_page*().
 */
#define FOLL_WRITE	0x01
#define FOLL_LONGTERM	0x10000

struct page;
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
void put_page(struct page *page);
void release_pages(struct page **pages, int nr);
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty);
int do_dma(struct page **pages, int n);

/* A log page pinned, then dropped with put_page(). */
int log_write(unsigned long log)
{
	struct page *page;
	int r;

	r = pin_user_pages_fast(log, 1, FOLL_WRITE, &page);
	if (r < 0)
		return r;
	r = do_dma(&page, 1);
	put_page(page);
	return r;
}

/* A pinned array released page by page with put_page(). */
int map_user(unsigned long addr, int n, struct page **pages)
{
	int i, got;

	got = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	do_dma(pages, got);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}

/* A pinned array released with release_pages(). */
int map_user2(unsigned long addr, int n, struct page **pages)
{
	int got;

	got = pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (got < 0)
		return got;
	do_dma(pages, got);
	release_pages(pages, got);
	return 0;
}

/* Pages from get_user_pages_fast() unpinned. */
int peek_user(unsigned long addr, int n, struct page **pages)
{
	int got;

	got = get_user_pages_fast(addr, n, 0, pages);
	if (got <= 0)
		return got;
	unpin_user_pages(pages, got);
	return 0;
}

/* Matching releases.  Not reported. */
int good_pairs(unsigned long addr, int n, struct page **pages)
{
	struct page *one;
	int got;

	got = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);
	if (got > 0)
		unpin_user_pages_dirty_lock(pages, got, true);
	if (get_user_pages_fast(addr, 1, 0, &one) == 1)
		put_page(one);
	return 0;
}
