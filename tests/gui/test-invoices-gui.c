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
#include "bd-flow-layout.h"
#include "bd-format.h"
#include "bd-gui-test.h"
#include "bd-invoice-detail.h"
#include "bd-invoices-page.h"
#include "bd-money.h"
#include "bd-product.h"
#include "bd-query-model.h"
#include "bd-page.h"
#include "bd-refund.h"
#include "bd-session.h"
#include "bd-status-words.h"
#include "bd-enums.h"
#include "bd-payment.h"
#include "bd-store-path.h"
#include "bd-subscription.h"
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
  BdAccount      *account;
  BdSession      *session;
  BdStore        *writer;
  BdStore        *reader;
  BdWindow       *window;
  BdInvoicesPage *page;
} Fixture;

/* The account's session, opened as the window opens one: on the cache
 * file at the account's place (bd_store_path_for_account()). */
static void
on_session_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *opened = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_session_open_finish (BD_SESSION (source), result, &error));
  g_assert_no_error (error);
  *opened = TRUE;
}

static gboolean
is_true (gpointer pointer)
{
  return *(gboolean *) pointer;
}

static BdSession *
open_session (BdAccount *account)
{
  BdSession *session = bd_session_new (account);
  gboolean opened = FALSE;

  bd_session_open_async (session, on_session_opened, &opened);
  bd_gui_test_wait_for (is_true, &opened, 20);
  g_assert_nonnull (bd_session_get_store (session));
  return session;
}

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

  f->account = bd_account_new ("Acme Tools", BD_ACCOUNT_MODE_TEST, NULL, &error);
  g_assert_no_error (error);
  f->path = bd_store_path_for_account (f->account);
  {
    g_autofree char *dir = g_path_get_dirname (f->path);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  }
  f->writer = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *json = store_test_product_json (products[i][0], products[i][1]);

      store_test_put (f->writer, BD_TYPE_PRODUCT, json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (payments); i++)
    store_test_put_payment (f->writer, &payments[i]);
  /* @data: as many older payments again, for a list longer than the window. */
  for (guint i = 0; i < GPOINTER_TO_UINT (data); i++)
    {
      g_autofree char *id = g_strdup_printf ("pay_z%04u", i);
      TestPayment bulk = payments[0];

      bulk.id = id;
      bulk.invoice_id = NULL;
      bulk.amount = 1000 + 10 * i;
      bulk.created = T0 - (gint64) (i + 1) * 3600;
      store_test_put_payment (f->writer, &bulk);
    }
  put_refund (f->writer, "ref_b4", "pay_b4", 200, T0 + 43 * DAY);
  f->reader = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->session = open_session (f->account);

  f->window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  f->page = BD_INVOICES_PAGE (bd_invoices_page_new ());
  bd_window_add_page (f->window, "invoices", BD_PAGE (f->page));
  bd_page_set_session (BD_PAGE (f->page), f->session);
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
  bd_session_close (f->session, NULL, NULL);
  g_clear_object (&f->session);
  g_clear_object (&f->account);
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
  const char *text = bd_gui_test_text_of (widget);

  if (text != NULL && gtk_widget_get_mapped (widget) && g_str_has_prefix (text, prefix))
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, text);
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
  bd_gui_test_wait_for_label (totals_label (f), expected);
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

/* The detail pane: open or closed, as its toggle does. */
static void
show_details (Fixture  *f,
              gboolean  shown)
{
  GtkWidget *toggle = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_TOGGLE_BUTTON,
                                               "tooltip-text", "Show Details");

  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), shown);
}

static GtkColumnView *
shown_view (Fixture *f)
{
  GtkWidget *view = NULL;

  for (GtkWidget *w = bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL);
       w != NULL && view == NULL; )
    {
      if (gtk_widget_get_mapped (w))
        view = w;
      else
        {
          /* The credit notes' view is the next page of the same stack. */
          GtkWidget *page = gtk_widget_get_parent (w);
          GtkWidget *next = page != NULL ? gtk_widget_get_next_sibling (page) : NULL;

          w = next != NULL ? bd_gui_test_find_widget (next, GTK_TYPE_COLUMN_VIEW, NULL, NULL) : NULL;
        }
    }
  g_assert_nonnull (view);
  return GTK_COLUMN_VIEW (view);
}

