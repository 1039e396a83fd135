/* bd-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-account-menu.h"
#include "bd-add-account-window.h"
#include "bd-application.h"
#include "bd-customers-page.h"
#include "bd-invoices-page.h"
#include "bd-session.h"
#include "bd-session-key-dialog.h"
#include "bd-subscriptions-page.h"
#include "bd-window.h"

/* The main window.  Until an account is open it shows a welcome page that
 * says what Billing Desk does; with an account it shows the workspace: a
 * sidebar of pages (Pricing, Subscriptions, Invoices, Customers, Events, as
 * they are added with bd_window_add_page()) beside the visible page, in an
 * AdwLeaflet that folds into one column on narrow windows.  The header shows
 * the account and marks test mode unmistakably; it is also the account
 * switcher (BdAccountMenu).
 *
 * The welcome page offers "Add Dodo Payments Account…" and "Try the Offline
 * Sandbox", and shows the sandbox starting (spinner, Cancel) or failing (the
 * reason, Retry).  Account actions: win.add-account, win.remove-account,
 * win.switch-account (the account id), win.open-sandbox, win.cancel-sandbox.
 *
 * The data path: an open account is a BdSession (its cache, client and
 * sync).  The data pages (workspace_pages below, created when the first
 * account opens) get set_data() as soon as the cache is open, then the
 * sync starts; refresh() follows each commit of a run (throttled) and its
 * end.  A bar at the bottom tells what the sync does; the offline banner,
 * the replace-key dialog and toasts tell how it ended.  win.sync (Ctrl+R,
 * F5) syncs now, win.search (Ctrl+F) focuses the visible page's search (its
 * page.search action when it has one, else its first search entry).  The
 * pages' "show-customer" and "show-subscription" signals show that page
 * with the customer or subscription. */

#define WELCOME_PAGE "welcome"

/* The data pages every account gets, in sidebar order.  A page type here
 * follows the page contract: bd_X_page_set_data() and bd_X_page_refresh(). */
static const struct
{
  const char        *name;
  const char        *title;
  const char        *icon_name;
  GType            (*get_type) (void);
  BdPageSetDataFunc  set_data;
  BdPageRefreshFunc  refresh;
} workspace_pages[] = {
  { "invoices", N_("Invoices"), "view-list-symbolic", bd_invoices_page_get_type,
    BD_PAGE_SET_DATA_FUNC (bd_invoices_page_set_data), BD_PAGE_REFRESH_FUNC (bd_page_refresh) },
  { "subscriptions", N_("Subscriptions"), "media-playlist-repeat-symbolic", bd_subscriptions_page_get_type,
    BD_PAGE_SET_DATA_FUNC (bd_subscriptions_page_set_data), BD_PAGE_REFRESH_FUNC (bd_subscriptions_page_refresh) },
  { "customers", N_("Customers"), "system-users-symbolic", bd_customers_page_get_type,
    BD_PAGE_SET_DATA_FUNC (bd_customers_page_set_data), BD_PAGE_REFRESH_FUNC (bd_customers_page_refresh) },
};

typedef struct
{
  GtkWidget         *page;   /* owned by content_stack */
  BdPageSetDataFunc  set_data;
  BdPageRefreshFunc  refresh;
} DataPage;

struct _BdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The open account (NULL on the welcome page), and the sandbox start in
   * progress, if any. */
  BdAccount            *account;
  GCancellable         *sandbox_cancellable;

  /* The open account's cache, client and sync; the data pages (DataPage). */
  BdSession            *session;
  GArray               *data_pages;
  GtkWidget            *key_dialog;
  char                 *welcome_title;
  char                 *welcome_description;

  /* Template widgets */
  BdAccountMenu        *account_menu;
  GtkStack             *content_stack;
  AdwLeaflet           *leaflet;
  GtkStack             *main_stack;
  GtkRevealer          *offline_banner;
  GtkLabel             *offline_label;
  GtkListBox           *sidebar_list;
  GtkRevealer          *sync_bar;
  GtkLabel             *sync_label;
  GtkProgressBar       *sync_progress;
  GtkSpinner           *sync_spinner;
  GtkRevealer          *test_mode_strip;
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *welcome_back_button;
  AdwStatusPage        *welcome_page;
  GtkSpinner           *welcome_spinner;
  GtkStack             *welcome_stack;

  guint                 test_mode : 1;
  guint                 pages_created : 1;
};

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

