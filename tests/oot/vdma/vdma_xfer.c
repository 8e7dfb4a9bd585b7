// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's card-to-host path as many vendor drivers still write it:
 * references on the user buffer with the old "write" argument as a
 * literal, the pages handed to the device through a scatterlist.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vdma.h"

int vdma_map_user(struct vdma_xfer *x, char __user *buf, size_t len)
{
	unsigned long first = (unsigned long)buf >> PAGE_SHIFT;
	unsigned long last = ((unsigned long)buf + len - 1) >> PAGE_SHIFT;
	unsigned int pages_nr = last - first + 1;
	struct scatterlist *sg;
	unsigned int i;
	int rv;

	if (pages_nr > VDMA_MAX_PAGES)
		return -EINVAL;
	rv = get_user_pages_fast((unsigned long)buf, pages_nr, 1 /* write */,
				 x->pages);
	if (rv < 0)
		return rv;
	if (rv != pages_nr) {
		pages_nr = rv;
		rv = -EFAULT;
		goto out_put;
	}
	rv = sg_alloc_table(&x->sgt, pages_nr, GFP_KERNEL);
	if (rv)
		goto out_put;
	for_each_sg(x->sgt.sgl, sg, pages_nr, i)
		sg_set_page(sg, x->pages[i], PAGE_SIZE, 0);
	if (!dma_map_sg(x->dev, x->sgt.sgl, x->sgt.nents, DMA_FROM_DEVICE)) {
		rv = -EIO;
		goto out_free;
	}
	x->nr_pages = pages_nr;
	return 0;

out_free:
	sg_free_table(&x->sgt);
out_put:
	for (i = 0; i < pages_nr; i++)
		put_page(x->pages[i]);
	return rv;
}
