/* test-pages-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "bd-application.h"
#include "bd-gui-test.h"
#include "bd-page.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"
#include "sync-test.h"

/* The page contract in the real application, against a real
 * billing-desk-sandbox, a real cache file and the real keyring of
 * build-aux/test: every page of the workspace is a BdPage with a title and
 * an icon, and the window's win.show-* actions reach an object of each
 * kind from another page, even with a search on the target page that
 * hides it. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdTestSandbox *server;
static BdWindow *window;

/* Helpers */

/* The id (@key) of the first object the sandbox lists at @path.
 * (transfer full) */
static char *
first_id (const char *path,
          const char *key)
{
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", path, NULL, 200);
  JsonArray *items = json_object_get_array_member (json_node_get_object (node), "items");
  JsonObject *last;

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  /* The oldest on the page: far from the top of a newest-first list. */
  last = json_array_get_object_element (items, json_array_get_length (items) - 1);
  return g_strdup (json_object_get_string_member (last, key));
}

static GtkWidget *
page (const char *name)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (bd_gui_test_find_widget (GTK_WIDGET (window),
                                                                               BD_TYPE_PAGE, NULL, NULL)));
  GtkWidget *child = gtk_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return child;
}

/* The first sync has ended and the Customers page shows @data, the
 * newest customer's email. */
static gboolean
synced (gpointer data)
{
  return !bd_window_is_syncing (window) && bd_gui_test_find_text (page ("customers"), data) != NULL;
}

/* Shows @name and types @text into its search, which then hides
 * everything ("No … Match"). */
static void
search (const char *name,
        const char *text)
{
  GtkWidget *entry = bd_gui_test_find_widget (page (name), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);

  g_assert_nonnull (entry);
  g_assert_true (bd_window_show_page (window, name, NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  bd_gui_test_wait_for_text (page (name), "Match");
}

static const char *
search_text (const char *name)
{
  GtkWidget *entry = bd_gui_test_find_widget (page (name), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);

  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* Tests */

static void
test_contract (void)
{
  BdAccount *account;
  g_auto(GStrv) names = NULL;
  g_autoptr(JsonNode) customers = NULL;
  const char *newest_email;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "200", NULL);
  if (server == NULL)
    return;
  account = bd_gui_test_add_sandbox_account (app, "Pages Shop", server, bd_test_sandbox_get_key (server));
  customers = bd_test_sandbox_call (server, "GET", "/customers?page_size=1", NULL, 200);
  newest_email = json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (customers), "items"), 0), "email");

  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  bd_gui_test_present (GTK_WINDOW (window));
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);
  g_assert_true (bd_window_show_page (window, "customers", NULL));
  bd_gui_test_poll_for (synced, (gpointer) newest_email, 120);

  /* Every workspace page is a BdPage, titled and with an icon, and has a
   * row in the sidebar under its title. */
  names = bd_window_list_pages (window);
  g_assert_cmpuint (g_strv_length (names), >=, 4);
  for (guint i = 1; names[i] != NULL; i++)
    {
      GtkWidget *child = page (names[i]);
      g_autofree char *title = NULL;
      g_autofree char *icon = NULL;

      g_assert_true (BD_IS_PAGE (child));
      title = bd_page_get_title (BD_PAGE (child));
      icon = bd_page_get_icon_name (BD_PAGE (child));
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (icon);
      g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, "name", names[i]));
      g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "label", title));
    }

  /* win.show-page shows a page by name; a button for a kind whose page
   * does not exist (yet) is insensitive, its action disabled. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "customers");
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "customers");
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    GtkWidget *product = gtk_button_new_with_label ("Product");
    GtkWidget *customer = gtk_button_new_with_label ("Customer");

    gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (product), "win.show-product::pdt_1");
    gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (customer), "win.show-customer::cus_1");
    gtk_box_append (GTK_BOX (box), product);
    gtk_box_append (GTK_BOX (box), customer);
    gtk_box_append (GTK_BOX (adw_bin_get_child (ADW_BIN (page ("customers")))), box);
    g_assert_false (gtk_widget_get_sensitive (product));
    g_assert_true (gtk_widget_get_sensitive (customer));
    gtk_box_remove (GTK_BOX (adw_bin_get_child (ADW_BIN (page ("customers")))), box);
  }
}

/* Each kind of object, opened from another page whose search is on, while
 * the target page's own search hides the object. */
static void
test_show_objects (void)
{
  g_autofree char *customer_id = NULL;
  g_autofree char *subscription_id = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *refund_id = NULL;
  g_autofree char *dispute_id = NULL;

  if (window == NULL)
    return;

  customer_id = first_id ("/customers?page_size=100", "customer_id");
  subscription_id = first_id ("/subscriptions?page_size=100", "subscription_id");
  payment_id = first_id ("/payments?page_size=100", "payment_id");
  refund_id = first_id ("/refunds?page_size=100", "refund_id");
  dispute_id = first_id ("/disputes?page_size=100", "dispute_id");

  /* A subscription, from the Customers page. */
  search ("subscriptions", "zzzz");
  g_assert_true (bd_window_show_page (window, "customers", NULL));
  search ("customers", "zzzz");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", subscription_id));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "subscriptions");
  g_assert_cmpstr (search_text ("subscriptions"), ==, "");
  bd_gui_test_wait_for_text (page ("subscriptions"), subscription_id);

  /* A customer, from the Subscriptions page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customer", "s", customer_id));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "customers");
  g_assert_cmpstr (search_text ("customers"), ==, customer_id);

  /* A payment and a refund, from the Customers page, while the Invoices
   * page's search hides them. */
  search ("invoices", "zzzz");
  g_assert_true (bd_window_show_page (window, "customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-payment", "s", payment_id));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "invoices");
  g_assert_cmpstr (search_text ("invoices"), ==, "");
  bd_gui_test_wait_for_text (page ("invoices"), payment_id);

  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-refund", "s", refund_id));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "invoices");
  bd_gui_test_wait_for_text (page ("invoices"), refund_id);

  /* A dispute, from the Invoices page, while the Disputes page's search
   * hides it. */
  search ("disputes", "zzzz");
  g_assert_true (bd_window_show_page (window, "invoices", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-dispute", "s", dispute_id));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "disputes");
  g_assert_cmpstr (search_text ("disputes"), ==, "");

  /* Not in the cache: said so, not silently ignored. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", "sub_not_synced_yet"));
  bd_gui_test_wait_for_text (page ("subscriptions"), "Not Synced Yet");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-payment", "s", "pay_not_synced_yet"));
  bd_gui_test_wait_for_text (page ("invoices"), "Not Synced Yet");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-pages-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/pages/contract", test_contract);
  g_test_add_func ("/gui/pages/show-objects", test_show_objects);

  ret = g_test_run ();
  ret = bd_gui_test_app_end (ret, &app, (GtkWindow **) &window, &tmp_dir);
  g_clear_pointer (&server, bd_test_sandbox_free);
  g_free (sandbox_exe);
  return ret;
}
