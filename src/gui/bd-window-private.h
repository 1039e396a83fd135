/* bd-window-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-account-menu.h"
#include "bd-application.h"
#include "bd-session.h"
#include "bd-sync-bar.h"
#include "bd-welcome-page.h"
#include "bd-window.h"

G_BEGIN_DECLS

/* BdWindow spans two files, as GNOME Text Editor's window does:
 * bd-window.c is the shell (pages, navigation, the session, the header)
 * and bd-window-actions.c the account, sandbox, sync and search actions. */
struct _BdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The open account (NULL on the welcome page), and the sandbox start in
   * progress, if any. */
  BdAccount            *account;
  GCancellable         *sandbox_cancellable;

  /* The open account's cache, client and sync. */
  BdSession            *session;
  GtkWidget            *key_dialog;

  /* Template widgets */
  BdAccountMenu        *account_menu;
  GtkStack             *content_stack;
  AdwLeaflet           *leaflet;
  GtkStack             *main_stack;
  GtkListBox           *sidebar_list;
  BdSyncBar            *sync_bar;
  GtkRevealer          *test_mode_strip;
  AdwToastOverlay      *toast_overlay;
  BdWelcomePage        *welcome_page;

  guint                 test_mode : 1;
  guint                 pages_created : 1;
};

#define BD_WINDOW_WELCOME_PAGE "welcome"

void           _bd_window_class_actions_init (BdWindowClass *klass);
void           _bd_window_actions_init       (BdWindow      *self);
void           _bd_window_update_actions     (BdWindow      *self);
BdApplication *_bd_window_get_application    (BdWindow      *self);
void           _bd_window_open_session       (BdWindow      *self,
                                              BdAccount     *account);
void           _bd_window_show_account       (BdWindow      *self,
                                              BdAccount     *account,
                                              gboolean       reopen);
void           _bd_window_close_session      (BdWindow            *self,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void           _bd_window_set_welcome_state  (BdWindow       *self,
                                              BdWelcomeState  state,
                                              const char     *message);
void           _bd_window_show_content       (BdWindow      *self);
void           _bd_window_set_pages_session  (BdWindow      *self);

G_END_DECLS
