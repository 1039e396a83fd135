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
#include "bd-export-dialog.h"
#include "bd-invoices-page-private.h"
#include "bd-list-state.h"
#include "bd-page.h"
#include "bd-payment.h"
#include "bd-refund.h"

/*
 * The list is a GtkColumnView straight over a BdQueryModel: the model
 * only holds the rowids of the result, and builds an object for a row when
 * the view binds it.  Nothing is sorted or filtered in memory: a header
 * click, a filter or a keystroke becomes SQL (bd_query_model_set_sort,
 * bd_query_model_set_where), and the totals bar (BdTotalsBar) runs the
 * same conditions on a worker thread, after the frame that shows the rows.
 *
 * A new result shows a screenful of rows at once (screenful(), the rows
 * GTK builds for its next frame) and the rest in the model's idle slices;
 * the cells and the columns folding to the list's width are
 * bd-invoices-columns.c's.
 *
 * The filter bar's BdReportQuery is the one description of the view; on
 * its "changed" apply_query() hands it to the models and the totals, and
 * the Export dialog starts from it (bd_invoices_page_get_query).
 *
 * Actions (the "invoices." prefix, as the page's name): export (Ctrl+E),
 * filter-customer, clear-filters, and column-KEY for each column.
 */

static void bd_invoices_page_iface_init (BdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdInvoicesPage, bd_invoices_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_PAGE, bd_invoices_page_iface_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

/* Helpers */

gboolean
_bd_invoices_page_showing_credit_notes (BdInvoicesPage *self)
{
  return bd_invoices_filter_bar_get_credit_notes (self->filter_bar);
}

static const BdReportQuery *
query_of (BdInvoicesPage *self)
{
  return bd_invoices_filter_bar_get_query (self->filter_bar);
}

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

static void
update_totals (BdInvoicesPage *self)
{
  gboolean credit_notes = _bd_invoices_page_showing_credit_notes (self);
  BdQueryWhere where = where_of (query_of (self), credit_notes);

  bd_totals_bar_update (self->totals_bar, credit_notes ? "refunds" : "payments", &where);
}

static void
update_state (BdInvoicesPage *self)
{
  gboolean credit_notes = _bd_invoices_page_showing_credit_notes (self);
  BdQueryModel *model = credit_notes ? self->refunds : self->payments;
  const GError *error;
  const char *name;

  gtk_stack_set_visible_child_name (self->view_stack, credit_notes ? "credit-notes" : "invoices");
  if (model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-account");
      return;
    }

  name = bd_list_state (model, bd_invoices_filter_bar_has_filters (self->filter_bar));
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
  GtkColumnView *view = _bd_invoices_page_showing_credit_notes (self) ? self->refunds_view
                                                                      : self->invoices_view;
  PangoFontMetrics *metrics;
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));
  double line, row;

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self)), NULL, NULL);
  line = (double) (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics)) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  row = (_bd_invoices_page_has_two_lines (view) ? 1.8 * line : line) + ROW_PADDING;

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

/* Applies the filter bar's query to the lists and the totals. */
static void
apply_query (BdInvoicesPage *self)
{
  BdQueryWhere where;

  if (self->payments != NULL)
    {
      bd_query_model_set_first_rows (self->payments, screenful (self));
      bd_query_model_set_first_rows (self->refunds, screenful (self));
      where = where_of (query_of (self), FALSE);
      bd_query_model_set_where (self->payments, &where);
      where = where_of (query_of (self), TRUE);
      bd_query_model_set_where (self->refunds, &where);
    }
  update_totals (self);
  update_state (self);
}

