/* test-subscription-actions-gui.c
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
#include "bd-list-page.h"
#include "bd-query-model.h"
#include "bd-status.h"
#include "bd-subscription.h"
#include "bd-subscription-actions.h"
#include "bd-subscription-dialog.h"
#include "bd-subscription-row.h"
#include "bd-subscriptions-page.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"
#include "bd-writer.h"

/* The subscription detail pane's actions in the real application, against
 * a real billing-desk-sandbox, a real cache and the real keyring of
 * build-aux/test.  Each action's effect is read back from the sandbox over
 * its API; the pane and the list row update in place; a lost answer
 * (drop-after) is shown as done and was sent once (the sandbox's request
 * counts); Dodo's refusals appear in its words; a plan change's preview
 * changes nothing; a bad amount is refused at the field with nothing sent;
 * in live mode every action asks first and a "Cancel" sends nothing.  The
 * tests run in order on one window. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdTestSandbox *server;
static BdWindow *window;
static char *pro_id;        /* $10.00 a month */
static char *team_id;       /* $30.00 a month */
static char *plain_id;      /* Ada's Pro subscription: pause, cancel */
static char *on_demand_id;  /* Grace's on-demand Pro subscription: charges */
static char *change_id;     /* Alan's Pro subscription: the plan change */

/* Helpers: the sandbox */

static char *
create_plan (const char *name,
             gint64      price)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"tax_category\":\"saas\","
                                           "\"price\":{\"type\":\"recurring_price\",\"price\":%" G_GINT64_FORMAT ","
                                           "\"currency\":\"USD\",\"discount\":0,\"purchasing_power_parity\":false,"
                                           "\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
                                           "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\"}}",
                                           name, price);
  g_autoptr(JsonNode) product = bd_test_sandbox_call (server, "POST", "/products", body, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (product), "product_id"));
}

static char *
subscribe (const char *product_id,
           const char *name,
           const char *email,
           gboolean    on_demand)
{
  g_autofree char *body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                                           "\"customer\":{\"email\":\"%s\",\"name\":\"%s\"},"
                                           "\"billing_address\":{\"country\":\"GB\"}%s}",
                                           product_id, email, name,
                                           on_demand ? ",\"subscription_data\":{\"on_demand\":{\"mandate_only\":true}}" : "");
  g_autoptr(JsonNode) session = bd_test_sandbox_call (server, "POST", "/checkouts", body, 200);
  g_autofree char *complete = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                                               json_object_get_string_member (json_node_get_object (session), "session_id"));
  g_autoptr(JsonNode) done = bd_test_sandbox_call (server, "POST", complete, "{\"card\":\"4242424242424242\"}", 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (done), "subscription_id"));
}

/* The sandbox's subscription @id.  (transfer full) */
static JsonObject *
served (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/subscriptions/%s", id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", path, NULL, 200);

  return json_object_ref (json_node_get_object (node));
}

static char *
served_string (const char *id,
               const char *member)
{
  g_autoptr(JsonObject) object = served (id);

  return g_strdup (json_object_get_string_member (object, member));
}

static gint64
route_requests (const char *route)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (server, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");

  if (!json_object_has_member (routes, route))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, route), "requests");
}

#define PATCH_ROUTE "PATCH /subscriptions/{subscription_id}"
#define CHARGE_ROUTE "POST /subscriptions/{subscription_id}/charge"
#define CHANGE_ROUTE "POST /subscriptions/{subscription_id}/change-plan"
#define PREVIEW_ROUTE "POST /subscriptions/{subscription_id}/change-plan/preview"

static void
add_fault (const char *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);
  g_autoptr(JsonNode) rules = bd_test_sandbox_call (server, "POST", "/_sandbox/faults", body, 200);
}

static guint
served_payments (const char *subscription_id)
{
  g_autofree char *path = g_strdup_printf ("/payments?page_size=100&subscription_id=%s", subscription_id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", path, NULL, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), "items"));
}

/* Helpers: the window */

static GtkWidget *
page (void)
{
  GtkWidget *found = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_SUBSCRIPTIONS_PAGE, NULL, NULL);

  g_assert_nonnull (found);
  return found;
}

static BdSession *
session (void)
{
  return bd_list_page_get_session (BD_LIST_PAGE (page ()));
}

