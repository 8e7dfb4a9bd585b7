// SPDX-License-Identifier: GPL-2.0
/*
 * A DMA read from user memory whose API the configure step chooses:
 * pin_user_pages_fast() where it found one, references elsewhere.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

int cfgdma_map(struct device *dev, unsigned long uaddr, int nr,
	       struct page **pages, struct sg_table *sgt)
{
	int got, rv;

#ifdef CFG_HAVE_PIN_USER_PAGES
	got = pin_user_pages_fast(uaddr, nr, 0, pages);
#else
	got = get_user_pages_fast(uaddr, nr, 0, pages);
#endif
	if (got != nr)
		return got < 0 ? got : -EFAULT;
	rv = sg_alloc_table_from_pages(sgt, pages, nr, 0,
				       (unsigned long)nr << PAGE_SHIFT, GFP_KERNEL);
	if (rv)
		return rv;
	return dma_map_sgtable(dev, sgt, DMA_TO_DEVICE, 0);
}

MODULE_LICENSE("GPL");
