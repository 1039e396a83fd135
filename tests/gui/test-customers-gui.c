/* test-customers-gui.c
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
#include "bd-keyring.h"
#include "bd-query-model.h"
#include "bd-session-key-dialog.h"
#include "bd-store-path.h"
#include "bd-sync.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* The data path in the real window, against real sandboxes, a real cache
 * file and the real keyring of build-aux/test: the first run's offline
 * sandbox synced onto the Customers page and searched; Ctrl+R bringing a
 * customer added meanwhile; an account whose server is gone showing its
 * cached customers under the offline banner; and a refused key replaced
 * through the dialog.  The tests run in order and share one throw-away
 * XDG_CONFIG_HOME and XDG_DATA_HOME. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
/* The first run's window, kept open for the Ctrl+R test. */
static BdWindow *demo_window;

typedef struct
{
  char *id;
  char *name;
  char *email;
} Customer;

static void
customer_free (Customer *customer)
{
  g_free (customer->id);
  g_free (customer->name);
  g_free (customer->email);
  g_free (customer);
}

/* Helpers: the server's side */

typedef struct
{
  const char *url;
  const char *key;
  GPtrArray  *customers;
} Fetch;

/* Worker thread: every customer, page by page, with the blocking client. */
static gpointer
fetch_thread (gpointer data)
{
  Fetch *fetch = data;
  g_autoptr(BdDodoClient) client = bd_dodo_client_new (fetch->url, NULL);

  bd_dodo_client_set_api_key (client, fetch->key);
  for (guint page = 0; ; page++)
    {
      g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *items;

      g_hash_table_insert (query, "page_size", g_strdup ("100"));
      g_hash_table_insert (query, "page_number", g_strdup_printf ("%u", page));
      node = bd_dodo_client_request (client, "GET", "/customers", query, NULL, NULL, &error);
      g_assert_no_error (error);
      items = json_object_get_array_member (json_node_get_object (node), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *object = json_array_get_object_element (items, i);
          Customer *customer = g_new0 (Customer, 1);

          customer->id = g_strdup (json_object_get_string_member (object, "customer_id"));
          customer->name = g_strdup (json_object_get_string_member (object, "name"));
          customer->email = g_strdup (json_object_get_string_member (object, "email"));
          g_ptr_array_add (fetch->customers, customer);
        }
      if (json_array_get_length (items) < 100)
        break;
    }

  return NULL;
}

/* The server's customers, newest first.  (transfer full) */
static GPtrArray *
server_customers (const char *url,
                  const char *key)
{
  Fetch fetch = { url, key, g_ptr_array_new_with_free_func ((GDestroyNotify) customer_free) };

  g_thread_join (g_thread_new ("fetch", fetch_thread, &fetch));
  return fetch.customers;
}

static gpointer
create_thread (gpointer data)
{
  const char **args = data;   /* url, key, name, email */
  g_autoptr(BdDodoClient) client = bd_dodo_client_new (args[0], NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  bd_dodo_client_set_api_key (client, args[1]);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, args[2]);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, args[3]);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = bd_dodo_client_request (client, "POST", "/customers", NULL, body, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Whether every word of @search begins a word of the customer's id, name
 * or email. */
static gboolean
customer_matches (const Customer *customer,
                  const char     *search)
{
  g_autofree char *all = g_strjoin (" ", customer->id, customer->name, customer->email, NULL);

  return bd_gui_test_search_matches (all, search);
}
/* Helpers: what the window shows */

static BdWindow *
open_window (void)
{
  BdWindow *window = bd_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  bd_gui_test_wait_for (bd_gui_test_is_mapped, window, 60);
  return window;
}

static GtkWidget *
customers_page (BdWindow *window)
{
  return bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_CUSTOMERS_PAGE, NULL, NULL);
}

