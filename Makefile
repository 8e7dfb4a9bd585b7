# SPDX-License-Identifier: GPL-2.0
#
#   make              build ./gup_policy
#   make check        run every test (installs missing Debian packages first)
#   make demo         audit the bundled demo, show findings with patches, write
#                     an HTML report
#   make check-fresh  make demo and make check on a fresh Debian root (root)
#   make install      PREFIX=/usr/local: binary, cocci scripts, docs
#   make sanitize     build ./gup_policy-san with ASan and UBSan

# The LLVM is 19, the one scripts/deps installs; another only when asked
# for (make LLVM_CONFIG=llvm-config-18), and then it must have libclang's
# headers.  It is decided only by a make that builds: 'make check' and
# 'make demo' install the packages first (scripts/deps) and then build in
# a sub-make, so a fresh machine needs no second run.
LLVM_CONFIG ?= llvm-config-19
NOBUILD_GOALS := check demo deps fuzz check-fresh clean format

ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
LLVM_PATH := $(shell command -v $(LLVM_CONFIG) 2>/dev/null)
ifeq ($(LLVM_PATH),)
$(error $(LLVM_CONFIG) not found: 'scripts/deps --build' installs LLVM 19 (libclang-19-dev))
endif
LLVM_LIBDIR := $(shell $(LLVM_PATH) --libdir)
LLVM_INCDIR := $(shell $(LLVM_PATH) --includedir)
LLVM_BINDIR := $(shell $(LLVM_PATH) --bindir)
LLVM_MAJOR  := $(firstword $(subst ., ,$(shell $(LLVM_PATH) --version)))
ifeq ($(wildcard $(LLVM_INCDIR)/clang-c/Index.h),)
$(error $(LLVM_PATH) (LLVM $(LLVM_MAJOR)) has no libclang headers, no $(LLVM_INCDIR)/clang-c/Index.h: install libclang-$(LLVM_MAJOR)-dev ('scripts/deps --build' does for LLVM 19))
endif
CLANG_RES   := $(LLVM_LIBDIR)/clang/$(LLVM_MAJOR)
endif

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
	   -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -I$(LLVM_INCDIR) -DCLANG_RESOURCE_DIR='"$(CLANG_RES)"'
LDFLAGS += -L$(LLVM_LIBDIR) -Wl,-rpath,$(LLVM_LIBDIR)
LDLIBS  += -lclang -lpthread

PREFIX  ?= /usr/local
LAUNCH  := checker/launcher.c checker/kbuild_style.c checker/tree_prefilter.c \
	   checker/facts_kapi.c checker/util.c
