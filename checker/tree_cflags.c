// SPDX-License-Identifier: GPL-2.0
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree_cflags.h"
#include "tree_extmod.h"
#include "tree_makefile.h"
#include "tree_prepare.h"
#include "util.h"

#ifndef CLANG_RESOURCE_DIR
#define CLANG_RESOURCE_DIR "/usr/lib/llvm-19/lib/clang/19"
#endif

/* What every parse gets: no warnings, no error limit, C with GNU extensions. */
static void common(struct argv *out)
{
	argv_add(out, "-w");
	argv_add(out, "-ferror-limit=0");
	argv_add(out, "-fno-color-diagnostics");
}

static char *dir_of(const char *file)
{
	char *tmp = xstrdup(file), *d = xstrdup(dirname(tmp));

	free(tmp);
	return d;
}

/*
 * A kernel file parsed without kernel headers (outside any tree, no
 * --kernel): a missing header costs declarations, but an unknown
 * annotation in a parameter list ("char __user *buf") costs the whole
 * function, and with it every GUP call in it.  The annotations and the
 * basic types are given their meaning, so that every such file loses the
 * same things: what needs the kernel's types.
 */
static const char *const kernel_stubs[] = {
	"__user=", "__kernel=", "__iomem=", "__force=", "__rcu=", "__percpu=",
	"__bitwise=", "__must_check=", "__init=", "__exit=", "__initdata=",
	"__cold=", "__maybe_unused=", "__always_unused=", "noinline=",
	"__always_inline=inline", "__packed=", "__aligned(x)=",
	"__acquires(x)=", "__releases(x)=", "__must_hold(x)=",
	"likely(x)=(x)", "unlikely(x)=(x)",
	"EXPORT_SYMBOL(x)=", "EXPORT_SYMBOL_GPL(x)=", "MODULE_LICENSE(x)=",
	"MODULE_AUTHOR(x)=", "MODULE_DESCRIPTION(x)=", "MODULE_VERSION(x)=",
	"module_init(x)=", "module_exit(x)=", "module_param(x,y,z)=",
	"bool=_Bool", "true=1", "false=0", "size_t=__SIZE_TYPE__",
	"ssize_t=long", "loff_t=long long", "u8=unsigned char",
	"u16=unsigned short", "u32=unsigned int", "u64=unsigned long long",
	"s32=int", "s64=long long", "dma_addr_t=unsigned long long",
	"gfp_t=unsigned int",
};

void cflags_kernel_stubs(struct argv *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_stubs); i++)
		argv_addf(out, "-D%s", kernel_stubs[i]);
}

void cflags_plain(struct argv *out, const char *file)
{
	char *dir = dir_of(file);

	argv_add(out, "-xc");
	argv_add(out, "-std=gnu11");
	argv_addf(out, "-I%s", dir);
	common(out);
	if (extmod_wants_kernel(file))
		cflags_kernel_stubs(out);
	free(dir);
}

/*
 * Drivers say ccflags-y += -I$(src), or name a parent's include/
 * (amdgpu, i915's gem/): offer each directory from the file's up to the
 * tree root, and its include/, after the standard paths.
 */
