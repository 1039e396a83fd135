/* bd-window-actions.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-add-account-window.h"
#include "bd-session-key-dialog.h"
#include "bd-toast.h"
#include "bd-window-private.h"

/* The window's accounts: opening one (bd_window_open_account()), asking
 * for a new key when the sync's is refused (BdSyncBar's "key-refused"),
 * and the actions other than navigation:
 *
 *   win.add-account, win.remove-account, win.switch-account (the account
 *   id): the accounts of the application's list;
 *   win.open-sandbox, win.cancel-sandbox: the offline sandbox, whose start
 *   the welcome page shows (spinner, Cancel) and whose failure it explains
 *   (the reason, Retry);
 *   win.sync (Ctrl+R, F5): sync the open account now;
 *   win.search (Ctrl+F): the visible page's search (bd_page_focus_search());
 *   win.show-sidebar: back to the sidebar on a folded window.
 *
 * Accelerators are set once, in bd-application.c. */

/* Helpers */

static BdAccountList *
get_accounts (BdWindow *self)
{
  BdApplication *app = _bd_window_get_application (self);

  return app != NULL ? bd_application_get_accounts (app) : NULL;
}

/* Callbacks */

static void
on_sandbox_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = bd_application_open_sandbox_finish (BD_APPLICATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sandbox_cancellable);
  if (account == NULL)
    {
      _bd_window_set_welcome_state (self, BD_WELCOME_FAILED, error->message);
      _bd_window_update_actions (self);
      return;
    }

  _bd_window_show_account (self, account, TRUE);
}

static void
on_sandbox_exited_cb (BdWindow *self)
{
  BdApplication *app = _bd_window_get_application (self);

  if (self->account == NULL || app == NULL
      || !bd_application_is_sandbox_account (app, self->account))
    return;

  gtk_stack_set_visible_child_name (self->main_stack, BD_WINDOW_WELCOME_PAGE);
  _bd_window_set_welcome_state (self, BD_WELCOME_FAILED, _("The offline sandbox stopped unexpectedly."));
}

static void
on_add_account_window_account_added_cb (BdWindow  *self,
                                        BdAccount *account)
{
  g_assert (BD_IS_WINDOW (self));

  bd_window_open_account (self, account);
}

static void
on_account_removed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_application_remove_account_finish (BD_APPLICATION (object), result, &error))
    bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

typedef struct
{
  BdWindow  *window;
  BdAccount *account;
} Removal;

/* The account's sync has stopped: now its files can go. */
static void
on_session_closed_for_removal_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  Removal *removal = user_data;
  BdApplication *app = _bd_window_get_application (removal->window);

  if (app != NULL)
    bd_application_remove_account_async (app, removal->account, NULL, on_account_removed_cb,
                                         g_object_ref (removal->window));
  g_object_unref (removal->window);
  g_object_unref (removal->account);
  g_free (removal);
}

static void
on_remove_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              BdWindow         *self)
{
  g_autoptr(BdAccount) account = g_object_ref (g_object_get_data (G_OBJECT (dialog), "bd-account"));
  BdAccountList *accounts = get_accounts (self);
  BdApplication *app = _bd_window_get_application (self);

  if (g_strcmp0 (response, "remove") != 0 || app == NULL)
    return;

  if (self->account == account)
    {
      g_autoptr(BdAccount) next = NULL;
      Removal *removal = g_new0 (Removal, 1);

      /* Its sync stops first; the files are deleted once it has. */
      removal->window = g_object_ref (self);
      removal->account = g_object_ref (account);
      _bd_window_close_session (self, on_session_closed_for_removal_cb, removal);

      /* Open another account, or the welcome page when none is left. */
      for (guint i = 0; accounts != NULL && next == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (accounts)); i++)
        {
          next = g_list_model_get_item (G_LIST_MODEL (accounts), i);
          if (next == account)
            g_clear_object (&next);
        }

      if (next != NULL)
        bd_window_open_account (self, next);
      else
        {
          g_clear_object (&self->account);
          bd_account_menu_set_account (self->account_menu, NULL);
          g_settings_set_string (self->settings, "last-account", "");
          _bd_window_set_pages_session (self);
          bd_window_clear_account (self);
        }
    }
  else
    bd_application_remove_account_async (app, account, NULL, on_account_removed_cb, g_object_ref (self));

  _bd_window_update_actions (self);
}

/* The application is set after construction (it is not a construct
 * property): hook up its accounts and its sandbox then. */
