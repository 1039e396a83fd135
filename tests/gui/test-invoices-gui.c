/* test-invoices-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bd-application.h"
#include "bd-gui-test.h"
#include "bd-invoices-page.h"
#include "bd-money.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-window.h"
#include "store-test.h"

/* The Invoices page in the real window, on a real cache file: what the
 * list shows after a search, a header click, the filters and the credit
 * notes toggle, the totals bar against SQLite's own sums on the same file,
 * and the column choice across a restart of the page. */

#define DAY (24 * 3600)
#define T0 1767225600  /* 2026-01-01 */

static BdApplication *app;

static const TestPayment payments[] = {
  { "pay_a1", "Zoë Martin", "zoe@example.com", "succeeded", "EUR", 1500, T0 + 1 * DAY, "pdt_pro", "inv_a1", NULL, 0 },
  { "pay_a2", "Jürgen Becker", "juergen@beispiel.de", "succeeded", "EUR", 9900, T0 + 2 * DAY, "pdt_icons", "inv_a2", NULL, 0 },
  { "pay_b3", "Jane Doe", "jane@example.com", "failed", "USD", 500, T0 + 3 * DAY, "pdt_pro", "inv_b3", NULL, 0 },
  { "pay_b4", "Liam O'Neil", "liam@example.ie", "succeeded", "USD", 2500, T0 + 40 * DAY, "pdt_course", "inv_b4", NULL, 200 },
  { "pay_c5", "Jane Doe", "jane@example.com", "succeeded", "USD", 12000, T0 + 41 * DAY, "pdt_icons", "inv_c5", NULL, 0 },
  { "pay_c6", "Ana Lima", "ana@example.com", "processing", "USD", 700, T0 + 42 * DAY, NULL, NULL, NULL, 0 },
};

typedef struct
{
  char           *path;
  BdStore        *writer;
  BdStore        *reader;
  BdWindow       *window;
  BdInvoicesPage *page;
} Fixture;

static void
put_refund (BdStore    *store,
            const char *id,
            const char *payment_id,
            gint64      amount,
            gint64      created)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (created);
  g_autofree char *iso = g_date_time_format_iso8601 (when);
  g_autofree char *json = g_strdup_printf ("{\"refund_id\":\"%s\",\"payment_id\":\"%s\","
                                           "\"business_id\":\"bus_1\",\"created_at\":\"%s\","
                                           "\"is_partial\":true,\"status\":\"succeeded\","
                                           "\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"USD\","
                                           "\"reason\":\"Asked for it\"}",
                                           id, payment_id, iso, amount);

  store_test_put (store, BD_TYPE_REFUND, json);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *products[][2] = {
    { "pdt_pro", "Pro plan" }, { "pdt_icons", "Icon pack" }, { "pdt_course", "Video course" },
  };

  if (!bd_gui_test_require_display ())
    return;

  f->path = store_test_new_path ();
  f->writer = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *json = store_test_product_json (products[i][0], products[i][1]);

      store_test_put (f->writer, BD_TYPE_PRODUCT, json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (payments); i++)
    store_test_put_payment (f->writer, &payments[i]);
  put_refund (f->writer, "ref_b4", "pay_b4", 200, T0 + 43 * DAY);
  f->reader = bd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  f->page = BD_INVOICES_PAGE (bd_invoices_page_new ());
  bd_window_add_page (f->window, "invoices", "Invoices", "view-list-symbolic", GTK_WIDGET (f->page));
  bd_invoices_page_set_data (f->page, NULL, f->reader, NULL);
  bd_gui_test_present (GTK_WINDOW (f->window));
  g_assert_true (bd_window_show_page (f->window, "invoices", &error));
  g_assert_no_error (error);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, f->page, 60);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window == NULL)
    return;
  bd_gui_test_close (GTK_WINDOW (f->window));
  g_clear_object (&f->reader);
  g_clear_object (&f->writer);
  store_test_cleanup (f->path);
  g_free (f->path);
}

/* What is on screen */

static void
collect_labels (GtkWidget  *widget,
                const char *prefix,
                GString    *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, prefix, out);
}

