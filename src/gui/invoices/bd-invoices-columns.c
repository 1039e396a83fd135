/* bd-invoices-columns.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-customer.h"
#include "bd-enums.h"
#include "bd-format.h"
#include "bd-invoices-page-private.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-status.h"
#include "bd-subscription.h"

/*
 * The Invoices page's two column views: their cells (one or two
 * GtkInscriptions, or a status tag), sorting in SQLite through a probe of
 * the view's sorter, the chosen columns (the invoice-columns setting)
 * folding away by importance when the list is too narrow for them
 * (fit_columns), and the Columns menu.
 */

typedef enum
{
  CELL_DATE,
  CELL_INVOICE,
  CELL_CUSTOMER,
  CELL_PRODUCTS,
  CELL_AMOUNT,
  CELL_TAX,
  CELL_STATUS,
  CELL_REFUND_STATUS,
  CELL_METHOD,
  CELL_REFUND_ID,
  CELL_PAYMENT_ID,
  CELL_REFUND_CUSTOMER,
  CELL_REFUND_AMOUNT,
  CELL_REFUND_STATUS_TAG,
  CELL_REASON,
} CellKind;

typedef struct
{
  const char *key;          /* the name in the invoice-columns setting */
  const char *title;
  const char *sort_column;  /* an indexed column, or NULL: not sortable */
  CellKind    kind;
  gboolean    expand;
  int         width;        /* pixels; the least for expanding columns */
  int         priority;     /* 1: the last to fold away when the list is narrow */
} ColumnInfo;

/* The widths fit the default columns beside the detail pane in a window
 * 1200 wide, less important ones folded away (see fit_columns). */
static const ColumnInfo invoice_columns[] = {
  { "date", N_("Date"), "created_at", CELL_DATE, FALSE, 92, 4 },
  { "invoice", N_("Invoice"), "payment_id", CELL_INVOICE, FALSE, 120, 5 },
  { "customer", N_("Customer"), NULL, CELL_CUSTOMER, TRUE, 150, 1 },
  { "products", N_("Products"), NULL, CELL_PRODUCTS, TRUE, 120, 6 },
  { "amount", N_("Amount"), "total_amount", CELL_AMOUNT, FALSE, 100, 2 },
  { "tax", N_("Tax"), NULL, CELL_TAX, FALSE, 90, 8 },
  { "status", N_("Status"), "status", CELL_STATUS, FALSE, 110, 3 },
  { "refund-status", N_("Refund"), NULL, CELL_REFUND_STATUS, FALSE, 130, 9 },
  { "method", N_("Payment Method"), NULL, CELL_METHOD, FALSE, 130, 7 },
};

static const ColumnInfo refund_columns[] = {
  { "date", N_("Date"), "created_at", CELL_DATE, FALSE, 92, 4 },
  { "refund", N_("Credit Note"), "refund_id", CELL_REFUND_ID, FALSE, 130, 5 },
  { "payment", N_("Payment"), "payment_id", CELL_PAYMENT_ID, FALSE, 140, 7 },
  { "customer", N_("Customer"), NULL, CELL_REFUND_CUSTOMER, TRUE, 150, 1 },
  { "amount", N_("Amount"), NULL, CELL_REFUND_AMOUNT, FALSE, 100, 2 },
  { "status", N_("Status"), NULL, CELL_REFUND_STATUS_TAG, FALSE, 110, 3 },
  { "reason", N_("Reason"), NULL, CELL_REASON, TRUE, 140, 6 },
};

/* Cells */

typedef struct
{
  BdInvoicesPage   *self;
  const ColumnInfo *info;
  gboolean          chosen;   /* the merchant wants it (shown when it fits) */
} ColumnData;

/* A name from the cache by id, remembered until the next refresh: the
 * rows on screen ask for a few, by their unique key. */
const char *
_bd_invoices_page_lookup_name (BdInvoicesPage *self,
                               GType           type,
                               const char     *id)
{
  const char *name;
  g_autoptr(BdModel) object = NULL;

  if (id == NULL || self->store == NULL)
    return id;
  if (g_hash_table_lookup_extended (self->names, id, NULL, (gpointer *) &name))
    return name != NULL ? name : id;

  object = bd_store_lookup (self->store, type, id, NULL);
  name = object != NULL ? bd_model_get_string (object, "name") : NULL;
  g_hash_table_insert (self->names, g_strdup (id), g_strdup (name));
  return name != NULL ? g_hash_table_lookup (self->names, id) : id;
}