static void
on_window_application_changed_cb (BdWindow *self)
{
  BdApplication *app = _bd_window_get_application (self);
  const GError *error;

  g_assert (BD_IS_WINDOW (self));

  if (app == NULL)
    return;

  bd_account_menu_set_accounts (self->account_menu,
                                G_LIST_MODEL (bd_application_get_accounts (app)));
  g_signal_connect_object (bd_application_get_sandbox (app), "exited",
                           G_CALLBACK (on_sandbox_exited_cb), self, G_CONNECT_SWAPPED);
  if ((error = bd_application_get_accounts_error (app)) != NULL)
    bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
on_key_dialog_key_replaced_cb (BdWindow   *self,
                               const char *key)
{
  if (self->session == NULL)
    return;

  bd_session_set_api_key (self->session, key);
  bd_session_set_paused (self->session, FALSE);
  bd_session_sync (self->session);
}

static void
on_sync_bar_key_refused_cb (BdWindow *self)
{
  BdAccount *account;
  g_autofree char *body = NULL;

  if (self->key_dialog != NULL || self->session == NULL)
    return;

  /* Until the person answers (or if they keep the key), the timer does
   * not ask again; Ctrl+R does. */
  account = bd_session_get_account (self->session);
  bd_session_set_paused (self->session, TRUE);
  body = g_strdup_printf (_("Dodo Payments did not accept the saved key of “%s”, so it cannot be synced. "
                            "Paste a new key from the Dodo Payments dashboard; the offline copy stays as it is."),
                          bd_account_get_display_name (account));
  self->key_dialog = bd_session_key_dialog_new (GTK_WINDOW (self), account, body);
  g_object_add_weak_pointer (G_OBJECT (self->key_dialog), (gpointer *) &self->key_dialog);
  g_signal_connect_object (self->key_dialog, "key-replaced", G_CALLBACK (on_key_dialog_key_replaced_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->key_dialog));
}

/* Shows @account; its session is opened anew when it is another account,
 * or when @reopen (the sandbox restarted: new address and key). */
void
_bd_window_show_account (BdWindow  *self,
                         BdAccount *account,
                         gboolean   reopen)
{
  BdApplication *app = _bd_window_get_application (self);
  const char *subtitle = bd_account_get_business_name (account);

  g_assert (BD_IS_WINDOW (self));

  if (subtitle == NULL && app != NULL && bd_application_is_sandbox_account (app, account))
    subtitle = _("Runs on this computer");

  if (reopen || self->session == NULL || bd_session_get_account (self->session) != account)
    {
      _bd_window_open_session (self, account);
      _bd_window_set_pages_session (self);
    }
  g_set_object (&self->account, account);
  bd_account_menu_set_account (self->account_menu, account);
  bd_window_set_account (self, bd_account_get_display_name (account), subtitle,
                         bd_account_get_mode (account) != BD_ACCOUNT_MODE_LIVE);
  _bd_window_set_welcome_state (self, BD_WELCOME_START, NULL);
  _bd_window_show_content (self);
  g_settings_set_string (self->settings, "last-account", bd_account_get_id (account));
  _bd_window_update_actions (self);
}

/**
 * bd_window_open_account:
 * @account: an account of the application's list
 *
 * Shows @account in the window and remembers it for the next start.  The
 * offline sandbox account starts the sandbox first when it is not running
 * (the welcome page shows that), since its address changes at each start.
 */
void
bd_window_open_account (BdWindow  *self,
                        BdAccount *account)
{
  BdApplication *app;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (BD_IS_ACCOUNT (account));

  app = _bd_window_get_application (self);
  if (app != NULL
      && bd_application_is_sandbox_account (app, account)
      && !bd_sandbox_process_is_running (bd_application_get_sandbox (app)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-sandbox", NULL);
      return;
    }

  /* Switching away while the sandbox starts: that start is not wanted. */
  if (self->sandbox_cancellable != NULL)
    {
      g_cancellable_cancel (self->sandbox_cancellable);
      g_clear_object (&self->sandbox_cancellable);
    }

  _bd_window_show_account (self, account, FALSE);
}

/* Actions */

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdAccountList *accounts = get_accounts (self);
  GtkWidget *dialog;

  if (accounts == NULL)
    return;

  dialog = bd_add_account_window_new (GTK_WINDOW (self), accounts);
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (on_add_account_window_account_added_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->account == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), bd_account_get_display_name (self->account));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its saved key and offline copy are deleted from this computer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bd-account", g_object_ref (self->account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
switch_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdAccountList *accounts = get_accounts (self);
  BdAccount *account;

  if (accounts == NULL)
    return;

  account = bd_account_list_find_by_id (accounts, g_variant_get_string (param, NULL));
  if (account != NULL)
    bd_window_open_account (self, account);
}

static void
open_sandbox_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdApplication *app = _bd_window_get_application (self);

  if (app == NULL || self->sandbox_cancellable != NULL)
    return;

  self->sandbox_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->main_stack, BD_WINDOW_WELCOME_PAGE);
  _bd_window_set_welcome_state (self, BD_WELCOME_STARTING, NULL);
  _bd_window_update_actions (self);
  bd_application_open_sandbox_async (app, self->sandbox_cancellable,
                                     on_sandbox_opened_cb, g_object_ref (self));
}

static void
cancel_sandbox_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->sandbox_cancellable != NULL)
    g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);

  _bd_window_set_welcome_state (self, BD_WELCOME_START, NULL);
  /* Back to the account that was open before, if any. */
  if (self->account != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  _bd_window_update_actions (self);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->session != NULL)
    bd_session_sync (self->session);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  if (page == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workspace") != 0)
    return;

  /* On a folded window the page is shown first, so its search can take
   * the focus. */
  _bd_window_show_content (self);
  bd_page_focus_search (BD_PAGE (page));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Installs the actions above on the window class; the window's instance
 * init connects to its application through notify::application. */
void
_bd_window_class_actions_init (BdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.switch-account", "s", switch_account_action);
  gtk_widget_class_install_action (widget_class, "win.open-sandbox", NULL, open_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sandbox", NULL, cancel_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_bind_template_callback_full (widget_class, "on_sync_bar_key_refused_cb",
                                                G_CALLBACK (on_sync_bar_key_refused_cb));
}

void
_bd_window_actions_init (BdWindow *self)
{
  g_signal_connect_swapped (self, "notify::application", G_CALLBACK (on_window_application_changed_cb), self);
}
