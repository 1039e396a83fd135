/* bd-account-client.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-keyring.h"

G_BEGIN_DECLS

/* A BdDodoClient for an account: its base URL, and its API key from the
 * keyring.  Which function depends on the thread the requests run on:
 *
 * - the GUI (requests on the main context): bd_account_create_client_async()
 *   looks the key up asynchronously first and gives a client that has it;
 * - a worker thread: bd_account_create_client() gives a client that looks
 *   the key up on the request's own thread, when a request needs it (never
 *   use such a client from the main thread);
 * - a headless command: bd_account_create_headless_client(), which also
 *   honours DODO_PAYMENTS_API_KEY.
 *
 * Each is called on the account's thread; the account is read there. */

void          bd_account_create_client_async       (BdAccount            *account,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* (transfer full).  BD_ACCOUNT_ERROR_NO_API_KEY when none is stored. */
BdDodoClient *bd_account_create_client_finish      (BdAccount            *account,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* (transfer full); NULL only when the base URL is refused. */
BdDodoClient *bd_account_create_client             (BdAccount            *account,
                                                    GError              **error);

/* For headless commands: DODO_PAYMENTS_API_KEY when it is set and not
 * empty (then the keyring is not touched), else the keyring's key (a
 * blocking lookup).  The variable's value is never written anywhere.
 * BD_ACCOUNT_ERROR_NO_API_KEY when there is neither.
 * (transfer full): free with bd_secret_free(). */
BdSecret     *bd_account_dup_api_key_for_headless  (BdAccount            *account,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* A client with the key above.  (transfer full) */
BdDodoClient *bd_account_create_headless_client    (BdAccount            *account,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

G_END_DECLS