/* Helpers */

static GtkWidget *
sidebar_row_new (const char *name,
                 const char *title,
                 const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_name (row, name);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (title));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
show_workspace_page (BdWindow   *self,
                     const char *name)
{
  g_assert (BD_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_widget_get_parent (GTK_WIDGET (self->content_stack)));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
    }
}

static BdApplication *
get_application (BdWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return BD_IS_APPLICATION (app) ? BD_APPLICATION (app) : NULL;
}

static BdAccountList *
get_accounts (BdWindow *self)
{
  BdApplication *app = get_application (self);

  return app != NULL ? bd_application_get_accounts (app) : NULL;
}

static void
update_actions (BdWindow *self)
{
  g_assert (BD_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-account", self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sandbox",
                                 self->sandbox_cancellable != NULL || self->account != NULL);
}

/* The data pages and the session */

static void
set_pages_data (BdWindow *self)
{
  BdStore *store = self->session != NULL ? bd_session_get_store (self->session) : NULL;

  for (guint i = 0; self->data_pages != NULL && i < self->data_pages->len; i++)
    {
      DataPage *page = &g_array_index (self->data_pages, DataPage, i);

      /* All three, or none (the cache is not open yet, or no account). */
      if (store != NULL)
        page->set_data (page->page, bd_session_get_account (self->session), store,
                        bd_session_get_client (self->session));
      else
        page->set_data (page->page, NULL, NULL, NULL);
    }
}

static void
refresh_pages (BdWindow *self)
{
  for (guint i = 0; self->data_pages != NULL && i < self->data_pages->len; i++)
    {
      DataPage *page = &g_array_index (self->data_pages, DataPage, i);

      page->refresh (page->page);
    }
}

/* An invoice's "customer" row: the Customers page, narrowed to it. */
static void
on_show_customer (BdWindow   *self,
                  const char *customer_id)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, "customers");

  if (page == NULL || customer_id == NULL)
    return;
  bd_customers_page_show_customer (BD_CUSTOMERS_PAGE (page), customer_id);
  bd_window_show_page (self, "customers", NULL);
}

/* An invoice's "subscription" row: the Subscriptions page, with that
 * subscription selected and shown. */
static void
on_show_subscription (BdWindow   *self,
                      const char *subscription_id)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, "subscriptions");

  if (page == NULL || subscription_id == NULL)
    return;
  bd_window_show_page (self, "subscriptions", NULL);
  bd_subscriptions_page_show_subscription (BD_SUBSCRIPTIONS_PAGE (page), subscription_id);
}

static void
ensure_workspace_pages (BdWindow *self)
{
  if (self->pages_created)
    return;
  self->pages_created = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (workspace_pages); i++)
    {
      GtkWidget *page = g_object_new (workspace_pages[i].get_type (), NULL);

      /* Pages that link to a customer or a subscription (the Invoices
       * page's detail pane, the Subscriptions page's). */
      if (g_signal_lookup ("show-customer", G_OBJECT_TYPE (page)) != 0)
        g_signal_connect_object (page, "show-customer", G_CALLBACK (on_show_customer), self,
                                 G_CONNECT_SWAPPED);
      if (g_signal_lookup ("show-subscription", G_OBJECT_TYPE (page)) != 0)
        g_signal_connect_object (page, "show-subscription", G_CALLBACK (on_show_subscription), self,
                                 G_CONNECT_SWAPPED);
      bd_window_add_data_page (self, workspace_pages[i].name, _(workspace_pages[i].title),
                               workspace_pages[i].icon_name, page,
                               workspace_pages[i].set_data, workspace_pages[i].refresh);
    }
}

