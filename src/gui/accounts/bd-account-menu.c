/* bd-account-menu.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-account-menu"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-account-menu.h"

struct _BdAccountMenu
{
  GtkWidget       parent_instance;

  GListModel     *accounts;
  BdAccount      *account;
  GtkListBox     *list;
  gboolean        test_mode;
  gboolean        compact;

  /* Template widgets */
  GtkLabel       *badge;
  GtkMenuButton  *button;
  AdwWindowTitle *title;
};

G_DEFINE_FINAL_TYPE (BdAccountMenu, bd_account_menu, GTK_TYPE_WIDGET)

/* Helpers */

static void
update_ticks (BdAccountMenu *self)
{
  g_assert (BD_IS_ACCOUNT_MENU (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      BdAccount *account = g_object_get_data (G_OBJECT (row), "bd-account");
      GtkWidget *tick = g_object_get_data (G_OBJECT (row), "bd-tick");

      if (account != NULL && tick != NULL)
        gtk_widget_set_opacity (tick, account == self->account ? 1.0 : 0.0);
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  BdAccountMenu *self = user_data;
  BdAccount *account = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *mode = gtk_label_new (bd_account_menu_describe_mode (bd_account_get_mode (account)));
  GtkWidget *tick = gtk_image_new_from_icon_name ("object-select-symbolic");

  g_object_bind_property (account, "display-name", name, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
  gtk_label_set_xalign (GTK_LABEL (mode), 0);
  gtk_widget_add_css_class (mode, "caption");
  if (bd_account_get_mode (account) == BD_ACCOUNT_MODE_LIVE)
    gtk_widget_add_css_class (mode, "dim-label");
  else
    gtk_widget_add_css_class (mode, "warning");

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), mode);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_valign (tick, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), tick);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, bd_account_get_id (account));
  g_object_set_data_full (G_OBJECT (row), "bd-account", g_object_ref (account), g_object_unref);
  g_object_set_data (G_OBJECT (row), "bd-tick", tick);
  gtk_widget_set_opacity (tick, account == self->account ? 1.0 : 0.0);

  return row;
}

/* Callbacks */

static void
on_row_activated_cb (BdAccountMenu *self,
                  GtkListBoxRow *row)
{
  BdAccount *account = g_object_get_data (G_OBJECT (row), "bd-account");

  g_assert (BD_IS_ACCOUNT_MENU (self));

  gtk_menu_button_popdown (self->button);
  if (account != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.switch-account", "s",
                                bd_account_get_id (account));
}

static void
on_items_changed_cb (BdAccountMenu *self)
{
  g_assert (BD_IS_ACCOUNT_MENU (self));

  gtk_widget_set_visible (GTK_WIDGET (self->list),
                          self->accounts != NULL && g_list_model_get_n_items (self->accounts) > 0);
  update_ticks (self);
}

/* GObject overrides */

static void
bd_account_menu_dispose (GObject *object)
{
  BdAccountMenu *self = BD_ACCOUNT_MENU (object);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_ACCOUNT_MENU);

  G_OBJECT_CLASS (bd_account_menu_parent_class)->dispose (object);
}

static void
bd_account_menu_class_init (BdAccountMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_account_menu_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/accounts/bd-account-menu.ui");
  gtk_widget_class_bind_template_child (widget_class, BdAccountMenu, badge);
  gtk_widget_class_bind_template_child (widget_class, BdAccountMenu, button);
  gtk_widget_class_bind_template_child (widget_class, BdAccountMenu, title);
}

static void
bd_account_menu_init (BdAccountMenu *self)
{
  GtkPopover *popover;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->list), 240, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Accounts"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  popover = gtk_menu_button_get_popover (self->button);
  if (!gtk_popover_menu_add_child (GTK_POPOVER_MENU (popover), GTK_WIDGET (self->list), "accounts"))
    g_critical ("The account menu has no place for its list");
}

/* Public API */

void
bd_account_menu_set_accounts (BdAccountMenu *self,
                              GListModel    *accounts)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_set_object (&self->accounts, accounts);

  gtk_list_box_bind_model (self->list, accounts, create_row, self, NULL);
  if (accounts != NULL)
    g_signal_connect_object (accounts, "items-changed", G_CALLBACK (on_items_changed_cb),
                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  on_items_changed_cb (self);
}

void
bd_account_menu_set_account (BdAccountMenu *self,
                             BdAccount     *account)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));
  g_return_if_fail (account == NULL || BD_IS_ACCOUNT (account));

  if (g_set_object (&self->account, account))
    update_ticks (self);
}

void
bd_account_menu_set_title (BdAccountMenu *self,
                           const char    *title,
                           const char    *subtitle,
                           gboolean       test_mode)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));

  adw_window_title_set_title (self->title, title ? title : "");
  adw_window_title_set_subtitle (self->title, subtitle ? subtitle : "");
  self->test_mode = !!test_mode;
  gtk_widget_set_visible (GTK_WIDGET (self->badge), self->test_mode && !self->compact);
}

void
bd_account_menu_set_compact (BdAccountMenu *self,
                             gboolean       compact)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));

  self->compact = !!compact;
  gtk_widget_set_visible (GTK_WIDGET (self->badge), self->test_mode && !self->compact);
}

void
bd_account_menu_popup (BdAccountMenu *self)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));

  gtk_menu_button_popup (self->button);
}

void
bd_account_menu_popdown (BdAccountMenu *self)
{
  g_return_if_fail (BD_IS_ACCOUNT_MENU (self));

  gtk_menu_button_popdown (self->button);
}

const char *
bd_account_menu_describe_mode (BdAccountMode mode)
{
  switch (mode)
    {
    case BD_ACCOUNT_MODE_TEST:
      return _("Test mode");
    case BD_ACCOUNT_MODE_LIVE:
      return _("Live");
    case BD_ACCOUNT_MODE_SANDBOX:
      return _("Sandbox");
    default:
      g_return_val_if_reached ("");
    }
}
