// SPDX-License-Identifier: GPL-2.0
/*
 * The preprocessor flags a kbuild Makefile gives its directory:
 * ccflags-y and CFLAGS_file.o of the file's own directory, subdir-ccflags-y
 * of it and every directory above.  Only -I, -D, -U and -include matter
 * to a parse; everything else (warnings, $(call cc-option,...)) is left.
 *
 * This reads make, it does not run it: lines are joined at '\', comments
 * dropped, and $(src), $(srctree), $(obj) and the Makefile's own
 * variables (FULL_AMD_PATH = $(src)/.., INCLUDES += ...) are expanded.
 * $(src) is the directory relative to the tree, so that both 6.1's
 * "$(srctree)/$(src)" and 6.12's "$(src)" name it, and a relative path is
 * taken from the tree's root, where kbuild runs the compiler.  A word with any
 * other $(...) is dropped.  Conditionals are ignored, and
 * ccflags-$(CONFIG_X) counts as set, as allmodconfig mostly has it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree_makefile.h"
#include "util.h"

#define MAKEFILE_LIMIT (1u << 20)

struct mkvar {
	char *name, *value;
};

struct mk {
	const char *tree, *obj, *dir, *objdir;
	const char *mkdir;	/* the directory of the Makefile being read */
	struct mkvar *v;
	int nr;
	size_t cap;
};

