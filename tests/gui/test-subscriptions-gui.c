/* test-subscriptions-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bd-application.h"
#include "bd-customers-page.h"
#include "bd-gui-test.h"
#include "bd-invoice-detail.h"
#include "bd-invoices-page.h"
#include "bd-keyring.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-query-model.h"
#include "bd-subscription.h"
#include "bd-subscriptions-page.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"
#include "sync-test.h"

/* The Subscriptions page in the real application, against a real
 * billing-desk-sandbox, a real cache file and the real keyring of
 * build-aux/test: the synced subscriptions listed newest first, a search
 * that narrows them, the jump from an invoice of a subscription payment
 * to its subscription (clearing a search that would hide it) and on to its
 * customer, and an account with no subscriptions.  The tests run in order
 * on one window and share a throw-away XDG_CONFIG_HOME and XDG_DATA_HOME. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdTestSandbox *server;
static BdWindow *window;
/* The server's subscriptions (JsonObject), newest first. */
static GPtrArray *subscriptions;

/* Helpers: the server's side */

/* Every subscription the sandbox lists, in its order.  (transfer full) */
static GPtrArray *
server_subscriptions (BdTestSandbox *sandbox)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint page = 0; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("/subscriptions?page_size=100&page_number=%u", page);
      g_autoptr(JsonNode) node = bd_test_sandbox_call (sandbox, "GET", path, NULL, 200);
      JsonArray *list = json_object_get_array_member (json_node_get_object (node), "items");

      for (guint i = 0; i < json_array_get_length (list); i++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (list, i)));
      if (json_array_get_length (list) < 100)
        break;
    }
  return items;
}

static const char *
member (JsonObject *object,
        const char *dotted)
{
  g_auto(GStrv) parts = g_strsplit (dotted, ".", 2);

  if (parts[1] != NULL)
    {
      if (!json_object_has_member (object, parts[0]) || json_object_get_null_member (object, parts[0]))
        return NULL;
      return member (json_object_get_object_member (object, parts[0]), parts[1]);
    }
  if (!json_object_has_member (object, dotted) || json_object_get_null_member (object, dotted))
    return NULL;
  return json_object_get_string_member (object, dotted);
}

static const char *
subscription_id (JsonObject *object)
{
  return member (object, "subscription_id");
}

/* The server's subscription @id.  (transfer none) */
static JsonObject *
server_subscription (const char *id)
{
  for (guint i = 0; i < subscriptions->len; i++)
    if (g_strcmp0 (subscription_id (subscriptions->pdata[i]), id) == 0)
      return subscriptions->pdata[i];
  g_error ("no subscription %s on the server", id);
}

/* Whether every word of @search begins a word of the columns the cache's
 * search looks at: ids, customer name and email, product name. */
static gboolean
subscription_matches (JsonObject *object,
                      const char *search)
{
  g_autofree char *all = g_strjoin (" ",
                                    subscription_id (object),
                                    member (object, "customer.customer_id"),
                                    member (object, "customer.name") ?: "",
                                    member (object, "customer.email") ?: "",
                                    member (object, "product_name") ?: "",
                                    NULL);

  return bd_gui_test_search_matches (all, search);
}

/* Helpers: what the window shows */

static GtkWidget *
subscriptions_page (void)
{
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_SUBSCRIPTIONS_PAGE, NULL, NULL);

  g_assert_nonnull (page);
  return page;
}

/* The stack under @widget that has a page called @name.  (transfer none) */
static GtkStack *
find_stack (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), name) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The list's state: "loading", "list", "empty", "no-match" or "error" (the
 * detail pane has a stack of its own). */
static const char *
page_state (void)
{
  GtkStack *stack = find_stack (subscriptions_page (), "no-match");

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (stack);
}

static GtkListView *
list_view (void)
{
  return GTK_LIST_VIEW (bd_gui_test_find_widget (subscriptions_page (), GTK_TYPE_LIST_VIEW, NULL, NULL));
}

/* The list's rows: a GtkSingleSelection over the page's BdQueryModel. */
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

/* The subscription ids of the list's rows, in order.  (transfer full) */
static GPtrArray *
row_ids (void)
{
  return bd_gui_test_row_ids (G_LIST_MODEL (page_rows ()), "subscription-id");
}

/* The id of the selected subscription, or NULL.  (transfer none) */
static const char *
selected_id (void)
{
  GtkSingleSelection *rows = page_rows ();
  BdSubscription *item = rows != NULL ? gtk_single_selection_get_selected_item (rows) : NULL;

  return item != NULL ? bd_model_get_string (item, "subscription-id") : NULL;
}

