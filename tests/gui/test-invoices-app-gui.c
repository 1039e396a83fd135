/* test-invoices-app-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "bd-application.h"
#include "bd-customers-page.h"
#include "bd-export-dialog.h"
#include "bd-gui-test.h"
#include "bd-invoice-detail.h"
#include "bd-invoices-page.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-query-model.h"
#include "bd-refund-dialog.h"
#include "bd-report.h"
#include "bd-store-path.h"
#include "bd-store.h"
#include "bd-test-util.h"
#include "bd-window.h"
#include "sync-test.h"

/* The Invoices page in the real application, as a merchant meets it: the
 * first run's offline sandbox synced into the list; a search, a header
 * click, the currency and status filters with the totals bar checked
 * against SQLite's own sums on the cache file; a refund issued from the
 * detail pane that shows in its row and reaches the sandbox once; an
 * export of the current view through the page's Export… action; and the
 * jump from an invoice's customer to the Customers page.  The tests run in
 * order on one window and share a throw-away XDG_CONFIG_HOME and
 * XDG_DATA_HOME. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdWindow *window;
/* The payment refunded, for the export and the jump. */
static char *refunded_id;

/* The cache, read with SQLite itself */

typedef struct
{
  gint64  rowid;
  gint64  amount;
  char   *id;
  char   *customer_id;
  char   *customer_name;
  char   *searched;   /* the searched columns, joined */
} Row;

static void
row_free (Row *row)
{
  g_free (row->id);
  g_free (row->customer_id);
  g_free (row->customer_name);
  g_free (row->searched);
  g_free (row);
}

static sqlite3 *
open_cache (void)
{
  g_autofree char *path = bd_store_path_for_account (bd_window_get_account (window));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static const char *
text_or_empty (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* Every payment of the cache, newest first (the list's default order:
 * created_at, then rowid, descending).  (transfer full) */
static GPtrArray *
cached_payments (void)
{
  sqlite3 *db = open_cache ();
  sqlite3_stmt *stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT rowid, total_amount, payment_id, customer_id, customer_name,"
                                       " payment_id, invoice_id, customer_id, customer_name, customer_email,"
                                       " product_names, subscription_id"
                                       " FROM payments ORDER BY created_at DESC, rowid DESC",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);
      g_autoptr(GString) searched = g_string_new (NULL);

      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->amount = sqlite3_column_int64 (stmt, 1);
      row->id = g_strdup (text_or_empty (stmt, 2));
      row->customer_id = g_strdup (text_or_empty (stmt, 3));
      row->customer_name = g_strdup (text_or_empty (stmt, 4));
      for (int i = 5; i < 12; i++)
        g_string_append_printf (searched, "%s ", text_or_empty (stmt, i));
      row->searched = g_string_free (g_steal_pointer (&searched), FALSE);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static char *
money_text (gint64      amount,
            const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);

  return bd_money_format (money);
}

/* The totals bar's text for the payments matching @where (SQL over the
 * payments table), one line per currency: SQLite's own count and sums. */
static char *
expected_totals (const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT currency, count(*),"
                                          " total (CASE WHEN status = 'succeeded' THEN total_amount END),"
                                          " total (CASE WHEN status = 'succeeded' THEN refunded_amount END)"
                                          " FROM payments WHERE %s GROUP BY currency ORDER BY currency",
                                          where);
  sqlite3 *db = open_cache ();
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *currency = text_or_empty (stmt, 0);
      gint64 count = sqlite3_column_int64 (stmt, 1);
      gint64 gross = (gint64) sqlite3_column_double (stmt, 2);
      gint64 refunded = (gint64) sqlite3_column_double (stmt, 3);
      g_autofree char *gross_text = money_text (gross, currency);
      g_autofree char *refunds_text = money_text (refunded, currency);
      g_autofree char *net_text = money_text (gross - refunded, currency);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s  %" G_GINT64_FORMAT " %s  Gross %s  Refunds %s  Net %s",
                              currency, count, count == 1 ? "invoice" : "invoices",
                              gross_text, refunds_text, net_text);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (text, FALSE);
}

/* The server's side */

typedef struct
{
  const char *path;
  GPtrArray  *items;   /* of JsonObject */
} Fetch;

/* Worker thread: every item of a list endpoint, page by page, with the
 * blocking client. */
