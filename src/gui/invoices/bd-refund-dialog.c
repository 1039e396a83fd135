/* bd-refund-dialog.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-refund-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-key-check.h"
#include "bd-dodo-api.h"
#include "bd-money.h"
#include "bd-product.h"
#include "bd-refund-dialog.h"
#include "bd-writer.h"

struct _BdRefundDialog
{
  AdwWindow             parent_instance;

  BdAccount            *account;
  BdStore              *store;
  BdDodoClient         *client;
  BdWriter             *writer;
  BdPayment            *payment;      /* as read from Dodo when the dialog opened */
  GPtrArray            *lines;        /* BdDodoPaymentLineItem */
  GCancellable         *cancellable;
  gboolean              sending;

  /* Template widgets */
  AdwEntryRow          *amount_row;
  GtkButton            *cancel_button;
  GtkButton            *close_button;
  GtkCheckButton       *full_check;
  AdwActionRow         *full_row;
  GtkCheckButton       *line_check;
  AdwComboRow          *line_combo;
  AdwActionRow         *line_row;
  GtkLabel             *message_label;
  AdwEntryRow          *reason_row;
  GtkButton            *refund_button;
  GtkSpinner           *spinner;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  AdwPreferencesGroup  *what_group;
};

G_DEFINE_FINAL_TYPE (BdRefundDialog, bd_refund_dialog, ADW_TYPE_WINDOW)

enum {
  REFUND_ISSUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static const char *
payment_id (BdRefundDialog *self)
{
  return bd_model_get_string (self->payment, "payment-id");
}

static const char *
customer_label (BdRefundDialog *self)
{
  const char *name = bd_model_get_string (self->payment, "customer-name");

  return name != NULL && name[0] != '\0' ? name : bd_model_get_string (self->payment, "customer-email");
}

static void
show_message (BdRefundDialog *self,
              const char     *message)
{
  g_assert (BD_IS_REFUND_DIALOG (self));

  if (self->message_label == NULL)
    return;
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* What Dodo said, in its words and with its code, for people.  A refused
 * or read-only key and a missing connection get the words the rest of the
 * app uses for them. */
static char *
describe_refusal (BdRefundDialog *self,
                  const GError   *error)
{
  const char *code = bd_dodo_error_get_code (error);
  const char *words = bd_dodo_error_get_server_message (error);

  if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_FORBIDDEN) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_NETWORK) ||
      g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_TLS))
    return bd_key_check_describe_error (error, bd_account_get_mode (self->account), FALSE, TRUE);

  if (words == NULL)
    words = error->message;
  if (code != NULL)
    /* Translators: the first %s is Dodo Payments' explanation, the second its error code */
    return g_strdup_printf (_("Dodo Payments refused the refund: %s (%s)"), words, code);
  return g_strdup_printf (_("The refund was not made: %s"), words);
}

/* A line's name: Dodo's, else the product's from the cache (a one-time
 * payment's line is its product), else its id. */
static char *
line_name (BdRefundDialog *self,
           gpointer        line)
{
  const char *id = bd_model_get_string (line, "item-id");
  g_autoptr(BdProduct) product = NULL;

  if (bd_model_get_string (line, "name") != NULL)
    return g_strdup (bd_model_get_string (line, "name"));
  if (self->store != NULL)
    product = bd_store_lookup (self->store, BD_TYPE_PRODUCT, id, NULL);
  if (product != NULL && bd_model_get_string (product, "name") != NULL)
    return g_strdup (bd_model_get_string (product, "name"));
  return g_strdup (id);
}

/* The total still refundable, in the payment's currency. */
static gint64
refundable_total (BdRefundDialog *self)
{
  gint64 total = 0;

  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    total += bd_money_get_amount (bd_model_get_money (self->lines->pdata[i], "refundable-amount"));
  return total;
}

static gpointer
selected_line (BdRefundDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->line_combo);

  if (self->lines == NULL || selected >= self->lines->len)
    return NULL;
  return self->lines->pdata[selected];
}

/* Checks the form: returns the amount to refund in minor units (and the
 * line, NULL for the whole payment), or -1 with @error. */
