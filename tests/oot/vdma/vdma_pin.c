// SPDX-License-Identifier: GPL-2.0
/*
 * The pinning path done right, behind the module's own wrapper macros
 * (vdma_pin.h: the pinning API of each kernel version): the pin asks for
 * FOLL_WRITE because the device writes into the buffer (this object's
 * CFLAGS in Kbuild), and is released, dirtied, once the transfer is
 * done.  This file names no GUP function itself.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include <vdma.h>
#include <vdma_pin.h>

int vdma_pin_user(struct vdma_xfer *x, unsigned long uaddr, size_t len)
{
	unsigned int nr = DIV_ROUND_UP(offset_in_page(uaddr) + len, PAGE_SIZE);
	struct page **pages;
	struct scatterlist *sg;
	struct sg_table sgt;
	unsigned int i;
	int got, rv;

	if (nr > VDMA_MAX_PAGES)
		return -EINVAL;
	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	got = VDMA_PIN_PAGES(uaddr & PAGE_MASK, nr, VDMA_PIN_FLAGS, pages);
	if (got < 0) {
		kfree(pages);
		return got;
	}
	if (got != nr) {
		rv = -EFAULT;
		goto out_unpin;
	}
	rv = sg_alloc_table(&sgt, nr, GFP_KERNEL);
	if (rv)
		goto out_unpin;
	for_each_sg(sgt.sgl, sg, nr, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
	if (dma_map_sg(x->dev, sgt.sgl, sgt.nents, DMA_FROM_DEVICE)) {
		rv = vdma_run(x, &sgt);
		dma_unmap_sg(x->dev, sgt.sgl, sgt.nents, DMA_FROM_DEVICE);
	} else {
		rv = -EIO;
	}
	sg_free_table(&sgt);
out_unpin:
	VDMA_UNPIN_PAGES(pages, got, true);
	kfree(pages);
	return rv;
}
