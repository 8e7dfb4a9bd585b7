// SPDX-License-Identifier: GPL-2.0
/*
 * Host-to-card: the user buffer is pinned for the device to read, for
 * the time of one synchronous transfer, through the compat header, whose
 * "#ifndef FOLL_PIN" shim decides what pin_user_pages_fast() and
 * unpin_user_page() really are.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include "vdma.h"
#include "vdma_compat.h"

int vdma_queue_user(struct vdma_xfer *x, unsigned long uaddr, size_t len)
{
	unsigned int nr = DIV_ROUND_UP(offset_in_page(uaddr) + len, PAGE_SIZE);
	struct page **pages;
	struct sg_table sgt;
	int got, rv, i;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr & PAGE_MASK, nr, 0, pages);
	if (got != nr) {
		rv = got < 0 ? got : -EFAULT;
		goto out_unpin;
	}
	rv = sg_alloc_table_from_pages(&sgt, pages, nr, offset_in_page(uaddr),
				       len, GFP_KERNEL);
	if (rv)
		goto out_unpin;
	rv = vdma_sg_map(x->dev, &sgt, DMA_TO_DEVICE);
	if (!rv) {
		rv = vdma_run(x, &sgt);
		dma_unmap_sgtable(x->dev, &sgt, DMA_TO_DEVICE, 0);
	}
	sg_free_table(&sgt);
out_unpin:
	for (i = 0; i < got; i++)
		unpin_user_page(pages[i]);
	kfree(pages);
	return rv;
}