static gint64
check_amount (BdRefundDialog  *self,
              gpointer        *out_line,
              GError         **error)
{
  const char *currency = bd_money_get_currency (bd_model_get_money (self->payment, "total-amount"));
  const char *text;
  gpointer line;
  gint64 amount = 0;
  gint64 refundable;

  *out_line = NULL;
  if (gtk_check_button_get_active (self->full_check))
    {
      refundable = refundable_total (self);
      if (refundable <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Nothing is left to refund on this payment"));
          return -1;
        }
      return refundable;
    }

  line = selected_line (self);
  if (line == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a line"));
      return -1;
    }
  text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Enter an amount"));
      return -1;
    }
  if (!bd_money_parse (text, currency, &amount, error))
    return -1;

  refundable = bd_money_get_amount (bd_model_get_money (line, "refundable-amount"));
  if (amount <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The amount must be more than zero"));
      return -1;
    }
  if (amount > refundable)
    {
      g_autofree char *most = bd_money_format (bd_model_get_money (line, "refundable-amount"));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("At most %s of this line can be refunded"), most);
      return -1;
    }
  *out_line = line;
  return amount;
}

static void
update_state (BdRefundDialog *self)
{
  g_autoptr(GError) error = NULL;
  gpointer line;
  gint64 amount;

  g_assert (BD_IS_REFUND_DIALOG (self));

  if (self->lines == NULL)
    return;
  amount = check_amount (self, &line, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_button), amount > 0);
  /* Only a typed amount gets a complaint while typing; an empty field is
   * simply not ready. */
  if (error != NULL && gtk_check_button_get_active (self->line_check) &&
      gtk_editable_get_text (GTK_EDITABLE (self->amount_row))[0] != '\0')
    show_message (self, error->message);
  else if (error != NULL && gtk_check_button_get_active (self->full_check))
    show_message (self, error->message);
  else
    show_message (self, NULL);
}

static void
show_status (BdRefundDialog *self,
             const char     *icon,
             const char     *title,
             const char     *description)
{
  self->sending = FALSE;
  if (self->stack == NULL)
    return;   /* closed with its window */
  adw_status_page_set_icon_name (self->status_page, icon);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
  gtk_widget_set_visible (GTK_WIDGET (self->refund_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
}

/* While a refund is on its way the dialog stays open: closing it would
 * cancel a write that may already have reached Dodo. */
static void
set_busy (BdRefundDialog *self,
          gboolean        busy)
{
  self->sending = busy;
  if (self->stack == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), !busy);
}

/* Writing: BdWriter sends the refund once, reads back after a lost answer
 * and caches the refund and the payment; the dialog only shows what came of
 * it. */

static void
on_refund_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BdRefundDialog) self = user_data;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *description = NULL;
  const GError *cache_error;
  const BdMoney *money;
  BdRefund *refund;

  outcome = bd_writer_run_finish (BD_WRITER (object), result, &error);
  if (outcome == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN))
        {
          /* Still unknown: sending again could refund twice, so say so. */
          show_status (self, "dialog-warning-symbolic", _("Refund Status Unknown"),
                       _("The connection dropped after the refund was sent, and the payment "
                         "could not be read back. Check the payment's refunds after the next "
                         "sync before refunding again."));
          return;
        }
      if (g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_NOT_RECEIVED))
        message = g_strdup (_("The connection dropped and Dodo Payments did not receive the refund. "
                              "Nothing was refunded; you can try again."));
      else
        message = describe_refusal (self, error);
      set_busy (self, FALSE);
      show_message (self, message);
      return;
    }

  refund = bd_write_outcome_get_object (outcome);
  money = bd_model_get_money (refund, "amount");
  amount = money != NULL ? bd_money_format (money) : g_strdup ("");
  if (bd_write_outcome_was_read_back (outcome))
    /* Translators: %s is an amount, then a refund id */
    description = g_strdup_printf (_("The connection dropped after the refund was sent. "
                                     "Dodo Payments has it: %s, refund %s. "
                                     "It was not sent again."),
                                   amount, bd_model_get_string (refund, "refund-id"));
  else
    /* Translators: %s is an amount, then a customer, then a refund id */
    description = g_strdup_printf (_("%s refunded to %s (refund %s)"),
                                   amount, customer_label (self),
                                   bd_model_get_string (refund, "refund-id"));

  /* Dodo has the refund either way; a cache that could not be written
   * catches up at the next sync, but until then the lists do not show it,
   * so the person is told here. */
  cache_error = bd_write_outcome_get_cache_error (outcome);
  if (cache_error != NULL)
    {
      /* Translators: %s is why (from the system) */
      g_autofree char *behind = g_strdup_printf (_("The offline copy could not be updated (%s): "
                                                   "the refund appears in Billing Desk after the "
                                                   "next sync."),
                                                 cache_error->message);
      g_autofree char *both = g_strconcat (description, "\n\n", behind, NULL);

      g_free (description);
      description = g_steal_pointer (&both);
    }
  show_status (self, "emblem-ok-symbolic", _("Refund Issued"), description);
  g_signal_emit (self, signals[REFUND_ISSUED], 0, refund);
}

