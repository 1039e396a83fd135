/* test-disputes-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bd-application.h"
#include "bd-dispute.h"
#include "bd-disputes-page.h"
#include "bd-gui-test.h"
#include "bd-invoices-page.h"
#include "bd-query-model.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* The Disputes page in the real application, against a real
 * billing-desk-sandbox, a real cache file and the real keyring of
 * build-aux/test: the synced disputes, the open ones by default and all
 * of them, exactly as the API lists them; the open ones counted on the
 * sidebar row (a dispute opened in the sandbox counted after Ctrl+R);
 * the links to the payment and the customer; win.show-dispute selecting
 * a settled one; and the note about the deadline.  The tests run in
 * order on one window. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdTestSandbox *server;
static BdWindow *window;

/* Helpers: the server's side */

/* The ids of the disputes the sandbox lists (with @status, or all), in
 * its order.  (transfer full) */
static GPtrArray *
server_disputes (const char *status)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint page = 0; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("/disputes?page_size=100&page_number=%u%s%s", page,
                                               status != NULL ? "&dispute_status=" : "",
                                               status != NULL ? status : "");
      g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", path, NULL, 200);
      JsonArray *list = json_object_get_array_member (json_node_get_object (node), "items");

      for (guint i = 0; i < json_array_get_length (list); i++)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (list, i),
                                                                        "dispute_id")));
      if (json_array_get_length (list) < 100)
        break;
    }
  return ids;
}

/* A succeeded payment the sandbox holds with no dispute yet.
 * (transfer full) */
static char *
undisputed_payment (void)
{
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", "/payments?page_size=100&status=succeeded",
                                                   NULL, 200);
  JsonArray *list = json_object_get_array_member (json_node_get_object (node), "items");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *payment = json_array_get_object_element (list, i);

      if (!json_object_has_member (payment, "dispute_status") ||
          json_object_get_null_member (payment, "dispute_status"))
        return g_strdup (json_object_get_string_member (payment, "payment_id"));
    }
  g_error ("no undisputed payment");
}

/* Opens a dispute on a payment (as a customer's bank would).
 * (transfer full): the new dispute's JSON */
static JsonObject *
open_dispute (void)
{
  g_autofree char *payment_id = undisputed_payment ();
  g_autofree char *body = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"product_not_received\"}",
                                           payment_id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "POST", "/_sandbox/disputes", body, 200);

  return json_object_ref (json_node_get_object (node));
}

/* Helpers: what the window shows */

static GtkWidget *
disputes_page (void)
{
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_DISPUTES_PAGE, NULL, NULL);

  g_assert_nonnull (page);
  return page;
}

static GtkListView *
list_view (void)
{
  return GTK_LIST_VIEW (bd_gui_test_find_widget (disputes_page (), GTK_TYPE_LIST_VIEW, NULL, NULL));
}

static GtkSingleSelection *
page_rows (void)
{
  GtkSelectionModel *rows = gtk_list_view_get_model (list_view ());

  return rows != NULL ? GTK_SINGLE_SELECTION (rows) : NULL;
}

static gboolean
page_loading (void)
{
  GtkSingleSelection *rows = page_rows ();

  return rows == NULL || bd_query_model_is_loading (BD_QUERY_MODEL (gtk_single_selection_get_model (rows)));
}

static GPtrArray *
row_ids (void)
{
  GListModel *rows = G_LIST_MODEL (page_rows ());
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rows != NULL && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(BdDispute) item = g_list_model_get_item (rows, i);

      g_ptr_array_add (ids, g_strdup (bd_model_get_string (item, "dispute-id")));
    }
  return ids;
}

static const char *
selected_id (void)
{
  GtkSingleSelection *rows = page_rows ();
  BdDispute *item = rows != NULL ? gtk_single_selection_get_selected_item (rows) : NULL;

  return item != NULL ? bd_model_get_string (item, "dispute-id") : NULL;
}

typedef struct
{
  GPtrArray *expected;
  GPtrArray *last;
} IdsWait;

