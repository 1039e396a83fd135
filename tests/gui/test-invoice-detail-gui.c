/* test-invoice-detail-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bd-account.h"
#include "bd-gui-test.h"
#include "bd-invoice-detail.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund-dialog.h"
#include "bd-refund.h"
#include "bd-report.h"
#include "bd-store-path.h"
#include "bd-subscription.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "store-test.h"
#include "sync-test.h"

/* The invoice detail pane and Issue Refund… in a real window, against a
 * real billing-desk-sandbox and a real cache synced from it: what the pane
 * shows, a refund that reaches Dodo once and changes the cache, a refund
 * whose answer is lost (never sent twice), Dodo's refusal, Open PDF, and
 * Save PDF As… (the file chooser, and failures that leave no partial
 * file). */

typedef struct
{
  BdTestSandbox   *sandbox;
  BdDodoClient    *client;
  BdAccount       *account;
  BdStore         *store;
  GtkWindow       *window;
  BdInvoiceDetail *detail;
  guint            data_changed;
  char            *product_id;
} Fixture;

static char *tmp_dir;

/* Helpers */

/* The default PDF viewer of the tests: a desktop file in the private
 * XDG_DATA_HOME, made the default for PDFs in the private XDG_CONFIG_HOME,
 * that only notes the URI it was given in TMP/viewer-opened. */
static void
install_viewer (const char *data,
                const char *config)
{
  g_autofree char *apps = g_build_filename (data, "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "bd-test-viewer.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *marker = g_build_filename (tmp_dir, "viewer-opened", NULL);
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Viewer\n"
                           "Exec=sh -c 'echo \"$1\" >> %s' sh %%u\nMimeType=application/pdf;\n",
                           marker);
  g_assert_true (g_file_set_contents (desktop, entry, -1, &error));
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\napplication/pdf=bd-test-viewer.desktop\n",
                                      -1, &error));
  g_assert_no_error (error);
}

/* A one-line product and a paid checkout for it; returns the payment id. */
static char *
buy (BdTestSandbox *sandbox,
     const char    *product_id,
     const char    *email,
     const char    *name)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                                           "\"customer\":{\"email\":\"%s\",\"name\":\"%s\"},"
                                           "\"billing_address\":{\"country\":\"DE\",\"city\":\"Berlin\","
                                           "\"street\":\"Unter den Linden 1\",\"zipcode\":\"10117\"}}",
                                           product_id, email, name);
  g_autoptr(JsonNode) session = bd_test_sandbox_call (sandbox, "POST", "/checkouts", body, 200);
  const char *session_id = json_object_get_string_member (json_node_get_object (session), "session_id");
  g_autofree char *path = g_strdup_printf ("/_sandbox/checkouts/%s/complete", session_id);
  g_autoptr(JsonNode) done = bd_test_sandbox_call (sandbox, "POST", path, "{\"card\":\"4242424242424242\"}", 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (done), "payment_id"));
}

/* The refunds Dodo (the sandbox) has for @payment_id. */
static guint
sandbox_refunds (Fixture    *f,
                 const char *payment_id)
{
  g_autofree char *path = g_strdup_printf ("/payments/%s", payment_id);
  g_autoptr(JsonNode) payment = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);
  JsonObject *object = json_node_get_object (payment);

  if (!json_object_has_member (object, "refunds") || json_object_get_null_member (object, "refunds"))
    return 0;
  return json_array_get_length (json_object_get_array_member (object, "refunds"));
}

static BdPayment *
cached_payment (Fixture    *f,
                const char *payment_id)
{
  g_autoptr(GError) error = NULL;
  BdPayment *payment = bd_store_lookup (f->store, BD_TYPE_PAYMENT, payment_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payment);
  return payment;
}