SRCS    := $(filter-out checker/launcher.c,$(wildcard checker/*.c))
LIBSRCS := $(filter-out checker/gup_policy.c,$(SRCS))
HDRS    := $(wildcard checker/*.h)
OBJDIR  := build
RULEDOCS := $(wildcard docs/rules/*.md)
OBJS    := $(SRCS:checker/%.c=$(OBJDIR)/%.o) $(OBJDIR)/rule_docs.o
SANOBJS := $(SRCS:checker/%.c=$(OBJDIR)/san/%.o) $(OBJDIR)/rule_docs.o
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=undefined

all: gup_policy

# gup_policy is a small launcher without libclang (kbuild's C=2 starts it
# for every file; most never name GUP); the checker is gup_policy-core.
gup_policy: $(LAUNCH:checker/%.c=$(OBJDIR)/%.o) $(OBJDIR)/gup_policy-core
	$(CC) $(CFLAGS) -o $@ $(LAUNCH:checker/%.c=$(OBJDIR)/%.o)

$(OBJDIR)/gup_policy-core: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(OBJDIR)/%.o: checker/%.c $(HDRS) | $(OBJDIR)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OBJDIR)/rule_docs.c: $(RULEDOCS) scripts/embed-docs | $(OBJDIR)
	scripts/embed-docs $@ $(RULEDOCS)

$(OBJDIR)/rule_docs.o: $(OBJDIR)/rule_docs.c
	$(CC) $(CFLAGS) -Wno-missing-prototypes -Wno-overlength-strings -c -o $@ $<

$(OBJDIR)/san/%.o: checker/%.c $(HDRS) | $(OBJDIR)/san
	$(CC) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

$(OBJDIR) $(OBJDIR)/san:
	mkdir -p $@

gup_policy-san: $(SANOBJS)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(SANOBJS) $(LDLIBS)

sanitize: gup_policy-san

# Unit tests link the checker's modules without main().
tests/unit/%: tests/unit/%.c $(LIBSRCS:checker/%.c=$(OBJDIR)/%.o) $(OBJDIR)/rule_docs.o $(HDRS) tests/unit/unit.h
	$(CC) $(CFLAGS) -Ichecker $(LDFLAGS) -o $@ $< \
		$(LIBSRCS:checker/%.c=$(OBJDIR)/%.o) $(OBJDIR)/rule_docs.o $(LDLIBS)

# libFuzzer targets (clang-19, libclang-rt-19-dev): make fuzz runs each
# for FUZZ_SECONDS; the test suite runs them briefly.
FUZZ_TARGETS := json command foll suppress diff maintainers
FUZZ_SECONDS ?= 300
FUZZCC   := $(LLVM_BINDIR)/clang
FUZZFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Ichecker -I$(LLVM_INCDIR) \
	     -fno-sanitize-recover=undefined
FUZZOBJS := $(LIBSRCS:checker/%.c=$(OBJDIR)/fuzz/%.o) $(OBJDIR)/fuzz/rule_docs.o
FUZZBINS := $(FUZZ_TARGETS:%=$(OBJDIR)/fuzz/fuzz_%)

$(OBJDIR)/fuzz/%.o: checker/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		-DCLANG_RESOURCE_DIR='"$(CLANG_RES)"' -c -o $@ $<

$(OBJDIR)/fuzz/rule_docs.o: $(OBJDIR)/rule_docs.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZFLAGS) -c -o $@ $<

$(OBJDIR)/fuzz/fuzz_%: tests/fuzz/fuzz_parsers.c $(FUZZOBJS)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer,address,undefined \
		-DTARGET_$(shell echo $* | tr a-z A-Z) -o $@ $< $(FUZZOBJS) \
		$(LDFLAGS) $(LDLIBS)

fuzz-build: $(FUZZBINS)

fuzz:
	@scripts/deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run $(FUZZ_SECONDS)

deps:
	@scripts/deps

# The packages first, then a make that decides the LLVM (see above).
check:
	@scripts/deps
	@$(MAKE) --no-print-directory gup_policy
	@tests/run

demo:
	@scripts/deps --build
	@$(MAKE) --no-print-directory gup_policy
	@scripts/demo

# A fresh Debian bookworm root (mmdebstrap), a clone of HEAD in it, and
# 'make demo' and 'make check' as its first commands; an hour or more.
check-fresh:
	@tests/fresh-machine

install: gup_policy
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gup_policy/cocci \
		$(DESTDIR)$(PREFIX)/share/doc/gup_policy $(DESTDIR)$(PREFIX)/lib/gup_policy
	install -m 755 gup_policy $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(OBJDIR)/gup_policy-core $(DESTDIR)$(PREFIX)/lib/gup_policy/
	install -m 644 cocci/*.cocci $(DESTDIR)$(PREFIX)/share/gup_policy/cocci/
	cp -R docs/. $(DESTDIR)$(PREFIX)/share/doc/gup_policy/
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/gup_policy/

format:
	clang-format -i $(SRCS) $(HDRS)

clean:
	rm -rf $(OBJDIR) gup_policy gup_policy-san tests/unit/*_test

.PHONY: all check check-fresh demo deps install sanitize format clean fuzz \
	fuzz-build
