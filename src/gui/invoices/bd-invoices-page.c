/* bd-invoices-page.c
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
#include "bd-export-dialog.h"
#include "bd-flow-layout.h"
#include "bd-format.h"
#include "bd-invoice-detail.h"
#include "bd-invoices-page.h"
#include "bd-list-state.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-query-model.h"
#include "bd-refund.h"
#include "bd-subscription.h"

/*
 * The list is a GtkColumnView straight over a BdQueryModel: the model
 * only holds the rowids of the result, and builds an object for a row when
 * the view binds it.  Nothing is sorted or filtered in memory: a header
 * click, a filter or a keystroke becomes SQL (bd_query_model_set_sort,
 * bd_query_model_set_where), and the totals bar runs the same conditions
 * on a worker thread (BdQueryWorker), after the frame that shows the rows.
 *
 * A new result shows a screenful of rows at once (screenful(), the rows
 * GTK builds for its next frame) and the rest in the model's idle slices;
 * the cells are one or two GtkInscriptions; the columns the merchant chose
 * fold away by importance when the list is too narrow for them
 * (fit_columns).
 *
 * self->query (a BdReportQuery) is the one description of the view; the
 * widgets write into it and apply_query() hands it to the models, the
 * totals, and the Export dialog (bd_invoices_page_get_query).
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

/* The payment statuses the filter offers, as Dodo spells them. */
static const struct { const char *value; const char *label; } statuses[] = {
  { NULL, N_("All Statuses") },
  { "succeeded", N_("Succeeded") },
  { "failed", N_("Failed") },
  { "processing", N_("Processing") },
  { "requires_payment_method", N_("Requires Payment Method") },
  { "requires_customer_action", N_("Requires Customer Action") },
  { "cancelled", N_("Cancelled") },
};

typedef enum
{
  RANGE_ALL,
  RANGE_THIS_MONTH,
  RANGE_LAST_MONTH,
  RANGE_THIS_QUARTER,
  RANGE_THIS_YEAR,
  RANGE_CUSTOM,
} Range;

static const char * const range_labels[] = {
  N_("All Dates"), N_("This Month"), N_("Last Month"), N_("This Quarter"), N_("This Year"),
  N_("Custom…"),
};

struct _BdInvoicesPage
{
  AdwBin              parent_instance;

  GtkToggleButton    *credit_notes_toggle;
  GtkDropDown        *currency_dropdown;
  GtkButton          *custom_apply_button;
  GtkLabel           *custom_error_label;
  GtkEntry           *custom_from_entry;
  GtkRevealer        *custom_revealer;
  GtkEntry           *custom_to_entry;
  GtkButton          *customer_button;
  GtkLabel           *customer_label;
  GtkDropDown        *date_dropdown;
  BdInvoiceDetail    *detail;
  GtkToggleButton    *detail_button;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkBox             *filter_box;
  AdwFlap            *flap;
  GtkToggleButton    *invoices_toggle;
  GtkColumnView      *invoices_view;
  AdwBin             *list_box;
  GtkMenuButton      *menu_button;
  AdwStatusPage      *no_match_page;
  GtkDropDown        *product_dropdown;
  GtkColumnView      *refunds_view;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkDropDown        *status_dropdown;
  GtkLabel           *totals_label;
  GtkStack           *view_stack;

  BdAccount          *account;
  BdStore            *store;
  BdDodoClient       *client;

  BdQueryModel       *payments;
  BdQueryModel       *refunds;
  GtkSingleSelection *payments_selection;
  GtkSingleSelection *refunds_selection;

  BdReportQuery      *query;
  char               *customer_name;
  GPtrArray          *product_ids;     /* of the product dropdown; [0] NULL */
  GtkStringList      *products;
  GtkStringList      *currencies;      /* [0] "All Currencies" */
  GHashTable         *names;           /* product or customer id → name */

  GSettings          *settings;
  GCancellable       *totals_cancellable;
  BdQueryWorker      *totals_worker;   /* for self->store, or NULL */
  GdkFrameClock      *totals_clock;    /* waiting for its after-paint */
  gulong              totals_paint_id;
  gboolean            totals_wanted;   /* a totals job waits for a frame */
  gboolean            fitting;         /* columns being folded or shown */
  gboolean            updating;        /* widgets being set from code */
};

static void page_iface_init (BdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdInvoicesPage, bd_invoices_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_PAGE, page_iface_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
};