/* The titles of the columns the list shows, in their order. */
static char *
shown_columns (Fixture *f)
{
  GListModel *columns = gtk_column_view_get_columns (shown_view (f));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (!gtk_column_view_column_get_visible (c))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, gtk_column_view_column_get_title (c));
    }
  return g_string_free (out, FALSE);
}

static GtkColumnViewColumn *
column (Fixture    *f,
        const char *title)
{
  return bd_gui_test_column (shown_view (f), title);
}

typedef struct
{
  Fixture    *f;
  int         width;     /* of the window */
  const char *columns;   /* shown, in order */
  char       *last;
} LayoutWait;

/* The window is @width wide, the list shows those columns, and it does not
 * scroll sideways: every column is whole on screen. */
static gboolean
laid_out (gpointer data)
{
  LayoutWait *w = data;
  GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (shown_view (w->f)));
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *columns = shown_columns (w->f);
  int width = gtk_widget_get_width (GTK_WIDGET (w->f->window));

  g_free (w->last);
  w->last = g_strdup_printf ("%d wide: %s; list %.0f px in %.0f", width, columns,
                             gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
  /* The window's size, less what its decorations take. */
  return ABS (width - w->width) <= 16 && g_str_equal (columns, w->columns) &&
         gtk_adjustment_get_upper (h) <= gtk_adjustment_get_page_size (h) + 0.5;
}

static void
wait_layout (LayoutWait *w)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* As bd_gui_test_poll_for (), saying what was there instead. */
  while (!laid_out (w) && g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
    }
  if (!laid_out (w))
    g_error ("expected %d wide: %s; got %s", w->width, w->columns, w->last);
  g_free (w->last);
}

/* @widget is on screen, whole, inside the page (not scrolled away). */
static void
assert_inside_page (Fixture   *f,
                    GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->page), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f->page)));
}

static BdQueryModel *
shown_model (Fixture *f)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (shown_view (f));

  return BD_QUERY_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

static gboolean
list_loaded (gpointer data)
{
  return !bd_query_model_is_loading (shown_model (data));
}

static gboolean
list_is_long (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_page_size (adj) > 0 &&
         gtk_adjustment_get_upper (adj) > 3 * gtk_adjustment_get_page_size (adj);
}

typedef struct
{
  Fixture       *f;
  GtkAdjustment *adj;
  const char    *first;   /* the ids of the first rows, and a space */
} TopWait;

static gboolean
at_top (gpointer data)
{
  TopWait *w = data;
  g_autofree char *ids = shown_ids (w->f, "pay_");

  return gtk_adjustment_get_value (w->adj) == 0 && g_str_has_prefix (ids, w->first);
}

typedef struct
{
  Fixture    *f;
  const char *payment_id;
  const char *title;
  char       *text;
} CellWait;

static gboolean
cell_drawn (gpointer data)
{
  CellWait *w = data;

  g_free (w->text);
  w->text = bd_gui_test_cell_text (GTK_WIDGET (shown_view (w->f)), w->payment_id, w->title);
  return w->text != NULL && *w->text != '\0';
}

typedef struct
{
  GtkWidget  *root;
  const char *prefix;
} LabelPrefixWait;

static gboolean
label_with_prefix (gpointer data)
{
  LabelPrefixWait *w = data;

  return bd_gui_test_find_text_within (w->root, w->prefix) != NULL;
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
    StatusWait w = { f, "Select an Invoice", NULL };

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
  g_assert_true (bd_page_focus_search (BD_PAGE (f->page)));
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
  /* Beside the detail pane the reason folds away; without it, it is there. */
  show_details (f, FALSE);
  {
    LayoutWait w = { f, 1200, "Date Credit Note Payment Customer Amount Status Reason", NULL };

    wait_layout (&w);
  }
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_INSCRIPTION, "text", "Asked for it"));
  show_details (f, TRUE);
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

  /* A column folded away (or not chosen) is out of the view. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (c), title))
        return gtk_column_view_column_get_visible (c);
    }
  return FALSE;
}

static gboolean
column_chosen (GSettings  *settings,
               const char *key)
{
  g_auto(GStrv) keys = g_settings_get_strv (settings, "invoice-columns");

  return g_strv_contains ((const char * const *) keys, key);
}

/* The merchant's choice of columns is kept (GSettings), whether or not
 * the list has room for all of them now. */