static GtkEditable *
search_entry (void)
{
  return GTK_EDITABLE (bd_gui_test_find_widget (subscriptions_page (), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
}

typedef struct
{
  GPtrArray *expected;   /* of const char *, subscription ids */
  GPtrArray *last;
} IdsWait;

/* The sync has ended, and the list shows exactly the expected rows. */
static gboolean
rows_are (gpointer data)
{
  IdsWait *wait = data;

  if (bd_window_is_syncing (window) || page_loading ())
    return FALSE;
  g_clear_pointer (&wait->last, g_ptr_array_unref);
  wait->last = row_ids ();
  return bd_gui_test_strv_equal (wait->last, wait->expected);
}

/* Waits until the list shows the server's subscriptions that match
 * @search (NULL: all), in the server's order. */
static void
assert_rows (const char *search)
{
  IdsWait wait = { g_ptr_array_new (), NULL };

  for (guint i = 0; i < subscriptions->len; i++)
    if (search == NULL || subscription_matches (subscriptions->pdata[i], search))
      g_ptr_array_add (wait.expected, (gpointer) subscription_id (subscriptions->pdata[i]));
  bd_gui_test_poll_for (rows_are, &wait, 100);
  g_ptr_array_unref (wait.expected);
  g_ptr_array_unref (wait.last);
}

/* Pictures, once the window has drawn what the last step changed. */
static void
save_screens (const char *name,
              gboolean    narrow_too)
{
  /* A blinking text cursor keeps redrawing: nothing has the focus. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), name, 1200, 800, narrow_too);
}

/* Tests */

/* An account's subscriptions after its first sync: all of them, newest
 * first, each with its product, customer, status and amount per period;
 * nothing selected yet. */
static void
test_list (void)
{
  BdAccount *account;
  JsonObject *newest;
  g_autofree char *amount = NULL;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "200", NULL);
  if (server == NULL)
    return;
  subscriptions = server_subscriptions (server);
  g_assert_cmpuint (subscriptions->len, >, 10);
  account = bd_gui_test_add_sandbox_account (app, "Plans Shop", server, bd_test_sandbox_get_key (server));

  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  bd_gui_test_present (GTK_WINDOW (window));
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);

  /* In the sidebar, after the Dashboard and Invoices. */
  {
    g_auto(GStrv) pages = bd_window_list_pages (window);

    g_assert_cmpstr (pages[1], ==, "dashboard");
    g_assert_cmpstr (pages[2], ==, "invoices");
    g_assert_cmpstr (pages[3], ==, "subscriptions");
  }
  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  assert_rows (NULL);
  g_assert_cmpstr (page_state (), ==, "list");

  /* The newest on screen: product, customer, status, amount per period. */
  newest = subscriptions->pdata[0];
  bd_gui_test_wait_for (bd_gui_test_is_mapped,
                        bd_gui_test_find_text (subscriptions_page (), member (newest, "product_name")), 30);
  g_assert_nonnull (bd_gui_test_find_text (subscriptions_page (), member (newest, "customer.email")));
  {
    g_autoptr(BdMoney) money = bd_money_new (json_object_get_int_member (newest, "recurring_pre_tax_amount"),
                                             member (newest, "currency"));
    g_autofree char *each = bd_money_format (money);
    const char *interval = member (newest, "payment_frequency_interval");

    g_assert_cmpint (json_object_get_int_member (newest, "payment_frequency_count"), ==, 1);
    amount = g_strdup_printf ("%s / %s", each, g_str_equal (interval, "Year") ? "year" : "month");
  }
  g_assert_nonnull (bd_gui_test_find_text (subscriptions_page (), amount));
  /* Its status as a coloured tag (the newest are active). */
  g_assert_nonnull (bd_gui_test_find_with_class (subscriptions_page (), GTK_TYPE_LABEL, "status-success"));

  g_assert_null (selected_id ());
  g_assert_nonnull (bd_gui_test_find_text (subscriptions_page (), "Select a Subscription"));
  save_screens ("subscriptions", TRUE);
}

/* Ctrl+F focuses the search; a customer's name narrows the list to the
 * subscriptions whose customer, product or id has words beginning so;
 * nothing matching says so; an empty search shows all again. */
static void
test_search (void)
{
  g_autofree char *search = NULL;
  g_auto(GStrv) words = NULL;
  GtkWidget *focus;
  guint matching = 0;

  if (window == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == GTK_WIDGET (search_entry ()) || gtk_widget_is_ancestor (focus, GTK_WIDGET (search_entry ())));

  /* A first name and the start of a last name: a few subscriptions. */
  words = bd_gui_test_search_words (member (subscriptions->pdata[subscriptions->len / 2], "customer.name"));
  g_assert_nonnull (words[0]);
  search = words[1] != NULL ? g_strdup_printf ("%s %.2s", words[0], words[1]) : g_strdup (words[0]);
  for (guint i = 0; i < subscriptions->len; i++)
    matching += subscription_matches (subscriptions->pdata[i], search);
  g_assert_cmpuint (matching, >=, 1);
  g_assert_cmpuint (matching, <, subscriptions->len);
  gtk_editable_set_text (search_entry (), search);
  assert_rows (search);
  save_screens ("subscriptions-search", TRUE);

  /* A product's name. */
  gtk_editable_set_text (search_entry (), "team");
  assert_rows ("team");

  /* Nothing matches. */
  gtk_editable_set_text (search_entry (), "zzqxj");
  assert_rows ("zzqxj");
  g_assert_cmpstr (page_state (), ==, "no-match");
  g_assert_nonnull (bd_gui_test_find_widget (subscriptions_page (), ADW_TYPE_STATUS_PAGE,
                                             "title", "No Subscriptions Match"));
  save_screens ("subscriptions-no-match", FALSE);

  gtk_editable_set_text (search_entry (), "");
  assert_rows (NULL);
}

static GtkWidget *
invoices_page (void)
{
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_INVOICES_PAGE, NULL, NULL);

  g_assert_nonnull (page);
  return page;
}

