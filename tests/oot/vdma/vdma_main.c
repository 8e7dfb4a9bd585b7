// SPDX-License-Identifier: GPL-2.0
/*
 * The engine itself, reduced to what the transfer paths call: it names
 * no GUP entry point, so the checker passes over it without a parse.
 */
#include <linux/module.h>
#include <linux/scatterlist.h>

#include "vdma.h"

int vdma_run(struct vdma_xfer *x, struct sg_table *sgt)
{
	struct scatterlist *sg;
	unsigned int i, n = 0;

	for_each_sgtable_dma_sg(sgt, sg, i)
		x->ring[n++ & ((1 << VDMA_RING_ORDER) - 1)] = sg_dma_len(sg);
	return 0;
}

MODULE_DESCRIPTION("gup_policy test module: a DMA engine's user paths");
MODULE_LICENSE("GPL");
