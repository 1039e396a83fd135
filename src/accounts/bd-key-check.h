/* bd-key-check.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"

G_BEGIN_DECLS

/* Checking an API key before it is kept: the one check that the Add
 * Account window, the replace-key dialog and `billing-desk accounts add`
 * share.
 *
 * The check is one read that changes nothing, in any mode: the first page
 * of one payment (GET /payments, page size 1), with a throw-away client
 * that holds only the key being checked (nothing is looked up in, or
 * written to, the keyring; the key is wiped from memory when the check
 * ends).  When a test or live server refuses the key (401), the other
 * mode's server is asked with the same key, so that a key pasted into the
 * wrong mode is named as such.
 *
 * A read-only key cannot be told apart by a read, and Dodo has no endpoint
 * that describes a key's permissions; writing to find out would create
 * real data in live mode.  So a read-only key passes the check, and is
 * recognised on its first write, whose 403 bd_key_check_describe_error()
 * words with @was_write.
 *
 * Call on the thread whose main context is the thread-default one; the
 * callback runs there.  Finish with bd_key_check_finish(). */
void      bd_key_check_async          (BdAccount            *account,
                                       const char           *key,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);

/* The same check with the servers named: @base_url is the account's
 * server, @mode what the words speak of, and @other_base_url (nullable)
 * the server asked when @base_url refuses the key — bd_key_check_async()
 * passes the other mode's Dodo server for a test or live account and NULL
 * for a sandbox.  Finish with bd_key_check_finish(). */
void      bd_key_check_server_async   (const char           *base_url,
                                       BdAccountMode         mode,
                                       const char           *other_base_url,
                                       const char           *key,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);

/* TRUE when the key reads.  @out_business_id: (out) (optional) (nullable)
 * (transfer full): the business the payment read names, NULL when the
 * account has no payment yet.  On failure the error keeps the request's
 * domain and code (BD_DODO_ERROR, or G_IO_ERROR_CANCELLED), and its message
 * is what to tell people, from bd_key_check_describe_error(). */
gboolean  bd_key_check_finish         (GAsyncResult         *result,
                                       char                **out_business_id,
                                       GError              **error);

/* What to tell people about @error from a request made with a key for an
 * account in @mode: a refused key, a key of the other mode
 * (@other_mode_works), no connection, a key that may not read payments, or
 * with @was_write a key that may only read (a 403 on a write).  For other
 * errors (TLS, server errors, odd answers), the error's own message.
 * Translated.  (transfer full) */
char     *bd_key_check_describe_error (const GError         *error,
                                       BdAccountMode         mode,
                                       gboolean              other_mode_works,
                                       gboolean              was_write);

G_END_DECLS