static void
test_columns_remembered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  GtkWidget *again;

  if (f->window == NULL)
    return;

  g_assert_false (column_chosen (settings, "tax"));
  g_assert_true (column_chosen (settings, "products"));
  /* The menu's check items are these actions. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "invoices.column-tax", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "invoices.column-products", NULL);
  g_assert_true (column_chosen (settings, "tax"));
  g_assert_false (column_chosen (settings, "products"));
  /* With room for them (no detail pane), the list shows exactly those. */
  show_details (f, FALSE);
  {
    LayoutWait w = { f, 1200, "Date Invoice Customer Amount Tax Status Payment Method", NULL };

    wait_layout (&w);
  }

  /* A new page (as after a restart) shows the same columns: not in a
   * window, it has room for all. */
  again = bd_invoices_page_new ();
  g_object_ref_sink (again);
  g_assert_true (column_visible (BD_INVOICES_PAGE (again), "Tax"));
  g_assert_false (column_visible (BD_INVOICES_PAGE (again), "Products"));
  g_object_unref (again);

  g_settings_reset (settings, "invoice-columns");
}

/* The default columns fit: beside the detail pane in a window 1200 wide
 * the least important fold away (none is clipped, the list does not
 * scroll sideways), all come back without the pane, and a window 400 wide
 * shows the three that matter most, under filters that wrap instead of
 * scrolling sideways. */
static void
test_columns_fit (Fixture       *f,
                  gconstpointer  data)
{
  const char *filters[] = { "Status", "Date", "Currency", "Product" };

  if (f->window == NULL)
    return;

  {
    LayoutWait w = { f, 1200, "Date Invoice Customer Amount Status", NULL };

    wait_layout (&w);
  }
  show_details (f, FALSE);
  {
    LayoutWait w = { f, 1200, "Date Invoice Customer Products Amount Status Payment Method", NULL };

    wait_layout (&w);
  }
  show_details (f, TRUE);
  {
    LayoutWait w = { f, 1200, "Date Invoice Customer Amount Status", NULL };

    wait_layout (&w);
  }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  {
    LayoutWait w = { f, 400, "Customer Amount Status", NULL };

    wait_layout (&w);
  }
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    assert_inside_page (f, GTK_WIDGET (dropdown (f, filters[i])));
  assert_inside_page (f, bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_TOGGLE_BUTTON,
                                                  "label", "Credit Notes"));
  save_screens (f, "invoices-400", 400, 760, FALSE);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  {
    LayoutWait w = { f, 1200, "Date Invoice Customer Amount Status", NULL };

    wait_layout (&w);
  }
}

/* The filter bar's layout: its children side by side at their natural
 * widths, wrapping like words when the width runs out, hidden ones taking
 * no room. */
