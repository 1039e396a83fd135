/* bd-subscription-dialog.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscription-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-api.h"
#include "bd-format.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-query-model.h"
#include "bd-status.h"
#include "bd-subscription-actions.h"
#include "bd-subscription-dialog.h"
#include "bd-subscription-text.h"
#include "bd-writer.h"

struct _BdSubscriptionDialog
{
  AdwWindow                 parent_instance;

  BdAccount                *account;
  BdStore                  *store;
  BdDodoClient             *client;
  BdWriter                 *writer;
  BdSubscription           *subscription;
  BdSubscriptionDialogMode  mode;
  GPtrArray                *products;        /* BdProduct, the plan choices */
  GCancellable             *cancellable;     /* the preview; cancelled on dispose */
  BdDodoPlanChangePreview  *preview;         /* for the form as it is, or NULL */
  gboolean                  sending;

  /* Template widgets */
  AdwEntryRow              *amount_row;
  GtkButton                *cancel_button;
  AdwPreferencesGroup      *cancel_group;
  AdwPreferencesGroup      *charge_group;
  GtkButton                *close_button;
  AdwEntryRow              *comment_row;
  AdwEntryRow              *description_row;
  AdwComboRow              *effective_combo;
  AdwComboRow              *failure_combo;
  AdwComboRow              *feedback_combo;
  GtkLabel                 *message_label;
  AdwActionRow             *next_row;
  AdwPreferencesGroup      *plan_group;
  AdwPreferencesGroup      *preview_group;
  GtkSpinner               *preview_spinner;
  AdwComboRow              *product_combo;
  AdwComboRow              *proration_combo;
  GtkSpinButton            *quantity_spin;
  AdwComboRow              *reason_combo;
  AdwActionRow             *recurring_row;
  GtkButton                *send_button;
  GtkStack                 *stack;
  AdwStatusPage            *status_page;
  AdwActionRow             *today_row;
  AdwPreferencesGroup      *what_group;
  AdwComboRow              *when_combo;
  AdwWindowTitle           *window_title;
};

G_DEFINE_FINAL_TYPE (BdSubscriptionDialog, bd_subscription_dialog, ADW_TYPE_WINDOW)

enum {
  WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Dodo's values and their words, in the order the combo rows show them. */
typedef struct
{
  const char *value;
  const char *words;
} Choice;

static const Choice reason_choices[] = {
  { "cancelled_by_merchant", N_("You, the merchant") },
  { "cancelled_by_customer", N_("The customer") },
};

static const Choice feedback_choices[] = {
  { NULL, N_("None given") },
  { "too_expensive", N_("Too expensive") },
  { "missing_features", N_("Missing features") },
  { "switched_service", N_("Switched to another service") },
  { "unused", N_("Not used enough") },
  { "customer_service", N_("Customer service") },
  { "low_quality", N_("Quality too low") },
  { "too_complex", N_("Too complicated") },
  { "other", N_("Other reason") },
};

static const Choice proration_choices[] = {
  { "prorated_immediately", N_("Prorated difference now") },
  { "difference_immediately", N_("Whole difference now") },
  { "full_immediately", N_("New plan in full now") },
  { "do_not_bill", N_("Nothing now") },
};

static const Choice effective_choices[] = {
  { "immediately", N_("Now") },
  { "next_billing_date", N_("At the next billing date") },
};

static const Choice failure_choices[] = {
  { "prevent_change", N_("Keep the current plan") },
  { "apply_change", N_("Change the plan anyway") },
};

/* Helpers */

static void
fill_combo (AdwComboRow  *combo,
            const Choice *choices,
            guint         n_choices)
{
  g_autoptr(GtkStringList) words = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_choices; i++)
    gtk_string_list_append (words, _(choices[i].words));
  adw_combo_row_set_model (combo, G_LIST_MODEL (words));
}

