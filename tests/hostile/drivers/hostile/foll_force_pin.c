/*
 * A driver pins a user buffer for DMA with FOLL_FORCE spelled into the
 * flags: forcing is for debugger-style access, never for a pin.
 */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10
#define FOLL_LONGTERM	0x10000

struct page;

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
void unpin_user_pages(struct page **pages, unsigned long npages);

int xdev_map_user(unsigned long uaddr, int npages, struct page **pages)
{
	int pinned;

	pinned = pin_user_pages_fast(uaddr, npages,
				     FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM,
				     pages);
	if (pinned < 0)
		return pinned;
	if (pinned != npages) {
		unpin_user_pages(pages, pinned);
		return -14;
	}
	return 0;
}
/*
 * check-name: FOLL_FORCE spelled in the flags of a long-term pin
 * check-exit-value: 1
 * check-output-start
foll_force_pin.c:19:11: warning: [foll-force-pin] FOLL_FORCE on pin_user_pages_fast(): forcing is for debugger-style access to another process, not for pins; read-only pins are reliable without it since 6.2
foll_force_pin.c:20:23: note: FOLL_FORCE added here
 * check-output-end
 */