/* Syncs the sandbox into the account's cache and (re)opens it. */
static void
sync_cache (Fixture *f)
{
  g_autofree char *path = bd_store_path_for_account (f->account);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (sync_test_run (f->client, path, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = bd_store_open (path, &error);
  g_assert_no_error (error);
}

static void
on_data_changed (BdInvoiceDetail *detail,
                 Fixture         *f)
{
  f->data_changed++;
}

static gboolean
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) product = NULL;
  GtkWidget *overlay;

  memset (f, 0, sizeof *f);
  if (!bd_gui_test_require_display ())
    return FALSE;
  f->sandbox = bd_test_sandbox_start_with ("--seed", "5", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->client = sync_test_client (f->sandbox);
  f->account = bd_account_new ("Sandbox", BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  product = bd_test_sandbox_call (f->sandbox, "POST", "/products",
                                  "{\"name\":\"Poster\",\"tax_category\":\"digital_products\","
                                  "\"price\":{\"type\":\"one_time_price\",\"price\":2500,\"currency\":\"USD\","
                                  "\"discount\":0,\"purchasing_power_parity\":false}}", 200);
  f->product_id = g_strdup (json_object_get_string_member (json_node_get_object (product), "product_id"));

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 1100, 760);
  overlay = adw_toast_overlay_new ();
  f->detail = BD_INVOICE_DETAIL (bd_invoice_detail_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->detail));
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  g_signal_connect (f->detail, "data-changed", G_CALLBACK (on_data_changed), f);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  if (f->window != NULL)
    bd_gui_test_close (f->window);
  g_clear_object (&f->store);
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  g_free (f->product_id);
}

static BdRefundDialog *
find_refund_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (BD_IS_REFUND_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return BD_REFUND_DIALOG (window);
    }
  return NULL;
}

static gboolean
refund_dialog_open (gpointer data)
{
  return find_refund_dialog () != NULL;
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
data_changed (gpointer data)
{
  Fixture *f = data;

  return f->data_changed > 0;
}

/* Opens Issue Refund… for the shown payment from its button and waits
 * until the dialog has read the payment's lines. */
static BdRefundDialog *
open_refund_dialog (Fixture *f)
{
  GtkWidget *button = bd_gui_test_find_widget (GTK_WIDGET (f->detail), GTK_TYPE_BUTTON,
                                               "action-name", "invoices.refund");
  BdRefundDialog *dialog;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  bd_gui_test_wait_for (refund_dialog_open, NULL, 30);
  dialog = find_refund_dialog ();
  bd_gui_test_wait_for (bd_gui_test_is_mapped,
                        bd_gui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "title", "Reason"),
                        60);
  return dialog;
}

static GtkWidget *
dialog_refund_button (BdRefundDialog *dialog)
{
  GtkWidget *button = bd_gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "label", "_Refund");

  g_assert_nonnull (button);
  return button;
}

static void
show_payment (Fixture    *f,
              const char *payment_id)
{
  g_autoptr(BdPayment) payment = cached_payment (f, payment_id);

  bd_invoice_detail_set_data (f->detail, f->account, f->store, f->client);
  bd_invoice_detail_set_item (f->detail, G_OBJECT (payment));
  bd_gui_test_present (f->window);
}

/* Tests */

/* The window's win.show-* actions, as the pane reaches them: each keeps
 * the id it was activated with in *@out. */
static void
on_win_action_activate (GSimpleAction *action,
                        GVariant      *parameter,
                        char         **out)
{
  g_free (*out);
  *out = g_variant_dup_string (parameter, NULL);
}

static void
catch_win_action (GtkWindow   *window,
                  const char  *name,
                  char       **out)
{
  GSimpleActionGroup *group = g_object_get_data (G_OBJECT (window), "bd-test-win");
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, G_VARIANT_TYPE_STRING);

  if (group == NULL)
    {
      group = g_simple_action_group_new ();
      g_object_set_data_full (G_OBJECT (window), "bd-test-win", group, g_object_unref);
      gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
    }
  g_signal_connect (action, "activate", G_CALLBACK (on_win_action_activate), out);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
}

/* The pane shows a payment's amount, customer, address, lines and refunds,
 * a credit note with its payment, and "Select an Invoice" for nothing. */