enum {
  SHOW_CUSTOMER,
  SHOW_SUBSCRIPTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void apply_query               (BdInvoicesPage *self);
static void filter_customer_activated (GSimpleAction  *action,
                                       GVariant       *parameter,
                                       gpointer        user_data);
static void clear_filters_activated   (GSimpleAction  *action,
                                       GVariant       *parameter,
                                       gpointer        user_data);

static gboolean
showing_credit_notes (BdInvoicesPage *self)
{
  return gtk_toggle_button_get_active (self->credit_notes_toggle);
}

/* Cells */

typedef struct
{
  BdInvoicesPage   *self;
  const ColumnInfo *info;
  gboolean          chosen;   /* the merchant wants it (shown when it fits) */
} ColumnData;

/* A name from the cache by id, remembered until the next refresh: the
 * rows on screen ask for a few, by their unique key. */
static const char *
lookup_name (BdInvoicesPage *self,
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
      g_string_append (text, lookup_name (self, BD_TYPE_PRODUCT, id));
      if (quantity > 1)
        g_string_append_printf (text, " × %" G_GINT64_FORMAT, quantity);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The words and the colour (a CSS class) of a status. */
static const char *
status_label (const char *status)
{
  for (guint i = 1; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].value) == 0)
      return _(statuses[i].label);
  if (g_strcmp0 (status, "pending") == 0)
    return _("Pending");
  if (g_strcmp0 (status, "review") == 0)
    return _("In Review");
  return status != NULL ? status : "—";
}

static const char *
status_class (const char *status)
{
  if (g_strcmp0 (status, "succeeded") == 0)
    return "status-success";
  if (g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "cancelled") == 0)
    return "status-error";
  if (status == NULL)
    return "status-neutral";
  return "status-warning";
}

static const char * const status_classes[] = {
  "status-success", "status-error", "status-warning", "status-neutral",
};

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

static gboolean
is_status (CellKind kind)
{
  return kind == CELL_STATUS || kind == CELL_REFUND_STATUS_TAG;
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
                                               lookup_name (self, BD_TYPE_PRODUCT, product_id), quantity)
                            : g_strdup (lookup_name (self, BD_TYPE_PRODUCT, product_id));
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
  const char *tag = NULL;

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
      tag = bd_model_get_string (item, "status-raw");
      text = g_strdup (status_label (tag));
      break;
    case CELL_REFUND_STATUS:
      {
        const char *refund_status = bd_model_get_string (item, "refund-status");

        if (g_strcmp0 (refund_status, "partial") == 0)
          text = g_strdup (_("Partially refunded"));
        else if (g_strcmp0 (refund_status, "full") == 0)
          text = g_strdup (_("Refunded"));
        else
          text = g_strdup (refund_status);
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
      text = g_strdup (lookup_name (self, BD_TYPE_CUSTOMER, sub));
      if (g_strcmp0 (text, sub) == 0)
        sub = NULL;
      break;
    case CELL_REFUND_AMOUNT:
      text = bd_format_money_or_dash (bd_model_get_money (item, "amount"));
      break;
    case CELL_REFUND_STATUS_TAG:
      tag = bd_model_get_string (item, "status-raw");
      text = g_strdup (status_label (tag));
      break;
    case CELL_REASON:
      text = g_strdup (bd_model_get_string (item, "reason"));
      break;
    default:
      g_assert_not_reached ();
    }

  if (is_status (data->info->kind))
    {
      const char *wanted = status_class (tag);

      gtk_label_set_text (GTK_LABEL (child), text);
      for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
        if (!g_str_equal (status_classes[i], wanted))
          gtk_widget_remove_css_class (child, status_classes[i]);
      gtk_widget_add_css_class (child, wanted);
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
on_item_notify (GtkListItem *list_item)
{
  cell_update (list_item);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
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
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnData               *data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id;

  if (item == NULL)
    return;
  cell_update (list_item);
  /* A refresh updates the objects in place: follow them. */
  id = g_signal_connect_swapped (item, "notify", G_CALLBACK (on_item_notify), list_item);
  g_object_set_data (G_OBJECT (list_item), "bd-notify-id", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (list_item), "bd-bound", item);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
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
static void
scroll_to_top (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  if (model == NULL || g_list_model_get_n_items (model) == 0)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
}

/* Sorts @model in the order @view remembers. */
static void
apply_sort (GtkColumnView *view,
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
on_sorter_changed (GtkSorter      *sorter,
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
  apply_sort (view, model);
  scroll_to_top (view);
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
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), data);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), data);

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
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, 0);
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

