/* bd-invoices-filter-bar.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-invoices-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-enums.h"
#include "bd-flow-layout.h"
#include "bd-invoices-filter-bar.h"
#include "bd-query-model.h"
#include "bd-status.h"

/*
 * The widgets write into self->query and emit "changed"; self->updating
 * is set while the code sets them (a clear, the choices read from the
 * cache), so that they do not report what they were told.
 */

/* The payment statuses the filter offers, in this order after "All
 * Statuses"; in the query as Dodo spells them. */
static const BdPaymentStatus statuses[] = {
  BD_PAYMENT_STATUS_SUCCEEDED,
  BD_PAYMENT_STATUS_FAILED,
  BD_PAYMENT_STATUS_PROCESSING,
  BD_PAYMENT_STATUS_REQUIRES_PAYMENT_METHOD,
  BD_PAYMENT_STATUS_REQUIRES_CUSTOMER_ACTION,
  BD_PAYMENT_STATUS_CANCELLED,
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

struct _BdInvoicesFilterBar
{
  AdwBin           parent_instance;

  GtkToggleButton *credit_notes_toggle;
  GtkDropDown     *currency_dropdown;
  GtkButton       *custom_apply_button;
  GtkLabel        *custom_error_label;
  GtkEntry        *custom_from_entry;
  GtkRevealer     *custom_revealer;
  GtkEntry        *custom_to_entry;
  GtkButton       *customer_button;
  GtkLabel        *customer_label;
  GtkDropDown     *date_dropdown;
  GtkBox          *filter_box;
  GtkToggleButton *invoices_toggle;
  GtkDropDown     *product_dropdown;
  GtkDropDown     *status_dropdown;

  BdReportQuery   *query;
  GPtrArray       *product_ids;     /* of the product dropdown; [0] NULL */
  GtkStringList   *products;
  GtkStringList   *currencies;      /* [0] "All Currencies" */
  gboolean         updating;        /* widgets being set from code */
};

G_DEFINE_FINAL_TYPE (BdInvoicesFilterBar, bd_invoices_filter_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CREDIT_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
emit_changed (BdInvoicesFilterBar *self)
{
  g_assert (BD_IS_INVOICES_FILTER_BAR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->customer_button), self->query->customer_id != NULL);
  g_signal_emit (self, signals[CHANGED], 0);
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

static GtkStringList *
string_list (const char * const *strings,
             guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(strings[i]));
  return list;
}

/* Callbacks */

static void
on_dropdown_notify_selected_cb (BdInvoicesFilterBar *self)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint currency = gtk_drop_down_get_selected (self->currency_dropdown);
  guint product = gtk_drop_down_get_selected (self->product_dropdown);

  if (self->updating)
    return;
  set_string (&self->query->status,
              status > 0 && status <= G_N_ELEMENTS (statuses)
                ? bd_payment_status_to_string (statuses[status - 1]) : NULL);
  set_string (&self->query->currency,
              currency > 0 && currency != GTK_INVALID_LIST_POSITION
                ? gtk_string_list_get_string (self->currencies, currency) : NULL);
  set_string (&self->query->product_id,
              product < self->product_ids->len ? g_ptr_array_index (self->product_ids, product) : NULL);
  emit_changed (self);
}

static void
on_date_dropdown_notify_selected_cb (BdInvoicesFilterBar *self)
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
  emit_changed (self);
}

static void
on_custom_range_activate_cb (BdInvoicesFilterBar *self)
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
  emit_changed (self);
}

static void
on_customer_button_clicked_cb (BdInvoicesFilterBar *self)
{
  bd_invoices_filter_bar_set_customer (self, NULL, NULL);
}

static void
on_credit_notes_toggled_cb (BdInvoicesFilterBar *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown),
                            !gtk_toggle_button_get_active (self->credit_notes_toggle));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_NOTES]);
}

/* GObject */

static void
bd_invoices_filter_bar_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BdInvoicesFilterBar *self = BD_INVOICES_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_CREDIT_NOTES:
      g_value_set_boolean (value, bd_invoices_filter_bar_get_credit_notes (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_invoices_filter_bar_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BdInvoicesFilterBar *self = BD_INVOICES_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_CREDIT_NOTES:
      bd_invoices_filter_bar_set_credit_notes (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_invoices_filter_bar_dispose (GObject *object)
{
  BdInvoicesFilterBar *self = BD_INVOICES_FILTER_BAR (object);

  /* AdwBin unparents its child (the template's box) itself. */
  g_clear_object (&self->currencies);
  g_clear_object (&self->products);

  G_OBJECT_CLASS (bd_invoices_filter_bar_parent_class)->dispose (object);
}

static void
bd_invoices_filter_bar_finalize (GObject *object)
{
  BdInvoicesFilterBar *self = BD_INVOICES_FILTER_BAR (object);

  bd_report_query_free (self->query);
  g_ptr_array_unref (self->product_ids);

  G_OBJECT_CLASS (bd_invoices_filter_bar_parent_class)->finalize (object);
}

static void
bd_invoices_filter_bar_class_init (BdInvoicesFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bd_invoices_filter_bar_get_property;
  object_class->set_property = bd_invoices_filter_bar_set_property;
  object_class->dispose = bd_invoices_filter_bar_dispose;
  object_class->finalize = bd_invoices_filter_bar_finalize;

  properties[PROP_CREDIT_NOTES] =
    g_param_spec_boolean ("credit-notes", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-invoices-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, credit_notes_toggle);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, custom_apply_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, custom_error_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, custom_from_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, custom_to_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, customer_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, customer_label);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, filter_box);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, invoices_toggle);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesFilterBar, status_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_credit_notes_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_range_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_dropdown_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dropdown_notify_selected_cb);
}