static void
test_shows_payment (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autofree char *refund_id = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *jumped = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdRefund) refund = NULL;
  GtkWidget *row;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "ada@example.com", "Ada Lovelace");
  {
    g_autofree char *body = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"Damaged in transit\"}", payment_id);
    g_autoptr(JsonNode) made = bd_test_sandbox_call (f.sandbox, "POST", "/refunds", body, 200);

    refund_id = g_strdup (json_object_get_string_member (json_node_get_object (made), "refund_id"));
  }
  sync_cache (&f);

  /* Nothing chosen. */
  bd_invoice_detail_set_data (f.detail, f.account, f.store, f.client);
  bd_gui_test_present (f.window);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Select an Invoice");
  bd_gui_test_save_screens (GTK_WIDGET (f.window), "invoice-detail-empty", 0, 0, FALSE);

  /* A payment. */
  show_payment (&f, payment_id);
  payment = cached_payment (&f, payment_id);
  amount = bd_money_format (bd_model_get_money (payment, "total-amount"));
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), amount);
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Ada Lovelace"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "ada@example.com"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Unter den Linden 1, 10117, Berlin"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Poster"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Refunded"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Damaged in transit"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), refund_id));
  /* Fully refunded: nothing left to refund. */
  g_assert_false (gtk_widget_is_sensitive (bd_gui_test_find_widget (GTK_WIDGET (f.detail), GTK_TYPE_BUTTON,
                                                                    "action-name", "invoices.refund")));
  bd_gui_test_save_screens (GTK_WIDGET (f.window), "invoice-detail", 1100, 760, TRUE);

  /* The customer row jumps to the customer, through the window. */
  catch_win_action (f.window, "show-customer", &jumped);
  row = bd_gui_test_find_widget (GTK_WIDGET (f.detail), ADW_TYPE_ACTION_ROW, "title", "Ada Lovelace");
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  g_assert_cmpstr (jumped, ==, bd_model_get_string (payment, "customer-id"));

  /* Its credit note. */
  refund = bd_store_lookup (f.store, BD_TYPE_REFUND, refund_id, NULL);
  g_assert_nonnull (refund);
  bd_invoice_detail_set_item (f.detail, G_OBJECT (refund));
  {
    g_autofree char *title = g_strdup_printf ("Credit Note %s", refund_id);

    bd_gui_test_wait_for_text (GTK_WIDGET (f.window), title);
  }
  bd_gui_test_save_screens (GTK_WIDGET (f.window), "invoice-detail-credit-note", 1100, 760, FALSE);
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), payment_id));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Ada Lovelace"));

  bd_invoice_detail_set_item (f.detail, NULL);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Select an Invoice");
  fixture_tear_down (&f);
}

/* Issue Refund… for part of a line: too much is refused before anything
 * is sent; a right amount makes exactly one refund at Dodo, and the cache's
 * refund status of the payment changes. */
static void
test_refund (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  BdRefundDialog *dialog;
  GtkWidget *line_check;
  GtkWidget *amount_row;
  GtkWidget *reason_row;
  GListModel *refunds;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "grace@example.com", "Grace Hopper");
  sync_cache (&f);
  before = cached_payment (&f, payment_id);
  g_assert_null (bd_model_get_string (before, "refund-status"));

  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Grace Hopper");
  dialog = open_refund_dialog (&f);
  bd_gui_test_save_screens (GTK_WIDGET (dialog), "refund-dialog", 480, 560, FALSE);

  line_check = bd_gui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "title", "_Part of one line");
  g_assert_nonnull (line_check);
  gtk_widget_activate (line_check);
  amount_row = bd_gui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "title", "Amount");
  reason_row = bd_gui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "title", "Reason");

  /* More than the line allows: said, and the button stays off. */
  gtk_editable_set_text (GTK_EDITABLE (amount_row), "30.00");
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "At most $25.00 of this line can be refunded");
  g_assert_false (gtk_widget_is_sensitive (dialog_refund_button (dialog)));
  /* Not an amount. */
  gtk_editable_set_text (GTK_EDITABLE (amount_row), "ten");
  g_assert_false (gtk_widget_is_sensitive (dialog_refund_button (dialog)));

  gtk_editable_set_text (GTK_EDITABLE (amount_row), "10.50");
  gtk_editable_set_text (GTK_EDITABLE (reason_row), "Late delivery");
  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));

  bd_gui_test_wait_for (data_changed, &f, 60);
  g_assert_cmpuint (f.data_changed, ==, 1);
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "Refund Issued");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "$10.50 refunded to Grace Hopper"));
  bd_gui_test_save_screens (GTK_WIDGET (dialog), "refund-dialog-done", 480, 560, FALSE);

  /* Exactly one refund at Dodo, and the cache knows it. */
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);
  after = cached_payment (&f, payment_id);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "partial");
  refunds = bd_model_get_list (after, "refunds");
  g_assert_cmpuint (g_list_model_get_n_items (refunds), ==, 1);
  {
    g_autoptr(BdRefund) listed = g_list_model_get_item (refunds, 0);
    g_autoptr(BdRefund) stored = bd_store_lookup (f.store, BD_TYPE_REFUND,
                                                  bd_model_get_string (listed, "refund-id"), NULL);

    g_assert_nonnull (stored);
    g_assert_cmpint (bd_money_get_amount (bd_model_get_money (stored, "amount")), ==, 1050);
    g_assert_cmpstr (bd_model_get_string (stored, "reason"), ==, "Late delivery");
  }
  /* The pane shows it. */
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Partially refunded");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), "Late delivery"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* The refund reaches Dodo but its answer is lost (drop-after): the dialog
 * does not send it again, reads the payment back and shows the refund that
 * exists; Dodo holds exactly one. */