static void
test_flow_layout (void)
{
  g_autoptr(GtkWidget) window = NULL;
  GtkWidget *box, *children[3];
  graphene_rect_t bounds;
  int min, nat;

  if (!bd_gui_test_require_display ())
    return;
  window = g_object_ref_sink (gtk_window_new ());
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_layout_manager (box, bd_flow_layout_new (6));
  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      children[i] = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_size_request (children[i], 100, 20);
      gtk_box_append (GTK_BOX (box), children[i]);
    }

  /* At least the widest child; at best all on one line. */
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 100);
  g_assert_cmpint (nat, ==, 3 * 100 + 2 * 6);
  /* One, two or three lines, 6 pixels apart. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 312, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 20);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 211, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 20 + 6 + 20);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 150, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 3 * 20 + 2 * 6);

  /* Two on the first line, the third under the first. */
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 211, 46 }, -1);
  g_assert_true (gtk_widget_compute_bounds (children[1], box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 106);
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_true (gtk_widget_compute_bounds (children[2], box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.origin.y, ==, 26);
  g_assert_cmpfloat (bounds.size.width, ==, 100);

  /* A hidden child takes no room: the other two fit on one line. */
  gtk_widget_set_visible (children[1], FALSE);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 211, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A header click brings the list back to its first rows (GTK 4.8's list
 * keeps its position otherwise), without GTK's "failed to scroll" warning
 * (fatal here). */
static void
test_sort_scrolls_to_top (Fixture       *f,
                          gconstpointer  data)
{
  GtkColumnView *view;
  GtkAdjustment *adj;

  if (f->window == NULL)
    return;

  view = GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (view))));
  bd_gui_test_poll_for (list_loaded, f, 20);
  bd_gui_test_poll_for (list_is_long, adj, 20);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
  {
    g_autofree char *ids = shown_ids (f, "pay_");

    g_assert_false (g_str_has_prefix (ids, "pay_c6 "));
  }

  gtk_column_view_sort_by_column (view, column (f, "Amount"), GTK_SORT_ASCENDING);
  {
    TopWait w = { f, adj, "pay_b3 pay_c6 pay_z0000 " };

    bd_gui_test_poll_for (at_top, &w, 20);
  }
  /* And back, the other way round. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  gtk_column_view_sort_by_column (view, column (f, "Amount"), GTK_SORT_DESCENDING);
  {
    TopWait w = { f, adj, "pay_c5 pay_a2 pay_z0299 " };

    bd_gui_test_poll_for (at_top, &w, 20);
  }
}

/* A subscription's payment has no cart: its Products cell shows the
 * subscription's product, as the detail pane does. */
static void
test_subscription_products (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *subscription = store_test_subscription_json ("sub_1", "pdt_course");
  TestPayment renewal = { "pay_d7", "Ana Lima", "ana@example.com", "succeeded", "USD", 4900,
                          T0 + 50 * DAY, NULL, "inv_d7", "sub_1", 0 };
  CellWait w = { f, "pay_d7", "Products", NULL };

  if (f->window == NULL)
    return;

  store_test_put (f->writer, BD_TYPE_SUBSCRIPTION, subscription);
  store_test_put_payment (f->writer, &renewal);
  bd_page_refresh (BD_PAGE (f->page));
  assert_shows (f, "pay_", "pay_d7 pay_c6 pay_c5 pay_b4 pay_b3 pay_a2 pay_a1");
  show_details (f, FALSE);
  bd_gui_test_poll_for (cell_drawn, &w, 20);
  g_assert_cmpstr (w.text, ==, "Video course");
  g_free (w.text);
  save_screens (f, "invoices-no-pane", 1200, 760, FALSE);
}

/* The list writes a day as the locale does (%x), as the detail pane. */
static void
test_dates_in_locale (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (payments[5].created);
  g_autofree char *day = bd_format_day_or_dash (created);
  CellWait w = { f, "pay_c6", "Date", NULL };
  GtkColumnView *view;
  StatusWait none = { f, "Select an Invoice", NULL };

  if (f->window == NULL)
    return;

  bd_gui_test_poll_for (cell_drawn, &w, 20);
  g_assert_cmpstr (w.text, ==, day);
  g_free (w.text);

  view = GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  bd_gui_test_poll_for (status_page_shown, &none, 20);
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  bd_gui_test_wait_for (bd_gui_test_is_unmapped, none.page, 20);
  {
    LabelPrefixWait pw = { bd_gui_test_find_widget (GTK_WIDGET (f->page), BD_TYPE_INVOICE_DETAIL, NULL, NULL),
                           day };

    bd_gui_test_poll_for (label_with_prefix, &pw, 20);
  }
}

typedef struct
{
  GtkWidget *page;
  gboolean   painted;       /* a frame with rows has been painted */
  int        list_height;   /* then: the list's height */
  int        rows_bottom;   /* the bottom of its lowest row */
  guint      model_rows;    /* the rows the model had */
} FirstFrame;

static void
on_after_paint (GdkFrameClock *clock,
                FirstFrame    *ff)
{
  GtkWidget *view = bd_gui_test_find_widget (ff->page, GTK_TYPE_COLUMN_VIEW, NULL, NULL);
  GtkWidget *list = view != NULL ? bd_gui_test_find_widget (view, GTK_TYPE_LIST_VIEW, NULL, NULL) : NULL;
  GtkSelectionModel *selection;

  if (ff->painted || list == NULL || !gtk_widget_get_mapped (list) || gtk_widget_get_first_child (list) == NULL)
    return;
  ff->painted = TRUE;
  ff->list_height = gtk_widget_get_height (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, list, &bounds))
        ff->rows_bottom = MAX (ff->rows_bottom, (int) (bounds.origin.y + bounds.size.height));
    }
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  ff->model_rows = g_list_model_get_n_items (G_LIST_MODEL (selection));
}