static const char *
chosen (AdwComboRow  *combo,
        const Choice *choices,
        guint         n_choices)
{
  guint selected = adw_combo_row_get_selected (combo);

  return selected < n_choices ? choices[selected].value : NULL;
}

#define CHOSEN(combo, choices) chosen ((combo), (choices), G_N_ELEMENTS (choices))

static const char *
subscription_id (BdSubscriptionDialog *self)
{
  return bd_model_get_string (self->subscription, "subscription-id");
}

static const char *
currency (BdSubscriptionDialog *self)
{
  const BdMoney *amount = bd_model_get_money (self->subscription, "recurring-pre-tax-amount");

  return amount != NULL ? bd_money_get_currency (amount) : "USD";
}

static gboolean
cancels_now (BdSubscriptionDialog *self)
{
  return adw_combo_row_get_selected (self->when_combo) == 0;
}

static void
show_message (BdSubscriptionDialog *self,
              const char           *message)
{
  if (self->message_label == NULL)
    return;
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static BdProduct *
chosen_product (BdSubscriptionDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->product_combo);

  return self->products != NULL && selected < self->products->len ? self->products->pdata[selected] : NULL;
}

/* The change the form describes; the preview and the write send the same
 * body.  (transfer full) (nullable): NULL without a product. */
static BdDodoChangePlan *
build_change (BdSubscriptionDialog *self)
{
  BdProduct *product = chosen_product (self);
  BdDodoChangePlan *body;

  if (product == NULL)
    return NULL;
  body = bd_dodo_change_plan_new ();
  bd_model_set (body,
                "product-id", bd_model_get_string (product, "product-id"),
                "quantity", (gint64) gtk_spin_button_get_value_as_int (self->quantity_spin),
                "proration-billing-mode", CHOSEN (self->proration_combo, proration_choices),
                "effective-at", CHOSEN (self->effective_combo, effective_choices),
                "on-payment-failure", CHOSEN (self->failure_combo, failure_choices),
                NULL);
  return body;
}

/* The amount typed for a charge in minor units, or -1 with @error (the
 * field's own complaint); 0 while the field is empty. */
static gint64
check_amount (BdSubscriptionDialog  *self,
              GError               **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  gint64 amount = 0;

  if (text[0] == '\0')
    return 0;
  if (!bd_money_parse (text, currency (self), &amount, error))
    return -1;
  if (amount <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The amount must be more than zero"));
      return -1;
    }
  return amount;
}

static char *
format_minor (BdSubscriptionDialog *self,
              gint64                amount)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency (self));

  return bd_money_format (money);
}

/* Whether the form can be sent as it is; complaints go under it. */
static void
update_state (BdSubscriptionDialog *self)
{
  gboolean ready = FALSE;

  g_assert (BD_IS_SUBSCRIPTION_DIALOG (self));

  if (self->sending || self->stack == NULL)
    return;
  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      ready = TRUE;
      break;
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      ready = self->preview != NULL;
      break;
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      {
        g_autoptr(GError) error = NULL;
        gint64 amount = check_amount (self, &error);

        ready = amount > 0;
        show_message (self, error != NULL ? error->message : NULL);
        if (error != NULL)
          gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
        else
          gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
      }
      break;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), ready);
}

/* While a write is on its way the dialog stays open: closing it would
 * lose what came of it. */
static void
set_busy (BdSubscriptionDialog *self,
          gboolean              busy)
{
  self->sending = busy;
  if (self->stack == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), !busy);
  if (!busy)
    update_state (self);
}

/* The preview */