static void
test_refund_answer_lost (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autoptr(BdPayment) after = NULL;
  BdRefundDialog *dialog;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "alan@example.com", "Alan Turing");
  sync_cache (&f);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Alan Turing");
  dialog = open_refund_dialog (&f);

  {
    g_autoptr(JsonNode) rules = bd_test_sandbox_call (f.sandbox, "POST", "/_sandbox/faults",
                                                      "{\"spec\":\"route=POST /refunds,fault=drop-after,count=1\"}",
                                                      200);
  }
  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));

  bd_gui_test_wait_for (data_changed, &f, 60);
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "Refund Issued");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "The connection dropped after the refund was sent"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "It was not sent again"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "$25.00"));
  bd_gui_test_save_screens (GTK_WIDGET (dialog), "refund-dialog-read-back", 480, 560, FALSE);

  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);
  after = cached_payment (&f, payment_id);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "full");
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Refunded");
  /* The one refund, shown in the pane. */
  {
    GListModel *refunds = bd_model_get_list (after, "refunds");
    g_autoptr(BdRefund) listed = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (refunds), ==, 1);
    listed = g_list_model_get_item (refunds, 0);
    g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), bd_model_get_string (listed, "refund-id")));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* The connection drops before the refund reaches Dodo (drop-before): the
 * read-back finds nothing, so the dialog says nothing was refunded, and
 * trying again makes the one refund. */
static void
test_refund_never_arrived (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  BdRefundDialog *dialog;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "donald@example.com", "Donald Knuth");
  sync_cache (&f);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Donald Knuth");
  dialog = open_refund_dialog (&f);

  {
    g_autoptr(JsonNode) rules = bd_test_sandbox_call (f.sandbox, "POST", "/_sandbox/faults",
                                                      "{\"spec\":\"route=POST /refunds,fault=drop-before,count=1\"}",
                                                      200);
  }
  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "Nothing was refunded; you can try again");
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 0);
  g_assert_cmpuint (f.data_changed, ==, 0);

  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for (data_changed, &f, 60);
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "Refund Issued");
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* Dodo refuses (the payment was refunded elsewhere meanwhile): its code and
 * words are shown, nothing changes. */
static void
test_refund_refused (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  BdRefundDialog *dialog;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "edsger@example.com", "Edsger Dijkstra");
  sync_cache (&f);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Edsger Dijkstra");
  dialog = open_refund_dialog (&f);

  /* Someone refunds it in Dodo's dashboard while the dialog is open. */
  {
    g_autofree char *body = g_strdup_printf ("{\"payment_id\":\"%s\"}", payment_id);
    g_autoptr(JsonNode) made = bd_test_sandbox_call (f.sandbox, "POST", "/refunds", body, 200);
  }

  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "PAYMENT_ALREADY_REFUNDED");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "Dodo Payments refused the refund"));
  bd_gui_test_save_screens (GTK_WIDGET (dialog), "refund-dialog-refused", 480, 560, FALSE);
  g_assert_cmpuint (f.data_changed, ==, 0);
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