/* Clears every filter and the search. */
static void
clear_filters (BdInvoicesPage *self)
{
  g_assert (BD_IS_INVOICES_PAGE (self));

  bd_invoices_filter_bar_clear (self->filter_bar);
  /* The query has no search now: the entry's own change is no news. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static GtkSingleSelection *
current_selection (BdInvoicesPage *self)
{
  return _bd_invoices_page_showing_credit_notes (self) ? self->refunds_selection
                                                       : self->payments_selection;
}

static GObject *
selected_item (BdInvoicesPage *self)
{
  GtkSingleSelection *selection = current_selection (self);

  return selection != NULL ? gtk_single_selection_get_selected_item (selection) : NULL;
}

/* Callbacks */

static void
on_search_entry_search_changed_cb (BdInvoicesPage *self)
{
  bd_invoices_filter_bar_set_search (self->filter_bar,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_entry_stop_search_cb (BdInvoicesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_filter_bar_changed_cb (BdInvoicesPage *self)
{
  apply_query (self);
}

static void
on_selection_notify_selected_item_cb (BdInvoicesPage *self)
{
  bd_invoice_detail_set_item (self->detail, selected_item (self));
}

static void
on_filter_bar_notify_credit_notes_cb (BdInvoicesPage *self)
{
  gboolean credit_notes = _bd_invoices_page_showing_credit_notes (self);

  g_object_set (self->search_entry, "placeholder-text",
                credit_notes ? _("Search credit notes") : _("Search invoices"), NULL);
  update_totals (self);
  update_state (self);
  on_selection_notify_selected_item_cb (self);
}

static void
on_view_activate_cb (BdInvoicesPage *self,
                  guint           position)
{
  gtk_toggle_button_set_active (self->detail_button, TRUE);
}

/* Folding (a narrow window) hides the pane; Enter on a row shows it. */
static void
on_flap_notify_folded_cb (BdInvoicesPage *self)
{
  gtk_toggle_button_set_active (self->detail_button, !adw_flap_get_folded (self->flap));
}

static void
on_detail_data_changed_cb (BdInvoicesPage *self)
{
  bd_page_refresh (BD_PAGE (self));
}

/* Actions */

static void
filter_customer_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  BdInvoicesPage *self = user_data;
  GObject *item = selected_item (self);
  const char *id;

  if (item == NULL || (id = bd_model_get_string (item, "customer-id")) == NULL)
    return;
  bd_invoices_filter_bar_set_customer (self->filter_bar, id,
                                       BD_IS_PAYMENT (item) ? bd_model_get_string (item, "customer-name")
                                                            : _bd_invoices_page_lookup_name (self, BD_TYPE_CUSTOMER, id));
}

static void
clear_filters_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  clear_filters (user_data);
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
                                 self->store, self->client, query_of (self));
  gtk_window_present (dialog);
}

static void
setup_menu (BdInvoicesPage *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) more = g_menu_new ();
  static const GActionEntry entries[] = {
    { "filter-customer", filter_customer_action, NULL, NULL, NULL, { 0 } },
    { "clear-filters", clear_filters_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  _bd_invoices_page_setup_columns (self, G_ACTION_MAP (group), section);
  g_menu_append_section (menu, _("Columns"), G_MENU_MODEL (section));
  g_menu_append (more, _("Show Only This _Customer’s Invoices"), "invoices.filter-customer");
  g_menu_append (more, _("_Clear Filters"), "invoices.clear-filters");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "invoices", G_ACTION_GROUP (group));
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
  g_signal_connect_object (selection, "notify::selected-item",
                           G_CALLBACK (on_selection_notify_selected_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  return selection;
}

/* All three nullable together: no account open. */
static void
set_data (BdInvoicesPage *self,
          BdAccount      *account,
          BdStore        *store,
          BdDodoClient   *client)
{
  g_assert (BD_IS_INVOICES_PAGE (self));

  clear_models (self);
  _bd_invoices_page_refit_columns (self);
  bd_totals_bar_set_store (self->totals_bar, store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoices.export", store != NULL);
  g_set_object (&self->account, account);
  g_set_object (&self->store, store);
  g_set_object (&self->client, client);
  g_hash_table_remove_all (self->names);
  bd_invoice_detail_set_data (self->detail, account, store, client);

  /* Another account: its customers and products are not this one's. */
  clear_filters (self);

  if (store != NULL)
    {
      self->payments = bd_query_model_new_sized (store, "payments", screenful (self));
      self->refunds = bd_query_model_new_sized (store, "refunds", screenful (self));
      self->payments_selection = make_selection (self, self->payments);
      self->refunds_selection = make_selection (self, self->refunds);
      gtk_column_view_set_model (self->invoices_view, GTK_SELECTION_MODEL (self->payments_selection));
      gtk_column_view_set_model (self->refunds_view, GTK_SELECTION_MODEL (self->refunds_selection));
      /* The models start in the default order: sort them as the headers say. */
      _bd_invoices_page_apply_sort (self->invoices_view, self->payments);
      _bd_invoices_page_apply_sort (self->refunds_view, self->refunds);
    }
  bd_invoices_filter_bar_reload (self->filter_bar, store);
  apply_query (self);
}

/* BdPage */

static void
bd_invoices_page_set_session (BdPage    *page,
                              BdSession *session)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (page);

  if (session == NULL)
    set_data (self, NULL, NULL, NULL);
  else
    set_data (self, bd_session_get_account (session), bd_session_get_store (session),
              bd_session_get_client (session));
}

/* The cache changed: the lists and totals update in place, keeping the
 * selection and the scroll position. */
static void
bd_invoices_page_refresh (BdPage *page)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (page);

  if (self->payments == NULL)
    return;
  g_hash_table_remove_all (self->names);
  bd_query_model_refresh (self->payments);
  bd_query_model_refresh (self->refunds);
  bd_invoices_filter_bar_reload (self->filter_bar, self->store);
  update_totals (self);
  update_state (self);
}

static gboolean
bd_invoices_page_focus_search (BdPage *page)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (page);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  return TRUE;
}

/* A payment or a refund: which one is the store's word (a lookup by the
 * table's key), not the id's prefix.  When the cache has neither, the
 * pane says so, and the list stays as it is. */
static void
bd_invoices_page_show_object (BdPage     *page,
                              const char *id)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (page);
  g_autoptr(BdModel) object = NULL;
  GtkSingleSelection *selection;
  GtkColumnView *view;
  BdQueryModel *model;
  gboolean refund = FALSE;
  guint position = G_MAXUINT;

  if (self->store == NULL)
    return;

  object = bd_store_lookup (self->store, BD_TYPE_PAYMENT, id, NULL);
  if (object == NULL && (object = bd_store_lookup (self->store, BD_TYPE_REFUND, id, NULL)) != NULL)
    refund = TRUE;

  gtk_toggle_button_set_active (self->detail_button, TRUE);
  if (object == NULL)
    {
      gtk_single_selection_set_selected (current_selection (self), GTK_INVALID_LIST_POSITION);
      bd_invoice_detail_show_missing (self->detail, id);
      return;
    }

  bd_invoices_filter_bar_set_credit_notes (self->filter_bar, refund);
  model = refund ? self->refunds : self->payments;
  view = refund ? self->refunds_view : self->invoices_view;
  selection = refund ? self->refunds_selection : self->payments_selection;

  position = bd_query_model_find (model, id);
  if (position == G_MAXUINT && bd_invoices_filter_bar_has_filters (self->filter_bar))
    {
      /* A search or a filter hides it: show everything (at once: the
       * entry's own "search-changed" comes later, and changes nothing). */
      clear_filters (self);
      position = bd_query_model_find (model, id);
    }

  if (position == G_MAXUINT)
    {
      /* In the cache, yet not in the list: the list failed to read. */
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      bd_invoice_detail_set_item (self->detail, G_OBJECT (object));
      return;
    }
  gtk_single_selection_set_selected (selection, position);
  _bd_invoices_page_scroll_to (view, position);
}

