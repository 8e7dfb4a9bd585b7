/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUP_HELP_H
#define GUP_HELP_H

/* What --help prints. */
extern const char usage_text[];

#endif
