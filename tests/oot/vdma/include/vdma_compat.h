/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VDMA_COMPAT_H
#define VDMA_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>

/*
 * Kernels before pin_user_pages() had no FOLL_PIN: take plain references
 * there.  (The test is wrong since 6.3, where FOLL_* are enum constants
 * and FOLL_PIN lives in mm/internal.h: this block is then always built.)
 */
#ifndef FOLL_PIN
#define pin_user_pages_fast get_user_pages_fast
#define unpin_user_page put_page
#define FOLL_LONGTERM 0
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
#define vdma_sg_map(dev, sgt, dir) dma_map_sgtable(dev, sgt, dir, 0)
#else
#define vdma_sg_map(dev, sgt, dir) \
	(dma_map_sg(dev, (sgt)->sgl, (sgt)->nents, dir) ? 0 : -EIO)
#endif

#endif
