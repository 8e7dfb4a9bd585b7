// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what --emit-patches decides without git or a tree: the
 * subject prefix (history, the path's shape), MAINTAINERS
 * matching as get_maintainer.pl does it, and format-patch's file names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_format.h"
#include "mail_maintainers.h"
#include "mail_prefix.h"

static int passed, failed;

static void expect_str(const char *name, char *got, const char *want)
{
	bool ok = got && want ? strcmp(got, want) == 0 : got == NULL && !want;

	if (ok) {
		printf("PASS mail: %s\n", name);
		passed++;
	} else {
		printf("FAIL mail: %s\n  got:  %s\n  want: %s\n", name,
		       got ? got : "(null)", want ? want : "(null)");
		failed++;
	}
	free(got);
}

static void test_prefix_path(void)
{
	/* By the path's shape alone: no directory name is special. */
	static const char *const cases[][2] = {
		{ "io_uring/rsrc.c", "io_uring/rsrc" },
		{ "drivers/gpu/drm/radeon/radeon_ttm.c", "drm/radeon" },
		{ "drivers/media/pci/ivtv/ivtv-udma.c", "pci/ivtv" },
		{ "drivers/infiniband/hw/qib/qib_user_pages.c", "hw/qib" },
		{ "drivers/vfio/vfio_iommu_type1.c", "drivers/vfio" },
		{ "drivers/misc/bcm-vk/bcm_vk_sg.c", "misc/bcm-vk" },
		{ "fs/orangefs/orangefs-bufmap.c", "fs/orangefs" },
		{ "arch/x86/kernel/cpu/sgx/ioctl.c", "cpu/sgx" },
		{ "virt/kvm/kvm_main.c", "virt/kvm" },
		{ "mm/gup.c", "mm/gup" },
		{ "lonely.c", "lonely" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *name = xasprintf("prefix of %s", cases[i][0]);

		expect_str(name, subject_prefix(cases[i][0], NULL, 0), cases[i][1]);
		free(name);
	}
}

static void test_prefix_history(void)
{
	char *log[] = { "io_uring/rsrc: fix a leak", "io_uring: tidy up",
			"Revert \"io_uring: tidy up\"", "io_uring: more",
			"io_uring/rsrc: kill a check", "io_uring/rsrc: and one" };
	char *two[] = { "treewide: a: b", "io_uring: x" };
	char *one[] = { "media: ivtv: fix the dma" };

	expect_str("prefix_of: nested", prefix_of("media: ivtv: fix a: b"),
		   "media: ivtv");
	expect_str("prefix_of: none", prefix_of("Revert \"x: y\""), NULL);
	expect_str("history: the most used prefix wins",
		   subject_prefix("io_uring/x.c", log, 6), "io_uring/rsrc");
	expect_str("history: no prefix used twice: the path",
		   subject_prefix("io_uring/x.c", two, 2), "io_uring/x");
	expect_str("history: a lone commit is enough",
		   subject_prefix("drivers/media/pci/ivtv/x.c", one, 1),
		   "media: ivtv");
}

static const char maint[] =
	"Intro text\n"
	"\tM: *Mail* patches to: FullName <address@domain>\n"
	"\n"
	"DRV CORE\n"
	"M:\tAnn <ann@example.org>\n"
	"L:\tdrv@example.org\n"
	"F:\tdrv/\n"
	"\n"
	"DRV FOO\n"
	"M:\t\"Pan, X\" <px@example.org>\n"
	"R:\tRev <rev@example.org>\n"
	"L:\tfoo@example.org (moderated for non-subscribers)\n"
	"L:\tclosed@example.org (subscribers-only)\n"
	"F:\tdrv/foo/\n"
	"F:\tinclude/foo*.h\n"
	"X:\tdrv/foo/old/\n"
	"\n"
	"FOO TEXT\n"
	"M:\tann <ANN@example.org>\n"
	"F:\tdrv/foo/*.txt\n"
	"\n"
	"TEGRA\n"
	"M:\tTee <t@example.org>\n"
	"N:\t[^a-z]tegra\n"
	"\n"
	"THE REST\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"L:\tlinux-kernel@vger.kernel.org\n"
	"F:\t*\n"
	"F:\t*/\n";

static char *cc_of(const struct maintainers *m, const char *path)
{
	struct strlist out = { 0 };
	struct strbuf sb = { 0 };

	maint_cc(m, path, &out);
	for (int i = 0; i < out.nr; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", out.v[i]);
	strlist_free(&out);
	return sb_detach(&sb);
}

static void test_maintainers(void)
{
	struct maintainers m;

	maint_parse(&m, maint, strlen(maint));
	expect_str("maintainers: the most specific section first",
		   cc_of(&m, "drv/foo/a.c"),
		   "\"Pan, X\" <px@example.org>, Rev <rev@example.org>, "
		   "Ann <ann@example.org>, foo@example.org, drv@example.org, "
		   "linux-kernel@vger.kernel.org");
	expect_str("maintainers: X: excludes a subdirectory",
		   cc_of(&m, "drv/foo/old/a.c"),
		   "Ann <ann@example.org>, drv@example.org, "
		   "linux-kernel@vger.kernel.org");
	expect_str("maintainers: a deeper pattern first, an address once",
		   cc_of(&m, "drv/foo/notes.txt"),
		   "ann <ANN@example.org>, \"Pan, X\" <px@example.org>, "
		   "Rev <rev@example.org>, foo@example.org, drv@example.org, "
		   "linux-kernel@vger.kernel.org");
	expect_str("maintainers: a glob takes its directory only",
		   cc_of(&m, "drv/foo/sub/notes.txt"),
		   "\"Pan, X\" <px@example.org>, Rev <rev@example.org>, "
		   "Ann <ann@example.org>, foo@example.org, drv@example.org, "
		   "linux-kernel@vger.kernel.org");
	expect_str("maintainers: '*' does not reach below by slash count",
		   cc_of(&m, "include/foo/x.h"), "linux-kernel@vger.kernel.org");
	expect_str("maintainers: a glob in a file name",
		   cc_of(&m, "include/foo_bar.h"),
		   "\"Pan, X\" <px@example.org>, Rev <rev@example.org>, "
		   "foo@example.org, linux-kernel@vger.kernel.org");
	expect_str("maintainers: N: regex", cc_of(&m, "arch/arm/mach-tegra/x.c"),
		   "Tee <t@example.org>, linux-kernel@vger.kernel.org");
	expect_str("maintainers: N: regex that does not match",
		   cc_of(&m, "arch/arm/integrator/x.c"),
		   "linux-kernel@vger.kernel.org");
	maint_free(&m);
}

static void test_file_names(void)
{
	expect_str("file name like format-patch",
		   mail_file_name(1, "io_uring/rsrc: let GUP decide which "
				  "memory io_pin_pages() may pin"),
		   "0001-io_uring-rsrc-let-GUP-decide-which-memory-io_pin_pag.patch");
	expect_str("file name of a short subject",
		   mail_file_name(12, "misc: x: don't use FOLL_FORCE"),
		   "0012-misc-x-don-t-use-FOLL_FORCE.patch");
}

int main(void)
{
	test_prefix_path();
	test_prefix_history();
	test_maintainers();
	test_file_names();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