static void
refit_columns (BdInvoicesPage *self)
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
column_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  ColumnData *data = user_data;

  g_simple_action_set_state (action, state);
  if (data->chosen == g_variant_get_boolean (state))
    return;
  data->chosen = g_variant_get_boolean (state);
  save_columns (data->self);
  refit_columns (data->self);
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
  refit_columns (self);
}

static void
setup_menu (BdInvoicesPage *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) more = g_menu_new ();
  GPtrArray *columns = all_columns (self->invoices_view);
  static const GActionEntry entries[] = {
    { "filter-customer", filter_customer_activated, NULL, NULL, NULL, { 0 } },
    { "clear-filters", clear_filters_activated, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < columns->len; i++)
    {
      ColumnData *data = g_object_get_data (columns->pdata[i], "bd-column");
      g_autofree char *name = g_strconcat ("column-", data->info->key, NULL);
      g_autofree char *detailed = g_strconcat ("invoices.", name, NULL);
      g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, NULL,
                                                                      g_variant_new_boolean (data->chosen));

      /* The columns live as long as the page, which holds the group. */
      g_signal_connect (action, "change-state", G_CALLBACK (column_change_state), data);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
      g_menu_append (section, _(data->info->title), detailed);
    }
  g_menu_append_section (menu, _("Columns"), G_MENU_MODEL (section));
  g_menu_append (more, _("Show Only This _Customer’s Invoices"), "invoices.filter-customer");
  g_menu_append (more, _("_Clear Filters"), "invoices.clear-filters");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "invoices", G_ACTION_GROUP (group));
}

/* Totals */

static gint64
usec_of (GDateTime *when)
{
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/* The SQL conditions of @query (they point into it) for @table: credit
 * notes have their own statuses, so the payment status does not apply. */
static BdQueryWhere
where_of (const BdReportQuery *query,
          gboolean             credit_notes)
{
  BdQueryWhere where = {
    .from = query->from != NULL ? usec_of (query->from) : 0,
    .to = query->to != NULL ? usec_of (query->to) : 0,
    .status = credit_notes ? NULL : query->status,
    .currency = query->currency,
    .customer_id = query->customer_id,
    .product_id = query->product_id,
    .search = query->search,
  };

  return where;
}

static char *
money_text (gint64      amount,
            const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);

  return money != NULL ? bd_money_format (money) : g_strdup_printf ("%" G_GINT64_FORMAT, amount);
}

static void
totals_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BdInvoicesPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) totals = bd_query_worker_totals_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean credit_notes;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = BD_INVOICES_PAGE (source);
  credit_notes = g_str_equal (bd_query_worker_totals_table (result), "refunds");

  if (totals == NULL)
    {
      gtk_label_set_text (self->totals_label, _("Could not add up the totals"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->totals_label), error->message);
      return;
    }

  if (totals->len == 0)
    g_string_append (text, credit_notes ? _("No credit notes") : _("No invoices"));
  for (guint i = 0; i < totals->len; i++)
    {
      BdQueryTotal *t = &g_array_index (totals, BdQueryTotal, i);
      g_autofree char *gross = money_text (t->gross, t->currency);
      g_autofree char *count = NULL;
      /* The number apart: a 64-bit format macro would hide the string from xgettext. */
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, t->count);

      if (i > 0)
        g_string_append_c (text, '\n');
      if (credit_notes)
        {
          count = g_strdup_printf (ngettext ("%s credit note", "%s credit notes", (gulong) t->count),
                                   number);
          /* Translators: "EUR  3 credit notes  Refunded €40.00" in the totals bar */
          g_string_append_printf (text, _("%s  %s  Refunded %s"), t->currency, count, gross);
        }
      else
        {
          g_autofree char *refunds = money_text (t->refunded, t->currency);
          g_autofree char *net = money_text (t->gross - t->refunded, t->currency);

          count = g_strdup_printf (ngettext ("%s invoice", "%s invoices", (gulong) t->count),
                                   number);
          /* Translators: one currency's line of the totals bar */
          g_string_append_printf (text, _("%s  %s  Gross %s  Refunds %s  Net %s"),
                                  t->currency, count, gross, refunds, net);
        }
    }
  gtk_label_set_text (self->totals_label, text->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->totals_label),
                               credit_notes ? _("Amounts count succeeded refunds")
                                            : _("Amounts count succeeded payments"));
}

/* The totals run on the page's worker (its own connection to the cache,
 * kept while the account is open). */