static gpointer
fetch_thread (gpointer data)
{
  Fetch *fetch = data;
  BdSandboxProcess *sandbox = bd_application_get_sandbox (app);
  g_autoptr(BdDodoClient) client = bd_dodo_client_new (bd_sandbox_process_get_url (sandbox), NULL);

  bd_dodo_client_set_api_key (client, bd_sandbox_process_get_key (sandbox));
  for (guint page = 0; ; page++)
    {
      g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *items;

      g_hash_table_insert (query, "page_size", g_strdup ("100"));
      g_hash_table_insert (query, "page_number", g_strdup_printf ("%u", page));
      node = bd_dodo_client_request (client, "GET", fetch->path, query, NULL, NULL, &error);
      g_assert_no_error (error);
      items = json_object_get_array_member (json_node_get_object (node), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (fetch->items, json_object_ref (json_array_get_object_element (items, i)));
      if (json_array_get_length (items) < 100)
        break;
    }

  return NULL;
}

/* Every item the sandbox lists at @path ("/payments", "/refunds").
 * (transfer full) */
static GPtrArray *
server_list (const char *path)
{
  Fetch fetch = { path, g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref) };

  g_thread_join (g_thread_new ("fetch", fetch_thread, &fetch));
  return fetch.items;
}

/* What the window shows */

static BdInvoicesPage *
invoices_page (void)
{
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_INVOICES_PAGE, NULL, NULL);

  g_assert_nonnull (page);
  return BD_INVOICES_PAGE (page);
}

static GtkColumnView *
invoices_view (void)
{
  /* The first column view of the page is the invoices'; the second the
   * credit notes'. */
  return GTK_COLUMN_VIEW (bd_gui_test_find_widget (GTK_WIDGET (invoices_page ()), GTK_TYPE_COLUMN_VIEW,
                                                   NULL, NULL));
}

/* The list's rows: a GtkSingleSelection over the page's BdQueryModel. */
static GListModel *
list_rows (void)
{
  return G_LIST_MODEL (gtk_column_view_get_model (invoices_view ()));
}

static gboolean
list_loading (void)
{
  GListModel *rows = list_rows ();
  GListModel *model = rows != NULL ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (rows)) : NULL;

  return model == NULL || bd_query_model_is_loading (BD_QUERY_MODEL (model));
}

/* The payment ids of the list's rows, in order, as the list binds them.
 * (transfer full) */
static GPtrArray *
list_ids (void)
{
  return bd_gui_test_row_ids (list_rows (), "payment-id");
}

typedef struct
{
  GPtrArray *expected;   /* of char *, payment ids */
  GPtrArray *last;
} IdsWait;

static gboolean
list_is (gpointer data)
{
  IdsWait *wait = data;

  if (list_loading () || bd_window_is_syncing (window))
    return FALSE;
  g_clear_pointer (&wait->last, g_ptr_array_unref);
  wait->last = list_ids ();
  return bd_gui_test_strv_equal (wait->last, wait->expected);
}

/* Waits until the list shows exactly @rows' payments, in that order. */
static void
assert_list (GPtrArray *rows)
{
  IdsWait wait = { g_ptr_array_new (), NULL };

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (wait.expected, ((Row *) rows->pdata[i])->id);
  bd_gui_test_poll_for (list_is, &wait, 100);
  g_assert_cmpuint (wait.last->len, ==, rows->len);
  g_ptr_array_unref (wait.expected);
  g_ptr_array_unref (wait.last);
}

static GtkLabel *
totals_label (void)
{
  GtkWidget *label = bd_gui_test_find_with_class (GTK_WIDGET (invoices_page ()), GTK_TYPE_LABEL,
                                                  "invoice-totals");

  g_assert_nonnull (label);
  return GTK_LABEL (label);
}

static void
assert_totals (const char *expected)
{
  bd_gui_test_wait_for_label (totals_label (), expected);
}

static GtkDropDown *
dropdown (const char *tooltip)
{
  GtkWidget *widget = bd_gui_test_find_widget (GTK_WIDGET (invoices_page ()), GTK_TYPE_DROP_DOWN,
                                               "tooltip-text", tooltip);

  g_assert_nonnull (widget);
  return GTK_DROP_DOWN (widget);
}