static gboolean
selected_is (gpointer id)
{
  return g_strcmp0 (selected_id (), id) == 0;
}

/* An invoice of a subscription payment → its "Subscription" row: the
 * Subscriptions page, with that subscription selected and its details in
 * the pane, even when a search there hid it.  The pane's customer row goes
 * on to the Customers page. */
static void
test_jump_from_invoice (void)
{
  GtkSingleSelection *invoices;
  g_autoptr(BdPayment) payment = NULL;
  g_autofree char *target = NULL;
  GtkWidget *detail, *row, *page;
  JsonObject *subscription;
  const char *other = NULL;

  if (window == NULL)
    return;

  /* An invoice of a subscription payment, chosen in the Invoices page. */
  g_assert_true (bd_window_show_page (window, "invoices", NULL));
  invoices = GTK_SINGLE_SELECTION (gtk_column_view_get_model (
    GTK_COLUMN_VIEW (bd_gui_test_find_widget (invoices_page (), GTK_TYPE_COLUMN_VIEW, NULL, NULL))));
  bd_query_model_finish_loading (BD_QUERY_MODEL (gtk_single_selection_get_model (invoices)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (invoices)) && payment == NULL; i++)
    {
      g_autoptr(BdPayment) candidate = g_list_model_get_item (G_LIST_MODEL (invoices), i);

      if (bd_model_get_string (candidate, "subscription-id") != NULL)
        {
          payment = g_steal_pointer (&candidate);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (invoices), i, TRUE);
        }
    }
  g_assert_nonnull (payment);
  target = g_strdup (bd_model_get_string (payment, "subscription-id"));
  subscription = server_subscription (target);

  /* Meanwhile the Subscriptions page was searched for another one. */
  for (guint i = 0; i < subscriptions->len && other == NULL; i++)
    if (g_strcmp0 (subscription_id (subscriptions->pdata[i]), target) != 0)
      other = subscription_id (subscriptions->pdata[i]);
  gtk_editable_set_text (search_entry (), other);
  assert_rows (other);
  g_assert_false (subscription_matches (subscription, other));

  detail = bd_gui_test_find_widget (invoices_page (), BD_TYPE_INVOICE_DETAIL, NULL, NULL);
  bd_gui_test_wait_for_text (detail, target);
  row = bd_gui_test_find_widget (detail, ADW_TYPE_ACTION_ROW, "title", "Subscription");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  gtk_widget_activate (row);

  /* The Subscriptions page: the search cleared, the subscription selected
   * and shown. */
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "subscriptions");
  g_assert_cmpstr (gtk_editable_get_text (search_entry ()), ==, "");
  bd_gui_test_wait_for (selected_is, target, 30);
  page = subscriptions_page ();
  bd_gui_test_wait_for_text (page, target);
  g_assert_nonnull (bd_gui_test_find_text (page, member (subscription, "customer.email")));
  g_assert_nonnull (bd_gui_test_find_widget (page, ADW_TYPE_ACTION_ROW, "title", member (subscription, "customer.name")));
  g_assert_nonnull (bd_gui_test_find_widget (page, ADW_TYPE_ACTION_ROW, "subtitle", member (subscription, "product_name")));
  g_assert_null (bd_gui_test_find_text (page, "Select a Subscription"));
  assert_rows (NULL);
  save_screens ("subscriptions-detail", TRUE);

  /* A subscription the offline copy does not have (yet): said so. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", "sub_not_synced_yet");
  bd_gui_test_wait_for_text (page, "Subscription sub_not_synced_yet is not in the offline copy yet");
  g_assert_null (selected_id ());
  g_assert_nonnull (bd_gui_test_find_text (page, "Not Synced Yet"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", target);
  bd_gui_test_wait_for (selected_is, target, 30);
  bd_gui_test_wait_for_text (page, member (subscription, "customer.email"));

  /* The pane's customer row: the Customers page, narrowed to them. */
  row = bd_gui_test_find_widget (page, ADW_TYPE_ACTION_ROW, "title", member (subscription, "customer.name"));
  gtk_widget_activate (row);
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "customers");
  {
    GtkWidget *customers = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_CUSTOMERS_PAGE, NULL, NULL);
    GtkWidget *entry = bd_gui_test_find_widget (customers, GTK_TYPE_SEARCH_ENTRY, NULL, NULL);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, member (subscription, "customer.customer_id"));
  }
}

