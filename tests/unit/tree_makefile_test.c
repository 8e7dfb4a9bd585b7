// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the kbuild Makefile flag reader: a scratch tree with the
 * spellings real Makefiles use (6.1's "$(srctree)/$(src)", 6.12's
 * "$(src)", "-I $(src)" with a space, a variable built with :=, += and
 * continuations, subdir-ccflags from a parent, CFLAGS_file.o, options
 * that are not preprocessor flags, and a $(call ...) that cannot be read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree_makefile.h"
#include "util.h"

#include "unit.h"

static void put(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

static bool has(const struct argv *a, const char *want)
{
	for (int i = 0; i < a->nr; i++)
		if (strcmp(a->v[i], want) == 0)
			return true;
	return false;
}

static bool has_prefix(const struct argv *a, const char *pre)
{
	for (int i = 0; i < a->nr; i++)
		if (strncmp(a->v[i], pre, strlen(pre)) == 0)
			return true;
	return false;
}

int main(void)
{
	char tmpl[] = "/tmp/tree_makefile_test.XXXXXX";
	char *tree = mkdtemp(tmpl), *drv, *sub, *want;
	struct argv a = { 0 };

	if (!tree)
		return 2;
	drv = xasprintf("%s/drivers", tree);
	sub = xasprintf("%s/drivers/gpu", tree);
	mkdir(drv, 0755);
	mkdir(sub, 0755);
	put(drv, "Makefile",
	    "subdir-ccflags-y += -I$(srctree)/drivers/common -Wno-foo\n"
	    "subdir-ccflags-$(CONFIG_WERROR) += -Werror\n"
	    "ccflags-y += -DONLY_IN_DRIVERS\n");
	put(sub, "Makefile",
	    "# flags for the gpu driver\n"
	    "FULL_PATH=$(srctree)/$(src)/..\n"
	    "INCS := -I$(FULL_PATH)/include \\\n"
	    "\t-I$(src)/inc\n"
	    "INCS += -I$(obj)/generated\n"
	    "ccflags-y := $(INCS) -DGPU=1 -fno-common\n"
	    "ccflags-y += -I $(src)/spaced   # trace events\n"
	    "ccflags-$(CONFIG_GPU_DEBUG) += -DGPU_DEBUG -UNDEBUG\n"
	    "ccflags-y += $(call cc-option, -Wno-bar) -I$(UNKNOWN)/x\n"
	    "CFLAGS_gem.o := -include $(src)/gem_defs.h\n"
	    "CFLAGS_other.o := -DOTHER\n"
	    "obj-m += gpu.o\n");

	kbmake_flags(&a, tree, NULL, sub, "gem");
	want = xasprintf("-I%s/drivers/gpu/../include", tree);
	EXPECT(has(&a, want), "6.1 spelling: $(srctree)/$(src) through a variable");
	free(want);
	want = xasprintf("-I%s/drivers/gpu/inc", tree);
	EXPECT(has(&a, want), "6.12 spelling: $(src) alone, continued line");
	free(want);
	want = xasprintf("-I%s/drivers/gpu/generated", tree);
	EXPECT(has(&a, want), "+= appends to a variable; $(obj)");
	free(want);
	want = xasprintf("-I%s/drivers/gpu/spaced", tree);
	EXPECT(has(&a, want), "-I with a space, comment dropped");
	free(want);
	EXPECT(has(&a, "-DGPU=1") && has(&a, "-DGPU_DEBUG") && has(&a, "-UNDEBUG"),
	       "-D and -U, ccflags-$(CONFIG_X) counts");
	want = xasprintf("%s/drivers/gpu/gem_defs.h", tree);
	EXPECT(has(&a, "-include") && has(&a, want), "CFLAGS_file.o -include");
	free(want);
	EXPECT(!has(&a, "-DOTHER"), "another file's CFLAGS_ left out");
	want = xasprintf("-I%s/drivers/common", tree);
	EXPECT(has(&a, want), "subdir-ccflags-y of a parent");
	free(want);
	EXPECT(!has(&a, "-DONLY_IN_DRIVERS"), "a parent's ccflags-y left out");
	EXPECT(!has_prefix(&a, "-W") && !has_prefix(&a, "-f"),
	       "only preprocessor flags");
	EXPECT(!has_prefix(&a, "-I$") && !has_prefix(&a, "-I/x"),
	       "an unknown variable drops its word");
	for (int i = 0; i < a.nr; i++)
		free(a.v[i]);
	free(a.v);

	memset(&a, 0, sizeof(a));
	kbmake_flags(&a, tree, NULL, tree, "top");
	EXPECT(a.nr == 0, "no Makefile, no flags");

	for (int i = 0; i < 2; i++) {
		char *mk = xasprintf("%s/Makefile", i ? drv : sub);

		unlink(mk);
		free(mk);
	}
	rmdir(sub);
	rmdir(drv);
	rmdir(tree);
	free(drv);
	free(sub);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