static void
bd_invoices_filter_bar_init (BdInvoicesFilterBar *self)
{
  g_autoptr(GtkStringList) status_list = gtk_string_list_new ((const char *[]) { _("All Statuses"), NULL });
  g_autoptr(GtkStringList) range_list = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = bd_report_query_new ();
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->product_ids, NULL);

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (status_list, bd_status_word (BD_TYPE_PAYMENT_STATUS, statuses[i]));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_list));
  range_list = string_list (range_labels, G_N_ELEMENTS (range_labels));
  gtk_drop_down_set_model (self->date_dropdown, G_LIST_MODEL (range_list));
  self->currencies = gtk_string_list_new ((const char *[]) { _("All Currencies"), NULL });
  gtk_drop_down_set_model (self->currency_dropdown, G_LIST_MODEL (self->currencies));
  self->products = gtk_string_list_new ((const char *[]) { _("All Products"), NULL });
  gtk_drop_down_set_model (self->product_dropdown, G_LIST_MODEL (self->products));
  self->updating = FALSE;

  gtk_widget_set_layout_manager (GTK_WIDGET (self->filter_box), bd_flow_layout_new (6));
}

/* Public API */

const BdReportQuery *
bd_invoices_filter_bar_get_query (BdInvoicesFilterBar *self)
{
  g_return_val_if_fail (BD_IS_INVOICES_FILTER_BAR (self), NULL);

  return self->query;
}

gboolean
bd_invoices_filter_bar_has_filters (BdInvoicesFilterBar *self)
{
  const BdReportQuery *q;

  g_return_val_if_fail (BD_IS_INVOICES_FILTER_BAR (self), FALSE);

  q = self->query;
  return q->from != NULL || q->to != NULL || q->status != NULL || q->currency != NULL ||
         q->product_id != NULL || q->customer_id != NULL ||
         (q->search != NULL && *q->search != '\0');
}

gboolean
bd_invoices_filter_bar_get_credit_notes (BdInvoicesFilterBar *self)
{
  g_return_val_if_fail (BD_IS_INVOICES_FILTER_BAR (self), FALSE);

  return gtk_toggle_button_get_active (self->credit_notes_toggle);
}

void
bd_invoices_filter_bar_set_credit_notes (BdInvoicesFilterBar *self,
                                         gboolean             credit_notes)
{
  g_return_if_fail (BD_IS_INVOICES_FILTER_BAR (self));

  /* The group's other button goes off by itself; toggled notifies. */
  gtk_toggle_button_set_active (credit_notes ? self->credit_notes_toggle : self->invoices_toggle, TRUE);
}

void
bd_invoices_filter_bar_set_search (BdInvoicesFilterBar *self,
                                   const char          *text)
{
  g_return_if_fail (BD_IS_INVOICES_FILTER_BAR (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->query->search) == 0)
    return;
  set_string (&self->query->search, text);
  emit_changed (self);
}

void
bd_invoices_filter_bar_set_customer (BdInvoicesFilterBar *self,
                                     const char          *customer_id,
                                     const char          *name)
{
  g_autofree char *label = NULL;

  g_return_if_fail (BD_IS_INVOICES_FILTER_BAR (self));

  set_string (&self->query->customer_id, customer_id);
  label = g_strdup_printf (_("Customer: %s"), name != NULL ? name : customer_id != NULL ? customer_id : "");
  gtk_label_set_text (self->customer_label, label);
  emit_changed (self);
}

void
bd_invoices_filter_bar_clear (BdInvoicesFilterBar *self)
{
  g_return_if_fail (BD_IS_INVOICES_FILTER_BAR (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, RANGE_ALL);
  gtk_drop_down_set_selected (self->currency_dropdown, 0);
  gtk_drop_down_set_selected (self->product_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_to_entry), "");
  gtk_revealer_set_reveal_child (self->custom_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_error_label), FALSE);
  self->updating = FALSE;

  bd_report_query_free (self->query);
  self->query = bd_report_query_new ();
  bd_invoices_filter_bar_set_customer (self, NULL, NULL);
}

void
bd_invoices_filter_bar_reload (BdInvoicesFilterBar *self,
                               BdStore             *store)
{
  g_autofree char *currency = NULL;
  g_autofree char *product = NULL;
  g_auto(GStrv) codes = NULL;
  g_autoptr(BdQueryModel) products = NULL;
  guint n;

  g_return_if_fail (BD_IS_INVOICES_FILTER_BAR (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  currency = g_strdup (self->query->currency);
  product = g_strdup (self->query->product_id);
  self->updating = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->currencies));
  gtk_string_list_splice (self->currencies, 1, n - 1, NULL);
  if (store != NULL)
    codes = bd_query_distinct (store, "payments", "currency", NULL);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      gtk_string_list_append (self->currencies, codes[i]);
      if (g_strcmp0 (codes[i], currency) == 0)
        gtk_drop_down_set_selected (self->currency_dropdown, i + 1);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->products));
  gtk_string_list_splice (self->products, 1, n - 1, NULL);
  g_ptr_array_set_size (self->product_ids, 1);
  if (store != NULL)
    {
      /* Products are few: read their names in order. */
      products = bd_query_model_new (store, "products");
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