static char *
products_of (BdInvoicesPage *self,
             BdModel        *payment)
{
  GListModel *cart = bd_model_get_list (payment, "product-cart");
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = cart != NULL ? g_list_model_get_n_items (cart) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdModel) line = g_list_model_get_item (cart, i);
      const char *id = bd_model_get_string (line, "product-id");
      gint64 quantity = bd_model_get_int (line, "quantity");

      if (id == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, _bd_invoices_page_lookup_name (self, BD_TYPE_PRODUCT, id));
      if (quantity > 1)
        g_string_append_printf (text, " × %" G_GINT64_FORMAT, quantity);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Cells are cheap, as GTK 4.8's list builds up to 200 rows at once: a cell
 * with one line is one GtkInscription (it measures from font metrics, not
 * from its text, so no layout is made to size it) and only a cell with two
 * lines (the invoice and customer columns) is a box of two.  The status tag
 * is a label, so that its pill is as wide as its words. */

static gboolean
two_lines (CellKind kind)
{
  return kind == CELL_INVOICE || kind == CELL_CUSTOMER || kind == CELL_REFUND_CUSTOMER;
}

/* The status set of a status cell's item, or G_TYPE_NONE. */
static GType
status_type_of (CellKind kind)
{
  if (kind == CELL_STATUS)
    return BD_TYPE_PAYMENT_STATUS;
  if (kind == CELL_REFUND_STATUS_TAG)
    return BD_TYPE_REFUND_STATUS;
  return G_TYPE_NONE;
}

static gboolean
is_status (CellKind kind)
{
  return status_type_of (kind) != G_TYPE_NONE;
}

static gboolean
is_numeric (CellKind kind)
{
  return kind == CELL_AMOUNT || kind == CELL_TAX || kind == CELL_REFUND_AMOUNT;
}

static GtkWidget *
new_inscription (float xalign)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), xalign);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 0);
  gtk_widget_set_valign (inscription, GTK_ALIGN_CENTER);
  return inscription;
}

/* The text of a subscription's payment's Products cell: its plan (its
 * cart is empty), looked up as the detail pane does. */
static char *
subscription_product (BdInvoicesPage *self,
                      const char     *subscription_id)
{
  g_autofree char *key = NULL;
  const char *name;

  if (subscription_id == NULL || self->store == NULL)
    return NULL;
  key = g_strconcat ("subscription:", subscription_id, NULL);
  if (!g_hash_table_lookup_extended (self->names, key, NULL, (gpointer *) &name))
    {
      g_autoptr(BdModel) subscription = bd_store_lookup (self->store, BD_TYPE_SUBSCRIPTION,
                                                         subscription_id, NULL);
      const char *product_id = subscription != NULL ? bd_model_get_string (subscription, "product-id")
                                                    : NULL;
      gint64 quantity = subscription != NULL ? bd_model_get_int (subscription, "quantity") : 0;
      char *text = NULL;

      if (product_id != NULL)
        text = quantity > 1 ? g_strdup_printf ("%s × %" G_GINT64_FORMAT,
                                               _bd_invoices_page_lookup_name (self, BD_TYPE_PRODUCT, product_id), quantity)
                            : g_strdup (_bd_invoices_page_lookup_name (self, BD_TYPE_PRODUCT, product_id));
      g_hash_table_insert (self->names, g_strdup (key), text);
      name = text;
    }
  return g_strdup (name);
}

