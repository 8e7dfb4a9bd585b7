// SPDX-License-Identifier: GPL-2.0
/*
 * foll-internal: FOLL_GET, FOLL_PIN and GUP-internal flags passed by a
 * caller.  foll-longterm-get and foll-longterm-p2pdma as well.
 */
#define FOLL_WRITE		0x01
#define FOLL_TOUCH		0x02
#define FOLL_GET		0x04
#define FOLL_REMOTE		0x2000
#define FOLL_LONGTERM		0x10000
#define FOLL_PIN		0x40000
#define FOLL_PCI_P2PDMA		0x100000

struct page;
long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/* An enclave loader faulting in its backing memory: FOLL_GET is redundant. */
int enclave_fault(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_GET);
}

/* FOLL_PIN and FOLL_TOUCH through a local variable. */
int ring_pin(unsigned long addr, int nr, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	flags |= FOLL_PIN | FOLL_TOUCH;
	return pin_user_pages_fast(addr, nr, flags, pages);
}

/* FOLL_REMOTE is GUP's own business. */
int remote_flag(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_REMOTE | FOLL_WRITE, pages);
}

/* A long-term reference taken with the get_ API. */
int keep_pages(unsigned long addr, int nr, struct page **pages)
{
	return get_user_pages_fast(addr, nr, FOLL_WRITE | FOLL_LONGTERM, pages);
}

/* Long-term pin of P2P DMA memory. */
int p2p_pin(unsigned long addr, int nr, struct page **pages)
{
	unsigned int gup_flags = FOLL_LONGTERM;

	gup_flags |= FOLL_PCI_P2PDMA;
	return pin_user_pages_fast(addr, nr, gup_flags, pages);
}

/* Short-term P2P pin.  Not reported. */
int p2p_short(unsigned long addr, int nr, struct page **pages)
{
	return pin_user_pages_fast(addr, nr, FOLL_WRITE | FOLL_PCI_P2PDMA,
				   pages);
}
