// SPDX-License-Identifier: GPL-2.0
/*
 * A vendor driver's transfer path as it is often met outside a kernel
 * tree: no #include of its own (its build system passes a prefix
 * header), a "char __user *" parameter, the old literal flags, and the
 * pages of get_user_pages_fast() put into a scatterlist that the device
 * writes by DMA.  Parsed without any kernel header, this is reported as
 * with them: foll-literal and gup-get-for-dma, marked as from a degraded
 * parse.
 */
struct vdev_xfer {
	struct device *dev;
	struct sg_table sgt;
	struct page **pages;
	int nr_pages;
};

static int vdev_xfer_map(struct vdev_xfer *x, char __user *buf, size_t len)
{
	struct scatterlist *sg;
	struct page **pages;
	int pages_nr, i, rc;

	pages_nr = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	pages = kcalloc(pages_nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	rc = get_user_pages_fast((unsigned long)buf, pages_nr, 1 /* write */, pages);
	if (rc != pages_nr)
		goto out_put;
	rc = sg_alloc_table(&x->sgt, pages_nr, GFP_KERNEL);
	if (rc)
		goto out_put;
	for_each_sg(x->sgt.sgl, sg, pages_nr, i)
		sg_set_page(sg, pages[i], PAGE_SIZE, 0);
	if (!dma_map_sg(x->dev, x->sgt.sgl, pages_nr, DMA_FROM_DEVICE)) {
		rc = -EIO;
		goto out_free;
	}
	x->pages = pages;
	x->nr_pages = pages_nr;
	return 0;
out_free:
	sg_free_table(&x->sgt);
out_put:
	for (i = 0; i < rc; i++)
		put_page(pages[i]);
	kfree(pages);
	return rc < 0 ? rc : -EFAULT;
}