/* The ids the visible list shows, top to bottom ("pay_…" or "ref_…"). */
static char *
shown_ids (Fixture    *f,
           const char *prefix)
{
  GString *out = g_string_new (NULL);

  collect_labels (GTK_WIDGET (f->page), prefix, out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *prefix;
  const char *expected;
  char       *last;
} ShownWait;

static gboolean
shows (gpointer data)
{
  ShownWait *w = data;

  g_free (w->last);
  w->last = shown_ids (w->f, w->prefix);
  return g_strcmp0 (w->last, w->expected) == 0;
}

static void
assert_shows (Fixture    *f,
              const char *prefix,
              const char *expected)
{
  ShownWait w = { f, prefix, expected, NULL };

  /* The list updates as SQLite answers: wait for it, then assert. */
  bd_gui_test_poll_for (shows, &w, 20);
  g_assert_cmpstr (w.last, ==, expected);
  g_free (w.last);
}

static GtkLabel *
totals_label (Fixture *f)
{
  GtkWidget *label = NULL;

  /* The label with the "invoice-totals" class. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->page)); w != NULL; )
    {
      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "invoice-totals"))
        {
          label = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
        }
    }
  g_assert_nonnull (label);
  return GTK_LABEL (label);
}

typedef struct
{
  GtkLabel   *label;
  const char *expected;
} TextWait;

static gboolean
has_text (gpointer data)
{
  TextWait *w = data;

  return g_strcmp0 (gtk_label_get_text (w->label), w->expected) == 0;
}

static char *
money (const char *amount,
       const char *currency)
{
  g_autoptr(BdMoney) m = bd_money_new (g_ascii_strtoll (amount, NULL, 10), currency);

  return bd_money_format (m);
}

/* The totals line of @currency over @where, from SQLite itself. */
static char *
expected_totals (Fixture    *f,
                 const char *currency,
                 const char *where)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE currency = '%s' AND %s",
                                                currency, where);
  g_autofree char *gross_sql = g_strdup_printf ("SELECT coalesce (sum (total_amount), 0) FROM payments"
                                                " WHERE status = 'succeeded' AND currency = '%s' AND %s",
                                                currency, where);
  g_autofree char *refund_sql = g_strdup_printf ("SELECT coalesce (sum (refunded_amount), 0) FROM payments"
                                                 " WHERE status = 'succeeded' AND currency = '%s' AND %s",
                                                 currency, where);
  g_autofree char *net_sql = g_strdup_printf ("SELECT coalesce (sum (total_amount - refunded_amount), 0)"
                                              " FROM payments WHERE status = 'succeeded'"
                                              " AND currency = '%s' AND %s", currency, where);
  g_autofree char *count = store_test_column (f->reader, count_sql);
  g_autofree char *gross_v = store_test_column (f->reader, gross_sql);
  g_autofree char *refund_v = store_test_column (f->reader, refund_sql);
  g_autofree char *net_v = store_test_column (f->reader, net_sql);
  g_autofree char *gross = money (gross_v, currency);
  g_autofree char *refunds = money (refund_v, currency);
  g_autofree char *net = money (net_v, currency);

  return g_strdup_printf ("%s  %s %s  Gross %s  Refunds %s  Net %s", currency, count,
                          g_str_equal (count, "1") ? "invoice" : "invoices", gross, refunds, net);
}

static void
assert_totals (Fixture    *f,
               const char *expected)
{
  TextWait w = { totals_label (f), expected };

  bd_gui_test_poll_for (has_text, &w, 20);
  g_assert_cmpstr (gtk_label_get_text (w.label), ==, expected);
}

typedef struct
{
  Fixture    *f;
  const char *title;
  GtkWidget  *page;
} StatusWait;

static gboolean
status_page_shown (gpointer data)
{
  StatusWait *w = data;

  w->page = bd_gui_test_find_widget (GTK_WIDGET (w->f->page), ADW_TYPE_STATUS_PAGE, "title", w->title);
  return w->page != NULL && gtk_widget_get_mapped (w->page);
}

