/* bd-account-menu.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"

G_BEGIN_DECLS

#define BD_TYPE_ACCOUNT_MENU (bd_account_menu_get_type ())

G_DECLARE_FINAL_TYPE (BdAccountMenu, bd_account_menu, BD, ACCOUNT_MENU, GtkWidget)

/* The header's title and account switcher: the open account's name, its
 * business, a "Test Mode" badge, and a menu listing every account (name and
 * mode) with "Add Account…" and "Remove Account…".  Choosing an account
 * activates win.switch-account with its id; the other items activate
 * win.add-account and win.remove-account. */

/* @accounts: (nullable): a GListModel of BdAccount */
void        bd_account_menu_set_accounts (BdAccountMenu *self,
                                          GListModel    *accounts);
/* @account: (nullable): the open account, ticked in the menu */
void        bd_account_menu_set_account  (BdAccountMenu *self,
                                          BdAccount     *account);
void        bd_account_menu_set_title    (BdAccountMenu *self,
                                          const char    *title,
                                          const char    *subtitle,
                                          gboolean       test_mode);
/* Compact (a narrow window): no badge; the window's test-mode strip is
 * the mark then. */
void        bd_account_menu_set_compact  (BdAccountMenu *self,
                                          gboolean       compact);
void        bd_account_menu_popup        (BdAccountMenu *self);
void        bd_account_menu_popdown      (BdAccountMenu *self);

/* What the menu says about an account's mode: "Test mode", "Live",
 * "Sandbox".  (transfer none) */
const char *bd_account_menu_describe_mode (BdAccountMode mode);

G_END_DECLS