static AdwLeaflet *
page_leaflet (void)
{
  return ADW_LEAFLET (bd_gui_test_find_widget (subscriptions_page (), ADW_TYPE_LEAFLET, NULL, NULL));
}

static gboolean
page_folded (gpointer data)
{
  return adw_leaflet_get_folded (page_leaflet ()) == GPOINTER_TO_INT (data);
}

/* Which of the leaflet's pages is shown: "list" or "detail". */
static const char *
shown_pane (void)
{
  return adw_leaflet_page_get_name (adw_leaflet_get_page (page_leaflet (),
                                                          adw_leaflet_get_visible_child (page_leaflet ())));
}

static gboolean
pane_is (gpointer name)
{
  return g_strcmp0 (shown_pane (), name) == 0;
}

/* On a narrow window the list and the pane take turns: a jump shows the
 * pane, with a way back; Ctrl+F brings the list and its search; a click
 * on a row shows its pane. */
static void
test_narrow (void)
{
  const char *target;
  GtkWidget *page, *back, *focus;

  if (window == NULL)
    return;

  target = subscription_id (subscriptions->pdata[subscriptions->len / 3]);
  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 800);
  bd_gui_test_wait_for (page_folded, GINT_TO_POINTER (TRUE), 30);
  page = subscriptions_page ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", target);
  g_assert_cmpstr (shown_pane (), ==, "detail");
  bd_gui_test_wait_for (selected_is, (gpointer) target, 30);
  bd_gui_test_wait_for_text (page, target);
  back = bd_gui_test_find_widget (page, GTK_TYPE_BUTTON, "action-name", "subscriptions.back");
  bd_gui_test_wait_for (bd_gui_test_is_mapped, back, 30);

  /* Ctrl+F: the list again, typing into its search. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_cmpstr (shown_pane (), ==, "list");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == GTK_WIDGET (search_entry ()) || gtk_widget_is_ancestor (focus, GTK_WIDGET (search_entry ())));

  /* A row: its pane; back: the list. */
  g_signal_emit_by_name (list_view (), "activate", 0);
  g_assert_cmpstr (shown_pane (), ==, "detail");
  g_assert_cmpstr (selected_id (), ==, subscription_id (subscriptions->pdata[0]));
  gtk_widget_activate (back);
  bd_gui_test_wait_for (pane_is, "list", 10);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  bd_gui_test_wait_for (page_folded, GINT_TO_POINTER (FALSE), 30);
}

static gboolean
state_is (gpointer state)
{
  return !bd_window_is_syncing (window) && g_strcmp0 (page_state (), state) == 0;
}

/* An account with no subscriptions: said so. */
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
  account = bd_gui_test_add_sandbox_account (app, "New Shop", empty, bd_test_sandbox_get_key (empty));
  bd_window_open_account (window, account);
  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  bd_gui_test_wait_for (state_is, "empty", 100);
  g_assert_nonnull (bd_gui_test_find_widget (subscriptions_page (), ADW_TYPE_STATUS_PAGE,
                                             "title", "No Subscriptions Yet"));
  save_screens ("subscriptions-empty", FALSE);

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
  app = bd_gui_test_app_begin (&argc, &argv, "bd-subscriptions-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/subscriptions/list", test_list);
  g_test_add_func ("/gui/subscriptions/search", test_search);
  g_test_add_func ("/gui/subscriptions/jump-from-invoice", test_jump_from_invoice);
  g_test_add_func ("/gui/subscriptions/narrow", test_narrow);
  g_test_add_func ("/gui/subscriptions/empty", test_empty);

  ret = g_test_run ();
  ret = bd_gui_test_app_end (ret, &app, (GtkWindow **) &window, &tmp_dir);
  g_clear_pointer (&server, bd_test_sandbox_free);
  g_clear_pointer (&subscriptions, g_ptr_array_unref);
  g_free (sandbox_exe);
  return ret;
}