static void
on_realize (GtkWidget  *window,
            FirstFrame *ff)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), ff);
}

static gboolean
first_frame_painted (gpointer data)
{
  return ((FirstFrame *) data)->painted;
}

/* The list's first frame shows a screenful of rows, down to its bottom
 * (no blank space below the last row built), though the model gave the
 * list only about that many at first (GTK 4.8 builds every row it is
 * given, up to 200, before that frame): the rest follow after it. */
static void
test_first_frame_full (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FirstFrame ff = { NULL };
  BdWindow *window;

  if (f->window == NULL)
    return;

  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1000);
  ff.page = bd_invoices_page_new ();
  bd_window_add_page (window, "invoices", BD_PAGE (ff.page));
  bd_page_set_session (BD_PAGE (ff.page), f->session);
  g_assert_true (bd_window_show_page (window, "invoices", &error));
  g_assert_no_error (error);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), &ff);
  gtk_window_present (GTK_WINDOW (window));
  bd_gui_test_wait_for (first_frame_painted, &ff, 30);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &ff);

  g_test_message ("first frame: %u rows in the model, rows down to %d px of a list %d px high",
                  ff.model_rows, ff.rows_bottom, ff.list_height);
  g_assert_cmpint (ff.list_height, >, 300);
  g_assert_cmpint (ff.rows_bottom, >=, ff.list_height);
  g_assert_cmpuint (ff.model_rows, <, 64);
  bd_gui_test_close (GTK_WINDOW (window));
}

/* No account: a clear page, no list. */
static void
test_no_account (Fixture       *f,
                 gconstpointer  data)
{
  StatusWait w = { f, "No Account Open", NULL };

  if (f->window == NULL)
    return;

  bd_page_set_session (BD_PAGE (f->page), NULL);
  bd_gui_test_poll_for (status_page_shown, &w, 20);
  g_assert_cmpstr (gtk_label_get_text (totals_label (f)), ==, "");
}

/* A payment's status is one word, the same in its row and in the pane
 * (bd-status): Dodo's dashboard's words, never the raw value. */
typedef struct
{
  GtkWidget  *detail;
  const char *text;
} PaneWait;

static gboolean
pane_says (gpointer data)
{
  PaneWait *w = data;
  GtkWidget *label = bd_gui_test_find_widget (w->detail, GTK_TYPE_LABEL, "label", w->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_status_words_agree (Fixture       *f,
                         gconstpointer  data)
{
  const char *ids[] = { "pay_c6", "pay_c5", "pay_b3" };
  GtkWidget *detail;

  if (f->window == NULL)
    return;

  detail = bd_gui_test_find_widget (GTK_WIDGET (f->page), BD_TYPE_INVOICE_DETAIL, NULL, NULL);
  g_assert_nonnull (detail);
  bd_gui_test_wait_for (list_loaded, f, 20);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(BdPayment) payment = bd_store_lookup (f->reader, BD_TYPE_PAYMENT, ids[i], NULL);
      const char *word = bd_status_word (BD_TYPE_PAYMENT_STATUS, bd_model_get_enum (payment, "status"));
      CellWait cell = { f, ids[i], "Status", NULL };
      PaneWait pane = { detail, word };
      guint position = bd_query_model_find (shown_model (f), ids[i]);

      g_assert_nonnull (word);
      g_assert_cmpstr (word, !=, bd_model_get_string (payment, "status-raw"));
      bd_gui_test_wait_for (cell_drawn, &cell, 20);
      g_assert_cmpstr (cell.text, ==, word);
      g_free (cell.text);

      g_assert_cmpuint (position, !=, G_MAXUINT);
      gtk_selection_model_select_item (gtk_column_view_get_model (shown_view (f)), position, TRUE);
      bd_gui_test_wait_for (pane_says, &pane, 20);
    }
}

/* show_object (win.show-payment, win.show-refund): the payment or refund
 * selected and shown, the search that hid it cleared, the credit notes
 * shown for a refund; "Not Synced Yet" for an id the cache does not hold. */
static gboolean
selected_is (gpointer data)
{
  gpointer *w = data;
  Fixture *f = w[0];
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (shown_view (f)));
  GObject *item = gtk_single_selection_get_selected_item (selection);

  if (item == NULL)
    return FALSE;
  return g_strcmp0 (bd_model_get_string (item, BD_IS_REFUND (item) ? "refund-id" : "payment-id"), w[1]) == 0;
}