/* The pane's row of subscriptions.VERB.  (transfer none) */
static GtkWidget *
action_row (const char *verb)
{
  g_autofree char *name = g_strconcat ("subscriptions.", verb, NULL);
  GtkWidget *row = bd_gui_test_find_widget (page (), ADW_TYPE_ACTION_ROW, "action-name", name);

  g_assert_nonnull (row);
  return row;
}

/* Shown, and its action enabled (an actionable row is insensitive
 * otherwise). */
static gboolean
offered (const char *verb)
{
  GtkWidget *row = action_row (verb);

  return gtk_widget_get_visible (row) && gtk_widget_is_sensitive (row);
}

/* The shown subscription in the pane (its selected row). */
static BdSubscription *
shown (void)
{
  GtkListView *view = GTK_LIST_VIEW (bd_gui_test_find_widget (page (), GTK_TYPE_LIST_VIEW, NULL, NULL));
  GtkSelectionModel *rows = gtk_list_view_get_model (view);

  return rows != NULL ? gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (rows)) : NULL;
}

static gboolean
shows (gpointer id)
{
  BdSubscription *subscription = shown ();

  return !bd_window_is_syncing (window) && subscription != NULL &&
         g_strcmp0 (bd_model_get_string (subscription, "subscription-id"), id) == 0;
}

/* The first sync has stored @id. */
static gboolean
cached (gpointer id)
{
  BdQueryModel *model = bd_list_page_get_model (BD_LIST_PAGE (page ()));

  return !bd_window_is_syncing (window) && model != NULL && !bd_query_model_is_loading (model) &&
         bd_query_model_find (model, id) != G_MAXUINT;
}

static void
show (const char *id)
{
  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-subscription", "s", id));
  bd_gui_test_wait_for (shows, (gpointer) id, 60);
}

/* The shown subscription is in status @data ("Paused"), and the page
 * says so. */
static gboolean
pane_status_is (gpointer data)
{
  return shown () != NULL &&
         g_strcmp0 (bd_status_word_of (shown (), BD_TYPE_SUBSCRIPTION_STATUS, "status"), data) == 0 &&
         bd_gui_test_find_text (page (), data) != NULL;
}

/* The list row of @id (a BdSubscriptionRow), or NULL when it is not
 * built.  (transfer none) */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *id)
{
  if (BD_IS_SUBSCRIPTION_ROW (root))
    {
      gpointer item = bd_item_row_get_item (BD_ITEM_ROW (root));

      if (item != NULL && g_strcmp0 (bd_model_get_string (item, "subscription-id"), id) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The list row of the shown subscription has its status tag say @data. */
static gboolean
row_status_is (gpointer data)
{
  GtkWidget *row = shown () != NULL ? find_row (page (), bd_model_get_string (shown (), "subscription-id")) : NULL;
  GtkWidget *tag = row != NULL ? bd_gui_test_find_with_class (row, GTK_TYPE_LABEL, "status-tag") : NULL;

  return tag != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (tag)), data) == 0;
}

static gboolean
cancel_scheduled (gpointer data)
{
  return shown () != NULL &&
         bd_model_get_boolean (shown (), "cancel-at-next-billing-date") == GPOINTER_TO_INT (data);
}

static void
activate (const char *verb)
{
  g_autofree char *name = g_strconcat ("subscriptions.", verb, NULL);

  g_assert_true (offered (verb));
  g_assert_true (gtk_widget_activate_action (page (), name, NULL));
}

typedef struct
{
  const char *id;
  const char *member;
  const char *value;
} Served;

static gboolean
served_is (gpointer data)
{
  Served *s = data;
  g_autofree char *value = served_string (s->id, s->member);

  return g_strcmp0 (value, s->value) == 0;
}

static gboolean
text_shown (gpointer text)
{
  return bd_gui_test_find_text (GTK_WIDGET (window), text) != NULL;
}

static BdSubscriptionDialog *
wait_for_dialog (void)
{
  return BD_SUBSCRIPTION_DIALOG (bd_gui_test_wait_for_toplevel (BD_TYPE_SUBSCRIPTION_DIALOG));
}

static GtkWidget *
dialog_row (BdSubscriptionDialog *dialog,
            GType                 type,
            const char           *title)
{
  GtkWidget *row = bd_gui_test_find_widget (GTK_WIDGET (dialog), type, "title", title);

  g_assert_nonnull (row);
  return row;
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget);
}

