/* bd-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-customers-page.h"
#include "bd-dashboard-page.h"
#include "bd-disputes-page.h"
#include "bd-invoices-page.h"
#include "bd-subscriptions-page.h"
#include "bd-toast.h"
#include "bd-window-private.h"

/* The main window, its shell.  Until an account is open it shows the
 * welcome page (BdWelcomePage); with an account, the workspace: a sidebar
 * of pages beside the visible page, in an AdwLeaflet that folds into one
 * column on narrow windows.  The header shows the account and marks test
 * mode unmistakably; it is also the account switcher (BdAccountMenu).
 *
 * Pages are BdPages (bd-page.h) and the window knows them only through
 * that interface: it gives each the open account's BdSession once its
 * cache is open (cached data first), then starts the sync, and refreshes
 * them on each of the session's "cache-changed".  The BdSyncBar around the
 * pages tells what the sync does and how it ended.
 *
 * Navigation is by actions, so that any widget anywhere can open an
 * object without knowing which page shows it: win.show-page (the page's
 * name) and win.show-customer, -subscription, -payment, -refund, -dispute,
 * -product (the object's id) are routed here to the page that owns the
 * object (object_routes), which selects it.  Opening an account, a refused
 * key, and the account, sandbox, sync and search actions are in
 * bd-window-actions.c. */

/* The pages every account gets, in sidebar order. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} workspace_pages[] = {
  { "dashboard", bd_dashboard_page_get_type },
  { "invoices", bd_invoices_page_get_type },
  { "subscriptions", bd_subscriptions_page_get_type },
  { "customers", bd_customers_page_get_type },
  { "disputes", bd_disputes_page_get_type },
};

/* Which page shows which kind of object.  An action whose page does not
 * exist (yet) is disabled. */
static const struct
{
  const char *action;
  const char *page;
} object_routes[] = {
  { "win.show-customer", "customers" },
  { "win.show-subscription", "subscriptions" },
  { "win.show-payment", "invoices" },
  { "win.show-refund", "invoices" },
  { "win.show-dispute", "disputes" },
  { "win.show-product", "pricing" },
};

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

/* Helpers */

/* A sidebar row: the page's icon and title, and its badge (a count, hidden
 * while 0) at the end, kept as the row's "badge" data. */
static GtkWidget *
sidebar_row_new (const char *name,
                 const char *title,
                 const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_name (row, name);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (badge, "sidebar-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "badge", badge);

  return row;
}

/* The page's badge on its sidebar row. */
static void
on_page_badge_changed_cb (BdWindow *self,
                          BdPage   *page)
{
  g_autofree char *name = g_strdup (gtk_stack_page_get_name (gtk_stack_get_page (self->content_stack,
                                                                                   GTK_WIDGET (page))));
  guint count = bd_page_get_badge (page);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *badge = g_object_get_data (G_OBJECT (row), "badge");
      g_autofree char *text = NULL;

      if (badge == NULL || g_strcmp0 (gtk_widget_get_name (row), name) != 0)
        continue;
      text = g_strdup_printf ("%u", count);
      gtk_label_set_text (badge, text);
      gtk_widget_set_visible (GTK_WIDGET (badge), count > 0);
    }
}

static void
show_workspace_page (BdWindow   *self,
                     const char *name)
{
  g_assert (BD_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_stack, name);
  _bd_window_show_content (self);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
refresh_pages (BdWindow *self)
{
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    bd_page_refresh (BD_PAGE (page));
}

static void
ensure_workspace_pages (BdWindow *self)
{
  if (self->pages_created)
    return;
  self->pages_created = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (workspace_pages); i++)
    bd_window_add_page (self, workspace_pages[i].name,
                        g_object_new (workspace_pages[i].get_type (), NULL));
}

/* The session */

static void
on_settings_sync_interval_changed_cb (BdWindow *self)
{
  if (self->session != NULL)
    bd_session_set_interval (self->session, g_settings_get_uint (self->settings, "sync-interval"));
}

static void
on_session_opened_cb (GObject      *object,
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

          bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
        }
      return;
    }

  if (session != self->session)
    return;

  /* Cached data first, then the sync (in its own thread). */
  _bd_window_set_pages_session (self);
  _bd_window_update_actions (self);
  bd_session_sync (session);
}

void
_bd_window_open_session (BdWindow  *self,
                         BdAccount *account)
{
  _bd_window_close_session (self, NULL, NULL);
  ensure_workspace_pages (self);

  self->session = bd_session_new (account);
  bd_session_set_interval (self->session, g_settings_get_uint (self->settings, "sync-interval"));
  g_signal_connect_object (self->session, "cache-changed", G_CALLBACK (refresh_pages),
                           self, G_CONNECT_SWAPPED);
  bd_sync_bar_set_session (self->sync_bar, self->session);
  bd_session_open_async (self->session, on_session_opened_cb, g_object_ref (self));
}

/* Navigation */

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!bd_window_show_page (self, g_variant_get_string (param, NULL), &error))
    bd_widget_add_toast (widget, adw_toast_new (error->message));
}

static void
show_object_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (object_routes); i++)
    {
      GtkWidget *page;

      if (!g_str_equal (object_routes[i].action, action_name))
        continue;

      page = gtk_stack_get_child_by_name (self->content_stack, object_routes[i].page);
      if (page == NULL || *id == '\0')
        return;

      bd_window_show_page (self, object_routes[i].page, NULL);
      bd_page_show_object (BD_PAGE (page), id);
      return;
    }
}