static void
show_offline_banner (BdWindow *self)
{
  GDateTime *when = bd_session_get_last_success (self->session);
  g_autofree char *text = NULL;

  if (when != NULL)
    {
      g_autofree char *time = bd_session_format_time (when);

      /* TRANSLATORS: %s is when the last sync ended, e.g. "today at 15:40" */
      text = g_strdup_printf (_("Offline — showing data from %s"), time);
    }
  else
    text = g_strdup (_("Offline — nothing has been synced yet"));

  gtk_label_set_text (self->offline_label, text);
  gtk_revealer_set_reveal_child (self->offline_banner, TRUE);
}

static void
on_sync_started (BdWindow *self)
{
  gtk_label_set_text (self->sync_label, _("Connecting to Dodo Payments…"));
  gtk_progress_bar_set_fraction (self->sync_progress, 0);
  gtk_spinner_set_spinning (self->sync_spinner, TRUE);
  gtk_revealer_set_reveal_child (self->sync_bar, TRUE);
}

static void
on_sync_progress (BdWindow       *self,
                  BdSyncProgress *progress)
{
  g_autofree char *text = NULL;
  double fraction = 0;

  text = bd_session_describe_progress (progress, &fraction);
  gtk_label_set_text (self->sync_label, text);
  gtk_progress_bar_set_fraction (self->sync_progress, fraction);
}

static void
on_key_replaced (BdWindow   *self,
                 const char *key)
{
  if (self->session == NULL)
    return;

  bd_session_set_api_key (self->session, key);
  bd_session_set_paused (self->session, FALSE);
  bd_session_sync (self->session);
}

static void
ask_for_key (BdWindow *self)
{
  BdAccount *account = bd_session_get_account (self->session);
  g_autofree char *body = NULL;

  if (self->key_dialog != NULL)
    return;

  /* Until the person answers (or if they keep the key), the timer does
   * not ask again; Ctrl+R does. */
  bd_session_set_paused (self->session, TRUE);
  body = g_strdup_printf (_("Dodo Payments did not accept the saved key of “%s”, so it cannot be synced. "
                            "Paste a new key from the Dodo Payments dashboard; the offline copy stays as it is."),
                          bd_account_get_display_name (account));
  self->key_dialog = bd_session_key_dialog_new (GTK_WINDOW (self), account, body);
  g_object_add_weak_pointer (G_OBJECT (self->key_dialog), (gpointer *) &self->key_dialog);
  g_signal_connect_object (self->key_dialog, "key-replaced", G_CALLBACK (on_key_replaced),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->key_dialog));
}

static void
on_sync_finished (BdWindow     *self,
                  const GError *error)
{
  gtk_spinner_set_spinning (self->sync_spinner, FALSE);
  gtk_revealer_set_reveal_child (self->sync_bar, FALSE);

  if (error == NULL)
    {
      gtk_revealer_set_reveal_child (self->offline_banner, FALSE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_BUSY))
    return;

  if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_OFFLINE))
    show_offline_banner (self);
  else if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_UNAUTHORIZED))
    ask_for_key (self);
  else
    bd_window_add_toast (self, adw_toast_new (error->message));
}

static void
on_sync_interval_changed (BdWindow *self)
{
  if (self->session != NULL)
    bd_session_set_interval (self->session, g_settings_get_uint (self->settings, "sync-interval"));
}

static void
on_session_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  BdSession *session = BD_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!bd_session_open_finish (session, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && session == self->session)
        {
          g_autofree char *message = g_strdup_printf (_("The offline copy could not be opened: %s"),
                                                      error->message);

          bd_window_add_toast (self, adw_toast_new (message));
        }
      return;
    }

  if (session != self->session)
    return;

  /* Cached data first, then the sync (in its own thread). */
  set_pages_data (self);
  bd_session_sync (session);
}

/* Stops the open account's session; @callback (nullable) runs once its
 * sync thread has ended. */