static void
start_totals (BdInvoicesPage *self)
{
  BdQueryWhere where = where_of (self->query, showing_credit_notes (self));

  self->totals_wanted = FALSE;
  self->totals_cancellable = g_cancellable_new ();
  if (self->totals_worker == NULL)
    self->totals_worker = bd_query_worker_new (bd_store_get_path (self->store));
  bd_query_worker_totals_async (self->totals_worker,
                                showing_credit_notes (self) ? "refunds" : "payments", &where,
                                self, self->totals_cancellable, totals_done, NULL);
}

static void
stop_waiting_for_frame (BdInvoicesPage *self)
{
  if (self->totals_clock != NULL)
    g_clear_signal_handler (&self->totals_paint_id, self->totals_clock);
  g_clear_object (&self->totals_clock);
}

static void
on_totals_after_paint (BdInvoicesPage *self)
{
  stop_waiting_for_frame (self);
  if (self->totals_wanted && self->store != NULL)
    start_totals (self);
}

/* The totals of a million rows take a core for about a second: they start
 * once the frame that shows the new rows has been painted, so they never
 * compete with it (on two cores, with a software renderer, they did), and
 * only while the page is on screen (map starts them otherwise). */
static void
wait_for_frame (BdInvoicesPage *self)
{
  GdkFrameClock *clock;

  if (!self->totals_wanted || self->totals_clock != NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;
  self->totals_clock = g_object_ref (clock);
  self->totals_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                    G_CALLBACK (on_totals_after_paint), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_totals (BdInvoicesPage *self)
{
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  if (self->store == NULL)
    {
      self->totals_wanted = FALSE;
      stop_waiting_for_frame (self);
      gtk_label_set_text (self->totals_label, "");
      return;
    }

  gtk_label_set_text (self->totals_label, _("Adding up…"));
  self->totals_wanted = TRUE;
  wait_for_frame (self);
}

/* State */

static gboolean
has_filters (BdInvoicesPage *self)
{
  const BdReportQuery *q = self->query;

  return q->from != NULL || q->to != NULL || q->status != NULL || q->currency != NULL ||
         q->product_id != NULL || q->customer_id != NULL ||
         (q->search != NULL && *q->search != '\0');
}

static void
update_state (BdInvoicesPage *self)
{
  gboolean credit_notes = showing_credit_notes (self);
  BdQueryModel *model = credit_notes ? self->refunds : self->payments;
  const GError *error;
  const char *name;

  gtk_stack_set_visible_child_name (self->view_stack, credit_notes ? "credit-notes" : "invoices");
  if (model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-account");
      return;
    }

  name = bd_list_state (model, has_filters (self));
  if ((error = bd_query_model_get_error (model)) != NULL)
    adw_status_page_set_description (self->error_page, error->message);

  adw_status_page_set_title (self->no_match_page, credit_notes ? _("No Credit Notes Match")
                                                               : _("No Invoices Match"));
  adw_status_page_set_title (self->empty_page, credit_notes ? _("No Credit Notes Yet")
                                                            : _("No Invoices Yet"));
  adw_status_page_set_description (self->empty_page,
                                   credit_notes ? _("Refunds appear here as credit notes once the account has synchronised.")
                                                : _("Payments appear here once the account has synchronised."));
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* About how many rows the list shows: a new result's first slice, the
 * rows GTK builds for the frame that shows it (each costs about half a
 * millisecond).  It errs on the side of too many: a row is taken for less
 * high than it is (its lines from the font's metrics and ROW_PADDING:
 * 38 px for Adwaita's 46), and before the page has a size, everything in
 * the window but the list for less than it is (CHROME_LINES lines of the
 * font: 171 px for Adwaita's 202), plus two rows. */
#define ROW_PADDING 10
#define CHROME_LINES 11

static guint
screenful (BdInvoicesPage *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkColumnView *view = showing_credit_notes (self) ? self->refunds_view : self->invoices_view;
  GListModel *columns = gtk_column_view_get_columns (view);  /* the ones shown */
  PangoFontMetrics *metrics;
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));
  double line, row;
  gboolean two = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      ColumnData *data = g_object_get_data (G_OBJECT (column), "bd-column");

      two |= two_lines (data->info->kind);
    }
  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self)), NULL, NULL);
  line = (double) (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics)) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  row = (two ? 1.8 * line : line) + ROW_PADDING;

  if (height <= 0 && root != NULL)
    {
      height = gtk_widget_get_height (root);
      if (height <= 0 && GTK_IS_WINDOW (root) && !gtk_window_is_maximized (GTK_WINDOW (root)) &&
          !gtk_window_is_fullscreen (GTK_WINDOW (root)))
        {
          int width;

          gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
        }
      height -= CHROME_LINES * line;
    }
  if (height <= 0 || line <= 0)
    return BD_QUERY_MODEL_FIRST_ROWS;
  return MIN ((guint) (height / row) + 2, BD_QUERY_MODEL_FIRST_ROWS);
}