static GtkEditable *
search_entry (void)
{
  GtkWidget *entry = bd_gui_test_find_widget (GTK_WIDGET (invoices_page ()), GTK_TYPE_SEARCH_ENTRY,
                                              NULL, NULL);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static GtkColumnViewColumn *
column (const char *title)
{
  return bd_gui_test_column (invoices_view (), title);
}

static gboolean
refund_column_shown (gpointer data)
{
  GListModel *columns = gtk_column_view_get_columns (invoices_view ());

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (c), "Refund"))
        return TRUE;
    }
  return FALSE;
}

/* Pictures, once the window has drawn what the last step changed. */
static void
save_screens (const char *name,
              gboolean    narrow_too)
{
  /* A blinking text cursor keeps redrawing: nothing has the focus. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), name, 1200, 760, narrow_too);
}

/* Tests */

typedef struct
{
  guint      n;
  GPtrArray *cached;
} CountWait;

/* The sync has ended and the cache holds @n payments. */
static gboolean
synced (gpointer data)
{
  CountWait *wait = data;
  g_autofree char *path = bd_store_path_for_account (bd_window_get_account (window));

  if (bd_window_is_syncing (window) || !g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  g_clear_pointer (&wait->cached, g_ptr_array_unref);
  wait->cached = cached_payments ();
  return wait->cached->len == wait->n;
}

/* First run → Try the Offline Sandbox → the Invoices page, first, lists
 * exactly the sandbox's payments, newest first. */
static void
test_first_sync (void)
{
  g_autoptr(GPtrArray) server = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GHashTable) server_ids = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 started;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  g_setenv ("BD_SANDBOX_PATH", sandbox_exe, TRUE);
  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  bd_gui_test_present (GTK_WINDOW (window));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (window), "_Try the Offline Sandbox"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);
  /* The Dashboard comes first; the merchant picks Invoices, second in the
   * sidebar (after the welcome page, which has none, and the Dashboard). */
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "dashboard");
  {
    g_auto(GStrv) pages = bd_window_list_pages (window);

    g_assert_cmpstr (pages[0], ==, "welcome");
    g_assert_cmpstr (pages[1], ==, "dashboard");
    g_assert_cmpstr (pages[2], ==, "invoices");
  }
  g_assert_true (bd_window_show_page (window, "invoices", NULL));

  /* Once the first sync has ended: every payment of the server… */
  server = server_list ("/payments");
  g_assert_cmpuint (server->len, >, 100);
  for (guint i = 0; i < server->len; i++)
    g_hash_table_add (server_ids, (gpointer) json_object_get_string_member (server->pdata[i], "payment_id"));
  g_assert_cmpuint (g_hash_table_size (server_ids), ==, server->len);
  {
    CountWait wait = { server->len, NULL };

    bd_gui_test_poll_for (synced, &wait, 100);
    cached = wait.cached;
  }
  for (guint i = 0; i < cached->len; i++)
    g_assert_true (g_hash_table_contains (server_ids, ((Row *) cached->pdata[i])->id));
  /* …in the cache's newest-first order. */
  assert_list (cached);
  g_test_message ("From the click to %u invoices listed after the first sync: %.1f s",
                  cached->len, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  save_screens ("invoices-app", TRUE);
}