static void
close_session (BdWindow            *self,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(BdSession) session = g_steal_pointer (&self->session);

  if (self->key_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->key_dialog));
  gtk_revealer_set_reveal_child (self->offline_banner, FALSE);
  gtk_revealer_set_reveal_child (self->sync_bar, FALSE);
  gtk_spinner_set_spinning (self->sync_spinner, FALSE);

  if (session == NULL)
    {
      if (callback != NULL)
        callback (G_OBJECT (self), NULL, user_data);
      return;
    }

  g_signal_handlers_disconnect_by_data (session, self);
  bd_session_close (session, callback, user_data);
}

static void
open_session (BdWindow  *self,
              BdAccount *account)
{
  close_session (self, NULL, NULL);
  ensure_workspace_pages (self);

  self->session = bd_session_new (account);
  bd_session_set_interval (self->session, g_settings_get_uint (self->settings, "sync-interval"));
  g_signal_connect_object (self->session, "sync-started", G_CALLBACK (on_sync_started),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sync-progress", G_CALLBACK (on_sync_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "cache-changed", G_CALLBACK (refresh_pages),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "sync-finished", G_CALLBACK (on_sync_finished),
                           self, G_CONNECT_SWAPPED);
  set_pages_data (self);
  bd_session_open_async (self->session, on_session_opened, g_object_ref (self));
}

/* The welcome page's lower part: "start" (the two buttons), "starting"
 * (spinner, Cancel) or "failed" (@message, Retry). */
static void
set_welcome_state (BdWindow   *self,
                   const char *state,
                   const char *message)
{
  gboolean failed = g_strcmp0 (state, "failed") == 0;

  g_assert (BD_IS_WINDOW (self));

  adw_status_page_set_title (self->welcome_page,
                             failed ? _("The Offline Sandbox Did Not Start") : self->welcome_title);
  adw_status_page_set_description (self->welcome_page,
                                   failed ? message : self->welcome_description);
  adw_status_page_set_icon_name (self->welcome_page, failed ? "dialog-warning-symbolic" : APP_ID);
  gtk_widget_set_visible (self->welcome_back_button, self->account != NULL);
  gtk_spinner_set_spinning (self->welcome_spinner, g_strcmp0 (state, "starting") == 0);
  gtk_stack_set_visible_child_name (self->welcome_stack, state);
}

/* Shows @account; its session is opened anew when it is another account,
 * or when @reopen (the sandbox restarted: new address and key). */
static void
show_account (BdWindow  *self,
              BdAccount *account,
              gboolean   reopen)
{
  BdApplication *app = get_application (self);
  const char *subtitle = bd_account_get_business_name (account);

  g_assert (BD_IS_WINDOW (self));

  if (subtitle == NULL && app != NULL && bd_application_is_sandbox_account (app, account))
    subtitle = _("Runs on this computer");

  if (reopen || self->session == NULL || bd_session_get_account (self->session) != account)
    open_session (self, account);
  g_set_object (&self->account, account);
  bd_account_menu_set_account (self->account_menu, account);
  bd_window_set_account (self, bd_account_get_display_name (account), subtitle,
                         bd_account_get_mode (account) != BD_ACCOUNT_MODE_LIVE);
  set_welcome_state (self, "start", NULL);
  /* Folded, show the content (with the account switcher), not the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_widget_get_parent (GTK_WIDGET (self->content_stack)));
  g_settings_set_string (self->settings, "last-account", bd_account_get_id (account));
  update_actions (self);
}

/* Callbacks */

static void
on_sandbox_opened (GObject      *object,
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
      set_welcome_state (self, "failed", error->message);
      update_actions (self);
      return;
    }

  show_account (self, account, TRUE);
}

static void
on_sandbox_exited (BdWindow *self)
{
  BdApplication *app = get_application (self);

  if (self->account == NULL || app == NULL
      || !bd_application_is_sandbox_account (app, self->account))
    return;

  gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
  set_welcome_state (self, "failed", _("The offline sandbox stopped unexpectedly."));
}

