/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_OUT_HTML_INT_H
#define GUP_OUT_HTML_INT_H

#include <stdbool.h>

#include "audit.h"
#include "rules.h"
#include "util.h"

/* What out_html.c and out_html_page.c share. */

/* @n bytes of @s as HTML text: markup, broken UTF-8 and controls made safe. */
void html_esc(struct strbuf *sb, const char *s, size_t n);
void html_escs(struct strbuf *sb, const char *s);
/* The document up to <body>, with @title (escaped) and the stylesheet. */
void html_head(struct strbuf *sb, const char *title);
/* @s as <code>, or a dash when empty (no function: a file-level finding). */
void html_code(struct strbuf *sb, const char *s);
void html_sev(struct strbuf *sb, enum severity s);
/* The name of finding page @i (from 1). */
char *html_page_name(int i);
/* Where to read @file (a finding's, as shown) from, or NULL. */
char *html_source_path(const struct audit *a, const char *file);

/* @text, a rule's page of docs/rules (Markdown), as HTML (out_html_md.c). */
void html_markdown(struct strbuf *sb, const char *text);

/* Finding page @i of @n: @prev/@next are the neighbours' numbers, or 0. */
void html_finding_page(struct strbuf *sb, const struct finding *f, int i,
		       int prev, int next, const struct audit *a);

#endif
