/* bd-add-account-window.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account-list.h"

G_BEGIN_DECLS

#define BD_TYPE_ADD_ACCOUNT_WINDOW (bd_add_account_window_get_type ())

G_DECLARE_FINAL_TYPE (BdAddAccountWindow, bd_add_account_window, BD, ADD_ACCOUNT_WINDOW, AdwWindow)

/* The "Add Account" dialog: a name, a mode (test, live, or a sandbox at an
 * address) and an API key.  "Add" first checks the key against the API (one
 * page of one payment, a read that changes nothing), then stores the key in
 * the keyring, then adds the account to @accounts, and emits
 * "account-added" (BdAccount) before closing.  A key that is refused
 * changes nothing.
 *
 * A read-only key cannot be told apart by a read, and Dodo has no endpoint
 * that describes a key's permissions; writing to find out is out of the
 * question (it would create real data in live mode).  So a read-only key
 * is accepted here, and is recognised on its first write, whose 403 is
 * shown as bd_key_check_describe_error() describes.  The check itself is
 * bd_key_check_async() (accounts/bd-key-check.h). */
GtkWidget  *bd_add_account_window_new            (GtkWindow     *parent,
                                                  BdAccountList *accounts);

G_END_DECLS
