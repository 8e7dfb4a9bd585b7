/* SPDX-License-Identifier: GPL-2.0 */
/* Only there for the tree to look like a kernel tree: see README. */
