/* bd-invoice-detail.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-invoice-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dispute.h"
#include "bd-enums.h"
#include "bd-format.h"
#include "bd-invoice-detail-private.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund-dialog.h"
#include "bd-refund.h"
#include "bd-status.h"
#include "bd-subscription.h"
#include "bd-toast.h"

G_DEFINE_FINAL_TYPE (BdInvoiceDetail, bd_invoice_detail, ADW_TYPE_BIN)

enum {
  DATA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static BdRefund *
credit_note (BdInvoiceDetail *self)
{
  return BD_IS_REFUND (self->item) ? BD_REFUND (self->item) : NULL;
}

/* A toast in the nearest toast overlay. */
void
_bd_invoice_detail_add_toast (BdInvoiceDetail *self,
                              AdwToast        *toast)
{
  g_autofree char *title = g_strdup (adw_toast_get_title (toast));

  /* Outside a window (a test of the pane alone), said on stderr. */
  if (!bd_widget_add_toast (GTK_WIDGET (self), toast))
    g_message ("%s", title);
}

void
_bd_invoice_detail_toast_error (BdInvoiceDetail *self,
                                const char      *what,
                                const GError    *error)
{
  /* Translators: what failed, then why */
  g_autofree char *title = g_strdup_printf (_("%s: %s"), what, error->message);

  _bd_invoice_detail_add_toast (self, adw_toast_new (title));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "× 2": a line's quantity. */
static char *
quantity_text (gint64 quantity)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, quantity);

  /* Translators: a quantity, e.g. "× 2" */
  return g_strdup_printf (_("× %s"), number);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *amount)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
  return row;
}

static void
set_row (AdwActionRow *row,
         const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle != NULL && subtitle[0] != '\0' ? subtitle : "—");
}

static char *
product_name (BdInvoiceDetail *self,
              const char      *product_id)
{
  g_autoptr(BdProduct) product = NULL;

  if (self->store != NULL && product_id != NULL)
    product = bd_store_lookup (self->store, BD_TYPE_PRODUCT, product_id, NULL);
  if (product != NULL && bd_model_get_string (product, "name") != NULL)
    return g_strdup (bd_model_get_string (product, "name"));
  return g_strdup (product_id != NULL ? product_id : _("Unknown product"));
}

static void
fill_lines (BdInvoiceDetail *self)
{
  GListModel *cart = bd_model_get_list (self->payment, "product-cart");
  const char *subscription_id = bd_model_get_string (self->payment, "subscription-id");
  guint n = cart != NULL ? g_list_model_get_n_items (cart) : 0;

  clear_list (self->lines_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdLineItem) line = g_list_model_get_item (cart, i);
      g_autofree char *name = product_name (self, bd_model_get_string (line, "product-id"));
      g_autofree char *quantity = quantity_text (bd_model_get_int (line, "quantity"));

      add_row (self->lines_list, name, NULL, quantity);
    }

  /* A subscription's payment has no cart: its plan is the line. */
  if (n == 0 && subscription_id != NULL && self->store != NULL)
    {
      g_autoptr(BdSubscription) subscription = bd_store_lookup (self->store, BD_TYPE_SUBSCRIPTION,
                                                                subscription_id, NULL);

      if (subscription != NULL)
        {
          g_autofree char *name = product_name (self, bd_model_get_string (subscription, "product-id"));
          g_autofree char *quantity = quantity_text (bd_model_get_int (subscription, "quantity"));

          add_row (self->lines_list, name, _("Subscription"), quantity);
          n = 1;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->lines_group), n > 0);
}

static void
fill_refunds (BdInvoiceDetail *self)
{
  GListModel *refunds = bd_model_get_list (self->payment, "refunds");
  guint n = refunds != NULL ? g_list_model_get_n_items (refunds) : 0;

  clear_list (self->refunds_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdRefund) listed = g_list_model_get_item (refunds, i);
      const char *id = bd_model_get_string (listed, "refund-id");
      g_autoptr(BdRefund) stored = NULL;
      BdRefund *refund;
      g_autofree char *amount = NULL;
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      const char *reason;

      /* The refunds table has the newest status (a pending refund that
       * succeeded since the payment was read). */
      if (self->store != NULL)
        stored = bd_store_lookup (self->store, BD_TYPE_REFUND, id, NULL);
      refund = stored != NULL ? stored : listed;
      amount = bd_format_money_or_dash (bd_model_get_money (refund, "amount"));
      date = bd_format_date_or_dash (bd_model_get_datetime (refund, "created-at"), "%x %H:%M");
      reason = bd_model_get_string (refund, "reason");
      /* Translators: a date, a refund status ("Succeeded"), a refund id */
      subtitle = g_strdup_printf (_("%s · %s · %s"), date,
                                  bd_status_word_of (refund, BD_TYPE_REFUND_STATUS, "status"), id);
      add_row (self->refunds_list,
               reason != NULL && reason[0] != '\0' ? reason : _("Refund"),
               subtitle, amount);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->refunds_group), n > 0);
}

