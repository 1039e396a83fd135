/* bd-customers-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-customer-row.h"
#include "bd-customers-page.h"
#include "bd-toast.h"

/* The Customers page: a GtkListView over BdQueryModel ("customers",
 * newest first), rows bound to their BdCustomer (BdCustomerRow), search as
 * you type.  BdListPage does the rest of the page contract. */

struct _BdCustomersPage
{
  BdListPage      parent_instance;

  /* Template widgets */
  AdwStatusPage  *error_page;
  GtkListView    *list_view;
  GtkSearchEntry *search_entry;
  GtkSpinner     *spinner;
  GtkStack       *stack;
};

G_DEFINE_FINAL_TYPE (BdCustomersPage, bd_customers_page, BD_TYPE_LIST_PAGE)

/* BdListPage */

static void
bd_customers_page_model_changed (BdListPage   *page,
                                 BdQueryModel *model)
{
  BdCustomersPage *self = BD_CUSTOMERS_PAGE (page);
  g_autoptr(GtkSelectionModel) selection = NULL;

  if (model != NULL)
    selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (model))));
  gtk_list_view_set_model (self->list_view, selection);
}

/* "Jump to the customer" (win.show-customer) narrows the list to it, as a
 * search for its id does (the search finds ids). */
static void
bd_customers_page_show_position (BdListPage *page,
                                 const char *id,
                                 guint       position)
{
  BdCustomersPage *self = BD_CUSTOMERS_PAGE (page);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), id);
  if (position == G_MAXUINT)
    {
      g_autofree char *text = g_strdup_printf (_("Customer %s is not in the offline copy yet. "
                                                 "It appears here after the next sync."), id);

      bd_widget_add_toast (GTK_WIDGET (self), adw_toast_new (text));
    }
}

/* GObject overrides */

static void
bd_customers_page_dispose (GObject *object)
{
  BdCustomersPage *self = BD_CUSTOMERS_PAGE (object);

  gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_CUSTOMERS_PAGE);

  G_OBJECT_CLASS (bd_customers_page_parent_class)->dispose (object);
}

static void
bd_customers_page_class_init (BdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BdListPageClass *list_page_class = BD_LIST_PAGE_CLASS (klass);

  object_class->dispose = bd_customers_page_dispose;

  list_page_class->title = N_("Customers");
  list_page_class->icon_name = "system-users-symbolic";
  list_page_class->table = "customers";
  list_page_class->model_changed = bd_customers_page_model_changed;
  list_page_class->show_position = bd_customers_page_show_position;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/bd-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, stack);

  g_type_ensure (BD_TYPE_CUSTOMER_ROW);
}

static void
bd_customers_page_init (BdCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_list_page_bind (BD_LIST_PAGE (self), self->search_entry, self->stack, self->spinner,
                     self->error_page);
}

/* Public API */

GtkWidget *
bd_customers_page_new (void)
{
  return g_object_new (BD_TYPE_CUSTOMERS_PAGE, NULL);
}