static void
cell_update (GtkListItem *list_item)
{
  ColumnData *data = g_object_get_data (G_OBJECT (list_item), "bd-column");
  BdInvoicesPage *self = data->self;
  BdModel *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  const char *sub = NULL;

  if (item == NULL)
    return;

  switch (data->info->kind)
    {
    case CELL_DATE:
      text = bd_format_day_or_dash (bd_model_get_datetime (item, "created-at"));
      break;
    case CELL_INVOICE:
      text = g_strdup (bd_model_get_string (item, "invoice-id"));
      sub = bd_model_get_string (item, "payment-id");
      if (text == NULL)
        {
          text = g_strdup (sub);
          sub = NULL;
        }
      break;
    case CELL_CUSTOMER:
      text = g_strdup (bd_model_get_string (item, "customer-name"));
      sub = bd_model_get_string (item, "customer-email");
      break;
    case CELL_PRODUCTS:
      text = products_of (self, item);
      if (*text == '\0')
        {
          g_free (text);
          text = subscription_product (self, bd_model_get_string (item, "subscription-id"));
        }
      break;
    case CELL_AMOUNT:
      text = bd_format_money_or_dash (bd_model_get_money (item, "total-amount"));
      break;
    case CELL_TAX:
      text = bd_format_money_or_dash (bd_model_get_money (item, "tax"));
      break;
    case CELL_STATUS:
    case CELL_REFUND_STATUS_TAG:
      /* The tag is set below, with its colour. */
      break;
    case CELL_REFUND_STATUS:
      {
        const char *refund_status = bd_model_get_string (item, "refund-status");
        const char *word = bd_status_refunded_word (refund_status);

        text = g_strdup (word != NULL ? word : refund_status);
      }
      break;
    case CELL_METHOD:
      {
        const char *network = bd_model_get_string (item, "card-network");
        const char *last_four = bd_model_get_string (item, "card-last-four");

        if (last_four != NULL)
          text = g_strdup_printf ("%s •••• %s", network != NULL ? network : "", last_four);
        else
          text = g_strdup (bd_model_get_string (item, "payment-method"));
      }
      break;
    case CELL_REFUND_ID:
      text = g_strdup (bd_model_get_string (item, "refund-id"));
      break;
    case CELL_PAYMENT_ID:
      text = g_strdup (bd_model_get_string (item, "payment-id"));
      break;
    case CELL_REFUND_CUSTOMER:
      sub = bd_model_get_string (item, "customer-id");
      text = g_strdup (_bd_invoices_page_lookup_name (self, BD_TYPE_CUSTOMER, sub));
      if (g_strcmp0 (text, sub) == 0)
        sub = NULL;
      break;
    case CELL_REFUND_AMOUNT:
      text = bd_format_money_or_dash (bd_model_get_money (item, "amount"));
      break;
    case CELL_REASON:
      text = g_strdup (bd_model_get_string (item, "reason"));
      break;
    default:
      g_assert_not_reached ();
    }

  if (is_status (data->info->kind))
    {
      bd_status_set_tag (GTK_LABEL (child), item, status_type_of (data->info->kind), "status");
    }
  else if (two_lines (data->info->kind))
    {
      GtkWidget *primary = gtk_widget_get_first_child (child);
      GtkWidget *secondary = gtk_widget_get_next_sibling (primary);

      gtk_inscription_set_text (GTK_INSCRIPTION (primary), text);
      gtk_inscription_set_text (GTK_INSCRIPTION (secondary), sub);
      gtk_widget_set_visible (secondary, sub != NULL);
    }
  else
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
    }
}

static void
on_item_notify_cb (GtkListItem *list_item)
{
  cell_update (list_item);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnData               *data)
{
  CellKind kind = data->info->kind;
  GtkWidget *child;

  if (is_status (kind))
    {
      child = gtk_label_new (NULL);
      gtk_widget_add_css_class (child, "status-tag");
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
    }
  else if (two_lines (kind))
    {
      GtkWidget *secondary = new_inscription (0.0);

      child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (secondary, "dim-label");
      gtk_widget_add_css_class (secondary, "caption");
      gtk_box_append (GTK_BOX (child), new_inscription (0.0));
      gtk_box_append (GTK_BOX (child), secondary);
    }
  else
    {
      child = new_inscription (is_numeric (kind) ? 1.0 : 0.0);
      if (is_numeric (kind))
        gtk_widget_add_css_class (child, "numeric");
    }
  gtk_list_item_set_child (list_item, child);
  g_object_set_data (G_OBJECT (list_item), "bd-column", data);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnData               *data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id;

  if (item == NULL)
    return;
  cell_update (list_item);
  /* A refresh updates the objects in place: follow them. */
  id = g_signal_connect_swapped (item, "notify", G_CALLBACK (on_item_notify_cb), list_item);
  g_object_set_data (G_OBJECT (list_item), "bd-notify-id", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (list_item), "bd-bound", item);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ColumnData               *data)
{
  GObject *item = g_object_get_data (G_OBJECT (list_item), "bd-bound");
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "bd-notify-id"));

  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (list_item), "bd-notify-id", NULL);
  g_object_set_data (G_OBJECT (list_item), "bd-bound", NULL);
}