static gboolean
status_page_says (gpointer data)
{
  GtkWidget *dialog = bd_gui_test_find_toplevel (BD_TYPE_SUBSCRIPTION_DIALOG);

  return dialog != NULL &&
         bd_gui_test_find_widget (dialog, ADW_TYPE_STATUS_PAGE, "title", data) != NULL &&
         gtk_widget_get_mapped (bd_gui_test_find_widget (dialog, ADW_TYPE_STATUS_PAGE, "title", data));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (bd_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
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

static gboolean
is_gone (gpointer type)
{
  return bd_gui_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

static void
close_dialog (BdSubscriptionDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  bd_gui_test_wait_for (is_gone, GSIZE_TO_POINTER (BD_TYPE_SUBSCRIPTION_DIALOG), 10);
}

static void
save_window (const char *name)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bd_gui_test_save_screens (GTK_WIDGET (window), name, 1200, 900, TRUE);
}

static void
save_dialog (GtkWidget  *dialog,
             const char *name)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  gtk_test_widget_wait_for_draw (dialog);
  bd_gui_test_save_screens (dialog, name, 0, 0, FALSE);
}

/* Tests */

/* The pane offers what the state allows: an active subscription can be
 * paused, cancelled and moved to another plan, not charged or resumed; an
 * on-demand one can be charged, not moved. */
static void
test_offered_by_state (void)
{
  BdAccount *account;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start_with ("--seed", "5", NULL);
  if (server == NULL)
    return;
  pro_id = create_plan ("Pro", 1000);
  team_id = create_plan ("Team", 3000);
  plain_id = subscribe (pro_id, "Ada Lovelace", "ada@example.com", FALSE);
  on_demand_id = subscribe (pro_id, "Grace Hopper", "grace@example.com", TRUE);
  change_id = subscribe (pro_id, "Alan Turing", "alan@example.com", FALSE);

  account = bd_gui_test_add_sandbox_account (app, "Actions Shop", server, bd_test_sandbox_get_key (server));
  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  bd_gui_test_present (GTK_WINDOW (window));
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);
  g_assert_true (bd_window_show_page (window, "subscriptions", NULL));
  bd_gui_test_poll_for (cached, change_id, 100);

  show (plain_id);
  g_assert_true (offered ("pause"));
  g_assert_true (offered ("cancel"));
  g_assert_true (offered ("change-plan"));
  g_assert_true (offered ("copy-portal-link"));
  g_assert_true (offered ("email-portal-link"));
  g_assert_true (offered ("copy-payment-method-link"));
  g_assert_false (offered ("charge"));
  g_assert_false (offered ("resume"));
  g_assert_false (offered ("undo-cancel"));
  save_window ("subscription-actions-pane");

  show (on_demand_id);
  g_assert_true (offered ("charge"));
  g_assert_false (offered ("change-plan"));
}

/* Pause, its answer lost: done once, shown as paused in the pane and the
 * row; then Resume. */
static void
test_pause_resume (void)
{
  Served paused = { NULL, "status", "paused" };
  Served active = { NULL, "status", "active" };

  if (window == NULL)
    return;
  paused.id = active.id = plain_id;
  show (plain_id);
  add_fault ("route=PATCH /subscriptions/*,fault=drop-after,count=1");
  activate ("pause");
  bd_gui_test_poll_for (served_is, &paused, 30);
  bd_gui_test_wait_for (pane_status_is, "Paused", 30);
  bd_gui_test_wait_for (row_status_is, "Paused", 30);
  bd_gui_test_wait_for (text_shown, "it was not sent again", 30);
  g_assert_cmpint (route_requests (PATCH_ROUTE), ==, 1);
  g_assert_true (offered ("resume"));
  g_assert_false (offered ("pause"));
  /* Still the selected row, updated in place. */
  g_assert_true (shows (plain_id));

  activate ("resume");
  bd_gui_test_poll_for (served_is, &active, 30);
  bd_gui_test_wait_for (pane_status_is, "Active", 30);
  bd_gui_test_wait_for (row_status_is, "Active", 30);
  g_assert_cmpint (route_requests (PATCH_ROUTE), ==, 2);
  g_assert_true (offered ("pause"));
}