/* Applies self->query to the lists and the totals. */
static void
apply_query (BdInvoicesPage *self)
{
  BdQueryWhere where;

  if (self->payments != NULL)
    {
      bd_query_model_set_first_rows (self->payments, screenful (self));
      bd_query_model_set_first_rows (self->refunds, screenful (self));
      where = where_of (self->query, FALSE);
      bd_query_model_set_where (self->payments, &where);
      where = where_of (self->query, TRUE);
      bd_query_model_set_where (self->refunds, &where);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_button), self->query->customer_id != NULL);
  update_totals (self);
  update_state (self);
}

/* Filters */

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
on_search_changed (BdInvoicesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*text == '\0')
    text = NULL;
  /* Clearing the filters empties the entry too: nothing new then. */
  if (g_strcmp0 (text, self->query->search) == 0)
    return;
  set_string (&self->query->search, text);
  apply_query (self);
}

static void
on_stop_search (BdInvoicesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_filter_changed (BdInvoicesPage *self)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint currency = gtk_drop_down_get_selected (self->currency_dropdown);
  guint product = gtk_drop_down_get_selected (self->product_dropdown);

  if (self->updating)
    return;
  set_string (&self->query->status, status < G_N_ELEMENTS (statuses) ? statuses[status].value : NULL);
  set_string (&self->query->currency,
              currency > 0 && currency != GTK_INVALID_LIST_POSITION
                ? gtk_string_list_get_string (self->currencies, currency) : NULL);
  set_string (&self->query->product_id,
              product < self->product_ids->len ? g_ptr_array_index (self->product_ids, product) : NULL);
  apply_query (self);
}

/* [start, end) of the range around now, in local time. */
static void
range_bounds (Range       range,
              GDateTime **from,
              GDateTime **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  int first_month = month, n_months = 1;

  switch (range)
    {
    case RANGE_THIS_MONTH:
      break;
    case RANGE_LAST_MONTH:
      first_month = month - 1;
      break;
    case RANGE_THIS_QUARTER:
      first_month = (month - 1) / 3 * 3 + 1;
      n_months = 3;
      break;
    case RANGE_THIS_YEAR:
      first_month = 1;
      n_months = 12;
      break;
    case RANGE_ALL:
    case RANGE_CUSTOM:
    default:
      *from = *to = NULL;
      return;
    }
  if (first_month < 1)
    {
      first_month += 12;
      year--;
    }
  *from = g_date_time_new_local (year, first_month, 1, 0, 0, 0);
  *to = g_date_time_add_months (*from, n_months);
}

static void
on_date_changed (BdInvoicesPage *self)
{
  Range range = gtk_drop_down_get_selected (self->date_dropdown);
  GDateTime *from = NULL, *to = NULL;

  if (self->updating)
    return;
  gtk_revealer_set_reveal_child (self->custom_revealer, range == RANGE_CUSTOM);
  if (range == RANGE_CUSTOM)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->custom_from_entry));
      return;
    }
  range_bounds (range, &from, &to);
  g_clear_pointer (&self->query->from, g_date_time_unref);
  g_clear_pointer (&self->query->to, g_date_time_unref);
  self->query->from = from;
  self->query->to = to;
  apply_query (self);
}

static void
on_custom_apply (BdInvoicesPage *self)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (self->custom_from_entry));
  const char *last = gtk_editable_get_text (GTK_EDITABLE (self->custom_to_entry));
  g_autoptr(GError) error = NULL;

  /* Bad input changes nothing and says why. */
  if (!bd_report_query_set_days (self->query, *first != '\0' ? first : NULL,
                                 *last != '\0' ? last : NULL, &error))
    {
      gtk_label_set_text (self->custom_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->custom_error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->custom_error_label), FALSE);
  apply_query (self);
}