/* Sorting: in SQLite, never in the view.  Each sortable column has a
 * sorter that only says which column it is; GTK 4.8 has no getter for
 * the column view's primary sort column, so the view's sorter is asked
 * to compare two (different) objects: the first column sorter it consults is the
 * primary one, and the sign of the answer is its direction.  The view
 * remembers its order ("bd-sorted", "bd-ascending"): a column folded away
 * (fit_columns) takes its header's arrow with it, not the order. */

static const ColumnInfo *probed_column;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  if (probed_column == NULL)
    probed_column = user_data;
  return GTK_ORDERING_SMALLER;
}

/* The list shows its first rows after a new order: GTK 4.8's list keeps
 * its position (an item index) through the change.  Its scroll-to-item
 * action moves its anchor, not the adjustment, so it does not warn while
 * the rows are being replaced. */
void
_bd_invoices_page_scroll_to (GtkColumnView *view,
                             guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  if (model == NULL || position >= g_list_model_get_n_items (model))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

void
_bd_invoices_page_apply_sort (GtkColumnView *view,
                              BdQueryModel  *model)
{
  const ColumnInfo *sorted = g_object_get_data (G_OBJECT (view), "bd-sorted");
  gboolean ascending = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), "bd-ascending"));

  if (sorted == NULL)
    bd_query_model_set_sort (model, "created_at", FALSE);
  else
    bd_query_model_set_sort (model, sorted->sort_column, ascending);
}

static void
on_sorter_changed_cb (GtkSorter      *sorter,
                   GtkSorterChange change,
                   BdInvoicesPage *self)
{
  GtkColumnView *view = g_object_get_data (G_OBJECT (sorter), "bd-view");
  BdQueryModel *model = view == self->invoices_view ? self->payments : self->refunds;
  GtkOrdering order;

  /* Folding a column away is no new order. */
  if (self->fitting)
    return;
  probed_column = NULL;
  order = gtk_sorter_compare (sorter, self, self->detail);
  if (order == GTK_ORDERING_EQUAL)
    probed_column = NULL;
  g_object_set_data (G_OBJECT (view), "bd-sorted", (gpointer) probed_column);
  g_object_set_data (G_OBJECT (view), "bd-ascending", GINT_TO_POINTER (order == GTK_ORDERING_SMALLER));
  if (model == NULL)
    return;
  _bd_invoices_page_apply_sort (view, model);
  _bd_invoices_page_scroll_to (view, 0);
}

/* The width of the date column: the widest day in the locale's format,
 * and some room, at least the table's. */
static int
date_width (BdInvoicesPage   *self,
            const ColumnInfo *info)
{
  g_autoptr(GDateTime) widest = g_date_time_new_utc (2026, 12, 28, 12, 0, 0);
  g_autofree char *text = bd_format_day_or_dash (widest);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return MAX (info->width, width + 24);
}

static GtkColumnViewColumn *
new_column (BdInvoicesPage   *self,
            const ColumnInfo *info)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  ColumnData *data = g_new0 (ColumnData, 1);
  GtkColumnViewColumn *column;

  data->self = self;
  data->info = info;
  data->chosen = TRUE;
  g_object_set_data_full (G_OBJECT (factory), "bd-column", data, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), data);

  column = gtk_column_view_column_new (_(info->title), factory);
  g_object_set_data (G_OBJECT (column), "bd-column", data);
  gtk_column_view_column_set_expand (column, info->expand);
  gtk_column_view_column_set_fixed_width (column, info->kind == CELL_DATE ? date_width (self, info)
                                                                          : info->width);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (info->sort_column != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare,
                                                                       (gpointer) info, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
    }
  return column;
}