/* Cancel at the next billing date with Dodo's feedback, through the
 * dialog; then undo it. */
static void
test_schedule_cancel_and_undo (void)
{
  BdSubscriptionDialog *dialog;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) undone = NULL;
  GtkWidget *send;

  if (window == NULL)
    return;
  show (plain_id);
  activate ("cancel");
  dialog = wait_for_dialog ();
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_row (dialog, ADW_TYPE_COMBO_ROW, "When")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_row (dialog, ADW_TYPE_COMBO_ROW, "Feedback")), 1);
  gtk_editable_set_text (GTK_EDITABLE (dialog_row (dialog, ADW_TYPE_ENTRY_ROW, "Comment (optional)")),
                         "Asked by phone");
  save_dialog (GTK_WIDGET (dialog), "subscription-cancel-dialog");
  send = bd_gui_test_find_button (GTK_WIDGET (dialog), "C_ancel Subscription");
  gtk_widget_activate (send);
  bd_gui_test_wait_for (status_page_says, "Cancellation Scheduled", 30);
  after = served (plain_id);
  g_assert_true (json_object_get_boolean_member (after, "cancel_at_next_billing_date"));
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (after, "cancellation_feedback"), ==, "too_expensive");
  g_assert_cmpstr (json_object_get_string_member (after, "cancellation_comment"), ==, "Asked by phone");
  close_dialog (dialog);

  /* The pane, in place. */
  bd_gui_test_wait_for (cancel_scheduled, GINT_TO_POINTER (TRUE), 30);
  g_assert_true (offered ("undo-cancel"));

  activate ("undo-cancel");
  bd_gui_test_wait_for (text_shown, "The scheduled cancellation was undone", 30);
  undone = served (plain_id);
  g_assert_false (json_object_get_boolean_member (undone, "cancel_at_next_billing_date"));
  bd_gui_test_wait_for (cancel_scheduled, GINT_TO_POINTER (FALSE), 30);
  g_assert_false (offered ("undo-cancel"));
}

typedef struct
{
  GtkWidget  *row;
  const char *subtitle;
} Subtitle;

static gboolean
subtitle_is (gpointer data)
{
  Subtitle *s = data;

  return g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (s->row)), s->subtitle) == 0;
}

/* Change Plan…: the preview comes first and changes nothing; sent with its
 * answer lost, the change is shown, read back and sent once. */
static void
test_change_plan (void)
{
  BdSubscriptionDialog *dialog;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) previewed = NULL;
  Served moved = { NULL, "product_id", NULL };
  Subtitle today = { NULL, "$20.00" };
  Subtitle recurring = { NULL, "$30.00" };
  GtkWidget *send;
  AdwComboRow *product;
  guint team = G_MAXUINT;

  if (window == NULL)
    return;
  show (change_id);
  activate ("change-plan");
  dialog = wait_for_dialog ();
  product = ADW_COMBO_ROW (dialog_row (dialog, ADW_TYPE_COMBO_ROW, "New Plan"));
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (product)); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (product)), i),
                     "Team ($30.00)"))
      team = i;
  g_assert_cmpuint (team, !=, G_MAXUINT);
  send = bd_gui_test_find_button (GTK_WIDGET (dialog), "_Change Plan");
  before = served (change_id);
  adw_combo_row_set_selected (product, team);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_row (dialog, ADW_TYPE_COMBO_ROW, "Billing Now")), 1);
  /* Nothing can be sent before Dodo's preview of this very change. */
  g_assert_false (gtk_widget_get_sensitive (send));

  /* The preview: $30 − $10 today, $30 a month; nothing changed. */
  today.row = dialog_row (dialog, ADW_TYPE_ACTION_ROW, "Charged Today");
  recurring.row = dialog_row (dialog, ADW_TYPE_ACTION_ROW, "New Recurring Amount");
  bd_gui_test_wait_for (subtitle_is, &today, 30);
  bd_gui_test_wait_for (subtitle_is, &recurring, 30);
  bd_gui_test_wait_for (is_sensitive, send, 10);
  previewed = served (change_id);
  g_assert_true (json_object_equal (before, previewed));
  g_assert_cmpint (route_requests (PREVIEW_ROUTE), >, 0);
  g_assert_cmpint (route_requests (CHANGE_ROUTE), ==, 0);
  save_dialog (GTK_WIDGET (dialog), "subscription-change-plan-dialog");

  add_fault ("route=POST /subscriptions/*/change-plan,fault=drop-after,count=1");
  gtk_widget_activate (send);
  bd_gui_test_wait_for (status_page_says, "Plan Changed", 30);
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "It was not sent again"));
  moved.id = change_id;
  moved.value = team_id;
  g_assert_true (served_is (&moved));
  g_assert_cmpint (route_requests (CHANGE_ROUTE), ==, 1);
  close_dialog (dialog);

  /* The pane and the row say Team now. */
  bd_gui_test_wait_for (text_shown, "$30.00 / month", 30);
  g_assert_cmpstr (bd_model_get_string (shown (), "product-id"), ==, team_id);
}