static gint
by_amount (gconstpointer a,
           gconstpointer b)
{
  const Row *x = *(const Row **) a, *y = *(const Row **) b;

  if (x->amount != y->amount)
    return x->amount < y->amount ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static gint
by_amount_descending (gconstpointer a,
                      gconstpointer b)
{
  return by_amount (b, a);
}

/* Typing narrows the list to the matching invoices; a header click sorts
 * them by amount, both ways. */
static void
test_search_and_sort (void)
{
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_auto(GStrv) words = NULL;
  g_autofree char *search = NULL;
  GtkColumnView *view;

  if (window == NULL)
    return;

  cached = cached_payments ();
  /* A customer's first name and the start of the last: a few invoices. */
  words = bd_gui_test_search_words (((Row *) cached->pdata[cached->len / 2])->customer_name);
  g_assert_nonnull (words[0]);
  search = words[1] != NULL ? g_strdup_printf ("%s %.2s", words[0], words[1]) : g_strdup (words[0]);
  for (guint i = 0; i < cached->len; i++)
    if (bd_gui_test_search_matches (((Row *) cached->pdata[i])->searched, search))
      g_ptr_array_add (matching, cached->pdata[i]);
  g_test_message ("“%s” matches %u of %u invoices", search, matching->len, cached->len);
  g_assert_cmpuint (matching->len, >=, 1);
  g_assert_cmpuint (matching->len, <, cached->len);

  gtk_editable_set_text (search_entry (), search);
  assert_list (matching);
  g_assert_cmpstr (bd_invoices_page_get_query (invoices_page ())->search, ==, search);
  save_screens ("invoices-app-search", FALSE);

  /* What a click on the Amount header does. */
  view = invoices_view ();
  gtk_column_view_sort_by_column (view, column ("Amount"), GTK_SORT_ASCENDING);
  g_ptr_array_sort (matching, by_amount);
  assert_list (matching);
  gtk_column_view_sort_by_column (view, column ("Amount"), GTK_SORT_DESCENDING);
  g_ptr_array_sort (matching, by_amount_descending);
  assert_list (matching);
  save_screens ("invoices-app-sorted", FALSE);

  /* Back to newest first, every invoice. */
  gtk_column_view_sort_by_column (view, column ("Date"), GTK_SORT_DESCENDING);
  gtk_editable_set_text (search_entry (), "");
  assert_list (cached);
}

/* The currency and status filters change the totals bar: SQLite's own
 * sums over the cache file. */
static void
test_filters_and_totals (void)
{
  g_autofree char *all = NULL;
  g_autofree char *euros = NULL;
  g_autofree char *paid_euros = NULL;

  if (window == NULL)
    return;

  all = expected_totals ("1");
  assert_totals (all);
  g_assert_nonnull (strstr (all, "\n"));   /* more than one currency */

  bd_gui_test_select_string (dropdown ("Currency"), "EUR");
  euros = expected_totals ("currency = 'EUR'");
  g_assert_cmpstr (euros, !=, all);
  assert_totals (euros);

  bd_gui_test_select_string (dropdown ("Status"), "Succeeded");
  paid_euros = expected_totals ("currency = 'EUR' AND status = 'succeeded'");
  g_assert_cmpstr (paid_euros, !=, euros);
  assert_totals (paid_euros);
  g_assert_cmpstr (bd_invoices_page_get_query (invoices_page ())->currency, ==, "EUR");
  g_assert_cmpstr (bd_invoices_page_get_query (invoices_page ())->status, ==, "succeeded");
  save_screens ("invoices-app-filtered", TRUE);
}

static BdRefundDialog *refund_dialog;

static gboolean
refund_dialog_ready (gpointer data)
{
  GtkWidget *reason;

  refund_dialog = (BdRefundDialog *) bd_gui_test_find_toplevel (BD_TYPE_REFUND_DIALOG);
  if (refund_dialog == NULL)
    return FALSE;
  /* It has read the payment's lines. */
  reason = bd_gui_test_find_widget (GTK_WIDGET (refund_dialog), ADW_TYPE_ENTRY_ROW, "title", "Reason");
  return reason != NULL && gtk_widget_get_mapped (reason);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget) && gtk_widget_get_mapped (widget);
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} FindWait;

static gboolean
text_shown (gpointer data)
{
  FindWait *wait = data;

  return bd_gui_test_find_text (wait->root, wait->needle) != NULL ||
         bd_gui_test_find_text_within (wait->root, wait->needle) != NULL;
}

typedef struct
{
  const char *payment_id;
  const char *title;
  char       *text;
} CellWait;

static gboolean
cell_drawn (gpointer data)
{
  CellWait *wait = data;

  g_free (wait->text);
  wait->text = bd_gui_test_cell_text (GTK_WIDGET (invoices_view ()), wait->payment_id, wait->title);
  return wait->text != NULL;
}

typedef struct
{
  BdModel    *item;
  const char *payment_id;
} RefundedWait;

/* The row's object says "partial", and the row on screen says so. */
static gboolean
row_refunded (gpointer data)
{
  RefundedWait *wait = data;
  g_autofree char *text = NULL;

  if (g_strcmp0 (bd_model_get_string (wait->item, "refund-status"), "partial") != 0)
    return FALSE;
  text = bd_gui_test_cell_text (GTK_WIDGET (invoices_view ()), wait->payment_id, "Refund");
  return g_strcmp0 (text, "Partially refunded") == 0;
}

/* A succeeded, unrefunded US-dollar payment near the top of the list:
 * Issue Refund… from the detail pane, for part of a line.  Its row shows
 * the new refund status, and the sandbox holds exactly one new refund. */