/* The page's state: "loading", "list", "empty", "no-match" or "error". */
static const char *
page_state (GtkWidget *page)
{
  GtkWidget *stack = bd_gui_test_find_widget (page, GTK_TYPE_STACK, NULL, NULL);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* The rows of the list, as a GListModel of BdCustomer.  (transfer none) */
static GListModel *
page_rows (GtkWidget *page)
{
  GtkWidget *view = bd_gui_test_find_widget (page, GTK_TYPE_LIST_VIEW, NULL, NULL);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
}

static guint
n_rows (GtkWidget *page)
{
  GListModel *rows = page_rows (page);

  return rows != NULL ? g_list_model_get_n_items (rows) : 0;
}

/* Whether the list is (re)reading the cache. */
static gboolean
page_loading (GtkWidget *page)
{
  GListModel *rows = page_rows (page);
  GListModel *model = rows != NULL ? gtk_no_selection_get_model (GTK_NO_SELECTION (rows)) : NULL;

  return model != NULL && bd_query_model_is_loading (BD_QUERY_MODEL (model));
}

/* The customer ids of the list's rows, in order.  (transfer full) */
static GPtrArray *
row_ids (GtkWidget *page)
{
  return bd_gui_test_row_ids (page_rows (page), "customer-id");
}

/* The names the rows on screen show (mapped labels).  (transfer full) */
static void
collect_names (GtkWidget *widget,
               GPtrArray *names)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "customer-name")
      && gtk_widget_get_mapped (widget))
    g_ptr_array_add (names, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_names (child, names);
}

static GPtrArray *
shown_names (GtkWidget *page)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  collect_names (bd_gui_test_find_widget (page, GTK_TYPE_LIST_VIEW, NULL, NULL), names);
  return names;
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

typedef struct
{
  BdWindow *window;
  guint     n_rows;
} RowsWait;

/* The sync has ended and the page lists @n_rows customers. */
static gboolean
synced_rows (gpointer data)
{
  RowsWait *wait = data;
  GtkWidget *page = customers_page (wait->window);

  return page != NULL && !bd_window_is_syncing (wait->window)
         && g_strcmp0 (page_state (page), "list") == 0 && n_rows (page) == wait->n_rows
         && !page_loading (page);
}

static void
wait_for_rows (BdWindow *window,
               guint     n)
{
  RowsWait wait = { window, n };

  bd_gui_test_wait_for (synced_rows, &wait, 100);
}