/* Charge Now…: a bad amount is refused at the field and nothing is sent;
 * a good one, its answer lost, is charged once and shown. */
static void
test_charge (void)
{
  BdSubscriptionDialog *dialog;
  GtkWidget *amount;
  GtkWidget *send;
  GtkWidget *message;
  guint before;

  if (window == NULL)
    return;
  show (on_demand_id);
  before = served_payments (on_demand_id);
  activate ("charge");
  dialog = wait_for_dialog ();
  amount = dialog_row (dialog, ADW_TYPE_ENTRY_ROW, "Amount (USD)");
  send = bd_gui_test_find_button (GTK_WIDGET (dialog), "C_harge");

  gtk_editable_set_text (GTK_EDITABLE (amount), "12,3x");
  message = bd_gui_test_find_with_class (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "error");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), !=, "");
  g_assert_true (gtk_widget_has_css_class (amount, "error"));
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_widget_activate (send);
  save_dialog (GTK_WIDGET (dialog), "subscription-charge-dialog-bad-amount");

  gtk_editable_set_text (GTK_EDITABLE (amount), "12.34");
  gtk_editable_set_text (GTK_EDITABLE (dialog_row (dialog, ADW_TYPE_ENTRY_ROW, "Description (optional)")),
                         "Extra seats");
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_get_sensitive (send));
  g_assert_cmpint (route_requests (CHARGE_ROUTE), ==, 0);
  g_assert_cmpuint (served_payments (on_demand_id), ==, before);

  add_fault ("route=POST /subscriptions/*/charge,fault=drop-after,count=1");
  gtk_widget_activate (send);
  bd_gui_test_wait_for (status_page_says, "Payment Made", 30);
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "$12.34"));
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "It was not sent again"));
  g_assert_cmpint (route_requests (CHARGE_ROUTE), ==, 1);
  g_assert_cmpuint (served_payments (on_demand_id), ==, before + 1);
  save_dialog (GTK_WIDGET (dialog), "subscription-charge-dialog-done");
  close_dialog (dialog);
}

/* Charging a subscription that is not on demand (the pane does not offer
 * it; the dialog, opened directly, sends it): Dodo's refusal in its
 * words, nothing charged. */
static void
test_charge_refused (void)
{
  BdSubscriptionDialog *dialog;
  BdSession *open;
  g_autoptr(BdSubscription) plain = NULL;
  GtkWidget *send;
  guint before;

  if (window == NULL)
    return;
  show (plain_id);
  plain = g_object_ref (shown ());
  open = session ();
  before = served_payments (plain_id);
  dialog = bd_subscription_dialog_new (GTK_WINDOW (window), bd_session_get_account (open),
                                       bd_session_get_store (open), bd_session_get_client (open),
                                       plain, BD_SUBSCRIPTION_DIALOG_CHARGE);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog_row (dialog, ADW_TYPE_ENTRY_ROW, "Amount (USD)")), "5.00");
  send = bd_gui_test_find_button (GTK_WIDGET (dialog), "C_harge");
  gtk_widget_activate (send);
  bd_gui_test_wait_for_text (GTK_WIDGET (dialog), "SUBSCRIPTION_NOT_ON_DEMAND");
  g_assert_nonnull (bd_gui_test_find_text (GTK_WIDGET (dialog), "Nothing was charged"));
  g_assert_cmpuint (served_payments (plain_id), ==, before);
  save_dialog (GTK_WIDGET (dialog), "subscription-charge-dialog-refused");
  close_dialog (dialog);
}

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
on_clipboard_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static char *
clipboard_text (void)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (page ()), NULL, on_clipboard_read, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);
  return read.text;
}