static void
set_customer (BdInvoicesPage *self,
              const char     *customer_id,
              const char     *name)
{
  g_autofree char *label = NULL;

  set_string (&self->query->customer_id, customer_id);
  set_string (&self->customer_name, name);
  label = g_strdup_printf (_("Customer: %s"), name != NULL ? name : customer_id != NULL ? customer_id : "");
  gtk_label_set_text (self->customer_label, label);
  apply_query (self);
}

static void
on_customer_cleared (BdInvoicesPage *self)
{
  set_customer (self, NULL, NULL);
}

static GObject *
selected_item (BdInvoicesPage *self)
{
  GtkSingleSelection *selection = showing_credit_notes (self) ? self->refunds_selection
                                                              : self->payments_selection;

  return selection != NULL ? gtk_single_selection_get_selected_item (selection) : NULL;
}

static void
filter_customer_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  BdInvoicesPage *self = user_data;
  GObject *item = selected_item (self);
  const char *id;

  if (item == NULL || (id = bd_model_get_string (item, "customer-id")) == NULL)
    return;
  set_customer (self, id, BD_IS_PAYMENT (item) ? bd_model_get_string (item, "customer-name")
                                               : lookup_name (self, BD_TYPE_CUSTOMER, id));
}

static void
clear_filters_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  bd_invoices_page_clear_filters (user_data);
}

/* Clears every filter and the search (the "no match" page's button). */
void
bd_invoices_page_clear_filters (BdInvoicesPage *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, RANGE_ALL);
  gtk_drop_down_set_selected (self->currency_dropdown, 0);
  gtk_drop_down_set_selected (self->product_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_to_entry), "");
  gtk_revealer_set_reveal_child (self->custom_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating = FALSE;

  bd_report_query_free (self->query);
  self->query = bd_report_query_new ();
  set_customer (self, NULL, NULL);
}

/* The dropdowns' choices from the cache */

static void
fill_choices (BdInvoicesPage *self)
{
  g_autofree char *currency = g_strdup (self->query->currency);
  g_autofree char *product = g_strdup (self->query->product_id);
  g_auto(GStrv) codes = NULL;
  g_autoptr(BdQueryModel) products = NULL;
  guint n;

  self->updating = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->currencies));
  gtk_string_list_splice (self->currencies, 1, n - 1, NULL);
  if (self->store != NULL)
    codes = bd_query_distinct (self->store, "payments", "currency", NULL);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      gtk_string_list_append (self->currencies, codes[i]);
      if (g_strcmp0 (codes[i], currency) == 0)
        gtk_drop_down_set_selected (self->currency_dropdown, i + 1);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->products));
  gtk_string_list_splice (self->products, 1, n - 1, NULL);
  g_ptr_array_set_size (self->product_ids, 1);
  if (self->store != NULL)
    {
      /* Products are few: read their names in order. */
      products = bd_query_model_new (self->store, "products");
      bd_query_model_finish_loading (products);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (products)); i++)
        {
          g_autoptr(BdModel) p = g_list_model_get_item (G_LIST_MODEL (products), i);
          const char *id = bd_model_get_string (p, "product-id");
          const char *name = bd_model_get_string (p, "name");

          gtk_string_list_append (self->products, name != NULL ? name : id);
          g_ptr_array_add (self->product_ids, g_strdup (id));
          if (g_strcmp0 (id, product) == 0)
            gtk_drop_down_set_selected (self->product_dropdown, i + 1);
        }
    }

  self->updating = FALSE;
}

/* Selection and the detail pane */

static void
on_selection_changed (BdInvoicesPage *self)
{
  bd_invoice_detail_set_item (self->detail, selected_item (self));
}

static void
on_row_activated (BdInvoicesPage *self,
                  guint           position)
{
  gtk_toggle_button_set_active (self->detail_button, TRUE);
}

/* Folding (a narrow window) hides the pane; Enter on a row shows it. */
static void
on_folded (BdInvoicesPage *self)
{
  gtk_toggle_button_set_active (self->detail_button, !adw_flap_get_folded (self->flap));
}

static void
on_mode_toggled (BdInvoicesPage *self)
{
  gboolean credit_notes = showing_credit_notes (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), !credit_notes);
  g_object_set (self->search_entry, "placeholder-text",
                credit_notes ? _("Search credit notes") : _("Search invoices"), NULL);
  update_totals (self);
  update_state (self);
  on_selection_changed (self);
}

static void
on_show_customer (BdInvoicesPage *self,
                  const char     *customer_id)
{
  g_signal_emit (self, signals[SHOW_CUSTOMER], 0, customer_id);
}