/* Every column of @view, shown or not, in their order.  (transfer none) */
static GPtrArray *
all_columns (GtkColumnView *view)
{
  return g_object_get_data (G_OBJECT (view), "bd-columns");
}

static void
setup_view (BdInvoicesPage   *self,
            GtkColumnView    *view,
            const ColumnInfo *infos,
            guint             n_infos)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_infos; i++)
    {
      GtkColumnViewColumn *column = new_column (self, &infos[i]);

      g_ptr_array_add (columns, column);
      gtk_column_view_append_column (view, column);
    }
  g_object_set_data_full (G_OBJECT (view), "bd-columns", columns, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (sorter), "bd-view", view);
  g_object_set_data (G_OBJECT (view), "bd-sorted", (gpointer) &infos[0]);
  gtk_column_view_sort_by_column (view, columns->pdata[0], GTK_SORT_DESCENDING);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed_cb), self, 0);
}

/* Columns: the merchant chooses them (the invoice-columns setting); the
 * list shows those that fit its width.  When it is narrower than the
 * chosen columns' widths (beside the detail pane, in a narrow window), the
 * least important ones (ColumnInfo.priority) fold away, and come back when
 * there is room: the list does not scroll sideways unless the merchant
 * widened a column beyond it.  A folded column is out of the view, not
 * hidden: GTK 4.8 builds and binds the cells of hidden columns, and counts
 * their width in the list's. */

static void
fit_columns (BdInvoicesPage *self,
             GtkColumnView  *view,
             int             width)
{
  GPtrArray *columns = all_columns (view);
  const ColumnInfo *sorted = g_object_get_data (G_OBJECT (view), "bd-sorted");
  gboolean ascending = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), "bd-ascending"));
  gboolean show[G_N_ELEMENTS (invoice_columns)] = { FALSE };
  gboolean full = FALSE, changed = FALSE, sorted_shown = FALSE;
  GtkColumnViewColumn *sorted_column = NULL;
  guint position = 0;
  int used = 0;

  g_assert (columns->len <= G_N_ELEMENTS (show));

  /* In order of importance, while they fit; the first one always. */
  for (int priority = 1; priority <= (int) columns->len; priority++)
    for (guint i = 0; i < columns->len; i++)
      {
        ColumnData *data = g_object_get_data (columns->pdata[i], "bd-column");
        int column_width = gtk_column_view_column_get_fixed_width (columns->pdata[i]);

        if (data->info->priority != priority || !data->chosen || full)
          continue;
        if (used > 0 && width > 0 && used + column_width > width)
          full = TRUE;
        else
          {
            show[i] = TRUE;
            used += column_width;
          }
      }

  self->fitting = TRUE;
  for (guint i = 0; i < columns->len; i++)
    {
      GtkColumnViewColumn *column = columns->pdata[i];
      ColumnData *data = g_object_get_data (G_OBJECT (column), "bd-column");
      gboolean in_view = gtk_column_view_column_get_column_view (column) != NULL;

      if (show[i] && !in_view)
        gtk_column_view_insert_column (view, position, column);
      else if (!show[i] && in_view)
        gtk_column_view_remove_column (view, column);
      changed |= show[i] != in_view;
      position += show[i];
      if (data->info == sorted)
        {
          sorted_column = column;
          sorted_shown = show[i];
        }
    }
  /* The header's arrow: on the sorted column when it is shown, else on
   * none (GTK would move it to an earlier sorted column). */
  if (changed)
    gtk_column_view_sort_by_column (view, sorted_shown ? sorted_column : NULL,
                                    ascending ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
  self->fitting = FALSE;
}

/* The list's container lays out its one child as a bin does, after
 * fitting the columns to the width it gives it: a change of the columns
 * there makes GTK lay the window out again within the same frame. */
static void
list_measure (GtkWidget      *widget,
              GtkOrientation  orientation,
              int             for_size,
              int            *minimum,
              int            *natural,
              int            *minimum_baseline,
              int            *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
list_allocate (GtkWidget *widget,
               int        width,
               int        height,
               int        baseline)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (gtk_widget_get_ancestor (widget, BD_TYPE_INVOICES_PAGE));

  fit_columns (self, self->invoices_view, width);
  fit_columns (self, self->refunds_view, width);
  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
}