static void
bd_invoices_page_iface_init (BdPageInterface *iface)
{
  iface->set_session = bd_invoices_page_set_session;
  iface->refresh = bd_invoices_page_refresh;
  iface->focus_search = bd_invoices_page_focus_search;
  iface->show_object = bd_invoices_page_show_object;
}

/* GObject */

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
bd_invoices_page_dispose (GObject *object)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (object);

  clear_models (self);
  /* AdwBin unparents its child (the template's flap) itself:
   * gtk_widget_dispose_template () would do it a second time. */
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bd_invoices_page_parent_class)->dispose (object);
}

static void
bd_invoices_page_finalize (GObject *object)
{
  BdInvoicesPage *self = BD_INVOICES_PAGE (object);

  g_hash_table_unref (self->names);

  G_OBJECT_CLASS (bd_invoices_page_parent_class)->finalize (object);
}

static void
bd_invoices_page_class_init (BdInvoicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bd_invoices_page_get_property;
  object_class->dispose = bd_invoices_page_dispose;
  object_class->finalize = bd_invoices_page_finalize;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ICON_NAME, "icon-name");

  g_type_ensure (BD_TYPE_INVOICE_DETAIL);
  g_type_ensure (BD_TYPE_INVOICES_FILTER_BAR);
  g_type_ensure (BD_TYPE_TOTALS_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, detail_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, flap);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, invoices_view);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, refunds_view);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, totals_bar);
  gtk_widget_class_bind_template_child (widget_class, BdInvoicesPage, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_data_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_bar_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_bar_notify_credit_notes_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flap_notify_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_activate_cb);

  /* Ctrl+F is the window's (win.search, through bd_page_focus_search). */
  gtk_widget_class_install_action (widget_class, "invoices.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "invoices.export", NULL);
}

static void
bd_invoices_page_init (BdInvoicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");

  setup_menu (self);

  /* Typing anywhere in the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_object_bind_property (self->detail_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_toggle_button_set_active (self->detail_button, TRUE);

  update_state (self);
}

/* Public API */

GtkWidget *
bd_invoices_page_new (void)
{
  return g_object_new (BD_TYPE_INVOICES_PAGE, NULL);
}

const BdReportQuery *
bd_invoices_page_get_query (BdInvoicesPage *self)
{
  g_return_val_if_fail (BD_IS_INVOICES_PAGE (self), NULL);

  return query_of (self);
}
