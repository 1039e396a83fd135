/* bd-window.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-account-menu.h"
#include "bd-page.h"

G_BEGIN_DECLS

#define BD_TYPE_WINDOW (bd_window_get_type ())

G_DECLARE_FINAL_TYPE (BdWindow, bd_window, BD, WINDOW, AdwApplicationWindow)

BdWindow   *bd_window_new                (GtkApplication *application);
/* Adds @page (a BdPage; title and icon are its own) under @name. */
void        bd_window_add_page           (BdWindow       *self,
                                          const char     *name,
                                          BdPage         *page);
gboolean    bd_window_show_page          (BdWindow       *self,
                                          const char     *name,
                                          GError        **error);
const char *bd_window_get_visible_page   (BdWindow       *self);
char      **bd_window_list_pages         (BdWindow       *self);
void        bd_window_set_account        (BdWindow       *self,
                                          const char     *title,
                                          const char     *subtitle,
                                          gboolean        test_mode);
void        bd_window_clear_account      (BdWindow       *self);
gboolean    bd_window_get_test_mode      (BdWindow       *self);
void        bd_window_open_account       (BdWindow       *self,
                                          BdAccount      *account);
BdAccount  *bd_window_get_account        (BdWindow       *self);
gboolean    bd_window_is_busy            (BdWindow       *self);
BdAccountMenu *bd_window_get_account_menu (BdWindow      *self);
/* Whether the open account is being synced now. */
gboolean    bd_window_is_syncing         (BdWindow       *self);

G_END_DECLS
