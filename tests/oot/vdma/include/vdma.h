/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VDMA_H
#define VDMA_H

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

/* One user buffer mapped for the engine. */
struct vdma_xfer {
	struct device *dev;
	struct page *pages[VDMA_MAX_PAGES];
	unsigned int nr_pages;
	struct sg_table sgt;
	unsigned int ring[1 << VDMA_RING_ORDER];
};

int vdma_map_user(struct vdma_xfer *x, char __user *buf, size_t len);
int vdma_queue_user(struct vdma_xfer *x, unsigned long uaddr, size_t len);
int vdma_pin_user(struct vdma_xfer *x, unsigned long uaddr, size_t len);
/* Run one transfer on the engine and wait for it. */
int vdma_run(struct vdma_xfer *x, struct sg_table *sgt);

#endif
