/* bd-session-key-dialog.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"

G_BEGIN_DECLS

#define BD_TYPE_SESSION_KEY_DIALOG (bd_session_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdSessionKeyDialog, bd_session_key_dialog, BD, SESSION_KEY_DIALOG, AdwMessageDialog)

/* "Replace the key": shown when Dodo refused an open account's key (or
 * none is stored).  "Replace Key" checks the new key against the API as
 * the Add Account dialog does (bd_key_check_async()), keeps the dialog
 * open with the reason when it is refused, then stores it in the keyring
 * and emits "key-replaced" (const char *key) before closing.  Cancel (or
 * Escape) changes nothing. */
GtkWidget *bd_session_key_dialog_new (GtkWindow  *parent,
                                      BdAccount  *account,
                                      const char *body);

G_END_DECLS