static void
on_preview_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BdSubscriptionDialog) self = user_data;
  g_autoptr(BdDodoPlanChangePreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *recurring = NULL;
  g_autofree char *next = NULL;

  if (!bd_dodo_api_call_finish (BD_DODO_CLIENT (object), result, (gpointer *) &preview, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_stop (self->preview_spinner);
      message = bd_subscription_describe_refusal (self->account, error, _("No preview of this change"));
      show_message (self, message);
      return;
    }

  gtk_spinner_stop (self->preview_spinner);
  today = bd_format_money_or_dash (bd_model_get_money (preview, "total-amount"));
  recurring = bd_format_money_or_dash (bd_model_get_money (preview, "new-recurring-pre-tax-amount"));
  next = bd_format_day_or_dash (bd_model_get_datetime (preview, "new-next-billing-date"));
  adw_action_row_set_subtitle (self->today_row, today);
  adw_action_row_set_subtitle (self->recurring_row, recurring);
  adw_action_row_set_subtitle (self->next_row, next);
  g_set_object (&self->preview, preview);
  show_message (self, NULL);
  update_state (self);
}

/* Asks Dodo what the form's change would cost (a read: nothing changes),
 * after every change of the form; nothing can be sent until it answers. */
static void
start_preview (BdSubscriptionDialog *self)
{
  g_autoptr(BdDodoChangePlan) body = build_change (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview);
  adw_action_row_set_subtitle (self->today_row, "—");
  adw_action_row_set_subtitle (self->recurring_row, "—");
  adw_action_row_set_subtitle (self->next_row, "—");
  update_state (self);
  if (body == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->preview_spinner);
  bd_dodo_api_call_async (self->client, BD_DODO_API_SUBSCRIPTION_CHANGE_PLAN_PREVIEW, subscription_id (self),
                          body, NULL, self->cancellable, on_preview_read_cb, g_object_ref (self));
}

/* Writing */

static void
describe_done (BdSubscriptionDialog  *self,
               BdWriteOutcome        *outcome,
               char                 **out_title,
               char                 **out_description)
{
  gpointer object = bd_write_outcome_get_object (outcome);
  g_autofree char *next = NULL;

  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      if (object != NULL && bd_model_get_enum (object, "status") == BD_SUBSCRIPTION_STATUS_CANCELLED)
        {
          *out_title = g_strdup (_("Subscription Cancelled"));
          /* Translators: a customer */
          *out_description = g_strdup_printf (_("%s’s subscription has ended; no more payments are taken."),
                                              bd_subscription_customer_title (self->subscription));
        }
      else
        {
          next = bd_format_day_or_dash (object != NULL ? bd_model_get_datetime (object, "next-billing-date") : NULL);
          *out_title = g_strdup (_("Cancellation Scheduled"));
          /* Translators: a day */
          *out_description = g_strdup_printf (_("It renews no more and ends on %s."), next);
        }
      break;
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      *out_title = g_strdup (_("Plan Changed"));
      *out_description = object != NULL && BD_IS_SUBSCRIPTION (object)
                         ? bd_subscription_describe_who_what (object)
                         : g_strdup (_("Dodo Payments has the change."));
      break;
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      {
        g_autofree char *amount = NULL;
        gboolean failed = object != NULL && BD_IS_PAYMENT (object) &&
                          bd_model_get_enum (object, "status") == BD_PAYMENT_STATUS_FAILED;

        amount = object != NULL && BD_IS_PAYMENT (object)
                 ? bd_format_money_or_dash (bd_model_get_money (object, "total-amount")) : g_strdup ("");
        *out_title = g_strdup (failed ? _("Payment Failed") : _("Payment Made"));
        /* Translators: an amount, a payment's status ("Succeeded"), its id */
        *out_description = g_strdup_printf (_("%s — %s (payment %s)"), amount,
                                            object != NULL && BD_IS_PAYMENT (object)
                                            ? bd_status_word_of (object, BD_TYPE_PAYMENT_STATUS, "status") : "—",
                                            object != NULL ? bd_model_get_string (object, "payment-id") : "—");
      }
      break;
    }
}

