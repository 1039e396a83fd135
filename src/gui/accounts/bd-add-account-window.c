/* bd-add-account-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-add-account-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-add-account-window.h"
#include "bd-key-check.h"
#include "bd-keyring.h"

struct _BdAddAccountWindow
{
  AdwWindow       parent_instance;

  BdAccountList  *accounts;
  GCancellable   *cancellable;

  /* While checking: the account to add, and the key (wiped when done). */
  BdAccount      *candidate;
  char           *key;

  /* Template widgets */
  GtkButton      *add_button;
  GtkButton      *cancel_button;
  GtkWidget      *checking_box;
  GtkLabel       *error_label;
  AdwPreferencesGroup *form_group;
  AdwComboRow    *mode_row;
  AdwEntryRow    *name_row;
  AdwPasswordEntryRow *key_row;
  GtkSpinner     *spinner;
  AdwEntryRow    *url_row;
};

G_DEFINE_FINAL_TYPE (BdAddAccountWindow, bd_add_account_window, ADW_TYPE_WINDOW)

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
wipe_key (BdAddAccountWindow *self)
{
  if (self->key != NULL)
    {
      explicit_bzero (self->key, strlen (self->key));
      g_clear_pointer (&self->key, g_free);
    }
}

static BdAccountMode
selected_mode (BdAddAccountWindow *self)
{
  switch (adw_combo_row_get_selected (self->mode_row))
    {
    case 1:
      return BD_ACCOUNT_MODE_LIVE;
    case 2:
      return BD_ACCOUNT_MODE_SANDBOX;
    default:
      return BD_ACCOUNT_MODE_TEST;
    }
}

static gboolean
form_complete (BdAddAccountWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  if (*name == '\0' || *key == '\0')
    return FALSE;

  return selected_mode (self) != BD_ACCOUNT_MODE_SANDBOX || *url != '\0';
}

static void
set_busy (BdAddAccountWindow *self,
          gboolean            busy)
{
  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy && form_complete (self));
  gtk_widget_set_visible (self->checking_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (BdAddAccountWindow *self,
            const char         *message)
{
  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  g_clear_object (&self->candidate);
  wipe_key (self);
}

static void
finish_check (BdAddAccountWindow *self)
{
  g_clear_object (&self->cancellable);
}

/* Callbacks */

static void
on_key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdAddAccountWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccount) account = NULL;

  if (!bd_keyring_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The key could not be saved in the keyring: %s"), error->message);
      show_error (self, message);
      finish_check (self);
      return;
    }

  /* The key is stored first, so that an account in the list always has
   * one; if the list refuses the account, its key goes again. */
  account = g_steal_pointer (&self->candidate);
  wipe_key (self);
  finish_check (self);
  if (!bd_account_list_add (self->accounts, account, &error))
    {
      bd_keyring_clear_account_async (bd_account_get_id (account), NULL, NULL, NULL);
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
store_key (BdAddAccountWindow *self)
{
  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  bd_keyring_store_async (bd_account_get_id (self->candidate),
                          bd_account_get_mode (self->candidate),
                          BD_KEYRING_KIND_API_KEY,
                          bd_account_get_display_name (self->candidate),
                          self->key, self->cancellable,
                          on_key_stored_cb, g_object_ref (self));
}

static void
on_key_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BdAddAccountWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_key_check_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
      finish_check (self);
      return;
    }

  store_key (self);
}

static void
on_add_clicked_cb (BdAddAccountWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  BdAccountMode mode = selected_mode (self);

  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  if (self->cancellable != NULL || !form_complete (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  if (bd_account_list_find_by_name (self->accounts, name) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is already an account named “%s”"), name);

      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  g_clear_object (&self->candidate);
  self->candidate = bd_account_new (name, mode, mode == BD_ACCOUNT_MODE_SANDBOX ? url : NULL, &error);
  if (self->candidate == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* Pasted keys often bring a space or a line break along. */
  wipe_key (self);
  self->key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  bd_key_check_async (self->candidate, self->key, self->cancellable,
                      on_key_checked_cb, g_object_ref (self));
}

static void
on_cancel_clicked_cb (BdAddAccountWindow *self)
{
  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  /* While checking, Cancel stops the check and leaves the form as it was;
   * otherwise it closes the dialog. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      finish_check (self);
      g_clear_object (&self->candidate);
      wipe_key (self);
      set_busy (self, FALSE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_form_changed_cb (BdAddAccountWindow *self)
{
  g_assert (BD_IS_ADD_ACCOUNT_WINDOW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), selected_mode (self) == BD_ACCOUNT_MODE_SANDBOX);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            self->cancellable == NULL && form_complete (self));
}

/* GObject overrides */

static void
bd_add_account_window_dispose (GObject *object)
{
  BdAddAccountWindow *self = BD_ADD_ACCOUNT_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->candidate);
  g_clear_object (&self->accounts);
  wipe_key (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_ADD_ACCOUNT_WINDOW);

  G_OBJECT_CLASS (bd_add_account_window_parent_class)->dispose (object);
}

static void
bd_add_account_window_class_init (BdAddAccountWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_add_account_window_dispose;

  /* Emitted once the key is in the keyring and the account in the list. */
  signals[ACCOUNT_ADDED] = g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, BD_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/accounts/bd-add-account-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, checking_box);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, form_group);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdAddAccountWindow, url_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_add_account_window_init (BdAddAccountWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
bd_add_account_window_new (GtkWindow     *parent,
                           BdAccountList *accounts)
{
  BdAddAccountWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_ACCOUNT_LIST (accounts), NULL);

  self = g_object_new (BD_TYPE_ADD_ACCOUNT_WINDOW, "transient-for", parent, NULL);
  self->accounts = g_object_ref (accounts);

  return GTK_WIDGET (self);
}
