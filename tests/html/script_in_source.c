/*
 * For the --html report: source text that is markup must be shown as
 * text.  A comment on the finding's line holds a <script> element, and
 * the flags are a comparison whose '<' lands in the finding's message.
 */
#define FOLL_WRITE	0x01
#define FOLL_FORCE	0x10

struct page;

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

int tag_pin(unsigned long addr, int n, struct page **pages, int dir)
{
	return pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_FORCE, pages); /* <script>document.title='pwned'</script> */
}

int cmp_pin(unsigned long addr, int n, struct page **pages, int dir)
{
	/* </td></tr><tr><td><b>not a row</b> & "quotes" */
	return pin_user_pages_fast(addr, n, dir < 2, pages);
}