/* The chosen columns changed, or the window's size is about to be known:
 * fit them to the width the list has, or, before it has one, to what the
 * window will give it: its width less the sidebar's (SIDEBAR_WIDTH) and
 * the detail pane's (PANE_WIDTH) when it is open, a little more than they
 * take, so that the first layout rather adds a column than removes one. */
#define SIDEBAR_WIDTH 240
#define PANE_WIDTH 370

void
_bd_invoices_page_refit_columns (BdInvoicesPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->list_box));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (width <= 0 && GTK_IS_WINDOW (root) && !gtk_window_is_maximized (GTK_WINDOW (root)) &&
      !gtk_window_is_fullscreen (GTK_WINDOW (root)))
    {
      int height;

      gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
      if (width > 0)
        width = MAX (width - SIDEBAR_WIDTH -
                     (gtk_toggle_button_get_active (self->detail_button) ? PANE_WIDTH : 0), 1);
    }
  fit_columns (self, self->invoices_view, width);
  fit_columns (self, self->refunds_view, width);
  gtk_widget_queue_allocate (GTK_WIDGET (self->list_box));
}

static void
save_columns (BdInvoicesPage *self)
{
  GPtrArray *columns = all_columns (self->invoices_view);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < columns->len; i++)
    {
      ColumnData *data = g_object_get_data (columns->pdata[i], "bd-column");

      if (data->chosen)
        g_strv_builder_add (keys, data->info->key);
    }
  strv = g_strv_builder_end (keys);
  g_settings_set_strv (self->settings, "invoice-columns", (const char * const *) strv);
}

static void
on_column_action_change_state_cb (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  ColumnData *data = user_data;

  g_simple_action_set_state (action, state);
  if (data->chosen == g_variant_get_boolean (state))
    return;
  data->chosen = g_variant_get_boolean (state);
  save_columns (data->self);
  _bd_invoices_page_refit_columns (data->self);
}

static void
load_columns (BdInvoicesPage *self)
{
  GPtrArray *columns = all_columns (self->invoices_view);
  g_auto(GStrv) keys = g_settings_get_strv (self->settings, "invoice-columns");

  for (guint i = 0; i < columns->len; i++)
    {
      ColumnData *data = g_object_get_data (columns->pdata[i], "bd-column");

      data->chosen = g_strv_contains ((const char * const *) keys, data->info->key);
    }
  _bd_invoices_page_refit_columns (self);
}


gboolean
_bd_invoices_page_has_two_lines (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);  /* the ones shown */

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      ColumnData *data = g_object_get_data (G_OBJECT (column), "bd-column");

      if (two_lines (data->info->kind))
        return TRUE;
    }
  return FALSE;
}

void
_bd_invoices_page_setup_columns (BdInvoicesPage *self,
                                 GActionMap     *actions,
                                 GMenu          *section)
{
  GPtrArray *columns;

  gtk_widget_set_layout_manager (GTK_WIDGET (self->list_box),
                                 gtk_custom_layout_new (NULL, list_measure, list_allocate));
  setup_view (self, self->invoices_view, invoice_columns, G_N_ELEMENTS (invoice_columns));
  setup_view (self, self->refunds_view, refund_columns, G_N_ELEMENTS (refund_columns));
  load_columns (self);

  columns = all_columns (self->invoices_view);
  for (guint i = 0; i < columns->len; i++)
    {
      ColumnData *data = g_object_get_data (columns->pdata[i], "bd-column");
      g_autofree char *name = g_strconcat ("column-", data->info->key, NULL);
      g_autofree char *detailed = g_strconcat ("invoices.", name, NULL);
      g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, NULL,
                                                                      g_variant_new_boolean (data->chosen));

      /* The columns live as long as the page, which holds the actions. */
      g_signal_connect (action, "change-state", G_CALLBACK (on_column_action_change_state_cb), data);
      g_action_map_add_action (actions, G_ACTION (action));
      g_menu_append (section, _(data->info->title), detailed);
    }
}
