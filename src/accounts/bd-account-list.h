/* bd-account-list.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"

G_BEGIN_DECLS

#define BD_TYPE_ACCOUNT_LIST (bd_account_list_get_type ())

G_DECLARE_FINAL_TYPE (BdAccountList, bd_account_list, BD, ACCOUNT_LIST, GObject)

/* A GListModel of BdAccount, in the order they were added, kept in a
 * GKeyFile (default: $XDG_CONFIG_HOME/billing-desk/accounts.ini):
 *
 *   [acc_0c6f…]                       one group per account, named by its id
 *   name=My shop                      unique, compared case-insensitively
 *   mode=test                         test, live or sandbox
 *   sandbox-url=http://127.0.0.1:8080 sandbox mode only
 *   business-id=bus_…                 optional, from the API
 *   business-name=…                   optional, from the API
 *   created=2026-01-31T09:00:00Z
 *
 * The file never holds a secret: keys live in the keyring (bd-keyring.h).
 * Unknown keys are ignored and not written back.  Every change is written
 * at once, atomically (temporary file, then rename), and a change that
 * cannot be written is undone.  Main-thread object. */

/* @path: (nullable): the file; NULL for the default. */
BdAccountList *bd_account_list_new          (const char     *path);
const char    *bd_account_list_get_path     (BdAccountList  *self);

/* Replaces the contents with the file's; a missing file is an empty list.
 * A bad file is BD_ACCOUNT_ERROR_INVALID_FILE naming the file and the line
 * or account at fault, and leaves the list as it was. */
gboolean       bd_account_list_load         (BdAccountList  *self,
                                             GError        **error);
gboolean       bd_account_list_save         (BdAccountList  *self,
                                             GError        **error);

/* Adds and saves.  BD_ACCOUNT_ERROR_DUPLICATE_NAME when another account
 * has the same name, whatever the case. */
gboolean       bd_account_list_add          (BdAccountList  *self,
                                             BdAccount      *account,
                                             GError        **error);
/* Removes and saves.  The account's keys stay in the keyring: clear them
 * with bd_keyring_clear_account_async(). */
gboolean       bd_account_list_remove       (BdAccountList  *self,
                                             BdAccount      *account,
                                             GError        **error);
gboolean       bd_account_list_rename       (BdAccountList  *self,
                                             BdAccount      *account,
                                             const char     *display_name,
                                             GError        **error);

/* (transfer none) (nullable) */
BdAccount     *bd_account_list_find_by_id   (BdAccountList  *self,
                                             const char     *id);
/* Case-insensitive, ignoring surrounding white space.
 * (transfer none) (nullable) */
BdAccount     *bd_account_list_find_by_name (BdAccountList  *self,
                                             const char     *display_name);

G_END_DECLS
