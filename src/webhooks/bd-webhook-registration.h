/* bd-webhook-registration.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"
#include "bd-dodo-client.h"

G_BEGIN_DECLS

/*
 * A sandbox account's listener registered with the sandbox (Dodo's
 * /webhooks API), so that its events reach the listener.
 *
 * bd_webhook_register_async() first deletes the endpoints an earlier run
 * left behind (a crash): those whose metadata says
 * {"billing_desk": "listener", "account": ACCOUNT-ID}.  Then it creates one
 * for @url with that metadata, reads its secret (GET /webhooks/{id}/secret)
 * and stores it in the keyring as the account's webhook-secret item.  The
 * secret goes nowhere else.  Finish gives the new endpoint's id ("whk_…").
 *
 * bd_webhook_unregister_async() deletes the endpoint again (the account
 * closes, the listener stops); the keyring item stays until the next
 * registration replaces it.
 *
 * Both run on a worker thread with @client's blocking requests (any of the
 * account's clients).  Call them on the account's thread.
 */

#define BD_WEBHOOK_METADATA_KEY   "billing_desk"
#define BD_WEBHOOK_METADATA_VALUE "listener"

void      bd_webhook_register_async     (BdDodoClient         *client,
                                         const char           *account_id,
                                         BdAccountMode         mode,
                                         const char           *display_name,
                                         const char           *url,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* (transfer full) the endpoint id; @out_removed (optional): how many left
 * behind endpoints were deleted first. */
char     *bd_webhook_register_finish    (GAsyncResult         *result,
                                         guint                *out_removed,
                                         GError              **error);

void      bd_webhook_unregister_async   (BdDodoClient         *client,
                                         const char           *endpoint_id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  bd_webhook_unregister_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