/* Dodo makes the refund but the cache cannot be written (its folder went
 * away): the dialog still says the refund was issued, and tells the person
 * that the offline copy is behind, rather than only stderr. */
static void
test_refund_cache_fails (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *moved = NULL;
  BdRefundDialog *dialog;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "ken@example.com", "Ken Thompson");
  sync_cache (&f);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Ken Thompson");
  dialog = open_refund_dialog (&f);

  dir = g_path_get_dirname (bd_store_get_path (f.store));
  moved = g_strconcat (dir, ".moved", NULL);
  g_assert_cmpint (g_rename (dir, moved), ==, 0);

  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for (data_changed, &f, 60);
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "Refund Issued");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "$25.00 refunded to Ken Thompson"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "The offline copy could not be updated"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "after the next sync"));
  bd_gui_test_save_screens (GTK_WIDGET (dialog), "refund-dialog-cache-failed", 480, 560, FALSE);
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (g_rename (moved, dir), ==, 0);
  fixture_tear_down (&f);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_open (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
message_dialog_closed (gpointer data)
{
  return find_message_dialog () == NULL;
}

/* In live mode the refund is asked about first, naming the amount and the
 * customer; "Cancel" sends nothing, "Refund" sends it. */
static void
test_refund_live_confirmation (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autoptr(GError) error = NULL;
  BdRefundDialog *dialog;
  AdwMessageDialog *confirm;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "barbara@example.com", "Barbara Liskov");
  sync_cache (&f);
  /* The same cache, the sandbox's client, but an account that says live. */
  g_clear_object (&f.account);
  f.account = bd_account_new ("Live Shop", BD_ACCOUNT_MODE_LIVE, NULL, &error);
  g_assert_no_error (error);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Barbara Liskov");
  dialog = open_refund_dialog (&f);

  bd_gui_test_wait_for (is_sensitive, dialog_refund_button (dialog), 10);
  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for (message_dialog_open, NULL, 10);
  confirm = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Refund $25.00 to Barbara Liskov?");
  bd_gui_test_save_screens (GTK_WIDGET (confirm), "refund-dialog-live-confirm", 0, 0, FALSE);
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (confirm), GTK_TYPE_BUTTON, "label", "_Cancel"));
  bd_gui_test_wait_for (message_dialog_closed, NULL, 10);
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 0);
  g_assert_cmpuint (f.data_changed, ==, 0);

  gtk_widget_activate (dialog_refund_button (dialog));
  bd_gui_test_wait_for (message_dialog_open, NULL, 10);
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (find_message_dialog ()), GTK_TYPE_BUTTON,
                                                "label", "_Refund"));
  bd_gui_test_wait_for (data_changed, &f, 60);
  g_assert_cmpuint (sandbox_refunds (&f, payment_id), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  fixture_tear_down (&f);
}

typedef struct
{
  const char *path;
  guint       lines;
} Marker;

static gboolean
marker_has_lines (gpointer data)
{
  Marker *m = data;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (m->path, &text, NULL, NULL))
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    n += *c == '\n';
  return n >= m->lines;
}

/* Open PDF downloads the invoice once into the account's folder, next to
 * its cache, and hands that file to the default viewer (here a stand-in
 * that notes what it was given); the second time it is not downloaded
 * again. */
