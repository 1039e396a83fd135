/* bd-dispute-row.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dispute-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dispute.h"
#include "bd-dispute-row.h"
#include "bd-format.h"
#include "bd-status.h"

struct _BdDisputeRow
{
  BdItemRow  parent_instance;

  /* Template widgets */
  GtkLabel  *age_label;
  GtkLabel  *amount_label;
  GtkButton *customer_button;
  GtkLabel  *customer_label;
  GtkLabel  *opened_label;
  GtkButton *payment_button;
  GtkLabel  *payment_label;
  GtkLabel  *reason_label;
  GtkLabel  *stage_label;
  GtkLabel  *status_tag;
};

G_DEFINE_FINAL_TYPE (BdDisputeRow, bd_dispute_row, BD_TYPE_ITEM_ROW)

/* Helpers */

/* Dodo's reason ("fraudulent", "product_not_received") as words. */
static char *
describe_reason (const char *reason)
{
  char *words;

  if (reason == NULL || reason[0] == '\0')
    return g_strdup (_("No reason given"));
  words = g_strdelimit (g_strdup (reason), "_", ' ');
  words[0] = g_ascii_toupper (words[0]);
  return words;
}

/* BdItemRow */

static void
bd_dispute_row_update (BdItemRow *row,
                       gpointer   item)
{
  BdDisputeRow *self = BD_DISPUTE_ROW (row);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *opened = bd_model_get_datetime (item, "created-at");
  g_autofree char *amount = bd_format_money_or_dash (bd_model_get_money (item, "amount"));
  g_autofree char *day = bd_format_day_or_dash (opened);
  g_autofree char *age = opened != NULL ? bd_dispute_row_describe_age (opened, now) : g_strdup ("");
  g_autofree char *reason = describe_reason (bd_model_get_string (item, "reason"));
  const char *payment_id = bd_model_get_string (item, "payment-id");
  const char *customer_id = bd_model_get_string (item, "customer-id");
  const char *customer = bd_model_get_string (item, "customer-name");
  g_autofree char *payment = NULL;

  gtk_label_set_text (self->amount_label, amount);
  bd_status_set_tag (self->status_tag, item, BD_TYPE_DISPUTE_STATUS, "dispute-status");
  gtk_label_set_text (self->stage_label, bd_status_word_of (item, BD_TYPE_DISPUTE_STAGE, "dispute-stage"));
  gtk_label_set_text (self->reason_label, reason);

  /* Translators: a payment id, as a link to the payment */
  payment = g_strdup_printf (_("Payment %s"), payment_id != NULL ? payment_id : "—");
  gtk_label_set_text (self->payment_label, payment);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->payment_button), "s", payment_id != NULL ? payment_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->payment_button), payment_id != NULL);

  if (customer == NULL || customer[0] == '\0')
    customer = bd_model_get_string (item, "customer-email");
  gtk_label_set_text (self->customer_label, customer != NULL ? customer : customer_id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->customer_button), "s", customer_id != NULL ? customer_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->customer_button), customer_id != NULL);

  gtk_label_set_text (self->opened_label, day);
  gtk_label_set_text (self->age_label, age);
}

/* GObject */

static void
bd_dispute_row_class_init (BdDisputeRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  BD_ITEM_ROW_CLASS (klass)->update = bd_dispute_row_update;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/disputes/bd-dispute-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, age_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, customer_button);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, opened_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, payment_button);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, payment_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, BdDisputeRow, status_tag);
}

static void
bd_dispute_row_init (BdDisputeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

char *
bd_dispute_row_describe_age (GDateTime *opened,
                             GDateTime *now)
{
  GTimeSpan span;
  gint64 days;

  g_return_val_if_fail (opened != NULL && now != NULL, NULL);

  span = g_date_time_difference (now, opened);
  days = MAX (span, 0) / G_TIME_SPAN_DAY;
  if (days == 0)
    return g_strdup (_("Opened today"));
  /* Translators: how long ago a dispute was opened */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day old", "%d days old", (gulong) days),
                          (int) MIN (days, G_MAXINT));
}