static void add_parent_dirs(struct argv *out, const char *tree, const char *dir)
{
	size_t rl = strlen(tree);
	char *d = xstrdup(dir);

	while (strlen(d) > rl && strncmp(d, tree, rl) == 0) {
		char *inc = path_join(d, "include"), *slash;

		argv_addf(out, "-I%s", d);
		if (access(inc, X_OK) == 0)
			argv_addf(out, "-I%s", inc);
		free(inc);
		slash = strrchr(d, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(d);
}

/*
 * The flags kbuild gives every file of an x86_64 build, minus codegen:
 * include paths (source tree, then the cache's generated headers), the
 * forced includes, and the defines the headers test.  What is here and
 * nothing else is what the tree's precompiled header is built with.
 */
void cflags_kernel_base(struct argv *out, const char *tree, const char *obj)
{
	static const char *const incs[] = {
		"arch/x86/include", "arch/x86/include/generated", "include",
		"arch/x86/include/uapi", "arch/x86/include/generated/uapi",
		"include/uapi", "include/generated/uapi",
	};
	static const char *const forced[] = {
		"include/linux/compiler-version.h", "include/linux/kconfig.h",
		"include/linux/compiler_types.h",
	};

	argv_add(out, "--target=x86_64-linux-gnu");
	argv_add(out, "-nostdinc");
	argv_add(out, "-isystem");
	argv_add(out, CLANG_RESOURCE_DIR "/include");
	for (size_t i = 0; i < ARRAY_SIZE(incs); i++) {
		argv_addf(out, "-I%s/%s", tree, incs[i]);
		if (obj)
			argv_addf(out, "-I%s/%s", obj, incs[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(forced); i++) {
		char *f = path_join(tree, forced[i]);

		if (access(f, R_OK) == 0) {
			argv_add(out, "-include");
			argv_add(out, f);
		}
		free(f);
	}
	argv_add(out, "-D__KERNEL__");
	argv_add(out, "-DCC_USING_FENTRY");
	argv_add(out, "-std=gnu11");
	argv_add(out, "-fno-strict-aliasing");
	argv_add(out, "-fshort-wchar");
	argv_add(out, "-funsigned-char");
	argv_add(out, "-mno-sse");
	argv_add(out, "-mno-mmx");
	argv_add(out, "-fno-pie");
	common(out);
}

/* "drivers/x/foo.c" -> "foo": the object's name, as kbuild's $(basetarget). */
static char *object_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *name = xstrdup(slash ? slash + 1 : file);

	if (ends_with(name, ".c"))
		name[strlen(name) - 2] = '\0';
	return name;
}

/* The start of every kernel compile: the language, flags, our headers. */
static void kernel_start(struct argv *out, const char *tree, const char *obj,
			 const char *pch)
{
	argv_add(out, "-xc");
	cflags_kernel_base(out, tree, obj);
	if (pch) {
		argv_add(out, "-include-pch");
		argv_add(out, pch);
	}
}

/* The names kbuild defines for each object (scripts/Makefile.lib). */
static void kbuild_names(struct argv *out, const char *name)
{
	argv_addf(out, "-DKBUILD_MODFILE=\"%s\"", name);
	argv_addf(out, "-DKBUILD_BASENAME=\"%s\"", name);
	argv_addf(out, "-DKBUILD_MODNAME=\"%s\"", name);
	argv_addf(out, "-D__KBUILD_MODNAME=kmod_%s", name);
}

void cflags_kernel(struct argv *out, const char *tree, const char *obj,
		   const char *file, const char *pch)
{
	char *dir = dir_of(file), *base;
	size_t rl = strlen(tree);

	/*
	 * tools/ holds user-space programs (selftests, perf, bpftool):
	 * kbuild never compiles them with kernel flags, so neither do we.
	 */
	if (!strncmp(file, tree, rl) && !strncmp(file + rl, "/tools/", 7)) {
		cflags_plain(out, file);
		argv_addf(out, "-I%s/tools/include", tree);
		/* The tree's own UAPI, not the system's (KHDR_INCLUDES). */
		argv_add(out, "-isystem");
		argv_addf(out, "%s/include/uapi", tree);
		argv_add(out, "-isystem");
		argv_addf(out, "%s/arch/x86/include/uapi", tree);
		free(dir);
		return;
	}
	base = object_name(file);
	kernel_start(out, tree, obj, pch);
	kbmake_flags(out, tree, obj, dir, base);
	add_parent_dirs(out, tree, dir);
	kbuild_names(out, base);
	free(base);
	free(dir);
}

/*
 * A file of an external module built against @tree (kbuild's M=): the
 * tree's flags, -DMODULE, the module's own Kbuild/Makefile flags, and
 * the module's directories and their include/ as a fallback for include
 * paths its Makefiles compute in ways we do not run ($(shell ...)).
 */
void cflags_module(struct argv *out, const char *tree, const char *obj,
		   const char *module, const char *file, const char *pch)
{
	char *abs = realpath(file, NULL), *dir, *top = dir_of(module);
	char *base = object_name(file), *kver = kernel_version(tree);

	dir = dir_of(abs ? abs : file);
	free(abs);

	kernel_start(out, tree, obj, pch);
	argv_add(out, "-DMODULE");
	kbmake_module_flags(out, module, kver, dir, base);
	add_parent_dirs(out, top, dir);
	kbuild_names(out, base);
	free(kver);
	free(base);
	free(top);
	free(dir);
}

/*
 * A module's file with no kernel tree to build against: no kernel
 * headers, but its own Kbuild flags and include directories, so that
 * what the module defines itself still parses.
 */
void cflags_plain_module(struct argv *out, const char *module,
			 const char *file)
{
	char *abs = realpath(file, NULL), *dir, *top = dir_of(module);
	char *base = xstrdup(file), *p;

	dir = dir_of(abs ? abs : file);
	free(abs);
	cflags_plain(out, file);
	p = strrchr(base, '/');
	p = p ? p + 1 : base;
	if (ends_with(p, ".c"))
		p[strlen(p) - 2] = '\0';
	kbmake_module_flags(out, module, NULL, dir, p);
	add_parent_dirs(out, top, dir);
	free(base);
	free(top);
	free(dir);
}

static const char *const with_arg[] = {
	"-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote",
	"-idirafter", "-target", "-x",
};

static const char *const keep_exact[] = {
	"-nostdinc", "-m64", "-m32", "-fms-extensions", "-fshort-wchar",
	"-funsigned-char", "-fsigned-char", "-ffreestanding", "-fno-builtin",
	"-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-avx", "-mno-red-zone",
};

static const char *const keep_prefix[] = {
	"-std=", "--target=",
};

static bool is_path_opt(const char *o)
{
	return !strcmp(o, "-I") || !strcmp(o, "-include") ||
	       !strcmp(o, "-imacros") || !strcmp(o, "-isystem") ||
	       !strcmp(o, "-iquote") || !strcmp(o, "-idirafter");
}

static void add_path(struct argv *out, const char *opt, const char *val,
		     const char *dir)
{
	char *abs = NULL;

	/* gcc's own headers do not suit clang: use clang's. */
	if (!strcmp(opt, "-isystem") && strstr(val, "/gcc/")) {
		argv_add(out, opt);
		argv_add(out, CLANG_RESOURCE_DIR "/include");
		return;
	}
	if (val[0] != '/' && dir)
		abs = path_join(dir, val);
	argv_add(out, opt);
	argv_add(out, abs ? abs : val);
	free(abs);
}

/*
 * Keep only what changes how the code parses.  A whitelist, because
 * kernel command lines carry gcc-only options clang would reject.
 */
void cflags_from_db(struct argv *out, char *const *in, int n, const char *dir)
{
	bool nostdinc = false;

	for (int i = 1; i < n; i++) {
		const char *a = in[i];
		bool done = false;

		if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") ||
		    !strcmp(a, "-MQ")) {
			i++;
			continue;
		}
		for (size_t k = 0; k < ARRAY_SIZE(with_arg) && !done; k++) {
			size_t l = strlen(with_arg[k]);

			if (strncmp(a, with_arg[k], l) != 0)
				continue;
			if (a[l] == '\0' && i + 1 < n) {
				if (is_path_opt(with_arg[k]))
					add_path(out, with_arg[k], in[++i], dir);
				else {
					argv_add(out, a);
					argv_add(out, in[++i]);
				}
				done = true;
			} else if (a[l] && l == 2) {	/* -Ifoo, -DX */
				if (!strcmp(with_arg[k], "-I"))
					add_path(out, "-I", a + 2, dir);
				else
					argv_add(out, a);
				done = true;
			}
		}
		for (size_t k = 0; k < ARRAY_SIZE(keep_exact) && !done; k++)
			if (!strcmp(a, keep_exact[k])) {
				argv_add(out, a);
				done = true;
			}
		for (size_t k = 0; k < ARRAY_SIZE(keep_prefix) && !done; k++)
			if (starts_with(a, keep_prefix[k])) {
				argv_add(out, a);
				done = true;
			}
		if (!strcmp(a, "-nostdinc"))
			nostdinc = true;
	}
	if (nostdinc) {
		argv_add(out, "-isystem");
		argv_add(out, CLANG_RESOURCE_DIR "/include");
	}
	common(out);
}
