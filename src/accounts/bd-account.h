/* bd-account.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_ACCOUNT_ERROR (bd_account_error_quark ())

typedef enum
{
  BD_ACCOUNT_ERROR_INVALID_NAME,
  BD_ACCOUNT_ERROR_DUPLICATE_NAME,
  BD_ACCOUNT_ERROR_NOT_FOUND,
  BD_ACCOUNT_ERROR_INVALID_FILE,
  BD_ACCOUNT_ERROR_NO_API_KEY,
} BdAccountError;

GQuark bd_account_error_quark (void);

/* The nicks ("test", "live", "sandbox") are what accounts.ini and the
 * keyring attributes hold. */
typedef enum
{
  BD_ACCOUNT_MODE_TEST,
  BD_ACCOUNT_MODE_LIVE,
  BD_ACCOUNT_MODE_SANDBOX,
} BdAccountMode;

#define BD_TYPE_ACCOUNT_MODE (bd_account_mode_get_type ())
GType         bd_account_mode_get_type    (void) G_GNUC_CONST;
const char   *bd_account_mode_to_string   (BdAccountMode   mode);
gboolean      bd_account_mode_from_string (const char     *s,
                                           BdAccountMode  *mode);

#define BD_TYPE_ACCOUNT (bd_account_get_type ())

G_DECLARE_FINAL_TYPE (BdAccount, bd_account, BD, ACCOUNT, GObject)

/* One merchant account in one mode: a display name, the mode and the
 * server it talks to, and the business it belongs to (read from the API
 * later).  It never holds a secret: keys live in the keyring under the
 * account's id (bd-keyring.h).  An account lives on the thread that made it;
 * hand a worker thread its id and mode, or a client (bd-account-client.h).
 *
 * Properties (all notify): "id" (stable, "acc_" + random, never derived
 * from a key), "display-name", "mode", "sandbox-url" (NULL unless the mode
 * is sandbox), "base-url" (derived), "business-id" and "business-name"
 * (nullable), "created-at" (UTC).
 *
 * @sandbox_url: required for BD_ACCOUNT_MODE_SANDBOX, ignored otherwise;
 * https://, or http:// to this computer only (the Dodo client's rule).
 * Returns NULL with @error set for an empty name or a refused URL. */
BdAccount    *bd_account_new                (const char     *display_name,
                                             BdAccountMode   mode,
                                             const char     *sandbox_url,
                                             GError        **error);

const char   *bd_account_get_id             (BdAccount      *self);
const char   *bd_account_get_display_name   (BdAccount      *self);
BdAccountMode bd_account_get_mode           (BdAccount      *self);
const char   *bd_account_get_sandbox_url    (BdAccount      *self);
const char   *bd_account_get_base_url       (BdAccount      *self);
const char   *bd_account_get_business_id    (BdAccount      *self);
const char   *bd_account_get_business_name  (BdAccount      *self);
GDateTime    *bd_account_get_created_at     (BdAccount      *self);

/* Changes mode and server together, after checking them as
 * bd_account_new() does; on error nothing changes.  The keyring keeps one
 * key per account and mode, so the new mode needs its own key.  Save the
 * list afterwards (bd_account_list_save()). */
gboolean      bd_account_set_mode           (BdAccount      *self,
                                             BdAccountMode   mode,
                                             const char     *sandbox_url,
                                             GError        **error);

/* Records the business the API says the key belongs to.  Both nullable.
 * Save the list afterwards (bd_account_list_save()). */
void          bd_account_set_business       (BdAccount      *self,
                                             const char     *business_id,
                                             const char     *business_name);

G_END_DECLS
