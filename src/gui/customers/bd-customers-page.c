/* bd-customers-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-customer.h"
#include "bd-customers-page.h"
#include "bd-list-state.h"
#include "bd-query-model.h"

struct _BdCustomersPage
{
  AdwBin           parent_instance;

  BdStore         *store;
  BdQueryModel    *model;

  /* Template widgets */
  AdwStatusPage   *error_page;
  GtkListView     *list_view;
  GtkSearchEntry  *search_entry;
  GtkSpinner      *spinner;
  GtkStack        *stack;
};

G_DEFINE_FINAL_TYPE (BdCustomersPage, bd_customers_page, ADW_TYPE_BIN)

/* Helpers */

static gboolean
created_to_text (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  GDateTime *created = g_value_get_boxed (from);
  g_autoptr(GDateTime) local = created != NULL ? g_date_time_to_local (created) : NULL;

  /* TRANSLATORS: the day a customer was created, strftime-like
   * (g_date_time_format), e.g. "3 Mar 2025" */
  g_value_take_string (to, local != NULL ? g_date_time_format (local, _("%-d %b %Y")) : g_strdup (""));
  return TRUE;
}

/* Which of the stack's states fits the model now. */
static void
update_state (BdCustomersPage *self)
{
  const char *state;

  g_assert (BD_IS_CUSTOMERS_PAGE (self));

  state = bd_list_state (self->model, *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0');
  if (g_str_equal (state, "error"))
    {
      g_warning ("Could not read the customers: %s", bd_query_model_get_error (self->model)->message);
      adw_status_page_set_description (self->error_page,
                                       _("The offline copy of this account could not be read. Syncing again may repair it."));
    }

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
}

/* List rows: name and email on two lines, the day on the right. */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *email = gtk_label_new (NULL);
  GtkWidget *created = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "customer-row");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "customer-name");
  gtk_label_set_xalign (GTK_LABEL (email), 0);
  gtk_label_set_ellipsize (GTK_LABEL (email), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (email, "dim-label");
  gtk_widget_add_css_class (email, "customer-email");
  gtk_widget_set_valign (created, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (created, "dim-label");
  gtk_widget_add_css_class (created, "numeric");
  gtk_widget_add_css_class (created, "customer-created");

  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), email);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), created);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (row);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *email = gtk_widget_get_next_sibling (name);
  GtkWidget *created = gtk_widget_get_next_sibling (texts);
  GObject *customer = gtk_list_item_get_item (item);
  GPtrArray *bindings = g_ptr_array_new ();

  /* Bound, not copied: a refresh updates the object in place. */
  g_ptr_array_add (bindings, g_object_bind_property (customer, "name", name, "label", G_BINDING_SYNC_CREATE));
  g_ptr_array_add (bindings, g_object_bind_property (customer, "email", email, "label", G_BINDING_SYNC_CREATE));
  g_ptr_array_add (bindings, g_object_bind_property_full (customer, "created-at", created, "label",
                                                          G_BINDING_SYNC_CREATE, created_to_text,
                                                          NULL, NULL, NULL));
  g_object_set_data_full (G_OBJECT (item), "bd-bindings", bindings, (GDestroyNotify) g_ptr_array_unref);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GPtrArray *bindings = g_object_get_data (G_OBJECT (item), "bd-bindings");

  for (guint i = 0; bindings != NULL && i < bindings->len; i++)
    g_binding_unbind (bindings->pdata[i]);
  g_object_set_data (G_OBJECT (item), "bd-bindings", NULL);
}

/* Callbacks */

static void
search_changed_cb (BdCustomersPage *self)
{
  g_assert (BD_IS_CUSTOMERS_PAGE (self));

  if (self->model != NULL)
    bd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_state (self);
}

static void
stop_search_cb (BdCustomersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* GObject overrides */

static void
bd_customers_page_dispose (GObject *object)
{
  BdCustomersPage *self = BD_CUSTOMERS_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_CUSTOMERS_PAGE);

  G_OBJECT_CLASS (bd_customers_page_parent_class)->dispose (object);
}

static void
bd_customers_page_class_init (BdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_customers_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/bd-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdCustomersPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
}

static void
bd_customers_page_init (BdCustomersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_state (self);
}

/* Public API */

GtkWidget *
bd_customers_page_new (void)
{
  return g_object_new (BD_TYPE_CUSTOMERS_PAGE, NULL);
}

/**
 * bd_customers_page_set_data:
 * @account: (nullable): the open account, or %NULL for none
 * @store: (nullable): the main thread's read connection on its cache
 * @client: (nullable): its client (unused here for now: customers are
 *   only read)
 *
 * Shows @store's customers at once.
 */
void
bd_customers_page_set_data (BdCustomersPage *self,
                            BdAccount       *account,
                            BdStore         *store,
                            BdDodoClient    *client)
{
  g_return_if_fail (BD_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  if (store == self->store)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);

  /* Another account: its own search. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store != NULL)
    {
      g_autoptr(GtkSelectionModel) selection = NULL;

      self->model = bd_query_model_new (store, "customers");
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
      gtk_list_view_set_model (self->list_view, selection);
    }

  update_state (self);
}

/**
 * bd_customers_page_refresh:
 *
 * The cache changed: the list updates in place, keeping the scroll
 * position.
 */
void
bd_customers_page_refresh (BdCustomersPage *self)
{
  g_return_if_fail (BD_IS_CUSTOMERS_PAGE (self));

  if (self->model != NULL)
    bd_query_model_refresh (self->model);
}

/**
 * bd_customers_page_show_customer:
 * @customer_id: a customer's id
 *
 * Narrows the list to one customer, as a search for its id does (the
 * search finds ids): what "jump to the customer" from an invoice shows.
 */
void
bd_customers_page_show_customer (BdCustomersPage *self,
                                 const char      *customer_id)
{
  g_return_if_fail (BD_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (customer_id != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), customer_id);
}