static void
fill_disputes (BdInvoiceDetail *self)
{
  GListModel *disputes = bd_model_get_list (self->payment, "disputes");
  guint n = disputes != NULL ? g_list_model_get_n_items (disputes) : 0;

  clear_list (self->disputes_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdDispute) dispute = g_list_model_get_item (disputes, i);
      g_autofree char *amount = bd_format_money_or_dash (bd_model_get_money (dispute, "amount"));
      g_autofree char *date = bd_format_date_or_dash (bd_model_get_datetime (dispute, "created-at"), "%x %H:%M");
      /* Translators: a date, a dispute stage, a dispute status */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"), date,
                                                   bd_status_word_of (dispute, BD_TYPE_DISPUTE_STAGE, "dispute-stage"),
                                                   bd_status_word_of (dispute, BD_TYPE_DISPUTE_STATUS, "dispute-status"));
      const char *reason = bd_model_get_string (dispute, "reason");

      add_row (self->disputes_list,
               reason != NULL && reason[0] != '\0' ? reason : _("Dispute"),
               subtitle, amount);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->disputes_group), n > 0);
}

static char *
describe_address (BdPayment *payment)
{
  const char *parts[] = {
    bd_model_get_string (payment, "billing-street"),
    bd_model_get_string (payment, "billing-zipcode"),
    bd_model_get_string (payment, "billing-city"),
    bd_model_get_string (payment, "billing-state"),
    bd_model_get_string (payment, "billing-country"),
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_method (BdPayment *payment)
{
  const char *network = bd_model_get_string (payment, "card-network");
  const char *last_four = bd_model_get_string (payment, "card-last-four");
  const char *method = bd_model_get_string (payment, "payment-method");

  if (last_four != NULL)
    /* Translators: a card network ("VISA") and the card's last four digits */
    return g_strdup_printf (_("%s ending in %s"), network != NULL ? network : _("Card"), last_four);
  return g_strdup (method);
}

static gboolean
can_refund (BdInvoiceDetail *self)
{
  return self->payment != NULL && self->client != NULL && self->account != NULL &&
         credit_note (self) == NULL &&
         bd_model_get_enum (self->payment, "status") == BD_PAYMENT_STATUS_SUCCEEDED &&
         g_strcmp0 (bd_model_get_string (self->payment, "refund-status"), "full") != 0;
}

static void
update_actions (BdInvoiceDetail *self)
{
  gboolean has_pdf = self->client != NULL && self->account != NULL &&
                     (credit_note (self) != NULL || self->payment != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.open-pdf", has_pdf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.save-pdf", has_pdf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.copy-link",
                                 credit_note (self) == NULL && self->payment != NULL &&
                                 bd_model_get_string (self->payment, "invoice-url") != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.refund", can_refund (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.show-customer",
                                 self->payment != NULL &&
                                 bd_model_get_string (self->payment, "customer-id") != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.show-subscription",
                                 self->payment != NULL &&
                                 bd_model_get_string (self->payment, "subscription-id") != NULL);
}

static void
update (BdInvoiceDetail *self)
{
  BdRefund *refund = credit_note (self);
  g_autofree char *amount = NULL;
  g_autofree char *status = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *date = NULL;
  g_autofree char *address = NULL;
  g_autofree char *method = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *customer = NULL;
  const char *payment_status;
  const char *refunded;

  g_assert (BD_IS_INVOICE_DETAIL (self));

  update_actions (self);
  if (self->item == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "detail");

  gtk_widget_set_visible (GTK_WIDGET (self->credit_group), refund != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->refund_button), refund == NULL);
  if (refund != NULL)
    {
      const char *reason = bd_model_get_string (refund, "reason");
      g_autofree char *when = bd_format_date_or_dash (bd_model_get_datetime (refund, "created-at"), "%x %H:%M");

      amount = bd_format_money_or_dash (bd_model_get_money (refund, "amount"));
      /* Translators: a refund id */
      kind = g_strdup_printf (_("Credit Note %s"), bd_model_get_string (refund, "refund-id"));
      /* Translators: a date, then a refund status ("Succeeded") */
      status = g_strdup_printf (_("Refunded on %s · %s"), when,
                                bd_status_word_of (refund, BD_TYPE_REFUND_STATUS, "status"));
      set_row (self->credit_reason_row, reason);
      set_row (self->credit_payment_row, bd_model_get_string (refund, "payment-id"));
    }

  if (self->payment == NULL)
    {
      /* A credit note whose payment is not in the cache yet. */
      gtk_label_set_text (self->amount_label, amount);
      gtk_label_set_text (self->kind_label, kind);
      gtk_label_set_text (self->status_label, status);
      set_row (self->customer_row, bd_model_get_string (refund, "customer-email"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                     bd_model_get_string (refund, "customer-name"));
      return;
    }

  if (refund == NULL)
    {
      const char *invoice_id = bd_model_get_string (self->payment, "invoice-id");

      amount = bd_format_money_or_dash (bd_model_get_money (self->payment, "total-amount"));
      kind = invoice_id != NULL
             /* Translators: an invoice id */
             ? g_strdup_printf (_("Invoice %s"), invoice_id)
             /* Translators: a payment id */
             : g_strdup_printf (_("Payment %s"), bd_model_get_string (self->payment, "payment-id"));
      payment_status = bd_status_word_of (self->payment, BD_TYPE_PAYMENT_STATUS, "status");
      refunded = bd_status_refunded_word (bd_model_get_string (self->payment, "refund-status"));
      status = refunded != NULL ? g_strdup_printf ("%s · %s", payment_status, refunded)
                                : g_strdup (payment_status);
    }
  gtk_label_set_text (self->amount_label, amount);
  gtk_label_set_text (self->kind_label, kind);
  gtk_label_set_text (self->status_label, status);

  customer = g_strdup (bd_model_get_string (self->payment, "customer-name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 customer != NULL && customer[0] != '\0' ? customer : _("Customer"));
  set_row (self->customer_row, bd_model_get_string (self->payment, "customer-email"));
  address = describe_address (self->payment);
  set_row (self->address_row, address);

  date = bd_format_date_or_dash (bd_model_get_datetime (self->payment, "created-at"), "%x %H:%M");
  set_row (self->date_row, date);
  /* The header names the payment (or the credit note, whose payment has
   * its own row): an invoice number is only said when Dodo gave one. */
  set_row (self->invoice_row, bd_model_get_string (self->payment, "invoice-id"));
  gtk_widget_set_visible (GTK_WIDGET (self->invoice_row),
                          bd_model_get_string (self->payment, "invoice-id") != NULL);
  method = describe_method (self->payment);
  set_row (self->method_row, method);
  tax = bd_format_money_or_dash (bd_model_get_money (self->payment, "tax"));
  set_row (self->tax_row, tax);
  set_row (self->subscription_row, bd_model_get_string (self->payment, "subscription-id"));
  gtk_widget_set_visible (GTK_WIDGET (self->subscription_row),
                          bd_model_get_string (self->payment, "subscription-id") != NULL);

  fill_lines (self);
  fill_refunds (self);
  fill_disputes (self);
}

/* Reads the item's payment from the cache (a credit note's, or a newer
 * version of the payment given). */
static void
load_payment (BdInvoiceDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPayment) stored = NULL;
  const char *id = NULL;

  g_clear_object (&self->payment);
  if (BD_IS_PAYMENT (self->item))
    id = bd_model_get_string (self->item, "payment-id");
  else if (BD_IS_REFUND (self->item))
    id = bd_model_get_string (self->item, "payment-id");

  if (id != NULL && self->store != NULL)
    {
      stored = bd_store_lookup (self->store, BD_TYPE_PAYMENT, id, &error);
      if (error != NULL)
        g_warning ("Could not read payment %s from the cache: %s", id, error->message);
    }
  if (stored != NULL)
    self->payment = g_steal_pointer (&stored);
  else if (BD_IS_PAYMENT (self->item))
    self->payment = g_object_ref (BD_PAYMENT (self->item));
}

/* Actions */

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);
  const char *url = self->payment != NULL ? bd_model_get_string (self->payment, "invoice-url") : NULL;

  if (url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
  _bd_invoice_detail_add_toast (self, adw_toast_new (_("Invoice link copied")));
}

static void
on_refund_issued_cb (BdInvoiceDetail *self,
                  BdRefund        *refund)
{
  /* The dialog wrote the refund and the payment into the cache. */
  load_payment (self);
  update (self);
  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

static void
refund_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);
  BdRefundDialog *dialog;

  if (!can_refund (self))
    return;
  dialog = bd_refund_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                 self->account, self->store, self->client, self->payment);
  g_signal_connect_object (dialog, "refund-issued", G_CALLBACK (on_refund_issued_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);

  if (self->payment != NULL && bd_model_get_string (self->payment, "customer-id") != NULL)
    gtk_widget_activate_action (widget, "win.show-customer", "s",
                                bd_model_get_string (self->payment, "customer-id"));
}

static void
show_subscription_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);

  if (self->payment != NULL && bd_model_get_string (self->payment, "subscription-id") != NULL)
    gtk_widget_activate_action (widget, "win.show-subscription", "s",
                                bd_model_get_string (self->payment, "subscription-id"));
}

