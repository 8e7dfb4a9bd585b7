/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VDMA_PIN_H
#define VDMA_PIN_H

#include <linux/version.h>
#include <linux/mm.h>

/* The pinning entry point by kernel version; flags are the caller's. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
#define VDMA_PIN_PAGES(addr, nr, flags, pages) \
	pin_user_pages_fast(addr, nr, flags, pages)
#define VDMA_UNPIN_PAGES(pages, nr, dirty) \
	unpin_user_pages_dirty_lock(pages, nr, dirty)
#else
#define VDMA_PIN_PAGES(addr, nr, flags, pages) \
	get_user_pages_fast(addr, nr, flags, pages)
#define VDMA_UNPIN_PAGES(pages, nr, dirty) \
	release_pages(pages, nr)
#endif

#ifdef VDMA_DEVICE_WRITES
#define VDMA_PIN_FLAGS FOLL_WRITE
#else
#define VDMA_PIN_FLAGS 0
#endif

#endif