static void
on_account_added (BdWindow  *self,
                  BdAccount *account)
{
  g_assert (BD_IS_WINDOW (self));

  bd_window_open_account (self, account);
}

static void
on_account_removed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_application_remove_account_finish (BD_APPLICATION (object), result, &error))
    bd_window_add_toast (self, adw_toast_new (error->message));
}

typedef struct
{
  BdWindow  *window;
  BdAccount *account;
} Removal;

/* The account's sync has stopped: now its files can go. */
static void
on_session_closed_for_removal (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  Removal *removal = user_data;
  BdApplication *app = get_application (removal->window);

  if (app != NULL)
    bd_application_remove_account_async (app, removal->account, NULL, on_account_removed,
                                         g_object_ref (removal->window));
  g_object_unref (removal->window);
  g_object_unref (removal->account);
  g_free (removal);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    BdWindow         *self)
{
  g_autoptr(BdAccount) account = g_object_ref (g_object_get_data (G_OBJECT (dialog), "bd-account"));
  BdAccountList *accounts = get_accounts (self);
  BdApplication *app = get_application (self);

  if (g_strcmp0 (response, "remove") != 0 || app == NULL)
    return;

  if (self->account == account)
    {
      g_autoptr(BdAccount) next = NULL;
      Removal *removal = g_new0 (Removal, 1);

      /* Its sync stops first; the files are deleted once it has. */
      removal->window = g_object_ref (self);
      removal->account = g_object_ref (account);
      close_session (self, on_session_closed_for_removal, removal);

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
          set_pages_data (self);
          bd_window_clear_account (self);
        }
    }
  else
    bd_application_remove_account_async (app, account, NULL, on_account_removed, g_object_ref (self));

  update_actions (self);
}

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
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (on_account_added),
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
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
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
  BdApplication *app = get_application (self);

  if (app == NULL || self->sandbox_cancellable != NULL)
    return;

  self->sandbox_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
  set_welcome_state (self, "starting", NULL);
  update_actions (self);
  bd_application_open_sandbox_async (app, self->sandbox_cancellable,
                                     on_sandbox_opened, g_object_ref (self));
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

  set_welcome_state (self, "start", NULL);
  /* Back to the account that was open before, if any. */
  if (self->account != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  update_actions (self);
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
  GtkWidget *entry;

  if (page == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workspace") != 0)
    return;

  /* A page that knows better (its search may be on a part of it that is
   * not shown, on a narrow window) has a page.search action. */
  if (gtk_widget_activate_action (page, "page.search", NULL))
    {
      adw_leaflet_set_visible_child (self->leaflet,
                                     gtk_widget_get_parent (GTK_WIDGET (self->content_stack)));
      return;
    }

  /* Any page with a search entry: the first one is its search. */
  entry = page;
  while (entry != NULL && !GTK_IS_SEARCH_ENTRY (entry))
    {
      GtkWidget *next = gtk_widget_get_first_child (entry);

      while (next == NULL && entry != page)
        {
          next = gtk_widget_get_next_sibling (entry);
          if (next == NULL)
            entry = gtk_widget_get_parent (entry);
        }
      entry = next;
    }

  if (entry != NULL)
    {
      adw_leaflet_set_visible_child (self->leaflet,
                                     gtk_widget_get_parent (GTK_WIDGET (self->content_stack)));
      gtk_widget_grab_focus (entry);
    }
}

static void
sidebar_row_activated_cb (BdWindow      *self,
                          GtkListBoxRow *row)
{
  g_assert (BD_IS_WINDOW (self));

  show_workspace_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_folded_changed (BdWindow *self)
{
  g_assert (BD_IS_WINDOW (self));

  bd_account_menu_set_compact (self->account_menu, adw_leaflet_get_folded (self->leaflet));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GObject overrides */

static void
on_session_closed_release_app (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;

  g_application_release (app);
}

static gboolean
bd_window_close_request (GtkWindow *window)
{
  BdWindow *self = BD_WINDOW (window);
  gboolean maximized = gtk_window_is_maximized (window);

  /* The size is only worth remembering when the window was not maximized;
   * otherwise keep the size it returns to when unmaximized. */
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  /* A sync thread may be writing: the application stays until it has
   * stopped (at the next page), so the last transaction ends cleanly. */
  if (self->session != NULL && bd_session_get_syncing (self->session)
      && gtk_window_get_application (window) != NULL)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (window));

      g_application_hold (app);
      close_session (self, on_session_closed_release_app, g_object_ref (app));
    }
  else
    close_session (self, NULL, NULL);

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

/* The application is set after construction (it is not a construct
 * property): hook up its accounts and its sandbox then. */
static void
on_application_changed (BdWindow *self)
{
  BdApplication *app = get_application (self);
  const GError *error;

  g_assert (BD_IS_WINDOW (self));

  if (app == NULL)
    return;

  bd_account_menu_set_accounts (self->account_menu,
                                G_LIST_MODEL (bd_application_get_accounts (app)));
  g_signal_connect_object (bd_application_get_sandbox (app), "exited",
                           G_CALLBACK (on_sandbox_exited), self, G_CONNECT_SWAPPED);
  if ((error = bd_application_get_accounts_error (app)) != NULL)
    bd_window_add_toast (self, adw_toast_new (error->message));
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  if (self->sandbox_cancellable != NULL)
    g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  if (self->session != NULL)
    close_session (self, NULL, NULL);
  g_clear_pointer (&self->data_pages, g_array_unref);
  g_clear_object (&self->account);
  g_clear_pointer (&self->welcome_title, g_free);
  g_clear_pointer (&self->welcome_description, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bd_window_parent_class)->dispose (object);
}

static void
bd_window_class_init (BdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bd_window_dispose;
  window_class->close_request = bd_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWindow, account_menu);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, test_mode_strip);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_back_button);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", NULL, remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.switch-account", "s", switch_account_action);
  gtk_widget_class_install_action (widget_class, "win.open-sandbox", NULL, open_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sandbox", NULL, cancel_sandbox_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  g_type_ensure (BD_TYPE_ACCOUNT_MENU);
}