static void
on_show_subscription (BdInvoicesPage *self,
                      const char     *subscription_id)
{
  g_signal_emit (self, signals[SHOW_SUBSCRIPTION], 0, subscription_id);
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Ctrl+E: the Export dialog, on the filters shown. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (widget);
  GtkWindow *dialog;

  if (self->store == NULL)
    return;
  dialog = bd_export_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->account,
                                 self->store, self->client, self->query);
  gtk_window_present (dialog);
}

/* Models */

static void
clear_models (BdInvoicesPage *self)
{
  if (self->payments != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->payments, self);
      g_signal_handlers_disconnect_by_data (self->refunds, self);
    }
  gtk_column_view_set_model (self->invoices_view, NULL);
  gtk_column_view_set_model (self->refunds_view, NULL);
  g_clear_object (&self->payments_selection);
  g_clear_object (&self->refunds_selection);
  g_clear_object (&self->payments);
  g_clear_object (&self->refunds);
}

static GtkSingleSelection *
make_selection (BdInvoicesPage *self,
                BdQueryModel   *model)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (selection, "notify::selected-item", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  return selection;
}

/* GObject */

static void
bd_invoices_page_dispose (GObject *object)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (object);

  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  g_clear_pointer (&self->totals_worker, bd_query_worker_free);
  stop_waiting_for_frame (self);
  clear_models (self);
  /* AdwBin unparents its child (the template's flap) itself:
   * gtk_widget_dispose_template () would do it a second time. */
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->currencies);
  g_clear_object (&self->products);

  G_OBJECT_CLASS (bd_invoices_page_parent_class)->dispose (object);
}

static void
bd_invoices_page_map (GtkWidget *widget)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (widget);

  GTK_WIDGET_CLASS (bd_invoices_page_parent_class)->map (widget);
  wait_for_frame (self);
}

static void
bd_invoices_page_unmap (GtkWidget *widget)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (widget);

  stop_waiting_for_frame (self);
  GTK_WIDGET_CLASS (bd_invoices_page_parent_class)->unmap (widget);
}

static void
bd_invoices_page_finalize (GObject *object)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (object);

  bd_report_query_free (self->query);
  g_free (self->customer_name);
  g_ptr_array_unref (self->product_ids);
  g_hash_table_unref (self->names);

  G_OBJECT_CLASS (bd_invoices_page_parent_class)->finalize (object);
}

static void
bd_invoices_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, _("Invoices"));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, "view-list-symbolic");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
page_set_session (BdPage    *page,
                  BdSession *session)
{
  if (session != NULL)
    bd_invoices_page_set_data (BD_INVOICES_PAGE (page), bd_session_get_account (session),
                               bd_session_get_store (session), bd_session_get_client (session));
  else
    bd_invoices_page_set_data (BD_INVOICES_PAGE (page), NULL, NULL, NULL);
}

static void
page_refresh (BdPage *page)
{
  bd_invoices_page_refresh (BD_INVOICES_PAGE (page));
}

static gboolean
page_focus_search (BdPage *page)
{
  return gtk_widget_activate_action (GTK_WIDGET (page), "page.search", NULL);
}

static void
page_iface_init (BdPageInterface *iface)
{
  iface->set_session = page_set_session;
  iface->refresh = page_refresh;
  iface->focus_search = page_focus_search;
}

static void
bd_invoices_page_class_init (BdInvoicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_invoices_page_dispose;
  object_class->get_property = bd_invoices_page_get_property;
  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ICON_NAME, "icon-name");
  object_class->finalize = bd_invoices_page_finalize;
  widget_class->map = bd_invoices_page_map;
  widget_class->unmap = bd_invoices_page_unmap;

  signals[SHOW_CUSTOMER] =
    g_signal_new ("show-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SHOW_SUBSCRIPTION] =
    g_signal_new ("show-subscription", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (BD_TYPE_INVOICE_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, credit_notes_toggle);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, custom_apply_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, custom_error_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, custom_from_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, custom_to_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, customer_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, customer_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, detail_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, flap);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, invoices_toggle);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, invoices_view);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, refunds_view);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, bd_invoices_page_clear_filters);
  gtk_widget_class_bind_template_callback (widget_class, bd_invoices_page_refresh);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_cleared);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_folded);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_show_customer);
  gtk_widget_class_bind_template_callback (widget_class, on_show_subscription);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  /* Ctrl+F: search (listed in the Keyboard Shortcuts window). */
  gtk_widget_class_install_action (widget_class, "page.search", NULL, focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "page.search", NULL);
  gtk_widget_class_install_action (widget_class, "page.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "page.export", NULL);
}