static void
send_refund (BdRefundDialog *self)
{
  g_autoptr(BdDodoRefundCreate) body = bd_dodo_refund_create_new ();
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason;
  gpointer line;
  gint64 amount;

  amount = check_amount (self, &line, &error);
  if (amount < 0)
    {
      show_message (self, error->message);
      return;
    }

  bd_model_set (body, "payment-id", payment_id (self), NULL);
  reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  if (reason[0] != '\0')
    bd_model_set (body, "reason", reason, NULL);
  if (line != NULL)
    {
      g_autoptr(BdDodoRefundItem) item = bd_dodo_refund_item_new ();
      g_autoptr(GListStore) items = g_list_store_new (BD_DODO_TYPE_REFUND_ITEM);

      bd_model_set (item,
                    "item-id", bd_model_get_string (line, "item-id"),
                    "amount", amount,
                    "tax-inclusive", TRUE,
                    NULL);
      g_list_store_append (items, item);
      bd_model_set (body, "items", items, NULL);
    }

  write = bd_write_new_refund (body, amount);
  set_busy (self, TRUE);
  show_message (self, NULL);
  bd_writer_run_async (self->writer, write, self->cancellable, on_refund_written_cb, g_object_ref (self));
}

static void
on_confirm_response_cb (BdRefundDialog *self,
                     const char     *response)
{
  if (g_strcmp0 (response, "refund") == 0)
    send_refund (self);
}

/* Loading */

static void
on_lines_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data);

static void
on_payment_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdRefundDialog) self = user_data;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDodoLister) lister = NULL;

  if (!bd_dodo_api_call_finish (BD_DODO_CLIENT (object), result, (gpointer *) &payment, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("Could Not Read the Payment"), error->message);
      return;
    }

  g_set_object (&self->payment, payment);

  lister = bd_dodo_lister_new (self->client, BD_DODO_API_PAYMENT_LINE_ITEMS, payment_id (self), NULL, 100);
  bd_dodo_lister_next_async (lister, self->cancellable, on_lines_read_cb, g_object_ref (self));
}

static void
on_lines_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdRefundDialog) self = user_data;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *full = NULL;
  g_autofree char *total = NULL;
  g_autoptr(BdMoney) refundable = NULL;

  lines = bd_dodo_lister_next_finish (BD_DODO_LISTER (object), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, "dialog-error-symbolic", _("Could Not Read the Payment"), error->message);
      return;
    }
  self->lines = lines != NULL ? g_steal_pointer (&lines) : g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->lines->len; i++)
    {
      gpointer line = self->lines->pdata[i];
      g_autofree char *name = line_name (self, line);
      g_autofree char *left = bd_money_format (bd_model_get_money (line, "refundable-amount"));
      /* Translators: a line of the payment, then how much of it can still be refunded */
      g_autofree char *text = g_strdup_printf (_("%s (up to %s)"), name, left);

      gtk_string_list_append (names, text);
    }
  adw_combo_row_set_model (self->line_combo, G_LIST_MODEL (names));

  refundable = bd_money_new (refundable_total (self),
                             bd_money_get_currency (bd_model_get_money (self->payment, "total-amount")));
  full = refundable != NULL ? bd_money_format (refundable) : g_strdup ("");
  total = bd_money_format (bd_model_get_money (self->payment, "total-amount"));
  adw_action_row_set_subtitle (self->full_row, full);
  {
    /* Translators: the payment's total, then who paid */
    g_autofree char *description = g_strdup_printf (_("Payment of %s by %s"), total, customer_label (self));

    adw_preferences_group_set_description (self->what_group, description);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->line_row), self->lines->len > 0);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "form");
  update_state (self);
}