static void
test_show_object (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *detail;

  if (f->window == NULL)
    return;

  detail = bd_gui_test_find_widget (GTK_WIDGET (f->page), BD_TYPE_INVOICE_DETAIL, NULL, NULL);
  /* A search that hides pay_c5. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry (f)), "Zoë");
  assert_shows (f, "pay_", "pay_a1");

  bd_page_show_object (BD_PAGE (f->page), "pay_c5");
  {
    gpointer w[] = { f, "pay_c5" };
    PaneWait pane = { detail, "Invoice inv_c5" };

    bd_gui_test_wait_for (selected_is, w, 20);
    bd_gui_test_wait_for (pane_says, &pane, 20);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), ==, "");
  g_assert_null (bd_invoices_page_get_query (f->page)->search);

  /* A refund: the credit notes, narrowed by a filter that hides it. */
  bd_gui_test_select_string (dropdown (f, "Currency"), "EUR");
  bd_page_show_object (BD_PAGE (f->page), "ref_b4");
  {
    gpointer w[] = { f, "ref_b4" };
    PaneWait pane = { detail, "Credit Note ref_b4" };

    bd_gui_test_wait_for (selected_is, w, 20);
    bd_gui_test_wait_for (pane_says, &pane, 20);
  }
  g_assert_null (bd_invoices_page_get_query (f->page)->currency);

  /* Not in the cache. */
  bd_page_show_object (BD_PAGE (f->page), "pay_not_synced");
  {
    PaneWait pane = { detail, "Not Synced Yet" };

    bd_gui_test_wait_for (pane_says, &pane, 20);
  }
  g_assert_null (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_column_view_get_model (shown_view (f)))));
}

/* The page as the window sees it. */
static void
test_page_contract (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *title = NULL;
  g_autofree char *icon_name = NULL;

  if (f->window == NULL)
    return;

  g_assert_true (BD_IS_PAGE (f->page));
  title = bd_page_get_title (BD_PAGE (f->page));
  icon_name = bd_page_get_icon_name (BD_PAGE (f->page));
  g_assert_cmpstr (title, ==, "Invoices");
  g_assert_cmpstr (icon_name, ==, "view-list-symbolic");
  g_assert_true (bd_page_focus_search (BD_PAGE (f->page)));
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->window));

    g_assert_nonnull (focus);
    g_assert_true (focus == GTK_WIDGET (search_entry (f)) ||
                   gtk_widget_is_ancestor (focus, GTK_WIDGET (search_entry (f))));
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = bd_gui_test_new_app ();

#define ADD(path, func) \
  g_test_add ("/gui/invoices/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list-and-search", test_list_and_search);
  ADD ("sort", test_sort);
  ADD ("filters-and-totals", test_filters_and_totals);
  ADD ("credit-notes", test_credit_notes);
  ADD ("columns-remembered", test_columns_remembered);
  ADD ("columns-fit", test_columns_fit);
  g_test_add_func ("/gui/invoices/flow-layout", test_flow_layout);
  g_test_add ("/gui/invoices/sort-scrolls-to-top", Fixture, GUINT_TO_POINTER (300),
              fixture_set_up, test_sort_scrolls_to_top, fixture_tear_down);
  g_test_add ("/gui/invoices/first-frame-full", Fixture, GUINT_TO_POINTER (300),
              fixture_set_up, test_first_frame_full, fixture_tear_down);
  ADD ("subscription-products", test_subscription_products);
  ADD ("dates-in-locale", test_dates_in_locale);
  ADD ("no-account", test_no_account);
  ADD ("status-words-agree", test_status_words_agree);
  ADD ("show-object", test_show_object);
  ADD ("page-contract", test_page_contract);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