static void
test_open_pdf (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *marker_path = g_build_filename (tmp_dir, "viewer-opened", NULL);
  g_autofree char *seen = NULL;
  g_autoptr(GFile) pdf = NULL;
  Marker marker = { marker_path, 1 };

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "margaret@example.com", "Margaret Hamilton");
  sync_cache (&f);
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Margaret Hamilton");

  sync_test_requests (f.sandbox, TRUE);
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (f.detail), GTK_TYPE_BUTTON,
                                                "action-name", "invoices.open-pdf"));
  bd_gui_test_poll_for (marker_has_lines, &marker, 60);

  dir = bd_store_dir_for_account_id (bd_account_get_id (f.account));
  pdf_path = g_strdup_printf ("%s/invoices/%s.pdf", dir, payment_id);
  pdf = g_file_new_for_path (pdf_path);
  g_assert_true (bd_report_is_valid_pdf (pdf));
  uri = g_file_get_uri (pdf);
  g_assert_true (g_file_get_contents (marker_path, &seen, NULL, NULL));
  /* The URI, or its path: both name the file in the account's folder. */
  g_assert_true (strstr (seen, uri) != NULL || strstr (seen, pdf_path) != NULL);
  g_assert_cmpuint (sync_test_requests (f.sandbox, FALSE), ==, 1);

  /* Again: the viewer gets the same file, nothing is downloaded. */
  marker.lines = 2;
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (f.detail), GTK_TYPE_BUTTON,
                                                "action-name", "invoices.open-pdf"));
  bd_gui_test_poll_for (marker_has_lines, &marker, 60);
  g_assert_cmpuint (sync_test_requests (f.sandbox, FALSE), ==, 1);

  fixture_tear_down (&f);
}

/* Save PDF As… */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SaveWait;

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveWait *wait = user_data;

  wait->ok = bd_invoice_detail_save_pdf_finish (BD_INVOICE_DETAIL (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveWait *) data)->done;
}

/* bd_invoice_detail_save_pdf_async() to @path, waiting for it; the error,
 * if any.  (transfer full) */
static GError *
save_pdf_to (Fixture    *f,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SaveWait wait = { FALSE, FALSE, NULL };

  bd_invoice_detail_save_pdf_async (f->detail, file, on_saved, &wait);
  bd_gui_test_wait_for (save_done, &wait, 60);
  g_assert_true (wait.ok == (wait.error == NULL));
  return wait.error;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in the folder @path, hidden ones too, sorted and joined by
 * spaces ("" for none).  (transfer full) */
static char *
folder_listing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_same_pdf (const char *path,
                 GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 5);
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* Dismisses the toasts shown (one at a time, a toast waits for the one
 * before it), so that the next one is shown at once. */
static void
dismiss_toasts (Fixture *f)
{
  GtkWidget *close;

  while ((close = bd_gui_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON,
                                           "action-name", "toast.close")) != NULL &&
         gtk_widget_get_mapped (close))
    {
      gtk_widget_activate (close);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static gboolean
chooser_has_folder (gpointer chooser)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);

  return folder != NULL;
}

/* Save PDF As… proposes the invoice's own name; Save writes exactly the
 * PDF Dodo (the sandbox) serves for the payment, downloaded once.  A
 * folder that does not exist or cannot be written, and a write that fails
 * half-way, are said in a toast and leave no partial file: an earlier file
 * of that name stays as it was. */
