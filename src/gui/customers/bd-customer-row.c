/* bd-customer-row.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customer-row"

#include "config.h"

#include "bd-customer.h"
#include "bd-customer-row.h"
#include "bd-format.h"

struct _BdCustomerRow
{
  BdItemRow  parent_instance;

  /* Template widgets */
  GtkLabel  *created_label;
  GtkLabel  *email_label;
  GtkLabel  *name_label;
};

G_DEFINE_FINAL_TYPE (BdCustomerRow, bd_customer_row, BD_TYPE_ITEM_ROW)

static void
bd_customer_row_update (BdItemRow *row,
                        gpointer   item)
{
  BdCustomerRow *self = BD_CUSTOMER_ROW (row);
  g_autofree char *created = bd_format_day_or_dash (bd_model_get_datetime (item, "created-at"));

  gtk_label_set_text (self->name_label, bd_model_get_string (item, "name"));
  gtk_label_set_text (self->email_label, bd_model_get_string (item, "email"));
  gtk_label_set_text (self->created_label, created);
}

static void
bd_customer_row_class_init (BdCustomerRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  BD_ITEM_ROW_CLASS (klass)->update = bd_customer_row_update;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/bd-customer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCustomerRow, created_label);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerRow, email_label);
  gtk_widget_class_bind_template_child (widget_class, BdCustomerRow, name_label);
}

static void
bd_customer_row_init (BdCustomerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