static void
bd_window_init (BdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (on_sync_interval_changed), self, G_CONNECT_SWAPPED);
  self->data_pages = g_array_new (FALSE, TRUE, sizeof (DataPage));

  gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "notify::application", G_CALLBACK (on_application_changed), self);
  on_folded_changed (self);
  self->welcome_title = g_strdup (adw_status_page_get_title (self->welcome_page));
  self->welcome_description = g_strdup (adw_status_page_get_description (self->welcome_page));
  set_welcome_state (self, "start", NULL);
  update_actions (self);
}

/* Public API */

BdWindow *
bd_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (BD_TYPE_WINDOW, "application", application, NULL);
}

/**
 * bd_window_add_page:
 * @page: (transfer floating): the page widget
 *
 * Adds a page to the workspace: a row in the sidebar and the page beside it.
 * The first page added becomes the visible one.
 */
void
bd_window_add_page (BdWindow   *self,
                    const char *name,
                    const char *title,
                    const char *icon_name,
                    GtkWidget  *page)
{
  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (name != NULL && g_strcmp0 (name, WELCOME_PAGE) != 0);
  g_return_if_fail (title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (gtk_stack_get_child_by_name (self->content_stack, name) == NULL);

  gtk_stack_add_titled (self->content_stack, page, name, title);
  gtk_list_box_append (self->sidebar_list, sidebar_row_new (name, title, icon_name));
}

/**
 * bd_window_add_data_page:
 * @page: (transfer floating): the page widget
 * @set_data: its bd_X_page_set_data() (BD_PAGE_SET_DATA_FUNC())
 * @refresh: its bd_X_page_refresh() (BD_PAGE_REFRESH_FUNC())
 *
 * Adds a page that shows the open account's data (the page contract): it
 * gets the account, the cache and the client whenever they change, and a
 * refresh after each sync commit.
 */
void
bd_window_add_data_page (BdWindow          *self,
                         const char        *name,
                         const char        *title,
                         const char        *icon_name,
                         GtkWidget         *page,
                         BdPageSetDataFunc  set_data,
                         BdPageRefreshFunc  refresh)
{
  DataPage data_page = { page, set_data, refresh };

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (set_data != NULL && refresh != NULL);

  bd_window_add_page (self, name, title, icon_name, page);
  g_array_append_val (self->data_pages, data_page);

  /* Added while an account is open: it shows it at once. */
  if (self->session != NULL && bd_session_get_store (self->session) != NULL)
    set_data (page, bd_session_get_account (self->session), bd_session_get_store (self->session),
              bd_session_get_client (self->session));
}

/**
 * bd_window_show_page:
 * @name: "welcome", or the name of a page added with bd_window_add_page()
 *
 * Returns: %FALSE with @error set when there is no such page.
 */
gboolean
bd_window_show_page (BdWindow    *self,
                     const char  *name,
                     GError     **error)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_strcmp0 (name, WELCOME_PAGE) == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
      return TRUE;
    }

  if (gtk_stack_get_child_by_name (self->content_stack, name) == NULL)
    {
      g_auto(GStrv) names = bd_window_list_pages (self);
      g_autofree char *list = g_strjoinv (", ", names);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no page “%s”; the pages are: %s"), name, list);
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  show_workspace_page (self, name);
  return TRUE;
}

