/* bd-session-key-dialog.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-session-key-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-key-check.h"
#include "bd-keyring.h"
#include "bd-session-key-dialog.h"

struct _BdSessionKeyDialog
{
  AdwMessageDialog     parent_instance;

  BdAccount           *account;
  GCancellable        *cancellable;
  char                *key;

  GtkWidget           *checking_box;
  GtkLabel            *error_label;
  GtkPasswordEntry    *key_row;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (BdSessionKeyDialog, bd_session_key_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  KEY_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
wipe_key (BdSessionKeyDialog *self)
{
  if (self->key != NULL)
    {
      explicit_bzero (self->key, strlen (self->key));
      g_clear_pointer (&self->key, g_free);
    }
}

static gboolean
entry_has_key (BdSessionKeyDialog *self)
{
  g_autofree char *text = NULL;

  if (self->key_row == NULL)
    return FALSE;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  return *text != '\0';
}

static void
set_busy (BdSessionKeyDialog *self,
          gboolean            busy)
{
  g_assert (BD_IS_SESSION_KEY_DIALOG (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "replace",
                                           !busy && entry_has_key (self));
  gtk_widget_set_visible (self->checking_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (BdSessionKeyDialog *self,
            const char         *message)
{
  g_clear_object (&self->cancellable);
  wipe_key (self);
  set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}

static void
close_dialog (BdSessionKeyDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Callbacks */

static void
on_key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdSessionKeyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bd_keyring_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The key could not be saved in the keyring: %s"), error->message);
      show_error (self, message);
      return;
    }

  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[KEY_REPLACED], 0, self->key);
  wipe_key (self);
  close_dialog (self);
}

static void
on_key_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BdSessionKeyDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_key_check_finish (result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  bd_keyring_store_async (bd_account_get_id (self->account), bd_account_get_mode (self->account),
                          BD_KEYRING_KIND_API_KEY, bd_account_get_display_name (self->account),
                          self->key, self->cancellable, on_key_stored_cb, g_object_ref (self));
}

static void
on_key_changed_cb (BdSessionKeyDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "replace",
                                           self->cancellable == NULL && entry_has_key (self));
}

/* GObject and widget overrides */

static void
bd_session_key_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  BdSessionKeyDialog *self = BD_SESSION_KEY_DIALOG (dialog);

  if (g_strcmp0 (response, "replace") != 0)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      close_dialog (self);
      return;
    }

  if (self->cancellable != NULL || !entry_has_key (self))
    return;

  /* Pasted keys often bring a space or a line break along. */
  wipe_key (self);
  self->key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  bd_key_check_async (self->account, self->key, self->cancellable,
                      on_key_checked_cb, g_object_ref (self));
}

/* AdwMessageDialog closes itself before it tells a response; this dialog
 * stays open while a key is checked, and closes itself when done. */
static gboolean
bd_session_key_dialog_close_request (GtkWindow *window)
{
  GTK_WINDOW_CLASS (bd_session_key_dialog_parent_class)->close_request (window);
  return TRUE;
}

static void
bd_session_key_dialog_dispose (GObject *object)
{
  BdSessionKeyDialog *self = BD_SESSION_KEY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  wipe_key (self);
  /* The entry may tell a last change while it goes. */
  if (self->key_row != NULL)
    g_signal_handlers_disconnect_by_data (self->key_row, self);

  G_OBJECT_CLASS (bd_session_key_dialog_parent_class)->dispose (object);
}

static void
bd_session_key_dialog_finalize (GObject *object)
{
  BdSessionKeyDialog *self = BD_SESSION_KEY_DIALOG (object);

  /* Held until the window is gone: GTK 4.8's password entry leaves a
   * focus handler on its text, which the window's disposal may call when
   * it takes the focus away last (Escape while typing). */
  g_clear_object (&self->key_row);

  G_OBJECT_CLASS (bd_session_key_dialog_parent_class)->finalize (object);
}

static void
bd_session_key_dialog_class_init (BdSessionKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = bd_session_key_dialog_dispose;
  object_class->finalize = bd_session_key_dialog_finalize;
  window_class->close_request = bd_session_key_dialog_close_request;
  dialog_class->response = bd_session_key_dialog_response;

  /* The new key, checked and stored; the receiver must not keep the
   * pointer. */
  signals[KEY_REPLACED] = g_signal_new ("key-replaced", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bd_session_key_dialog_init (BdSessionKeyDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label;

  self->key_row = g_object_ref_sink (GTK_PASSWORD_ENTRY (gtk_password_entry_new ()));
  gtk_password_entry_set_show_peek_icon (self->key_row, TRUE);
  g_object_set (self->key_row,
                "placeholder-text", _("New API key"),
                "activates-default", TRUE,
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("API Key"), -1);
  g_signal_connect_swapped (self->key_row, "changed", G_CALLBACK (on_key_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->key_row));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->checking_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->checking_box, GTK_ALIGN_CENTER);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (self->checking_box), GTK_WIDGET (self->spinner));
  label = gtk_label_new (_("Checking the key…"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->checking_box), label);
  gtk_widget_set_visible (self->checking_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->checking_box);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace Key"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "replace",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "replace", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "replace");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

/* Public API */

/**
 * bd_session_key_dialog_new:
 * @parent: the window
 * @account: the account whose key to replace
 * @body: what happened, in a sentence or two
 *
 * Returns: (transfer floating): the dialog, not yet presented
 */
GtkWidget *
bd_session_key_dialog_new (GtkWindow  *parent,
                           BdAccount  *account,
                           const char *body)
{
  BdSessionKeyDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);

  heading = g_strdup_printf (_("Replace the Key of “%s”"), bd_account_get_display_name (account));
  self = g_object_new (BD_TYPE_SESSION_KEY_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->account = g_object_ref (account);

  return GTK_WIDGET (self);
}