typedef struct
{
  Fixture    *f;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *w = data;
  GtkWidget *label = bd_gui_test_find_widget (GTK_WIDGET (w->f->page), GTK_TYPE_LABEL, "label", w->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
query_has_from (gpointer data)
{
  Fixture *f = data;

  return bd_invoices_page_get_query (f->page)->from != NULL;
}

static GtkDropDown *
dropdown (Fixture    *f,
          const char *tooltip)
{
  GtkWidget *d = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN,
                                          "tooltip-text", tooltip);

  g_assert_nonnull (d);
  return GTK_DROP_DOWN (d);
}

static GtkEditable *
search_entry (Fixture *f)
{
  GtkWidget *entry = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* Pictures, once the window has drawn what the last step changed. */
static void
save_screens (Fixture    *f,
              const char *name,
              int         width,
              int         height,
              gboolean    narrow_too)
{
  /* A blinking text cursor keeps redrawing: take the focus to the list. */
  gtk_widget_grab_focus (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  bd_gui_test_save_screens (GTK_WIDGET (f->window), name, width, height, narrow_too);
}

/* Tests */

static void
test_list_and_search (Fixture       *f,
                      gconstpointer  data)
{
  if (f->window == NULL)
    return;

  /* Newest first; the invoice column shows the invoice id over the
   * payment id. */
  assert_shows (f, "pay_", "pay_c6 pay_c5 pay_b4 pay_b3 pay_a2 pay_a1");
  save_screens (f, "invoices", 1200, 760, TRUE);

  /* Selecting a row shows it in the detail pane. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
    StatusWait w = { f, "Select an invoice", NULL };

    bd_gui_test_poll_for (status_page_shown, &w, 20);
    gtk_selection_model_select_item (gtk_column_view_get_model (view), 1, TRUE);
    bd_gui_test_wait_for (bd_gui_test_is_unmapped, w.page, 20);
    save_screens (f, "invoices-selected", 1200, 760, FALSE);
    gtk_selection_model_unselect_item (gtk_column_view_get_model (view), 1);
    bd_gui_test_wait_for (bd_gui_test_is_mapped, w.page, 20);
  }

  /* Search as you type: names, emails, products, ids. */
  gtk_editable_set_text (search_entry (f), "jane");
  assert_shows (f, "pay_", "pay_c5 pay_b3");
  gtk_editable_set_text (search_entry (f), "icon pack");
  assert_shows (f, "pay_", "pay_c5 pay_a2");
  gtk_editable_set_text (search_entry (f), "inv_a");
  assert_shows (f, "pay_", "pay_a2 pay_a1");
  gtk_editable_set_text (search_entry (f), "beispiel");
  assert_shows (f, "pay_", "pay_a2");

  /* Nothing matches: the page says so and offers to clear the filters. */
  gtk_editable_set_text (search_entry (f), "nobody");
  {
    StatusWait w = { f, "No Invoices Match", NULL };

    bd_gui_test_poll_for (status_page_shown, &w, 20);
    save_screens (f, "invoices-no-match", 1200, 760, FALSE);
    gtk_widget_activate (bd_gui_test_find_widget (w.page, GTK_TYPE_BUTTON, "label", "_Clear Filters"));
  }
  assert_shows (f, "pay_", "pay_c6 pay_c5 pay_b4 pay_b3 pay_a2 pay_a1");
  g_assert_cmpstr (gtk_editable_get_text (search_entry (f)), ==, "");

  /* Ctrl+F's action focuses the search. */
  gtk_widget_grab_focus (GTK_WIDGET (dropdown (f, "Status")));
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (search_entry (f))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "page.search", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (search_entry (f))) ||
                 gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (search_entry (f)));
}

/* A header click sorts, in SQLite: the list order changes. */
static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  GtkColumnViewColumn *amount = NULL;

  if (f->window == NULL)
    return;

  view = GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (c), "Amount"))
        amount = c;
    }
  g_assert_nonnull (amount);

  /* What a click on the header does: the column view's own sorter
   * changes, the page turns it into ORDER BY. */
  gtk_column_view_sort_by_column (view, amount, GTK_SORT_ASCENDING);
  assert_shows (f, "pay_", "pay_b3 pay_c6 pay_a1 pay_b4 pay_a2 pay_c5");
  gtk_column_view_sort_by_column (view, amount, GTK_SORT_DESCENDING);
  assert_shows (f, "pay_", "pay_c5 pay_a2 pay_b4 pay_a1 pay_c6 pay_b3");
  /* Still sorted by amount while searching. */
  gtk_editable_set_text (search_entry (f), "jane");
  assert_shows (f, "pay_", "pay_c5 pay_b3");
}

/* Status, currency and date filters change the list and the totals bar,
 * whose numbers are SQLite's own sums over the same file. */
