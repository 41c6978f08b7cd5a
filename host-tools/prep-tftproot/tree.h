/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.h - output tree handling: staging directories, the checksum manifest,
 * the rename-aside swap and its crash recovery, small file helpers.
 *
 * For an image NAME under WINDIR (ROOT/windows):
 *   WINDIR/.NAME.new   staging tree being built (complete once it holds "manifest")
 *   WINDIR/.NAME.old   previous tree, renamed aside during the swap
 *   WINDIR/NAME        the live tree
 * Swap: rename NAME -> .NAME.old; rename .NAME.new -> NAME; remove .NAME.old.
 */
#ifndef PT_TREE_H
#define PT_TREE_H
#include <stddef.h>
#include <stdint.h>

/* mkdir -p. 0 or -1 (errno). */
int tree_mkdirs(const char *path, int mode);
/* rm -rf without following symbolic links. 0 or -1. */
int tree_rm_rf(const char *path);
/* Manifest text of DIR (files sorted by path, "manifest" itself excluded):
 * "# ..." header then "sha256 HEX size N path REL" lines.  malloc'd or NULL. */
char *tree_manifest(const char *dir, uint64_t *total_bytes);
/* Read a whole small file into a malloc'd NUL-terminated buffer, NULL if absent. */
char *tree_slurp(const char *path, size_t *len);
/* Write a file atomically (tmp + fsync + rename). 0 or -1 (errno). */
int tree_write_atomic(const char *path, const void *data, size_t len, int mode);
/* Copy a host file to path atomically. 0 or -1 (errno). */
int tree_copy_atomic(const char *src, const char *dst, int mode);
/* Compare two host files byte by byte: 1 equal, 0 different, -1 error. */
int tree_same_file(const char *a, const char *b);
/* fsync every file and directory below dir. 0 or -1. */
int tree_sync(const char *dir);
/* fsync the directory holding path (best effort: errors are ignored). */
void tree_sync_dir_of(const char *path);
/* rm -rf from a signal handler: only async-signal-safe calls, no allocation. */
void tree_rm_rf_sigsafe(const char *path);
/* Finish or undo an interrupted swap of NAME; remove stale staging.
 * Returns a short description of what was done ("" if nothing), never fails hard. */
const char *tree_recover(const char *windir, const char *name);
/* Swap the complete staging tree .NAME.new into place. 0 or -1 (errno). */
int tree_swap(const char *windir, const char *name);

#endif