static gboolean
rows_are (gpointer data)
{
  IdsWait *wait = data;

  if (bd_window_is_syncing (window) || page_loading ())
    return FALSE;
  g_clear_pointer (&wait->last, g_ptr_array_unref);
  wait->last = row_ids ();
  if (wait->last->len != wait->expected->len)
    return FALSE;
  for (guint i = 0; i < wait->last->len; i++)
    if (g_strcmp0 (wait->last->pdata[i], wait->expected->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

/* Waits until the list shows exactly the disputes the server lists with
 * @status (NULL: all), in its order (newest first). */
static void
assert_rows (const char *status)
{
  IdsWait wait = { server_disputes (status), NULL };

  bd_gui_test_poll_for (rows_are, &wait, 100);
  g_ptr_array_unref (wait.expected);
  g_clear_pointer (&wait.last, g_ptr_array_unref);
}

/* The sidebar's badge on the Disputes row.  (transfer none) */
static GtkLabel *
sidebar_badge (void)
{
  GtkWidget *row = bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, "name", "disputes");

  g_assert_nonnull (row);
  return GTK_LABEL (bd_gui_test_find_with_class (row, GTK_TYPE_LABEL, "sidebar-badge"));
}

static gboolean
badge_says (gpointer data)
{
  GtkLabel *badge = sidebar_badge ();
  guint expected = GPOINTER_TO_UINT (data);

  if (expected == 0)
    return !gtk_widget_get_visible (GTK_WIDGET (badge));
  return gtk_widget_get_visible (GTK_WIDGET (badge)) &&
         (guint) g_ascii_strtoull (gtk_label_get_text (badge), NULL, 10) == expected;
}

static GtkToggleButton *
filter_button (const char *label)
{
  GtkWidget *button = bd_gui_test_find_widget (disputes_page (), GTK_TYPE_TOGGLE_BUTTON, "label", label);

  g_assert_nonnull (button);
  return GTK_TOGGLE_BUTTON (button);
}

static void
save_screens (const char *name)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), name, 1200, 800, TRUE);
}

static gboolean
visible_page_is (gpointer name)
{
  return g_strcmp0 (bd_window_get_visible_page (window), name) == 0;
}

/* Tests */

/* After the first sync: the open disputes, exactly as the API lists them,
 * each with its words; the sidebar counts them; "All" lists every one. */
static void
test_list (void)
{
  BdAccount *account;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JsonObject) made = NULL;
  g_autoptr(GDateTime) opened = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *age = NULL;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "400", NULL);
  if (server == NULL)
    return;
  /* Two more open ones, so that there is something to count. */
  json_object_unref (open_dispute ());
  made = open_dispute ();
  open = server_disputes ("dispute_opened");
  all = server_disputes (NULL);
  g_assert_cmpuint (open->len, >=, 2);
  g_assert_cmpuint (all->len, >, open->len);

  account = bd_gui_test_add_sandbox_account (app, "Disputes Shop", server, bd_test_sandbox_get_key (server));
  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  bd_gui_test_present (GTK_WINDOW (window));
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);

  g_assert_true (bd_window_show_page (window, "disputes", NULL));
  g_assert_true (gtk_toggle_button_get_active (filter_button ("Open")));
  assert_rows ("dispute_opened");
  bd_gui_test_wait_for (badge_says, GUINT_TO_POINTER (open->len), 30);

  /* Their words: status, stage, reason, links, and where the deadline is. */
  bd_gui_test_wait_for_text (disputes_page (), "Product not received");
  g_assert_nonnull (bd_gui_test_find_with_class (disputes_page (), GTK_TYPE_LABEL, "status-warning"));
  g_assert_nonnull (bd_gui_test_find_text (disputes_page (), "Open"));
  /* Its age, in days since it was opened (the sandbox's clock may be
   * behind the real one). */
  opened = g_date_time_new_from_iso8601 (json_object_get_string_member (made, "created_at"), NULL);
  now = g_date_time_new_now_utc ();
  age = g_date_time_difference (now, opened) < G_TIME_SPAN_DAY
        ? g_strdup ("Opened today")
        : g_strdup_printf ("%d days old", (int) (g_date_time_difference (now, opened) / G_TIME_SPAN_DAY));
  g_assert_nonnull (bd_gui_test_find_text (disputes_page (), age));
  g_assert_nonnull (bd_gui_test_find_text (disputes_page (), "Payment pay_"));
  g_assert_nonnull (bd_gui_test_find_text (disputes_page (), "does not tell apps when a response"));
  save_screens ("disputes-open");

  gtk_toggle_button_set_active (filter_button ("All"), TRUE);
  assert_rows (NULL);
  /* The count stays that of the open ones. */
  g_assert_true (badge_says (GUINT_TO_POINTER (open->len)));
  save_screens ("disputes-all");
}

