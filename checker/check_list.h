/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every check, one line each: CHECK(fn) names the registration function
 * at the bottom of the checker file of the same name, which adds that
 * file's rules.  The order
 * is the order of --list-rules and of the hooks.  No include guard: the
 * includer defines CHECK() to what it needs.
 */
CHECK(check_foll)
CHECK(check_gup_release_mismatch)
CHECK(check_vma)
CHECK(check_gup_get_for_dma)
CHECK(check_iov_iter_get_for_dma)
CHECK(check_foll_missing)
CHECK(check_foll_compat)
CHECK(check_suppression)