/* The links: the portal's and the payment method's copied, the portal's
 * emailed by Dodo. */
static void
test_links (void)
{
  g_autofree char *portal = NULL;
  g_autofree char *method = NULL;
  g_autofree char *expected = NULL;

  if (window == NULL)
    return;
  show (plain_id);
  expected = g_strdup_printf ("/_sandbox/portal/%s", bd_model_get_string (shown (), "customer-id"));

  activate ("copy-portal-link");
  bd_gui_test_wait_for (text_shown, "Customer portal link copied", 30);
  portal = clipboard_text ();
  g_assert_nonnull (portal);
  g_assert_true (g_str_has_prefix (portal, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (portal, expected));

  activate ("copy-payment-method-link");
  bd_gui_test_wait_for (text_shown, "Update payment method link copied", 30);
  method = clipboard_text ();
  g_assert_true (g_str_has_suffix (method, expected));
  g_assert_cmpint (route_requests ("POST /subscriptions/{subscription_id}/update-payment-method"), ==, 1);

  activate ("email-portal-link");
  bd_gui_test_wait_for (text_shown, "emails the portal link to ada@example.com", 30);
}

static void
on_simple_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **out = user_data;
  g_autoptr(BdWriteOutcome) outcome = bd_subscription_run_simple_finish (result, out);

  g_assert_null (outcome);
}

/* A live account: each kind of action asks first, naming the customer, the
 * plan, the amount and the effect; "Cancel" sends nothing. */
static void
test_live_asks_first (void)
{
  g_autoptr(BdAccount) live = NULL;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) declined = NULL;
  BdSubscriptionDialog *dialog;
  AdwMessageDialog *confirm;
  BdSession *open;
  gint64 patches;
  gint64 charges;

  if (window == NULL)
    return;
  /* The same cache and the sandbox's client, but an account that says live. */
  live = bd_account_new ("Live Shop", BD_ACCOUNT_MODE_LIVE, NULL, &error);
  g_assert_no_error (error);
  open = session ();
  writer = bd_writer_new (bd_session_get_client (open), bd_store_get_path (bd_session_get_store (open)));

  /* Pause, declined. */
  show (plain_id);
  patches = route_requests (PATCH_ROUTE);
  bd_subscription_run_simple_async (page (), live, writer, shown (), BD_SUBSCRIPTION_SIMPLE_PAUSE,
                                    on_simple_done, &declined);
  bd_gui_test_wait_for (message_dialog_open, NULL, 10);
  confirm = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Pause This Subscription?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "Ada Lovelace · Pro · $10.00 / month"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "No payments are taken"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "live account"));
  save_dialog (GTK_WIDGET (confirm), "subscription-pause-live-confirm");
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (confirm), GTK_TYPE_BUTTON, "label", "_Cancel"));
  bd_gui_test_wait_for (bd_gui_test_is_not_null, &declined, 10);
  g_assert_error (declined, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  bd_gui_test_wait_for (message_dialog_closed, NULL, 10);
  g_assert_cmpint (route_requests (PATCH_ROUTE), ==, patches);
  {
    g_autofree char *status = served_string (plain_id, "status");

    g_assert_cmpstr (status, ==, "active");
  }

  /* A charge, declined, then confirmed. */
  show (on_demand_id);
  charges = route_requests (CHARGE_ROUTE);
  dialog = bd_subscription_dialog_new (GTK_WINDOW (window), live, bd_session_get_store (open),
                                       bd_session_get_client (open), shown (), BD_SUBSCRIPTION_DIALOG_CHARGE);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog_row (dialog, ADW_TYPE_ENTRY_ROW, "Amount (USD)")), "5.00");
  gtk_widget_activate (bd_gui_test_find_button (GTK_WIDGET (dialog), "C_harge"));
  bd_gui_test_wait_for (message_dialog_open, NULL, 10);
  confirm = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Charge $5.00 Now?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "Grace Hopper · Pro"));
  save_dialog (GTK_WIDGET (confirm), "subscription-charge-live-confirm");
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (confirm), GTK_TYPE_BUTTON, "label", "_Cancel"));
  bd_gui_test_wait_for (message_dialog_closed, NULL, 10);
  g_assert_cmpint (route_requests (CHARGE_ROUTE), ==, charges);
  g_assert_false (status_page_says ("Payment Made"));

  gtk_widget_activate (bd_gui_test_find_button (GTK_WIDGET (dialog), "C_harge"));
  bd_gui_test_wait_for (message_dialog_open, NULL, 10);
  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (find_message_dialog ()), GTK_TYPE_BUTTON,
                                                "label", "C_harge"));
  bd_gui_test_wait_for (status_page_says, "Payment Made", 30);
  g_assert_cmpint (route_requests (CHARGE_ROUTE), ==, charges + 1);
  close_dialog (dialog);
}