/* A dispute opened in Dodo: after Ctrl+R it is listed, and counted. */
static void
test_new_dispute_counted (void)
{
  g_autoptr(JsonObject) made = NULL;
  g_autoptr(GPtrArray) open = NULL;

  if (window == NULL)
    return;
  made = open_dispute ();
  open = server_disputes ("dispute_opened");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  bd_gui_test_wait_for (badge_says, GUINT_TO_POINTER (open->len), 60);
  assert_rows (NULL);
  gtk_toggle_button_set_active (filter_button ("Open"), TRUE);
  assert_rows ("dispute_opened");
}

/* A row's links open the payment on Invoices and the customer on
 * Customers. */
static void
test_links (void)
{
  g_autoptr(BdDispute) first = NULL;
  GtkWidget *payment_button;
  GtkWidget *customer_button;

  if (window == NULL)
    return;
  g_assert_true (bd_window_show_page (window, "disputes", NULL));
  first = g_list_model_get_item (G_LIST_MODEL (page_rows ()), 0);
  payment_button = bd_gui_test_find_widget (disputes_page (), GTK_TYPE_BUTTON, "action-name", "win.show-payment");
  customer_button = bd_gui_test_find_widget (disputes_page (), GTK_TYPE_BUTTON, "action-name", "win.show-customer");
  g_assert_nonnull (payment_button);
  g_assert_nonnull (customer_button);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, payment_button, 30);

  /* The first row's (the first of those buttons is in the first row). */
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (payment_button)),
                                         NULL), ==, bd_model_get_string (first, "payment-id"));
  gtk_widget_activate (payment_button);
  bd_gui_test_wait_for (visible_page_is, "invoices", 10);
  bd_gui_test_wait_for_text (bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_INVOICES_PAGE, NULL, NULL),
                             bd_model_get_string (first, "payment-id"));

  g_assert_true (bd_window_show_page (window, "disputes", NULL));
  gtk_widget_activate (customer_button);
  bd_gui_test_wait_for (visible_page_is, "customers", 10);
  {
    GtkWidget *entry = bd_gui_test_find_widget (gtk_widget_get_parent (disputes_page ()), GTK_TYPE_SEARCH_ENTRY,
                                                "text", bd_model_get_string (first, "customer-id"));

    g_assert_nonnull (entry);
  }
}

/* win.show-dispute: a settled dispute, hidden by "Open", is shown with
 * "All" chosen, and selected. */
static void
test_show_dispute (void)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) open = NULL;
  const char *settled = NULL;

  if (window == NULL)
    return;
  all = server_disputes (NULL);
  open = server_disputes ("dispute_opened");
  for (guint i = all->len; i > 0 && settled == NULL; i--)
    if (!g_ptr_array_find_with_equal_func (open, all->pdata[i - 1], g_str_equal, NULL))
      settled = all->pdata[i - 1];
  g_assert_nonnull (settled);

  g_assert_true (bd_window_show_page (window, "disputes", NULL));
  gtk_toggle_button_set_active (filter_button ("Open"), TRUE);
  assert_rows ("dispute_opened");
  g_assert_true (bd_window_show_page (window, "customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-dispute", "s", settled));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "disputes");
  g_assert_true (gtk_toggle_button_get_active (filter_button ("All")));
  g_assert_cmpstr (selected_id (), ==, settled);
  assert_rows (NULL);
}

/* An account without disputes says so. */
static void
test_empty (void)
{
  g_autoptr(BdTestSandbox) empty = NULL;
  BdAccount *account;

  if (window == NULL)
    return;
  empty = bd_test_sandbox_start_at_now (NULL);
  if (empty == NULL)
    return;
  account = bd_gui_test_add_sandbox_account (app, "Calm Shop", empty, bd_test_sandbox_get_key (empty));
  bd_window_open_account (window, account);
  g_assert_true (bd_window_show_page (window, "disputes", NULL));
  bd_gui_test_wait_for_text (disputes_page (), "No Disputes");
  g_assert_true (badge_says (GUINT_TO_POINTER (0)));
  save_screens ("disputes-empty");

  bd_gui_test_close (GTK_WINDOW (window));
  window = NULL;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-disputes-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/disputes/list", test_list);
  g_test_add_func ("/gui/disputes/new-dispute-counted", test_new_dispute_counted);
  g_test_add_func ("/gui/disputes/links", test_links);
  g_test_add_func ("/gui/disputes/show-dispute", test_show_dispute);
  g_test_add_func ("/gui/disputes/empty", test_empty);

  ret = g_test_run ();
  ret = bd_gui_test_app_end (ret, &app, (GtkWindow **) &window, &tmp_dir);
  g_clear_pointer (&server, bd_test_sandbox_free);
  g_free (sandbox_exe);
  return ret;
}