/* Callbacks */

static void
on_input_changed_cb (BdRefundDialog *self)
{
  update_state (self);
}

static void
on_cancel_clicked_cb (BdRefundDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_refund_clicked_cb (BdRefundDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMoney) money = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *confirm;
  gpointer line;
  gint64 amount;

  amount = check_amount (self, &line, &error);
  if (amount < 0)
    {
      show_message (self, error->message);
      return;
    }
  if (bd_account_get_mode (self->account) != BD_ACCOUNT_MODE_LIVE)
    {
      send_refund (self);
      return;
    }

  /* Live money: ask first, naming what and whom. */
  money = bd_money_new (amount, bd_money_get_currency (bd_model_get_money (self->payment, "total-amount")));
  amount_text = bd_money_format (money);
  /* Translators: an amount, then a customer */
  heading = g_strdup_printf (_("Refund %s to %s?"), amount_text, customer_label (self));
  confirm = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                        _("This is a live account: the money goes back "
                                                          "to the customer and the refund cannot be undone.")));
  adw_message_dialog_add_responses (confirm,
                                    "cancel", _("_Cancel"),
                                    "refund", _("_Refund"),
                                    NULL);
  adw_message_dialog_set_response_appearance (confirm, "refund", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (confirm, "cancel");
  adw_message_dialog_set_close_response (confirm, "cancel");
  g_signal_connect_object (confirm, "response", G_CALLBACK (on_confirm_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (confirm));
}

static gboolean
bd_refund_dialog_close_request (GtkWindow *window)
{
  BdRefundDialog *self = BD_REFUND_DIALOG (window);

  if (self->sending)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_refund_dialog_parent_class)->close_request (window);
}

/* GObject */

static void
bd_refund_dialog_dispose (GObject *object)
{
  BdRefundDialog *self = (BdRefundDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_REFUND_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->writer);
  g_clear_object (&self->payment);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_refund_dialog_parent_class)->dispose (object);
}

static void
bd_refund_dialog_class_init (BdRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_refund_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_refund_dialog_close_request;

  signals[REFUND_ISSUED] =
    g_signal_new ("refund-issued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BD_TYPE_REFUND);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-refund-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, full_check);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, full_row);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, line_check);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, line_combo);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, line_row);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, refund_button);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, BdRefundDialog, what_group);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_refund_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_refund_dialog_init (BdRefundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/* Public API */

BdRefundDialog *
bd_refund_dialog_new (GtkWindow    *parent,
                      BdAccount    *account,
                      BdStore      *store,
                      BdDodoClient *client,
                      BdPayment    *payment)
{
  BdRefundDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (store == NULL || BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (BD_IS_PAYMENT (payment), NULL);

  self = g_object_new (BD_TYPE_REFUND_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->account = g_object_ref (account);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->client = g_object_ref (client);
  self->writer = bd_writer_new (client, store != NULL ? bd_store_get_path (store) : NULL);
  self->payment = g_object_ref (payment);

  /* Read the payment afresh: what each line still allows. */
  gtk_spinner_start (self->spinner);
  bd_dodo_api_call_async (client, BD_DODO_API_PAYMENT_GET, payment_id (self), NULL, NULL,
                          self->cancellable, on_payment_read_cb, g_object_ref (self));
  return self;
}
