/* bd-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-window.h"

/* The main window.  Until an account is open it shows a welcome page that
 * says what Billing Desk does; with an account it shows the workspace: a
 * sidebar of pages (Pricing, Subscriptions, Invoices, Customers, Events, as
 * they are added with bd_window_add_page()) beside the visible page, in an
 * AdwLeaflet that folds into one column on narrow windows.  The header shows
 * the account and marks test mode unmistakably. */

#define WELCOME_PAGE "welcome"

struct _BdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwWindowTitle       *account_title;
  GtkStack             *content_stack;
  AdwLeaflet           *leaflet;
  GtkStack             *main_stack;
  GtkListBox           *sidebar_list;
  GtkLabel             *test_mode_badge;
  GtkRevealer          *test_mode_strip;
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *welcome_page;

  guint                 test_mode : 1;
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

/* Callbacks */

static void
sidebar_row_activated_cb (BdWindow      *self,
                          GtkListBoxRow *row)
{
  g_assert (BD_IS_WINDOW (self));

  show_workspace_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
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

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

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
  gtk_widget_class_bind_template_child (widget_class, BdWindow, account_title);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, test_mode_badge);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, test_mode_strip);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, welcome_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
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

  gtk_stack_set_visible_child_name (self->main_stack, WELCOME_PAGE);
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
  adw_window_title_set_title (self->account_title, title);
  adw_window_title_set_subtitle (self->account_title, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->test_mode_badge), self->test_mode);
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
  adw_window_title_set_title (self->account_title, "");
  adw_window_title_set_subtitle (self->account_title, "");
  gtk_widget_set_visible (GTK_WIDGET (self->test_mode_badge), FALSE);
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