/* Cancel now; then pausing it (the cache still says active: it was
 * cancelled elsewhere meanwhile) is refused by Dodo in its words. */
static void
test_cancel_now_and_refusal (void)
{
  BdSubscriptionDialog *dialog;
  Served cancelled = { NULL, "status", "cancelled" };

  if (window == NULL)
    return;
  /* Alan's, cancelled now through the dialog. */
  show (change_id);
  activate ("cancel");
  dialog = wait_for_dialog ();
  gtk_widget_activate (bd_gui_test_find_button (GTK_WIDGET (dialog), "C_ancel Subscription"));
  bd_gui_test_wait_for (status_page_says, "Subscription Cancelled", 30);
  cancelled.id = change_id;
  g_assert_true (served_is (&cancelled));
  close_dialog (dialog);
  bd_gui_test_wait_for (pane_status_is, "Cancelled", 30);
  g_assert_false (offered ("pause"));
  g_assert_false (offered ("cancel"));
  g_assert_true (offered ("copy-portal-link"));

  /* Ada's, cancelled in Dodo's dashboard behind the app's back. */
  {
    g_autofree char *path = g_strdup_printf ("/subscriptions/%s", plain_id);
    g_autoptr(JsonNode) done = bd_test_sandbox_call (server, "PATCH", path, "{\"status\":\"cancelled\"}", 200);
  }
  show (plain_id);
  g_assert_true (offered ("pause"));
  activate ("pause");
  bd_gui_test_wait_for (message_dialog_open, NULL, 30);
  {
    AdwMessageDialog *refusal = find_message_dialog ();

    g_assert_cmpstr (adw_message_dialog_get_heading (refusal), ==, "Nothing Was Changed");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), "The subscription was not paused"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), "(SUBSCRIPTION_INACTIVE)"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), plain_id));
    save_dialog (GTK_WIDGET (refusal), "subscription-pause-refused");
    gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (refusal), GTK_TYPE_BUTTON, "label", "_Close"));
    bd_gui_test_wait_for (message_dialog_closed, NULL, 10);
  }
  /* The refusal started a sync: the pane catches up with Dodo. */
  bd_gui_test_wait_for (pane_status_is, "Cancelled", 60);
  g_assert_false (offered ("pause"));
  save_window ("subscription-actions-cancelled");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-subscription-actions-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/subscription-actions/offered-by-state", test_offered_by_state);
  g_test_add_func ("/gui/subscription-actions/pause-resume", test_pause_resume);
  g_test_add_func ("/gui/subscription-actions/schedule-cancel-and-undo", test_schedule_cancel_and_undo);
  g_test_add_func ("/gui/subscription-actions/change-plan", test_change_plan);
  g_test_add_func ("/gui/subscription-actions/charge", test_charge);
  g_test_add_func ("/gui/subscription-actions/charge-refused", test_charge_refused);
  g_test_add_func ("/gui/subscription-actions/links", test_links);
  g_test_add_func ("/gui/subscription-actions/live-asks-first", test_live_asks_first);
  g_test_add_func ("/gui/subscription-actions/cancel-now-and-refusal", test_cancel_now_and_refusal);

  ret = g_test_run ();
  ret = bd_gui_test_app_end (ret, &app, (GtkWindow **) &window, &tmp_dir);
  g_clear_pointer (&server, bd_test_sandbox_free);
  g_free (sandbox_exe);
  g_free (pro_id);
  g_free (team_id);
  g_free (plain_id);
  g_free (on_demand_id);
  g_free (change_id);
  return ret;
}