static void
on_sidebar_list_row_activated_cb (BdWindow      *self,
                                  GtkListBoxRow *row)
{
  g_assert (BD_IS_WINDOW (self));

  show_workspace_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_leaflet_folded_changed_cb (BdWindow *self)
{
  g_assert (BD_IS_WINDOW (self));

  bd_account_menu_set_compact (self->account_menu, adw_leaflet_get_folded (self->leaflet));
}

/* Shared with bd-window-actions.c */

BdApplication *
_bd_window_get_application (BdWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return BD_IS_APPLICATION (app) ? BD_APPLICATION (app) : NULL;
}

/* Folded, show the content (with the account switcher), not the sidebar. */
void
_bd_window_show_content (BdWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_widget_get_parent (GTK_WIDGET (self->sync_bar)));
}

void
_bd_window_update_actions (BdWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->session != NULL && bd_session_get_store (self->session) != NULL;

  g_assert (BD_IS_WINDOW (self));

  gtk_widget_action_set_enabled (widget, "win.remove-account", self->account != NULL);
  gtk_widget_action_set_enabled (widget, "win.sync", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "win.search", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-sandbox",
                                 self->sandbox_cancellable != NULL || self->account != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (object_routes); i++)
    gtk_widget_action_set_enabled (widget, object_routes[i].action,
                                   open && gtk_stack_get_child_by_name (self->content_stack,
                                                                        object_routes[i].page) != NULL);
}

/* Gives every page the open session, or NULL while there is none or its
 * cache is not open yet. */
void
_bd_window_set_pages_session (BdWindow *self)
{
  BdSession *session = self->session;

  if (session != NULL && bd_session_get_store (session) == NULL)
    session = NULL;

  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    bd_page_set_session (BD_PAGE (page), session);
}

/* Stops the open account's session; @callback (nullable) runs once its
 * sync thread has ended. */
void
_bd_window_close_session (BdWindow            *self,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(BdSession) session = g_steal_pointer (&self->session);

  if (self->key_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->key_dialog));
  bd_sync_bar_set_session (self->sync_bar, NULL);

  if (session == NULL)
    {
      if (callback != NULL)
        callback (G_OBJECT (self), NULL, user_data);
      return;
    }

  g_signal_handlers_disconnect_by_data (session, self);
  bd_session_close (session, callback, user_data);
}

void
_bd_window_set_welcome_state (BdWindow       *self,
                              BdWelcomeState  state,
                              const char     *message)
{
  bd_welcome_page_set_state (self->welcome_page, state, message, self->account != NULL);
}

/* GObject overrides */

static void
on_session_closed_release_app_cb (GObject      *object,
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
      _bd_window_close_session (self, on_session_closed_release_app_cb, g_object_ref (app));
    }
  else
    _bd_window_close_session (self, NULL, NULL);

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  if (self->sandbox_cancellable != NULL)
    g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  if (self->session != NULL)
    _bd_window_close_session (self, NULL, NULL);
  g_clear_object (&self->account);
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
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, test_mode_strip);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (object_routes); i++)
    gtk_widget_class_install_action (widget_class, object_routes[i].action, "s", show_object_action);
  _bd_window_class_actions_init (klass);

  g_type_ensure (BD_TYPE_ACCOUNT_MENU);
  g_type_ensure (BD_TYPE_SYNC_BAR);
  g_type_ensure (BD_TYPE_WELCOME_PAGE);
}

static void
bd_window_init (BdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);

  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (on_settings_sync_interval_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, BD_WINDOW_WELCOME_PAGE);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_leaflet_folded_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_leaflet_folded_changed_cb (self);
  _bd_window_actions_init (self);
  _bd_window_update_actions (self);
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
 * @name: the page's name for bd_window_show_page() and win.show-page
 * @page: (transfer floating): the page
 *
 * Adds a page to the workspace: a row in the sidebar (the page's title and
 * icon) and the page beside it.  The first page added becomes the visible
 * one.  Added while an account is open, it shows that account at once.
 */
void
bd_window_add_page (BdWindow   *self,
                    const char *name,
                    BdPage     *page)
{
  g_autofree char *title = NULL;
  g_autofree char *icon_name = NULL;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (name != NULL && g_strcmp0 (name, BD_WINDOW_WELCOME_PAGE) != 0);
  g_return_if_fail (BD_IS_PAGE (page));
  g_return_if_fail (gtk_stack_get_child_by_name (self->content_stack, name) == NULL);

  title = bd_page_get_title (page);
  icon_name = bd_page_get_icon_name (page);
  gtk_stack_add_titled (self->content_stack, GTK_WIDGET (page), name, title);
  gtk_list_box_append (self->sidebar_list, sidebar_row_new (name, title, icon_name));
  g_signal_connect_object (page, "badge-changed", G_CALLBACK (on_page_badge_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_page_badge_changed_cb (self, page);

  if (self->session != NULL && bd_session_get_store (self->session) != NULL)
    bd_page_set_session (page, self->session);
  _bd_window_update_actions (self);
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

  if (g_strcmp0 (name, BD_WINDOW_WELCOME_PAGE) == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, BD_WINDOW_WELCOME_PAGE);
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

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), BD_WINDOW_WELCOME_PAGE) == 0)
    return BD_WINDOW_WELCOME_PAGE;

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

  g_strv_builder_add (builder, BD_WINDOW_WELCOME_PAGE);
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
  gtk_stack_set_visible_child_name (self->main_stack, BD_WINDOW_WELCOME_PAGE);
}

gboolean
bd_window_get_test_mode (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);

  return self->test_mode;
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