/**
 * bd_window_get_visible_page:
 *
 * Returns: the name of the page the user sees: "welcome" or a workspace page.
 */
const char *
bd_window_get_visible_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), WELCOME_PAGE) == 0)
    return WELCOME_PAGE;

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * bd_window_list_pages:
 *
 * Returns: (transfer full): the names bd_window_show_page() accepts.
 */
char **
bd_window_list_pages (BdWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  g_strv_builder_add (builder, WELCOME_PAGE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, gtk_stack_page_get_name (gtk_stack_get_page (self->content_stack, child)));

  return g_strv_builder_end (builder);
}

/**
 * bd_window_set_account:
 * @title: the account's display name
 * @subtitle: (nullable): the business, or %NULL
 * @test_mode: whether the account is a test-mode (or sandbox) account
 *
 * Shows the workspace for an account.  A test-mode account is marked with a
 * badge in the header and a strip across the content; a live one is not.
 */
void
bd_window_set_account (BdWindow   *self,
                       const char *title,
                       const char *subtitle,
                       gboolean    test_mode)
{
  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  self->test_mode = !!test_mode;
  bd_account_menu_set_title (self->account_menu, title, subtitle, self->test_mode);
  gtk_revealer_set_reveal_child (self->test_mode_strip, self->test_mode);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
}

/**
 * bd_window_clear_account:
 *
 * Returns to the welcome page, as when no account exists.
 */
void
bd_window_clear_account (BdWindow *self)
{
  g_return_if_fail (BD_IS_WINDOW (self));

  self->test_mode = FALSE;
  bd_account_menu_set_title (self->account_menu, NULL, NULL, FALSE);
  gtk_revealer_set_reveal_child (self->test_mode_strip, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
}

gboolean
bd_window_get_test_mode (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);

  return self->test_mode;
}

/**
 * bd_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
bd_window_add_toast (BdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

  app = get_application (self);
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

  show_account (self, account, FALSE);
}

/**
 * bd_window_get_account:
 *
 * Returns: (transfer none) (nullable): the open account
 */
BdAccount *
bd_window_get_account (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return self->account;
}

/**
 * bd_window_is_busy:
 *
 * Returns: whether the window is starting the offline sandbox
 */
gboolean
bd_window_is_busy (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);

  return self->sandbox_cancellable != NULL;
}

/**
 * bd_window_get_account_menu:
 *
 * Returns: (transfer none): the header's account switcher
 */
BdAccountMenu *
bd_window_get_account_menu (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return self->account_menu;
}

gboolean
bd_window_is_syncing (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);

  return self->session != NULL && bd_session_get_syncing (self->session);
}
