// SPDX-License-Identifier: GPL-2.0
/*
 * The quiet twin of vdev_dma.c: the same driver style without headers,
 * but the pages of get_user_pages_fast() are only read by the CPU, each
 * through a short-lived kernel mapping released right after: a reference
 * is what pin_user_pages.rst asks for here, and nothing is reported.
 */
static int vdev_copy_in(void *dst, const char __user *buf, size_t len)
{
	struct page **pages;
	int pages_nr, i, rc;

	pages_nr = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	pages = kcalloc(pages_nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	rc = get_user_pages_fast((unsigned long)buf, pages_nr, 0, pages);
	if (rc != pages_nr)
		goto out_put;
	for (i = 0; i < pages_nr; i++) {
		void *va = kmap_local_page(pages[i]);

		memcpy(dst + i * PAGE_SIZE, va, PAGE_SIZE);
		kunmap_local(va);
	}
	rc = 0;
out_put:
	for (i = 0; i < pages_nr && i < rc; i++)
		put_page(pages[i]);
	kfree(pages);
	return rc;
}