static const char *
not_done_words (BdSubscriptionDialog *self)
{
  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      return _("The subscription was not cancelled");
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      return _("The plan was not changed");
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      return _("Nothing was charged");
    }
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdSubscriptionDialog) self = user_data;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  GString *text;

  outcome = bd_writer_run_finish (BD_WRITER (object), result, &error);
  if (outcome == NULL)
    {
      g_autofree char *message = bd_subscription_describe_refusal (self->account, error, not_done_words (self));

      set_busy (self, FALSE);
      if (g_error_matches (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN) && self->stack != NULL)
        {
          /* Still unknown: sending again could do it twice, so say so. */
          adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
          adw_status_page_set_title (self->status_page, _("Outcome Unknown"));
          adw_status_page_set_description (self->status_page, message);
          gtk_stack_set_visible_child_name (self->stack, "status");
          gtk_widget_set_visible (GTK_WIDGET (self->send_button), FALSE);
          return;
        }
      show_message (self, message);
      return;
    }

  self->sending = FALSE;
  describe_done (self, outcome, &title, &description);
  text = g_string_new (description);
  if (bd_write_outcome_was_read_back (outcome))
    g_string_append_printf (text, "\n\n%s", _("The connection dropped after it was sent; Dodo Payments "
                                              "has it. It was not sent again."));
  if (bd_write_outcome_get_cache_error (outcome) != NULL)
    /* Translators: why (from the system) */
    g_string_append_printf (text, "\n\n%s: %s", _("The offline copy could not be updated; Billing Desk "
                                                  "shows it after the next sync"),
                            bd_write_outcome_get_cache_error (outcome)->message);
  if (self->stack != NULL)
    {
      adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->status_page, title);
      adw_status_page_set_description (self->status_page, text->str);
      gtk_stack_set_visible_child_name (self->stack, "status");
      gtk_widget_set_visible (GTK_WIDGET (self->send_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
    }
  g_string_free (text, TRUE);
  g_signal_emit (self, signals[WRITTEN], 0, outcome);
}

static void
send_write (gpointer user_data)
{
  BdSubscriptionDialog *self = user_data;
  g_autoptr(BdWrite) write = NULL;

  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      write = bd_write_new_subscription_cancel (subscription_id (self), !cancels_now (self),
                                                CHOSEN (self->reason_combo, reason_choices),
                                                CHOSEN (self->feedback_combo, feedback_choices),
                                                gtk_editable_get_text (GTK_EDITABLE (self->comment_row)));
      break;
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      {
        g_autoptr(BdDodoChangePlan) body = build_change (self);

        write = bd_write_new_change_plan (subscription_id (self), body);
      }
      break;
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      {
        g_autoptr(BdDodoCharge) body = bd_dodo_charge_new ();
        const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));

        bd_model_set (body,
                      "product-price", check_amount (self, NULL),
                      "product-currency", currency (self),
                      NULL);
        if (description[0] != '\0')
          bd_model_set (body, "product-description", description, NULL);
        write = bd_write_new_subscription_charge (subscription_id (self), body);
      }
      break;
    }
  set_busy (self, TRUE);
  show_message (self, NULL);
  bd_writer_run_async (self->writer, write, NULL, on_written_cb, g_object_ref (self));
}

/* Callbacks */

static void
on_input_changed_cb (BdSubscriptionDialog *self)
{
  g_assert (BD_IS_SUBSCRIPTION_DIALOG (self));

  if (self->stack == NULL)
    return;
  if (self->mode == BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN)
    start_preview (self);
  else
    update_state (self);
}

