/* bd-store-path.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bd-account.h"

G_BEGIN_DECLS

/*
 * Where an account's offline copy lives: the one place that says so, for
 * the window, the sync engine and the command line.
 *
 *   $XDG_DATA_HOME/billing-desk/ACCOUNT-ID/          the account's folder
 *   $XDG_DATA_HOME/billing-desk/ACCOUNT-ID/MODE.db   its cache for MODE
 *                                                    ("test", "live", "sandbox")
 *
 * The folder is removed whole when the account is removed.  An id made of
 * anything but ASCII letters, digits, '_' and '-' (or empty, or longer than
 * 128 bytes) is never used as a folder name: both functions return NULL.
 * Neither creates anything (BdSync creates the folder, mode 0700).
 */

/* (transfer full) (nullable) */
char *bd_store_dir_for_account_id (const char    *account_id);
char *bd_store_path_for_mode      (const char    *account_id,
                                   BdAccountMode  mode);
/* The same for @account's current mode.  Call it on the account's thread.
 * (transfer full) (nullable) */
char *bd_store_path_for_account   (BdAccount     *account);

G_END_DECLS