static void
test_filters_and_totals (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *all_eur = NULL, *all_usd = NULL, *all = NULL;
  g_autofree char *usd = NULL, *succeeded = NULL, *january = NULL;
  GtkWidget *from, *to, *apply;

  if (f->window == NULL)
    return;

  all_eur = expected_totals (f, "EUR", "1");
  all_usd = expected_totals (f, "USD", "1");
  all = g_strdup_printf ("%s\n%s", all_eur, all_usd);
  assert_totals (f, all);

  bd_gui_test_select_string (dropdown (f, "Currency"), "USD");
  usd = expected_totals (f, "USD", "1");
  assert_totals (f, usd);
  assert_shows (f, "pay_", "pay_c6 pay_c5 pay_b4 pay_b3");

  bd_gui_test_select_string (dropdown (f, "Status"), "Succeeded");
  succeeded = expected_totals (f, "USD", "status = 'succeeded'");
  assert_totals (f, succeeded);
  assert_shows (f, "pay_", "pay_c5 pay_b4");
  g_assert_cmpstr (bd_invoices_page_get_query (f->page)->status, ==, "succeeded");
  g_assert_cmpstr (bd_invoices_page_get_query (f->page)->currency, ==, "USD");

  /* A custom period, both days included; a bad date changes nothing. */
  bd_gui_test_select_string (dropdown (f, "Status"), "All Statuses");
  bd_gui_test_select_string (dropdown (f, "Currency"), "All Currencies");
  bd_gui_test_select_string (dropdown (f, "Date"), "Custom…");
  from = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_ENTRY, "placeholder-text", "From (YYYY-MM-DD)");
  to = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_ENTRY, "placeholder-text", "To (YYYY-MM-DD)");
  apply = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "label", "_Apply");
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-01-02");
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-13-01");
  gtk_widget_activate (apply);
  {
    LabelWait w = { f, "“2026-13-01” is not a date; write it as YYYY-MM-DD" };

    bd_gui_test_poll_for (label_shown, &w, 20);
    g_assert_null (bd_invoices_page_get_query (f->page)->from);
  }
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-01-31");
  gtk_widget_activate (apply);
  bd_gui_test_poll_for (query_has_from, f, 20);
  assert_shows (f, "pay_", "pay_b3 pay_a2 pay_a1");
  {
    g_autofree char *eur = expected_totals (f, "EUR", "created_at >= 1767312000000000 AND created_at < 1769904000000000");
    g_autofree char *usd_jan = expected_totals (f, "USD", "created_at >= 1767312000000000 AND created_at < 1769904000000000");

    january = g_strdup_printf ("%s\n%s", eur, usd_jan);
  }
  assert_totals (f, january);
  save_screens (f, "invoices-filtered", 1200, 760, FALSE);
}

/* The toggle shows the credit notes, with their own columns. */
static void
test_credit_notes (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *toggle;

  if (f->window == NULL)
    return;

  toggle = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_TOGGLE_BUTTON, "label", "Credit Notes");
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  assert_shows (f, "ref_", "ref_b4");
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_LABEL, "label", "Asked for it"));
  {
    g_autofree char *sum = store_test_column (f->reader, "SELECT sum (amount) FROM refunds WHERE status = 'succeeded'");
    g_autofree char *refunded = money (sum, "USD");
    g_autofree char *expected = g_strdup_printf ("USD  1 credit note  Refunded %s", refunded);

    assert_totals (f, expected);
  }
  save_screens (f, "credit-notes", 1200, 760, FALSE);

  /* The search finds credit notes through their payment. */
  gtk_editable_set_text (search_entry (f), "jane");
  assert_shows (f, "ref_", "");
  gtk_editable_set_text (search_entry (f), "liam");
  assert_shows (f, "ref_", "ref_b4");
}

static gboolean
column_visible (BdInvoicesPage *page,
                const char     *title)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (c), title))
        return gtk_column_view_column_get_visible (c);
    }
  g_error ("no column “%s”", title);
}

/* The merchant's choice of columns is kept (GSettings). */
static void
test_columns_remembered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *again;

  if (f->window == NULL)
    return;

  g_assert_false (column_visible (f->page, "Tax"));
  g_assert_true (column_visible (f->page, "Products"));
  /* The menu's check items are these actions. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "invoices.column-tax", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "invoices.column-products", NULL);
  g_assert_true (column_visible (f->page, "Tax"));
  g_assert_false (column_visible (f->page, "Products"));

  /* A new page (as after a restart) shows the same columns. */
  again = bd_invoices_page_new ();
  g_object_ref_sink (again);
  g_assert_true (column_visible (BD_INVOICES_PAGE (again), "Tax"));
  g_assert_false (column_visible (BD_INVOICES_PAGE (again), "Products"));
  g_object_unref (again);

  settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  g_settings_reset (settings, "invoice-columns");
}

/* No account: a clear page, no list. */
static void
test_no_account (Fixture       *f,
                 gconstpointer  data)
{
  StatusWait w = { f, "No Account Open", NULL };

  if (f->window == NULL)
    return;

  bd_invoices_page_set_data (f->page, NULL, NULL, NULL);
  bd_gui_test_poll_for (status_page_shown, &w, 20);
  g_assert_cmpstr (gtk_label_get_text (totals_label (f)), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (bd_gui_test_init_display ())
    {
      app = bd_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, NULL);
    }

#define ADD(path, func) \
  g_test_add ("/gui/invoices/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list-and-search", test_list_and_search);
  ADD ("sort", test_sort);
  ADD ("filters-and-totals", test_filters_and_totals);
  ADD ("credit-notes", test_credit_notes);
  ADD ("columns-remembered", test_columns_remembered);
  ADD ("no-account", test_no_account);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