static void
on_cancel_button_clicked_cb (BdSubscriptionDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The form is sent after the live-mode question, which names the
 * customer, the plan, the amount and the effect. */
static void
on_send_button_clicked_cb (BdSubscriptionDialog *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *effect = NULL;
  const char *label;
  gboolean destructive = FALSE;

  /* Nothing leaves a form that is not ready: a bad amount stays refused
   * at its field, a change waits for its preview. */
  if (self->sending ||
      (self->mode == BD_SUBSCRIPTION_DIALOG_CHARGE && check_amount (self, NULL) <= 0) ||
      (self->mode == BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN && self->preview == NULL))
    {
      update_state (self);
      return;
    }

  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      {
        g_autofree char *next = bd_format_day_or_dash (bd_model_get_datetime (self->subscription,
                                                                              "next-billing-date"));

        heading = g_strdup (_("Cancel This Subscription?"));
        effect = cancels_now (self)
                 ? g_strdup (_("It ends now: no more payments are taken, and it cannot be resumed."))
                 /* Translators: a day */
                 : g_strdup_printf (_("It renews no more and ends on %s."), next);
        label = _("C_ancel Subscription");
        destructive = TRUE;
      }
      break;
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      {
        g_autofree char *today = bd_format_money_or_dash (bd_model_get_money (self->preview, "total-amount"));
        g_autofree char *recurring = bd_format_money_or_dash (bd_model_get_money (self->preview,
                                                                                  "new-recurring-pre-tax-amount"));
        BdProduct *product = chosen_product (self);

        heading = g_strdup (_("Change the Plan?"));
        /* Translators: a product, how many, the new recurring amount, what is charged today */
        effect = g_strdup_printf (_("From now on %s × %d, %s each billing period; %s is charged today."),
                                  bd_model_get_string (product, "name"),
                                  gtk_spin_button_get_value_as_int (self->quantity_spin), recurring, today);
        label = _("_Change Plan");
      }
      break;
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      {
        g_autofree char *amount = format_minor (self, check_amount (self, NULL));

        /* Translators: an amount */
        heading = g_strdup_printf (_("Charge %s Now?"), amount);
        /* Translators: an amount */
        effect = g_strdup_printf (_("%s is taken from the customer’s saved payment method now."), amount);
        label = _("C_harge");
        destructive = TRUE;
      }
      break;
    }
  bd_subscription_confirm (GTK_WIDGET (self), self->account, self->subscription, heading, effect, label,
                           destructive, send_write, g_object_ref (self), g_object_unref);
}

/* Setting up */

/* The plans a subscription can change to: the cached recurring products
 * in its currency, not archived, its own first. */
static void
load_products (BdSubscriptionDialog *self)
{
  g_autoptr(BdQueryModel) model = bd_query_model_new (self->store, "products");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *own = bd_model_get_string (self->subscription, "product-id");
  guint own_position = 0;

  bd_query_model_finish_loading (model);
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(BdProduct) product = g_list_model_get_item (G_LIST_MODEL (model), i);
      const BdMoney *price = bd_model_get_money (product, "price");
      g_autofree char *amount = NULL;
      g_autofree char *text = NULL;

      if (!bd_model_get_boolean (product, "is-recurring") || bd_model_get_boolean (product, "archived") ||
          price == NULL || g_strcmp0 (bd_money_get_currency (price), currency (self)) != 0)
        continue;
      if (g_strcmp0 (bd_model_get_string (product, "product-id"), own) == 0)
        own_position = self->products->len;
      amount = bd_money_format (price);
      /* Translators: a product's name, then its price */
      text = g_strdup_printf (_("%s (%s)"), bd_model_get_string (product, "name"), amount);
      gtk_string_list_append (names, text);
      g_ptr_array_add (self->products, g_steal_pointer (&product));
    }
  adw_combo_row_set_model (self->product_combo, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->product_combo, own_position);
  gtk_spin_button_set_value (self->quantity_spin, MAX (bd_model_get_int (self->subscription, "quantity"), 1));
  if (self->products->len == 0)
    show_message (self, _("No other plan in this currency is in the offline copy."));
}

