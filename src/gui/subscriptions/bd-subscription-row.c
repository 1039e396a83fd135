/* bd-subscription-row.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscription-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-subscription-row.h"
#include "bd-subscription-text.h"

struct _BdSubscriptionRow
{
  BdItemRow  parent_instance;

  /* Template widgets */
  GtkLabel  *amount_label;
  GtkLabel  *customer_label;
  GtkLabel  *product_label;
  GtkLabel  *status_tag;
  GtkLabel  *when_label;
};

G_DEFINE_FINAL_TYPE (BdSubscriptionRow, bd_subscription_row, BD_TYPE_ITEM_ROW)

static void
bd_subscription_row_update (BdItemRow *row,
                            gpointer   item)
{
  BdSubscriptionRow *self = BD_SUBSCRIPTION_ROW (row);
  BdSubscription *subscription = item;
  const char *name = bd_model_get_string (subscription, "customer-name");
  const char *email = bd_model_get_string (subscription, "customer-email");
  g_autofree char *who = NULL;
  g_autofree char *amount = bd_subscription_describe_amount (subscription);
  g_autofree char *when = bd_subscription_describe_when (subscription);

  if (name != NULL && name[0] != '\0' && email != NULL && email[0] != '\0')
    /* TRANSLATORS: a customer's name and email in a list row */
    who = g_strdup_printf (_("%s · %s"), name, email);
  else
    who = g_strdup (bd_subscription_customer_title (subscription));

  gtk_label_set_text (self->product_label, bd_subscription_product_title (subscription));
  bd_subscription_set_status_tag (self->status_tag, subscription);
  gtk_label_set_text (self->customer_label, who);
  gtk_label_set_text (self->amount_label, amount);
  gtk_label_set_text (self->when_label, when);
}

static void
bd_subscription_row_class_init (BdSubscriptionRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  BD_ITEM_ROW_CLASS (klass)->update = bd_subscription_row_update;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/subscriptions/bd-subscription-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionRow, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionRow, product_label);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionRow, status_tag);
  gtk_widget_class_bind_template_child (widget_class, BdSubscriptionRow, when_label);
}

static void
bd_subscription_row_init (BdSubscriptionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