static void
test_refund (void)
{
  g_autoptr(GPtrArray) refunds_before = NULL;
  g_autoptr(GPtrArray) refunds_after = NULL;
  g_autoptr(BdModel) item = NULL;
  GtkSingleSelection *selection;
  GtkWidget *detail, *button, *line, *amount, *reason;
  g_autofree char *before_text = NULL;
  g_autofree char *expected = NULL;
  guint position = GTK_INVALID_LIST_POSITION;
  guint new_refunds = 0;

  if (window == NULL)
    return;

  bd_gui_test_select_string (dropdown ("Currency"), "USD");
  bd_gui_test_select_string (dropdown ("Status"), "Succeeded");
  expected = expected_totals ("currency = 'USD' AND status = 'succeeded'");
  assert_totals (expected);
  /* The Refund column, from the page's menu: the least important column,
   * it folds away beside the detail pane unless the window is wide. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1700, 760);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (invoices_page ()), "invoices.column-refund-status", NULL));
  bd_gui_test_poll_for (refund_column_shown, NULL, 30);

  selection = GTK_SINGLE_SELECTION (list_rows ());
  for (guint i = 0; i < 8 && i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(BdModel) candidate = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (bd_model_get_string (candidate, "refund-status") == NULL &&
          g_strcmp0 (bd_model_get_string (candidate, "status-raw"), "succeeded") == 0)
        {
          position = i;
          item = g_steal_pointer (&candidate);
          break;
        }
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  refunded_id = g_strdup (bd_model_get_string (item, "payment-id"));
  refunds_before = server_list ("/refunds");
  for (guint i = 0; i < refunds_before->len; i++)
    g_assert_cmpstr (json_object_get_string_member (refunds_before->pdata[i], "payment_id"), !=, refunded_id);

  /* Selected (and scrolled to, as the keyboard does): the detail pane
   * shows it, with Issue Refund… on. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE);
  g_assert_true (gtk_widget_activate_action (bd_gui_test_find_widget (GTK_WIDGET (invoices_view ()),
                                                                      GTK_TYPE_LIST_VIEW, NULL, NULL),
                                             "list.scroll-to-item", "u", position));
  detail = bd_gui_test_find_widget (GTK_WIDGET (invoices_page ()), BD_TYPE_INVOICE_DETAIL, NULL, NULL);
  {
    FindWait wait = { detail, bd_model_get_string (item, "customer-name") };

    bd_gui_test_wait_for (text_shown, &wait, 60);
  }
  {
    CellWait wait = { refunded_id, "Refund", NULL };

    bd_gui_test_poll_for (cell_drawn, &wait, 30);
    before_text = wait.text;
  }
  g_assert_cmpstr (before_text, ==, "");
  button = bd_gui_test_find_widget (detail, GTK_TYPE_BUTTON, "action-name", "invoices.refund");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  bd_gui_test_wait_for (refund_dialog_ready, NULL, 60);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (refund_dialog)) == GTK_WINDOW (window));

  line = bd_gui_test_find_widget (GTK_WIDGET (refund_dialog), ADW_TYPE_ACTION_ROW, "title", "_Part of one line");
  g_assert_nonnull (line);
  gtk_widget_activate (line);
  amount = bd_gui_test_find_widget (GTK_WIDGET (refund_dialog), ADW_TYPE_ENTRY_ROW, "title", "Amount");
  reason = bd_gui_test_find_widget (GTK_WIDGET (refund_dialog), ADW_TYPE_ENTRY_ROW, "title", "Reason");
  gtk_editable_set_text (GTK_EDITABLE (amount), "1.00");
  gtk_editable_set_text (GTK_EDITABLE (reason), "Goodwill");
  button = bd_gui_test_find_button (GTK_WIDGET (refund_dialog), "_Refund");
  bd_gui_test_wait_for (is_sensitive, button, 10);
  gtk_widget_activate (button);
  {
    FindWait wait = { GTK_WIDGET (refund_dialog), "Refund Issued" };

    bd_gui_test_wait_for (text_shown, &wait, 60);
  }
  bd_gui_test_save_screens (GTK_WIDGET (refund_dialog), "invoices-app-refund-done", 480, 560, FALSE);
  g_object_add_weak_pointer (G_OBJECT (refund_dialog), (gpointer *) &refund_dialog);
  gtk_window_destroy (GTK_WINDOW (refund_dialog));
  bd_gui_test_wait_for (bd_gui_test_is_null, &refund_dialog, 10);

  /* The row: the list's object and the cell on screen. */
  {
    RefundedWait wait = { item, refunded_id };

    bd_gui_test_poll_for (row_refunded, &wait, 60);
  }
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position);

  /* Exactly one new refund at the sandbox, for this payment, of $1.00. */
  refunds_after = server_list ("/refunds");
  g_assert_cmpuint (refunds_after->len, ==, refunds_before->len + 1);
  for (guint i = 0; i < refunds_after->len; i++)
    if (g_strcmp0 (json_object_get_string_member (refunds_after->pdata[i], "payment_id"), refunded_id) == 0)
      {
        g_assert_cmpint (json_object_get_int_member (refunds_after->pdata[i], "amount"), ==, 100);
        new_refunds++;
      }
  g_assert_cmpuint (new_refunds, ==, 1);

  /* The totals bar counts it. */
  g_clear_pointer (&expected, g_free);
  expected = expected_totals ("currency = 'USD' AND status = 'succeeded'");
  assert_totals (expected);
  /* Wide enough for the Refund column beside the pane. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), "invoices-app-refunded", 1700, 760, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
}

static GtkWidget *export_dialog;

static gboolean
export_dialog_open (gpointer data)
{
  return (export_dialog = bd_gui_test_find_toplevel (BD_TYPE_EXPORT_DIALOG)) != NULL;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The page searches for @text (the entry waits for a pause in typing). */