static const char *var_get(const struct mk *m, const char *name, size_t n)
{
	static const struct {
		const char *name;
		size_t off;
	} builtin[] = {
		{ "src", offsetof(struct mk, dir) },
		{ "srctree", offsetof(struct mk, tree) },
		{ "obj", offsetof(struct mk, objdir) },
		{ "objtree", offsetof(struct mk, obj) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(builtin); i++)
		if (strlen(builtin[i].name) == n && !strncmp(name, builtin[i].name, n))
			return *(const char **)((const char *)m + builtin[i].off);
	for (int i = m->nr - 1; i >= 0; i--)
		if (strlen(m->v[i].name) == n && !strncmp(m->v[i].name, name, n))
			return m->v[i].value;
	return NULL;
}

/*
 * "The directory of this Makefile", as external modules spell it to find
 * their own include/: $(dir $(lastword $(MAKEFILE_LIST))) and $(shell
 * dirname $(lastword $(MAKEFILE_LIST))).  @end is set past it.
 */
static bool this_dir(const char *s, const char **end)
{
	static const char *const forms[] = {
		"$(shell dirname $(lastword $(MAKEFILE_LIST)))",
		"$(dir $(lastword $(MAKEFILE_LIST)))",
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		if (!strncmp(s, forms[i], strlen(forms[i]))) {
			*end = s + strlen(forms[i]);
			return true;
		}
	}
	return false;
}

/* Expand $(x) and ${x} in @s; NULL when something cannot be expanded. */
static char *expand(const struct mk *m, const char *s, int depth)
{
	struct strbuf sb = { 0 };

	while (*s) {
		const char *val, *end;
		char close;
		char *sub;

		if (s[0] != '$' || (s[1] != '(' && s[1] != '{')) {
			sb_putc(&sb, *s++);
			continue;
		}
		if (this_dir(s, &end)) {
			sb_puts(&sb, m->mkdir);
			s = end;
			continue;
		}
		close = s[1] == '(' ? ')' : '}';
		end = strchr(s + 2, close);
		val = end && depth < 4 ? var_get(m, s + 2, end - s - 2) : NULL;
		sub = val ? expand(m, val, depth + 1) : NULL;
		if (!sub) {
			sb_free(&sb);
			return NULL;
		}
		sb_puts(&sb, sub);
		free(sub);
		s = end + 1;
	}
	return sb_detach(&sb);
}

/* One option; relative paths are from the source tree, where kbuild runs. */
static void add_word(struct argv *out, const struct mk *m, const char *opt,
		     const char *arg)
{
	char *a = expand(m, arg, 0);

	if (!a || !*a) {
		free(a);
		return;
	}
	if (!strcmp(opt, "-I")) {
		if (a[0] == '/')
			argv_addf(out, "-I%s", a);
		else
			argv_addf(out, "-I%s/%s", m->tree, a);
	} else if (!strcmp(opt, "-include")) {
		argv_add(out, "-include");
		if (a[0] == '/')
			argv_add(out, a);
		else
			argv_addf(out, "%s/%s", m->tree, a);
	} else {
		argv_addf(out, "%s%s", opt, a);
	}
	free(a);
}

/* The -I/-D/-U/-include words of a flags value. */
static void add_flags(struct argv *out, const struct mk *m, char *value,
		      int depth)
{
	static const char *const opts[] = { "-include", "-I", "-D", "-U" };
	char *save = NULL, *w;

	for (w = strtok_r(value, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		const char *arg = NULL;
		size_t i;

		/* "$(INCLUDES)": a variable of several words. */
		if (w[0] == '$' && w[1] == '(' && depth < 4) {
			char *sub = expand(m, w, 0);

			if (sub)
				add_flags(out, m, sub, depth + 1);
			free(sub);
			continue;
		}

		for (i = 0; i < ARRAY_SIZE(opts); i++)
			if (!strncmp(w, opts[i], strlen(opts[i])))
				break;
		if (i == ARRAY_SIZE(opts))
			continue;
		arg = w + strlen(opts[i]);
		/* "-I $(src)": the argument is the next word. */
		if (!*arg)
			arg = strtok_r(NULL, " \t", &save);
		if (arg)
			add_word(out, m, opts[i], arg);
	}
}

static void set_var(struct mk *m, const char *name, const char *value,
		    bool append)
{
	struct mkvar *v;

	for (int i = 0; append && i < m->nr; i++) {
		if (!strcmp(m->v[i].name, name)) {
			char *nv = xasprintf("%s %s", m->v[i].value, value);

			free(m->v[i].value);
			m->v[i].value = nv;
			return;
		}
	}
	v = VEC_PUSH(m->v, m->nr, m->cap);
	v->name = xstrdup(name);
	v->value = xstrdup(value);
}

/* Join continued lines and drop comments, in place. */
static void join_lines(char *text)
{
	char *r = text, *w = text;
	bool comment = false;

	while (*r) {
		if (r[0] == '\\' && r[1] == '\n') {
			*w++ = ' ';
			r += 2;
			continue;
		}
		if (*r == '\n')
			comment = false;
		else if (*r == '#')
			comment = true;
		if (!comment)
			*w++ = *r;
		r++;
	}
	*w = '\0';
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !strncmp(s, word, n);
}

/* ccflags-y, ccflags-$(CONFIG_X), ccflags-m: set in an allmodconfig build. */
static bool flags_var(const char *name, size_t n, const char *stem)
{
	size_t sl = strlen(stem);

	if (n <= sl || strncmp(name, stem, sl))
		return false;
	return word_is(name + sl, n - sl, "y") || word_is(name + sl, n - sl, "m") ||
	       (n - sl > 9 && !strncmp(name + sl, "$(CONFIG_", 9));
}

static void read_text(struct argv *out, struct mk *m, bool own,
		      const char *base, const char *path, int depth);

/* "include FILE" (or "-include"): read FILE as part of this Makefile. */
static bool include_line(struct argv *out, struct mk *m, bool own,
			 const char *base, char *line, int depth)
{
	char *p = line, *f, *abs;
	const char *saved = m->mkdir;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-')
		p++;
	if (strncmp(p, "include ", 8) && strncmp(p, "include\t", 8))
		return false;
	f = expand(m, p + 8, 0);
	if (f && depth < 4) {
		char *w = f, *e, *d;

		while (*w == ' ' || *w == '\t')
			w++;
		for (e = w; *e && *e != ' ' && *e != '\t'; e++)
			;
		*e = '\0';
		abs = w[0] == '/' ? xstrdup(w) : path_join(m->mkdir, w);
		d = xstrdup(abs);
		*strrchr(d, '/') = '\0';
		m->mkdir = d;
		read_text(out, m, own, base, abs, depth + 1);
		m->mkdir = saved;
		free(d);
		free(abs);
	}
	free(f);
	return true;
}

/*
 * The lines of one Makefile: @own when it is the file's directory
 * (ccflags, EXTRA_CFLAGS and CFLAGS_@base.o count), else only
 * subdir-ccflags.
 */
static void read_text(struct argv *out, struct mk *m, bool own,
		      const char *base, const char *path, int depth)
{
	char *text = NULL, *line, *save;
	char *cfile = xasprintf("CFLAGS_%s.o", base);

	if (read_file(path, MAKEFILE_LIMIT, &text, NULL) < 0) {
		free(cfile);
		return;
	}
	join_lines(text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '='), *name = line, *value, *e;
		bool append;
		size_t n;

		if (!eq && include_line(out, m, own, base, line, depth))
			continue;
		if (!eq || eq == line)
			continue;
		value = eq + 1;
		e = eq;
		append = e[-1] == '+';
		if (e[-1] == ':' || e[-1] == '+' || e[-1] == '?')
			e--;
		while (e > name && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (*name == ' ' || *name == '\t')
			name++;
		n = e > name ? (size_t)(e - name) : 0;
		if (!n || memchr(name, ' ', n))
			continue;
		if (flags_var(name, n, "subdir-ccflags-") ||
		    (own && (flags_var(name, n, "ccflags-") ||
			     word_is(name, n, "EXTRA_CFLAGS") ||
			     word_is(name, n, cfile)))) {
			add_flags(out, m, value, 0);
		} else if (!memchr(name, '$', n) && !memchr(name, '-', n)) {
			char *nm = xstrndup(name, n);

			while (*value == ' ' || *value == '\t')
				value++;
			set_var(m, nm, value, append);
			free(nm);
		}
	}
	free(text);
	free(cfile);
}

/* A directory's kbuild file: Kbuild when there is one, as kbuild reads it. */
static void read_makefile(struct argv *out, struct mk *m, bool own,
			  const char *base)
{
	char *dir = path_join(m->tree, m->dir);
	char *path = path_join(dir, "Kbuild");

	if (access(path, R_OK) != 0) {
		free(path);
		path = path_join(dir, "Makefile");
	}
	m->mkdir = dir;
	read_text(out, m, own, base, path, 0);
	free(path);
	free(dir);
}

static void mk_free(struct mk *m)
{
	for (int i = 0; i < m->nr; i++) {
		free(m->v[i].name);
		free(m->v[i].value);
	}
	free(m->v);
	m->v = NULL;
	m->nr = 0;
	m->cap = 0;
}

void kbmake_flags(struct argv *out, const char *tree, const char *obj,
		  const char *dir, const char *base)
{
	size_t rl = strlen(tree);
	char *d = xstrdup(dir);
	bool own = true;

	while (strlen(d) > rl && !strncmp(d, tree, rl) && d[rl] == '/') {
		struct mk m = { .tree = tree, .obj = obj ? obj : tree, .dir = d };
		char *slash;

		/* $(src) and $(obj) are relative in 6.1, absolute in 6.12. */
		m.dir = d + rl + 1;
		m.objdir = d + rl + 1;
		read_makefile(out, &m, own, base);
		mk_free(&m);
		own = false;
		slash = strrchr(d, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(d);
}

/*
 * An external module's directories, from @dir up to @module: $(src) and
 * $(obj) are absolute there (M=), relative words are taken from the
 * module's parent, and the kernel's VERSION, PATCHLEVEL and SUBLEVEL
 * (@kver, "6.1.158") are set, as the module's Makefiles see them.
 */
void kbmake_module_flags(struct argv *out, const char *module,
			 const char *kver, const char *dir, const char *base)
{
	static const char *const vnames[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL" };
	char *top = xstrdup(module), *d = xstrdup(dir), *slash;
	size_t ml = strlen(module), tl;
	bool own = true;

	slash = strrchr(top, '/');
	if (slash)
		*slash = '\0';
	tl = strlen(top);
	while (strlen(d) >= ml && !strncmp(d, module, ml)) {
		struct mk m = { .tree = top, .obj = top, .dir = d + tl + 1 };
		const char *v = kver ? kver : "";

		m.objdir = m.dir;
		set_var(&m, "M", module, false);
		set_var(&m, "KBUILD_EXTMOD", module, false);
		set_var(&m, "PWD", module, false);
		for (size_t i = 0; i < ARRAY_SIZE(vnames) && kver; i++) {
			size_t n = strcspn(v, ".");
			char *w = xstrndup(v, n);

			set_var(&m, vnames[i], w, false);
			free(w);
			v += n + (v[n] == '.');
		}
		read_makefile(out, &m, own, base);
		mk_free(&m);
		own = false;
		slash = strrchr(d, '/');
		if (!slash || strlen(d) == ml)
			break;
		*slash = '\0';
	}
	free(d);
	free(top);
}