static void
set_up_form (BdSubscriptionDialog *self)
{
  g_autofree char *who_what = bd_subscription_describe_who_what (self->subscription);
  const char *title;
  const char *send;

  adw_preferences_group_set_description (self->what_group, who_what);
  switch (self->mode)
    {
    case BD_SUBSCRIPTION_DIALOG_CANCEL:
      {
        g_autoptr(GtkStringList) when = gtk_string_list_new (NULL);
        g_autofree char *next = bd_format_day_or_dash (bd_model_get_datetime (self->subscription,
                                                                              "next-billing-date"));
        /* Translators: a day */
        g_autofree char *later = g_strdup_printf (_("At the next billing date, %s"), next);

        title = _("Cancel Subscription");
        send = _("C_ancel Subscription");
        gtk_string_list_append (when, _("Now"));
        if (!bd_model_get_boolean (self->subscription, "cancel-at-next-billing-date"))
          gtk_string_list_append (when, later);
        adw_combo_row_set_model (self->when_combo, G_LIST_MODEL (when));
        fill_combo (self->reason_combo, reason_choices, G_N_ELEMENTS (reason_choices));
        fill_combo (self->feedback_combo, feedback_choices, G_N_ELEMENTS (feedback_choices));
        gtk_widget_set_visible (GTK_WIDGET (self->cancel_group), TRUE);
        gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "destructive-action");
      }
      break;
    case BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN:
      title = _("Change Plan");
      send = _("_Change Plan");
      fill_combo (self->proration_combo, proration_choices, G_N_ELEMENTS (proration_choices));
      fill_combo (self->effective_combo, effective_choices, G_N_ELEMENTS (effective_choices));
      fill_combo (self->failure_combo, failure_choices, G_N_ELEMENTS (failure_choices));
      gtk_widget_set_visible (GTK_WIDGET (self->plan_group), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_group), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
      load_products (self);
      break;
    case BD_SUBSCRIPTION_DIALOG_CHARGE:
    default:
      {
        /* Translators: a currency code */
        g_autofree char *amount_title = g_strdup_printf (_("Amount (%s)"), currency (self));

        title = _("Charge Now");
        send = _("C_harge");
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);
        gtk_widget_set_visible (GTK_WIDGET (self->charge_group), TRUE);
        gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
      }
      break;
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, bd_subscription_customer_title (self->subscription));
  gtk_button_set_label (self->send_button, send);
  if (self->mode == BD_SUBSCRIPTION_DIALOG_CHANGE_PLAN)
    start_preview (self);
  update_state (self);
}

/* GObject */

static gboolean
bd_subscription_dialog_close_request (GtkWindow *window)
{
  BdSubscriptionDialog *self = BD_SUBSCRIPTION_DIALOG (window);

  if (self->sending)
    return TRUE;
  return GTK_WINDOW_CLASS (bd_subscription_dialog_parent_class)->close_request (window);
}

static void
bd_subscription_dialog_dispose (GObject *object)
{
  BdSubscriptionDialog *self = BD_SUBSCRIPTION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_SUBSCRIPTION_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->writer);
  g_clear_object (&self->subscription);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->products, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_subscription_dialog_parent_class)->dispose (object);
}

static void
bd_subscription_dialog_class_init (BdSubscriptionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_subscription_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bd_subscription_dialog_close_request;

  signals[WRITTEN] =
    g_signal_new ("written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BD_TYPE_WRITE_OUTCOME);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/subscriptions/bd-subscription-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, cancel_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, charge_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, effective_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, failure_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, feedback_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, next_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, plan_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, product_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, proration_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, reason_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, recurring_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, today_row);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, what_group);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, when_combo);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_send_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_subscription_dialog_init (BdSubscriptionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

BdSubscriptionDialog *
bd_subscription_dialog_new (GtkWindow                *parent,
                            BdAccount                *account,
                            BdStore                  *store,
                            BdDodoClient             *client,
                            BdSubscription           *subscription,
                            BdSubscriptionDialogMode  mode)
{
  BdSubscriptionDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (BD_IS_SUBSCRIPTION (subscription), NULL);

  self = g_object_new (BD_TYPE_SUBSCRIPTION_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->writer = bd_writer_new (client, bd_store_get_path (store));
  self->subscription = g_object_ref (subscription);
  self->mode = mode;
  set_up_form (self);
  return self;
}