static GtkStringList *
string_list (const char * const *strings,
             guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(strings[i]));
  return list;
}

static void
bd_invoices_page_init (BdInvoicesPage *self)
{
  const char *status_labels[G_N_ELEMENTS (statuses)];
  g_autoptr(GtkStringList) status_list = NULL;
  g_autoptr(GtkStringList) range_list = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = bd_report_query_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->product_ids, NULL);
  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    status_labels[i] = statuses[i].label;
  status_list = string_list (status_labels, G_N_ELEMENTS (statuses));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_list));
  range_list = string_list (range_labels, G_N_ELEMENTS (range_labels));
  gtk_drop_down_set_model (self->date_dropdown, G_LIST_MODEL (range_list));
  self->currencies = gtk_string_list_new ((const char *[]) { _("All Currencies"), NULL });
  gtk_drop_down_set_model (self->currency_dropdown, G_LIST_MODEL (self->currencies));
  self->products = gtk_string_list_new ((const char *[]) { _("All Products"), NULL });
  gtk_drop_down_set_model (self->product_dropdown, G_LIST_MODEL (self->products));
  self->updating = FALSE;

  gtk_widget_set_layout_manager (GTK_WIDGET (self->list_box),
                                 gtk_custom_layout_new (NULL, list_measure, list_allocate));
  gtk_widget_set_layout_manager (GTK_WIDGET (self->filter_box), bd_flow_layout_new (6));
  setup_view (self, self->invoices_view, invoice_columns, G_N_ELEMENTS (invoice_columns));
  setup_view (self, self->refunds_view, refund_columns, G_N_ELEMENTS (refund_columns));
  load_columns (self);
  setup_menu (self);

  /* Typing anywhere in the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_object_bind_property (self->detail_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_toggle_button_set_active (self->detail_button, TRUE);

  update_state (self);
}

GtkWidget *
bd_invoices_page_new (void)
{
  return g_object_new (BD_TYPE_INVOICES_PAGE, NULL);
}

void
bd_invoices_page_set_data (BdInvoicesPage *self,
                           BdAccount      *account,
                           BdStore        *store,
                           BdDodoClient   *client)
{
  g_return_if_fail (BD_IS_INVOICES_PAGE (self));
  g_return_if_fail (account == NULL || BD_IS_ACCOUNT (account));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));
  g_return_if_fail (client == NULL || BD_IS_DODO_CLIENT (client));

  clear_models (self);
  refit_columns (self);
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  if (store != self->store)
    g_clear_pointer (&self->totals_worker, bd_query_worker_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.export", store != NULL);
  g_set_object (&self->account, account);
  g_set_object (&self->store, store);
  g_set_object (&self->client, client);
  g_hash_table_remove_all (self->names);
  bd_invoice_detail_set_data (self->detail, account, store, client);

  /* Another account: its customers and products are not this one's. */
  bd_invoices_page_clear_filters (self);

  if (store != NULL)
    {
      self->payments = bd_query_model_new_sized (store, "payments", screenful (self));
      self->refunds = bd_query_model_new_sized (store, "refunds", screenful (self));
      self->payments_selection = make_selection (self, self->payments);
      self->refunds_selection = make_selection (self, self->refunds);
      gtk_column_view_set_model (self->invoices_view, GTK_SELECTION_MODEL (self->payments_selection));
      gtk_column_view_set_model (self->refunds_view, GTK_SELECTION_MODEL (self->refunds_selection));
      /* The models start in the default order: sort them as the headers say. */
      apply_sort (self->invoices_view, self->payments);
      apply_sort (self->refunds_view, self->refunds);
    }
  fill_choices (self);
  apply_query (self);
}

void
bd_invoices_page_refresh (BdInvoicesPage *self)
{
  g_return_if_fail (BD_IS_INVOICES_PAGE (self));

  if (self->payments == NULL)
    return;
  g_hash_table_remove_all (self->names);
  bd_query_model_refresh (self->payments);
  bd_query_model_refresh (self->refunds);
  fill_choices (self);
  update_totals (self);
  update_state (self);
}

const BdReportQuery *
bd_invoices_page_get_query (BdInvoicesPage *self)
{
  g_return_val_if_fail (BD_IS_INVOICES_PAGE (self), NULL);

  return self->query;
}