/* GObject */

static void
bd_invoice_detail_dispose (GObject *object)
{
  BdInvoiceDetail *self = (BdInvoiceDetail *)object;

  g_cancellable_cancel (self->cancellable);
  /* The template's stack is AdwBin's child: taken from the bin first, so
   * that neither unparents it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_INVOICE_DETAIL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->item);
  g_clear_object (&self->payment);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (bd_invoice_detail_parent_class)->dispose (object);
}

static void
bd_invoice_detail_class_init (BdInvoiceDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_invoice_detail_dispose;

  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-invoice-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, credit_group);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, credit_payment_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, credit_reason_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, date_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, disputes_group);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, disputes_list);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, invoice_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, lines_group);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, lines_list);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, method_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, missing_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, open_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, refund_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, refunds_group);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, refunds_list);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, subscription_row);
  gtk_widget_class_bind_template_child (widget_class, BdInvoiceDetail, tax_row);

  gtk_widget_class_install_action (widget_class, "invoices.open-pdf", NULL, _bd_invoice_detail_open_pdf_action);
  gtk_widget_class_install_action (widget_class, "invoices.save-pdf", NULL, _bd_invoice_detail_save_pdf_action);
  gtk_widget_class_install_action (widget_class, "invoices.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "invoices.refund", NULL, refund_action);
  gtk_widget_class_install_action (widget_class, "invoices.show-customer", NULL, show_customer_action);
  gtk_widget_class_install_action (widget_class, "invoices.show-subscription", NULL, show_subscription_action);
}

static void
bd_invoice_detail_init (BdInvoiceDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update (self);
}

/* Public API */

GtkWidget *
bd_invoice_detail_new (void)
{
  return g_object_new (BD_TYPE_INVOICE_DETAIL, NULL);
}

void
bd_invoice_detail_set_data (BdInvoiceDetail *self,
                            BdAccount       *account,
                            BdStore         *store,
                            BdDodoClient    *client)
{
  g_return_if_fail (BD_IS_INVOICE_DETAIL (self));
  g_return_if_fail (account == NULL || BD_IS_ACCOUNT (account));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));
  g_return_if_fail (client == NULL || BD_IS_DODO_CLIENT (client));

  /* Work for the previous account stops here. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, FALSE);

  g_set_object (&self->account, account);
  g_set_object (&self->store, store);
  g_set_object (&self->client, client);
  bd_invoice_detail_set_item (self, NULL);
}

void
bd_invoice_detail_set_item (BdInvoiceDetail *self,
                            GObject         *item)
{
  g_return_if_fail (BD_IS_INVOICE_DETAIL (self));
  g_return_if_fail (item == NULL || BD_IS_PAYMENT (item) || BD_IS_REFUND (item));

  g_set_object (&self->item, item);
  load_payment (self);
  update (self);
}

/**
 * bd_invoice_detail_show_missing:
 * @id: the payment's or refund's id
 *
 * Shows nothing but that the cache does not hold @id yet.
 */
void
bd_invoice_detail_show_missing (BdInvoiceDetail *self,
                                const char      *id)
{
  g_autofree char *description = NULL;

  g_return_if_fail (BD_IS_INVOICE_DETAIL (self));
  g_return_if_fail (id != NULL);

  bd_invoice_detail_set_item (self, NULL);
  /* Translators: a payment's or a refund's id */
  description = g_strdup_printf (_("%s is not in the offline copy yet. "
                                   "It appears here after the next sync."), id);
  adw_status_page_set_description (self->missing_page, description);
  gtk_stack_set_visible_child_name (self->stack, "missing");
}
