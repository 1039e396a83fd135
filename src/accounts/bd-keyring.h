/* bd-keyring.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"

G_BEGIN_DECLS

/* API keys and webhook secrets in the system keyring (libsecret, Secret
 * Service), and nowhere else.  Items use the schema
 * io.github.billingdesk.BillingDesk.ApiKey with three non-secret
 * attributes: account-id, mode ("test", "live", "sandbox") and kind
 * ("api-key", "webhook-secret").  One item per account, mode and kind.
 *
 * Threads: the _async functions may be called from any thread with a
 * thread-default main context (the callback runs there); the main thread
 * uses only them.  bd_keyring_lookup_sync() blocks: worker threads and
 * headless commands only.
 *
 * Secrets are never logged, and never appear in an error message. */

typedef enum
{
  BD_KEYRING_KIND_API_KEY,
  BD_KEYRING_KIND_WEBHOOK_SECRET,
} BdKeyringKind;

/* A secret as handed out here: plain NUL-terminated text, wiped when freed
 * with bd_secret_free() (or g_autoptr(BdSecret)). */
typedef char BdSecret;

void      bd_secret_free                    (BdSecret       *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSecret, bd_secret_free)

/* Stores @secret, replacing the account's item of that mode and kind.
 * @label_name: (nullable): the account's display name, for the label
 * people see in Passwords and Keys. */
void      bd_keyring_store_async            (const char           *account_id,
                                             BdAccountMode         mode,
                                             BdKeyringKind         kind,
                                             const char           *label_name,
                                             const char           *secret,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  bd_keyring_store_finish           (GAsyncResult         *result,
                                             GError              **error);

/* Finish returns the secret (transfer full, free with bd_secret_free()),
 * or NULL without an error when there is none. */
void      bd_keyring_lookup_async           (const char           *account_id,
                                             BdAccountMode         mode,
                                             BdKeyringKind         kind,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BdSecret *bd_keyring_lookup_finish          (GAsyncResult         *result,
                                             GError              **error);

/* Blocks until the keyring answers: worker threads and headless commands
 * only.  Called while the default main context is owned (the GUI's main
 * thread) it is a g_critical() in debug builds. */
BdSecret *bd_keyring_lookup_sync            (const char           *account_id,
                                             BdAccountMode         mode,
                                             BdKeyringKind         kind,
                                             GCancellable         *cancellable,
                                             GError              **error);

/* Removes one item; TRUE also when there was none. */
void      bd_keyring_clear_async            (const char           *account_id,
                                             BdAccountMode         mode,
                                             BdKeyringKind         kind,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  bd_keyring_clear_finish           (GAsyncResult         *result,
                                             GError              **error);

/* Removes every item of the account: both kinds, every mode.  TRUE also
 * when there was none. */
void      bd_keyring_clear_account_async    (const char           *account_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  bd_keyring_clear_account_finish   (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