static gboolean
searching (gpointer text)
{
  return g_strcmp0 (bd_invoices_page_get_query (invoices_page ())->search, text) == 0 && !list_loading ();
}

/* Export… (the page's invoices.export, Ctrl+E) on the current view: the CSV
 * it writes is bd_report_export ()'s for the page's query. */
static void
test_export (void)
{
  g_autoptr(BdReportQuery) query = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) expected_file = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "view.csv", NULL);
  g_autofree char *expected_path = g_build_filename (tmp_dir, "expected.csv", NULL);
  g_autofree char *cache = NULL;
  g_autofree char *customer = NULL;
  BdInvoicesPage *page;

  if (window == NULL || refunded_id == NULL)
    return;

  /* The view: succeeded US-dollar invoices of the refunded customer. */
  page = invoices_page ();
  cache = bd_store_path_for_account (bd_window_get_account (window));
  store = bd_store_open (cache, &error);
  g_assert_no_error (error);
  {
    g_autoptr(BdPayment) payment = bd_store_lookup (store, BD_TYPE_PAYMENT, refunded_id, &error);

    g_assert_no_error (error);
    customer = g_strdup (bd_model_get_string (payment, "customer-email"));
  }
  gtk_editable_set_text (search_entry (), customer);
  bd_gui_test_wait_for (searching, customer, 30);
  {
    FindWait wait = { GTK_WIDGET (invoices_view ()), refunded_id };

    bd_gui_test_poll_for (text_shown, &wait, 60);
  }
  query = bd_report_query_copy (bd_invoices_page_get_query (page));
  g_assert_cmpstr (query->search, ==, customer);
  g_assert_cmpstr (query->currency, ==, "USD");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.export", NULL));
  bd_gui_test_wait_for (export_dialog_open, NULL, 30);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (export_dialog)) == GTK_WINDOW (window));
  bd_gui_test_save_screens (export_dialog, "invoices-app-export", 480, 640, FALSE);

  file = g_file_new_for_path (path);
  g_object_add_weak_pointer (G_OBJECT (export_dialog), (gpointer *) &export_dialog);
  bd_export_dialog_export_to (BD_EXPORT_DIALOG (export_dialog), file);
  bd_gui_test_wait_for (bd_gui_test_is_null, &export_dialog, 120);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  written = read_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (written), >, 0);
  expected_file = g_file_new_for_path (expected_path);
  g_assert_true (bd_report_export (store, query, BD_REPORT_FORMAT_CSV, expected_file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  expected = read_bytes (expected_path);
  g_assert_true (g_bytes_equal (written, expected));
  /* The refunded invoice is in it. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (written, NULL), g_bytes_get_size (written), refunded_id));
  {
    FindWait wait = { GTK_WIDGET (window), "Exported " };

    bd_gui_test_wait_for (text_shown, &wait, 10);
  }
  save_screens ("invoices-app-exported", FALSE);
}

static gboolean
customers_narrowed (gpointer data)
{
  const char *customer_id = data;
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_CUSTOMERS_PAGE, NULL, NULL);
  GtkWidget *list = bd_gui_test_find_widget (page, GTK_TYPE_LIST_VIEW, NULL, NULL);
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GListModel *model = rows != NULL ? gtk_no_selection_get_model (GTK_NO_SELECTION (rows)) : NULL;
  g_autoptr(GObject) item = NULL;
  g_autofree char *id = NULL;

  if (model == NULL || bd_query_model_is_loading (BD_QUERY_MODEL (model)) ||
      g_list_model_get_n_items (rows) != 1)
    return FALSE;
  item = g_list_model_get_item (rows, 0);
  g_object_get (item, "customer-id", &id, NULL);
  return g_strcmp0 (id, customer_id) == 0;
}

/* The detail pane's customer row: the Customers page, narrowed to that
 * customer. */
static void
test_jump_to_customer (void)
{
  g_autoptr(BdModel) item = NULL;
  GtkSingleSelection *selection;
  GtkWidget *detail, *row, *customers, *entry;
  const char *customer_id;

  if (window == NULL || refunded_id == NULL)
    return;

  selection = GTK_SINGLE_SELECTION (list_rows ());
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)) && item == NULL; i++)
    {
      g_autoptr(BdModel) candidate = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_strcmp0 (bd_model_get_string (candidate, "payment-id"), refunded_id) == 0)
        {
          item = g_steal_pointer (&candidate);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), i, TRUE);
        }
    }
  g_assert_nonnull (item);
  customer_id = bd_model_get_string (item, "customer-id");
  detail = bd_gui_test_find_widget (GTK_WIDGET (invoices_page ()), BD_TYPE_INVOICE_DETAIL, NULL, NULL);
  {
    FindWait wait = { detail, bd_model_get_string (item, "customer-name") };

    bd_gui_test_wait_for (text_shown, &wait, 60);
  }
  row = bd_gui_test_find_widget (detail, ADW_TYPE_ACTION_ROW, "title", bd_model_get_string (item, "customer-name"));
  g_assert_nonnull (row);
  gtk_widget_activate (row);

  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "customers");
  customers = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_CUSTOMERS_PAGE, NULL, NULL);
  entry = bd_gui_test_find_widget (customers, GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, customer_id);
  bd_gui_test_poll_for (customers_narrowed, (gpointer) customer_id, 60);
  bd_gui_test_wait_for (bd_gui_test_is_mapped,
                        bd_gui_test_find_widget (customers, GTK_TYPE_LABEL, "label",
                                                 bd_model_get_string (item, "customer-name")), 60);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), "invoices-app-customer", 1200, 760, TRUE);

  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.billingdesk.BillingDesk");

    g_settings_reset (settings, "invoice-columns");
  }
  bd_gui_test_close (GTK_WINDOW (window));
  window = NULL;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tmp_dir = bd_gui_test_private_home ("bd-invoices-app-gui-XXXXXX");
  /* Amounts typed and shown as "1.00" and "$1.00". */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  sandbox_exe = bd_gui_test_sandbox_path ();

  g_test_init (&argc, &argv, NULL);

  app = bd_gui_test_new_app ();

  g_test_add_func ("/gui/invoices-app/first-sync", test_first_sync);
  g_test_add_func ("/gui/invoices-app/search-and-sort", test_search_and_sort);
  g_test_add_func ("/gui/invoices-app/filters-and-totals", test_filters_and_totals);
  g_test_add_func ("/gui/invoices-app/refund", test_refund);
  g_test_add_func ("/gui/invoices-app/export", test_export);
  g_test_add_func ("/gui/invoices-app/jump-to-customer", test_jump_to_customer);

  ret = g_test_run ();

  if (window != NULL)
    bd_gui_test_close (GTK_WINDOW (window));
  if (app != NULL)
    bd_sandbox_process_stop (bd_application_get_sandbox (app), 5000);
  g_clear_object (&app);
  sync_test_remove_tree (tmp_dir);
  g_free (refunded_id);
  g_free (sandbox_exe);
  g_free (tmp_dir);
  return ret;
}
