/* bd-application.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account-list.h"
#include "bd-sandbox-process.h"

G_BEGIN_DECLS

#define BD_TYPE_APPLICATION (bd_application_get_type ())

G_DECLARE_FINAL_TYPE (BdApplication, bd_application, BD, APPLICATION, AdwApplication)

BdApplication    *bd_application_new                    (void);
int               bd_application_get_exit_status        (BdApplication        *self);

/* The accounts, loaded at start-up.  (transfer none) */
BdAccountList    *bd_application_get_accounts           (BdApplication        *self);
/* Why accounts.ini could not be read at start-up, or NULL.  (transfer none) */
const GError     *bd_application_get_accounts_error     (BdApplication        *self);

/* The offline sandbox process, made on first use.  (transfer none) */
BdSandboxProcess *bd_application_get_sandbox            (BdApplication        *self);
/* Whether @account is the offline sandbox account this app manages (as
 * opposed to an account on a sandbox someone started by hand). */
gboolean          bd_application_is_sandbox_account     (BdApplication        *self,
                                                         BdAccount            *account);

/* Starts the offline sandbox (if it is not running), creates its account on
 * first use or points it at the new address, and stores the key it printed
 * in the keyring.  Finish returns the account (transfer full). */
void              bd_application_open_sandbox_async     (BdApplication        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
BdAccount        *bd_application_open_sandbox_finish    (BdApplication        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Removes @account from the list at once, then clears its keyring items
 * and deletes its offline copy ($XDG_DATA_HOME/billing-desk/ACCOUNT-ID);
 * for the sandbox account also stops the sandbox and deletes its data. */
void              bd_application_remove_account_async   (BdApplication        *self,
                                                         BdAccount            *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          bd_application_remove_account_finish  (BdApplication        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
