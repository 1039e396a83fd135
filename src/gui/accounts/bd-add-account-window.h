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
 * shown as bd_add_account_window_describe_error() describes. */
GtkWidget  *bd_add_account_window_new            (GtkWindow     *parent,
                                                  BdAccountList *accounts);

/* What to tell people about @error from a request made with an account's
 * key: a refused key, a key of the other mode (@other_mode_works), no
 * network, a key that may only read (@was_write and a 403), or the
 * server's own words.  (transfer full) */
char       *bd_add_account_window_describe_error (const GError  *error,
                                                  BdAccountMode  mode,
                                                  gboolean       other_mode_works,
                                                  gboolean       was_write);

/* Checks @key against @account's server as "Add" does (one read that
 * changes nothing); on failure the error's message is what to tell people.
 * Nothing is stored.  Used by the window's "replace key" dialog too. */
void        bd_add_account_window_check_key_async  (BdAccount           *account,
                                                    const char          *key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    bd_add_account_window_check_key_finish (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