static void
test_save_pdf (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = g_build_filename (tmp_dir, "saved", NULL);
  g_autofree char *chosen = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *expected_name = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GBytes) served = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GFile) folder_file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser;
  const char *invoice_id;

  if (!fixture_set_up (&f))
    return;
  payment_id = buy (f.sandbox, f.product_id, "katherine@example.com", "Katherine Johnson");
  sync_cache (&f);
  payment = cached_payment (&f, payment_id);
  invoice_id = bd_model_get_string (payment, "invoice-id");
  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Katherine Johnson");

  /* What Dodo serves for this payment. */
  path = g_strdup_printf ("/invoices/payments/%s", payment_id);
  g_assert_cmpuint (bd_test_sandbox_fetch (f.sandbox, "GET", path, bd_test_sandbox_get_key (f.sandbox),
                                           NULL, &served), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (served), >, 5);
  g_assert_true (memcmp (g_bytes_get_data (served, NULL), "%PDF-", 5) == 0);
  sync_test_requests (f.sandbox, TRUE);

  /* The menu's Save PDF As…: the chooser opens in the Downloads folder
   * (here tmp_dir/saved, see main()) with the invoice's name; Save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "invoices.save-pdf", NULL));
  chooser = bd_gui_test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  proposed = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  /* The sandbox gives no invoice number: the payment's id then. */
  expected_name = g_strdup_printf ("%s.pdf", invoice_id != NULL ? invoice_id : payment_id);
  g_assert_cmpstr (proposed, ==, expected_name);
  /* The chooser takes the folder once it has read it. */
  bd_gui_test_poll_for (chooser_has_folder, chooser, 30);
  folder_file = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  {
    g_autofree char *shown = g_file_get_path (folder_file);

    g_assert_cmpstr (shown, ==, folder);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Invoice saved");
  chosen = g_build_filename (folder, proposed, NULL);
  assert_same_pdf (chosen, served);
  listing = folder_listing (folder);
  g_assert_cmpstr (listing, ==, proposed);
  g_assert_cmpuint (sync_test_requests (f.sandbox, FALSE), ==, 1);
  bd_gui_test_save_screens (GTK_WIDGET (f.window), "invoice-detail-saved", 1100, 760, FALSE);
  dismiss_toasts (&f);

  /* Again, elsewhere, as the chooser's answer does: the same bytes, from
   * the account's folder (nothing downloaded). */
  {
    g_autofree char *copy = g_build_filename (folder, "copy.pdf", NULL);

    error = save_pdf_to (&f, copy);
    g_assert_no_error (error);
    assert_same_pdf (copy, served);
    g_assert_cmpuint (sync_test_requests (f.sandbox, FALSE), ==, 1);
    g_assert_cmpint (g_unlink (copy), ==, 0);
  }
  dismiss_toasts (&f);

  /* A folder that is not there (any more): said, nothing written. */
  {
    g_autofree char *gone_folder = g_build_filename (folder, "gone", NULL);
    g_autofree char *gone = g_build_filename (gone_folder, "invoice.pdf", NULL);
    g_autofree char *expected = g_strdup_printf ("The folder “%s” does not exist", gone_folder);

    error = save_pdf_to (&f, gone);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
    bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Could not save the invoice as “invoice.pdf”: The folder");
    bd_gui_test_save_screens (GTK_WIDGET (f.window), "invoice-detail-save-failed", 1100, 760, FALSE);
    g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
    dismiss_toasts (&f);
  }

  /* A folder that cannot be written (not as root, who can write anywhere). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (tmp_dir, "locked", NULL);
      g_autofree char *target = g_build_filename (locked, "invoice.pdf", NULL);
      g_autofree char *empty = NULL;

      g_assert_cmpint (g_mkdir_with_parents (locked, 0700), ==, 0);
      g_assert_cmpint (g_chmod (locked, 0500), ==, 0);
      error = save_pdf_to (&f, target);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "No permission to write in the folder");
      empty = folder_listing (locked);
      g_assert_cmpstr (empty, ==, "");
      g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
      dismiss_toasts (&f);
    }
  else
    g_test_message ("Running as root: the unwritable folder is not tried");

  /* The write fails half-way (here: a file size limit, as a full disk
   * would): the earlier file of that name is kept, whole, and no hidden
   * part is left beside it. */
  {
    g_autofree char *earlier = g_build_filename (folder, "earlier.pdf", NULL);
    g_autofree char *kept = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    struct rlimit limit, small;
    void (*old_handler) (int);

    g_assert_true (g_file_set_contents (earlier, "an earlier file", -1, NULL));
    before = folder_listing (folder);
    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    small = limit;
    small.rlim_cur = g_bytes_get_size (served) / 2;
    old_handler = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
    error = save_pdf_to (&f, earlier);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    signal (SIGXFSZ, old_handler);
    g_assert_nonnull (error);
    g_clear_error (&error);
    bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Could not save the invoice as “earlier.pdf”");
    g_assert_true (g_file_get_contents (earlier, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "an earlier file");
    after = folder_listing (folder);
    g_assert_cmpstr (after, ==, before);
    dismiss_toasts (&f);

    /* Room again: the same file is replaced by the whole PDF. */
    error = save_pdf_to (&f, earlier);
    g_assert_no_error (error);
    assert_same_pdf (earlier, served);
    g_clear_pointer (&after, g_free);
    after = folder_listing (folder);
    g_assert_cmpstr (after, ==, before);
  }

  fixture_tear_down (&f);
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
is_set (gpointer pointer_to_pointer)
{
  return *(gpointer *) pointer_to_pointer != NULL;
}

/* A subscription's payment: its plan is the line, and the subscription row
 * jumps to it.  Copy Invoice Link puts the link Dodo gave on the
 * clipboard. */
static void
test_subscription_and_link (void)
{
  Fixture f;
  g_autofree char *payment_id = NULL;
  g_autofree char *jumped = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdPayment) linked = NULL;
  g_autoptr(BdSubscription) subscription = NULL;
  g_autoptr(BdProduct) product = NULL;
  const char *subscription_id;
  const char *url = "https://test.dodopayments.com/invoices/payments/pay_linked";
  GtkWidget *row;

  if (!fixture_set_up (&f))
    return;
  sync_cache (&f);
  payment_id = store_test_column (f.store, "SELECT payment_id FROM payments "
                                           "WHERE subscription_id IS NOT NULL ORDER BY rowid LIMIT 1");
  g_assert_nonnull (payment_id);
  payment = cached_payment (&f, payment_id);
  subscription_id = bd_model_get_string (payment, "subscription-id");
  subscription = bd_store_lookup (f.store, BD_TYPE_SUBSCRIPTION, subscription_id, NULL);
  g_assert_nonnull (subscription);
  product = bd_store_lookup (f.store, BD_TYPE_PRODUCT, bd_model_get_string (subscription, "product-id"), NULL);
  g_assert_nonnull (product);

  show_payment (&f, payment_id);
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), subscription_id);
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (f.window), bd_model_get_string (product, "name")));
  catch_win_action (f.window, "show-subscription", &jumped);
  row = bd_gui_test_find_widget (GTK_WIDGET (f.detail), ADW_TYPE_ACTION_ROW, "title", "Subscription");
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  g_assert_cmpstr (jumped, ==, subscription_id);

  /* A payment Dodo gave an invoice link (not in the cache: shown as given). */
  linked = bd_model_copy (payment);
  bd_model_set (linked, "payment-id", "pay_linked", "invoice-url", url, "invoice-id", "inv_linked", NULL);
  bd_invoice_detail_set_item (f.detail, G_OBJECT (linked));
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Invoice inv_linked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "invoices.copy-link", NULL));
  bd_gui_test_wait_for_text (GTK_WIDGET (f.window), "Invoice link copied");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f.detail)), NULL,
                                 on_clipboard_text, &copied);
  bd_gui_test_wait_for (is_set, &copied, 10);
  g_assert_cmpstr (copied, ==, url);

  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  int ret;

  tmp_dir = bd_gui_test_private_home ("bd-invoice-detail-gui-XXXXXX");
  data = g_build_filename (tmp_dir, "data", NULL);
  config = g_build_filename (tmp_dir, "config", NULL);
  install_viewer (data, config);
  /* The Downloads folder, where Save PDF As… starts. */
  {
    g_autofree char *saved = g_build_filename (tmp_dir, "saved", NULL);
    g_autofree char *dirs = g_build_filename (config, "user-dirs.dirs", NULL);
    g_autofree char *line = g_strdup_printf ("XDG_DOWNLOAD_DIR=\"%s\"\n", saved);

    g_assert_cmpint (g_mkdir_with_parents (saved, 0700), ==, 0);
    g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  }
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_init (&argc, &argv, NULL);
  bd_gui_test_init_display ();

  g_test_add_func ("/gui/invoice-detail/shows-payment", test_shows_payment);
  g_test_add_func ("/gui/invoice-detail/refund", test_refund);
  g_test_add_func ("/gui/invoice-detail/refund-answer-lost", test_refund_answer_lost);
  g_test_add_func ("/gui/invoice-detail/refund-never-arrived", test_refund_never_arrived);
  g_test_add_func ("/gui/invoice-detail/refund-refused", test_refund_refused);
  g_test_add_func ("/gui/invoice-detail/refund-cache-fails", test_refund_cache_fails);
  g_test_add_func ("/gui/invoice-detail/refund-live-confirmation", test_refund_live_confirmation);
  g_test_add_func ("/gui/invoice-detail/open-pdf", test_open_pdf);
  g_test_add_func ("/gui/invoice-detail/save-pdf", test_save_pdf);
  g_test_add_func ("/gui/invoice-detail/subscription-and-link", test_subscription_and_link);

  ret = g_test_run ();
  sync_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