/* The first visible label under @root whose text begins with @prefix. */
static GtkLabel *
find_label_prefix (GtkWidget  *root,
                   const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_prefix (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A click, as a person makes it: the button takes the focus first. */
static void
click (GtkWidget *button)
{
  gtk_widget_grab_focus (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
assert_accel (const char *accel,
              const char *action)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accel);

  g_assert_true (g_strv_contains ((const char * const *) actions, action));
}

/* Tests */

typedef struct
{
  GtkWidget  *page;
  GPtrArray  *expected;   /* of char *, customer ids */
} IdsWait;

static gboolean
rows_are (gpointer data)
{
  IdsWait *wait = data;
  g_autoptr(GPtrArray) ids = row_ids (wait->page);

  if (ids->len != wait->expected->len || page_loading (wait->page))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (ids->pdata[i], wait->expected->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

/* The list's rows are on screen: as many as there are, or a screenful. */
static gboolean
rows_drawn (gpointer data)
{
  IdsWait *wait = data;
  g_autoptr(GPtrArray) names = shown_names (wait->page);

  return names->len == wait->expected->len || names->len >= 8;
}

/* First run → Try the Offline Sandbox → the sandbox's customers, newest
 * first, on the Customers page; typing narrows them to the matching ones. */
static void
test_sandbox_customers (void)
{
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) matching = NULL;
  g_autofree char *search = NULL;
  g_auto(GStrv) words = NULL;
  BdSandboxProcess *sandbox;
  GtkWidget *page, *entry, *focus;
  gint64 started;
  IdsWait wait;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  g_setenv ("BD_SANDBOX_PATH", sandbox_exe, TRUE);
  demo_window = open_window ();
  g_assert_cmpstr (bd_window_get_visible_page (demo_window), ==, "welcome");
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (demo_window), "_Try the Offline Sandbox"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_window_has_account, demo_window, 60);

  /* The Customers page is there, and shows the sandbox's customers once
   * the first sync has run: all of them, newest first. */
  page = customers_page (demo_window);
  g_assert_nonnull (page);
  /* The Dashboard comes first; the merchant picks Customers. */
  g_assert_cmpstr (bd_window_get_visible_page (demo_window), ==, "dashboard");
  g_assert_true (bd_window_show_page (demo_window, "customers", NULL));
  g_assert_cmpstr (bd_window_get_visible_page (demo_window), ==, "customers");
  sandbox = bd_application_get_sandbox (app);
  expected = server_customers (bd_sandbox_process_get_url (sandbox), bd_sandbox_process_get_key (sandbox));
  g_assert_cmpuint (expected->len, >, 100);
  wait_for_rows (demo_window, expected->len);
  g_test_message ("From the click to %u customers listed after the first sync: %.1f s",
                  expected->len, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  ids = row_ids (page);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (ids->pdata[i], ==, ((Customer *) expected->pdata[i])->id);

  /* On screen: the newest customers' names, with email and date. */
  names = shown_names (page);
  g_assert_cmpuint (names->len, >, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (names_contain (names, ((Customer *) expected->pdata[i])->name));
  g_assert_nonnull (bd_gui_test_find_widget (page, GTK_TYPE_LABEL, "label", ((Customer *) expected->pdata[0])->email));
  bd_gui_test_save_screens (GTK_WIDGET (demo_window), "customers", 1100, 720, TRUE);

  /* Ctrl+F focuses the search; typing narrows the list to the customers
   * whose name, email or id has words beginning so. */
  assert_accel ("<Control>f", "win.search");
  gtk_widget_activate_action (GTK_WIDGET (demo_window), "win.search", NULL);
  entry = bd_gui_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  focus = gtk_root_get_focus (GTK_ROOT (demo_window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* A first name and the start of a last name: a handful of customers. */
  words = bd_gui_test_search_words (((Customer *) expected->pdata[expected->len / 2])->name);
  g_assert_nonnull (words[0]);
  search = words[1] != NULL ? g_strdup_printf ("%s %.2s", words[0], words[1]) : g_strdup (words[0]);
  matching = g_ptr_array_new ();
  for (guint i = 0; i < expected->len; i++)
    if (customer_matches (expected->pdata[i], search))
      g_ptr_array_add (matching, ((Customer *) expected->pdata[i])->id);
  g_assert_cmpuint (matching->len, >=, 1);
  g_assert_cmpuint (matching->len, <, expected->len);

  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  wait = (IdsWait) { page, matching };
  bd_gui_test_wait_for (rows_are, &wait, 60);
  bd_gui_test_wait_for (rows_drawn, &wait, 60);
  g_clear_pointer (&names, g_ptr_array_unref);
  names = shown_names (page);
  for (guint i = 0; i < names->len; i++)
    {
      Customer probe = { (char *) "", names->pdata[i], (char *) "" };

      /* Every row shown matches by its name or its email. */
      if (!customer_matches (&probe, search))
        {
          gboolean by_email = FALSE;

          for (guint j = 0; j < expected->len && !by_email; j++)
            by_email = g_str_equal (((Customer *) expected->pdata[j])->name, names->pdata[i])
                       && customer_matches (expected->pdata[j], search);
          g_assert_true (by_email);
        }
    }
  if (matching->len <= 8)
    g_assert_cmpuint (names->len, ==, matching->len);
  gtk_window_set_focus (GTK_WINDOW (demo_window), NULL);
  bd_gui_test_save_screens (GTK_WIDGET (demo_window), "customers-search", 1100, 720, TRUE);

  /* Nothing matches: said so. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzqxj");
  wait = (IdsWait) { page, g_ptr_array_new () };
  bd_gui_test_wait_for (rows_are, &wait, 60);
  g_ptr_array_unref (wait.expected);
  g_assert_cmpstr (page_state (page), ==, "no-match");
  g_assert_nonnull (bd_gui_test_find_widget (page, ADW_TYPE_STATUS_PAGE, "title", "No Customers Match"));
  bd_gui_test_save_screens (GTK_WIDGET (demo_window), "customers-no-match", 1100, 720, FALSE);

  /* Escape-like clearing brings everyone back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_for_rows (demo_window, expected->len);
}

/* Ctrl+R (and F5) sync again: a customer added in the sandbox meanwhile
 * appears at the top. */
static void
test_sync_again (void)
{
  BdSandboxProcess *sandbox = bd_application_get_sandbox (app);
  const char *args[] = { NULL, NULL, "Zelda Newcomer", "zelda.newcomer@example.org" };
  g_autoptr(GPtrArray) expected = NULL;
  GtkWidget *page;
  IdsWait wait;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe) || demo_window == NULL)
    return;

  assert_accel ("<Control>r", "win.sync");
  assert_accel ("F5", "win.sync");

  args[0] = bd_sandbox_process_get_url (sandbox);
  args[1] = bd_sandbox_process_get_key (sandbox);
  g_thread_join (g_thread_new ("create", create_thread, args));
  expected = server_customers (args[0], args[1]);
  g_assert_cmpstr (((Customer *) expected->pdata[0])->name, ==, "Zelda Newcomer");

  page = customers_page (demo_window);
  g_assert_false (bd_window_is_syncing (demo_window));
  gtk_widget_activate_action (GTK_WIDGET (demo_window), "win.sync", NULL);
  g_assert_true (bd_window_is_syncing (demo_window));

  wait.page = page;
  wait.expected = g_ptr_array_new ();
  for (guint i = 0; i < expected->len; i++)
    g_ptr_array_add (wait.expected, ((Customer *) expected->pdata[i])->id);
  bd_gui_test_wait_for (rows_are, &wait, 100);
  g_ptr_array_unref (wait.expected);

  bd_gui_test_wait_for (bd_gui_test_is_mapped,
                        bd_gui_test_find_widget (page, GTK_TYPE_LABEL, "label", "Zelda Newcomer"), 60);

  bd_gui_test_close (GTK_WINDOW (demo_window));
  demo_window = NULL;
}

static gboolean
banner_shown (gpointer window)
{
  GtkLabel *label = find_label_prefix (window, "Offline — ");

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

/* An account whose server is gone: its cached customers, and the offline
 * banner with the time of the last sync. */
static void
test_offline (void)
{
  g_autoptr(BdTestSandbox) server = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;
  BdAccount *account;
  BdWindow *window;
  GtkLabel *label;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "200", NULL);
  if (server == NULL)
    return;
  account = bd_gui_test_add_sandbox_account (app, "Cached Shop", server, bd_test_sandbox_get_key (server));
  expected = server_customers (bd_test_sandbox_get_url (server), bd_test_sandbox_get_key (server));

  /* Synced once… */
  window = open_window ();
  bd_window_open_account (window, account);
  wait_for_rows (window, expected->len);
  g_assert_false (banner_shown (window));
  bd_gui_test_close (GTK_WINDOW (window));

  /* …then the server is gone: the cached customers show, and the banner
   * says since when. */
  bd_test_sandbox_stop (server);
  window = open_window ();
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (banner_shown, window, 100);
  wait_for_rows (window, expected->len);

  path = bd_store_path_for_account (account);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  last = bd_sync_read_last_success (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (last);
  local = g_date_time_to_local (last);
  clock = g_date_time_format (local, "%H:%M");
  text = g_strdup_printf ("Offline — showing data from today at %s", clock);
  label = find_label_prefix (GTK_WIDGET (window), "Offline — ");
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_assert_true (gtk_widget_get_mapped (bd_gui_test_find_button (gtk_widget_get_parent (GTK_WIDGET (label)), "_Retry")));
  bd_gui_test_save_screens (GTK_WIDGET (window), "customers-offline", 1100, 720, TRUE);

  /* Retry tries again, and stays offline. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  wait_for_rows (window, expected->len);
  g_assert_true (banner_shown (window));

  bd_gui_test_close (GTK_WINDOW (window));
}

static gboolean
banner_hidden (gpointer window)
{
  GtkLabel *label = find_label_prefix (window, "Offline — ");

  return label == NULL || !gtk_widget_get_mapped (GTK_WIDGET (label));
}

/* Offline before the first sync ever ended; Retry once the server answers
 * again: the banner goes and the customers come. */
static void
test_offline_recovers (void)
{
  g_autoptr(BdTestSandbox) server = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(JsonNode) faults = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  GtkLabel *label;
  BdAccount *account;
  BdWindow *window;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "200", NULL);
  if (server == NULL)
    return;
  expected = server_customers (bd_test_sandbox_get_url (server), bd_test_sandbox_get_key (server));
  /* Every connection is dropped before an answer: no network, as far as
   * the app can tell. */
  faults = bd_test_sandbox_call (server, "POST", "/_sandbox/faults",
                                 "{\"spec\": \"route=*,fault=drop-before\"}", 200);
  account = bd_gui_test_add_sandbox_account (app, "Flaky Shop", server, bd_test_sandbox_get_key (server));

  window = open_window ();
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (banner_shown, window, 100);
  label = find_label_prefix (GTK_WIDGET (window), "Offline — ");
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Offline — nothing has been synced yet");
  g_assert_cmpstr (page_state (customers_page (window)), ==, "empty");

  cleared = bd_test_sandbox_call (server, "DELETE", "/_sandbox/faults", NULL, 200);
  click (bd_gui_test_find_button (gtk_widget_get_parent (GTK_WIDGET (label)), "_Retry"));
  wait_for_rows (window, expected->len);
  g_assert_true (banner_hidden (window));

  bd_gui_test_close (GTK_WINDOW (window));
}

static gboolean
error_shown (gpointer dialog)
{
  GtkLabel *label = find_label_prefix (dialog, "Dodo Payments did not accept this key");

  return label != NULL && gtk_widget_get_visible (GTK_WIDGET (label));
}

/* A refused key: the dialog asks for a new one, checks it against the API
 * (a wrong one is refused there and then), stores it, and the sync runs. */
static void
test_replace_key (void)
{
  g_autoptr(BdTestSandbox) server = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(BdSecret) key = NULL;
  GtkWidget *dialog = NULL, *entry, *page;
  BdAccount *account;
  BdWindow *window;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "200", NULL);
  if (server == NULL)
    return;
  account = bd_gui_test_add_sandbox_account (app, "Key Shop", server, "sk_not_the_key");
  expected = server_customers (bd_test_sandbox_get_url (server), bd_test_sandbox_get_key (server));

  window = open_window ();
  bd_window_open_account (window, account);
  dialog = bd_gui_test_wait_for_toplevel (BD_TYPE_SESSION_KEY_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Replace the Key of “Key Shop”");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "did not accept"));
  bd_gui_test_save_screens (dialog, "replace-key", 0, 0, FALSE);

  /* Cancel leaves everything as it was. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (bd_gui_test_find_button (dialog, "_Cancel"));
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  key = bd_gui_test_lookup_key (bd_account_get_id (account), bd_account_get_mode (account));
  g_assert_cmpstr (key, ==, "sk_not_the_key");
  g_clear_pointer (&key, bd_secret_free);
  g_assert_true (bd_window_get_account (window) == account);
  page = customers_page (window);
  g_assert_cmpstr (page_state (page), ==, "empty");
  g_assert_nonnull (bd_gui_test_find_widget (page, ADW_TYPE_STATUS_PAGE, "title", "No Customers Yet"));

  /* Ctrl+R asks again; Escape, typing in the entry, keeps the key too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  dialog = bd_gui_test_wait_for_toplevel (BD_TYPE_SESSION_KEY_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  entry = bd_gui_test_find_widget (dialog, GTK_TYPE_PASSWORD_ENTRY, NULL, NULL);
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "sk_half_typed");
  gtk_widget_activate_action (dialog, "window.close", NULL);
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  key = bd_gui_test_lookup_key (bd_account_get_id (account), bd_account_get_mode (account));
  g_assert_cmpstr (key, ==, "sk_not_the_key");
  g_clear_pointer (&key, bd_secret_free);

  /* Ctrl+R asks again; a wrong key is refused in the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  dialog = bd_gui_test_wait_for_toplevel (BD_TYPE_SESSION_KEY_DIALOG);
  entry = bd_gui_test_find_widget (dialog, GTK_TYPE_PASSWORD_ENTRY, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "sk_also_wrong");
  click (bd_gui_test_find_button (dialog, "_Replace Key"));
  bd_gui_test_wait_for (error_shown, dialog, 60);
  g_assert_true (gtk_widget_get_mapped (dialog));
  key = bd_gui_test_lookup_key (bd_account_get_id (account), bd_account_get_mode (account));
  g_assert_cmpstr (key, ==, "sk_not_the_key");
  g_clear_pointer (&key, bd_secret_free);
  bd_gui_test_save_screens (dialog, "replace-key-refused", 0, 0, FALSE);

  /* The right key (pasted with a line break): stored, and the sync runs. */
  {
    g_autofree char *pasted = g_strdup_printf ("%s\n", bd_test_sandbox_get_key (server));

    gtk_editable_set_text (GTK_EDITABLE (entry), pasted);
  }
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (bd_gui_test_find_button (dialog, "_Replace Key"));
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  key = bd_gui_test_lookup_key (bd_account_get_id (account), bd_account_get_mode (account));
  g_assert_cmpstr (key, ==, bd_test_sandbox_get_key (server));
  wait_for_rows (window, expected->len);

  bd_gui_test_close (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-customers-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/customers/sandbox-customers", test_sandbox_customers);
  g_test_add_func ("/gui/customers/sync-again", test_sync_again);
  g_test_add_func ("/gui/customers/offline", test_offline);
  g_test_add_func ("/gui/customers/offline-recovers", test_offline_recovers);
  g_test_add_func ("/gui/customers/replace-key", test_replace_key);

  ret = g_test_run ();
  g_free (sandbox_exe);
  return bd_gui_test_app_end (ret, &app, NULL, &tmp_dir);
}
