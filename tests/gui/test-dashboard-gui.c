/* test-dashboard-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bd-application.h"
#include "bd-chart.h"
#include "bd-dashboard-page.h"
#include "bd-gui-test.h"
#include "bd-metrics.h"
#include "bd-metrics-lists.h"
#include "bd-money.h"
#include "bd-store.h"
#include "bd-store-path.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* The Dashboard in the real application, against a real
 * billing-desk-sandbox, a real cache file and the real keyring of
 * build-aux/test: first in the sidebar; its tiles show exactly what
 * bd_metrics_compute() gives for the same cache and moment, formatted, for
 * every currency; its charts hold those numbers; its Renewals and Needs
 * attention rows are what the sandbox's subscriptions say, and open their
 * subscription; and the charts' geometry for small known series, point by
 * point. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;
static BdTestSandbox *server;
static BdWindow *window;
static BdAccount *account;

/* Helpers */

static BdDashboardPage *
dashboard (void)
{
  GtkWidget *page = bd_gui_test_find_widget (GTK_WIDGET (window), BD_TYPE_DASHBOARD_PAGE, NULL, NULL);

  g_assert_nonnull (page);
  return BD_DASHBOARD_PAGE (page);
}

static const char *
tile_text (const char *name)
{
  g_autofree char *label = g_strdup_printf ("%s-value", name);
  GtkWidget *widget = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LABEL, "name", label);

  g_assert_nonnull (widget);
  return gtk_label_get_label (GTK_LABEL (widget));
}

static const char *
tile_detail (const char *name)
{
  g_autofree char *label = g_strdup_printf ("%s-detail", name);
  GtkWidget *widget = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LABEL, "name", label);

  g_assert_nonnull (widget);
  return gtk_label_get_label (GTK_LABEL (widget));
}

static char *
money (gint64      amount,
       const char *currency)
{
  g_autoptr(BdMoney) m = bd_money_new (amount, currency);

  g_assert_nonnull (m);
  return bd_money_format (m);
}

/* The sync has ended and the Dashboard has computed since its last commit. */
static gboolean
settled (gpointer data)
{
  GtkStack *stack = GTK_STACK (bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_STACK, NULL, NULL));

  return !bd_window_is_syncing (window) && !bd_dashboard_page_is_loading (dashboard ()) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "dashboard") == 0;
}

/* The metrics of the window's cache at the moment the page shows, by the
 * blocking call.  (transfer full) */
static BdMetrics *
oracle (void)
{
  g_autofree char *path = bd_store_path_for_account (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  gint64 as_of = bd_dashboard_page_get_as_of (dashboard ());
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_utc (as_of / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (moment, as_of % G_USEC_PER_SEC);
  BdMetrics *metrics;

  g_assert_no_error (error);
  g_assert_cmpint (as_of, >, 0);
  metrics = bd_metrics_compute (store, exact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_metrics_get_as_of (metrics), ==, as_of);
  return metrics;
}

/* Every tile says what @c says, formatted as people read it. */
static void
assert_tiles (const BdMetricsCurrency *c)
{
  g_autofree char *mrr = money (c->mrr, c->currency);
  g_autofree char *arr = money (c->arr, c->currency);
  g_autofree char *at_risk = money (c->at_risk_mrr, c->currency);
  g_autofree char *active = g_strdup_printf ("%'u", c->active);
  g_autofree char *in_trial = g_strdup_printf ("%'u", c->in_trial);
  g_autofree char *new_count = g_strdup_printf ("%'u", c->new_30d);
  g_autofree char *on_hold = g_strdup_printf (c->on_hold == 1 ? "%u subscription on hold" : "%u subscriptions on hold",
                                              c->on_hold);
  g_autofree char *churned = g_strdup_printf ("%u ended in 30 days", c->churned_30d);
  g_autofree char *trial_mrr = money (c->trial_mrr, c->currency);
  g_autofree char *trial_words = g_strdup_printf ("%s MRR to come", trial_mrr);
  g_autofree char *net = money (ABS (c->net_new_mrr), c->currency);
  g_autofree char *net_words = g_strdup_printf ("%s%s in 30 days", c->net_new_mrr < 0 ? "−" : "+", net);
  g_autofree char *churn = NULL;
  gint64 ppm;

  churn = bd_metrics_currency_churn_ppm (c, &ppm)
          ? g_strdup_printf ("%.1f%%", (double) ppm / 10000.0) : g_strdup ("—");

  g_assert_cmpstr (tile_text ("mrr"), ==, mrr);
  g_assert_cmpstr (tile_detail ("mrr"), ==, net_words);
  g_assert_cmpstr (tile_text ("arr"), ==, arr);
  g_assert_cmpstr (tile_text ("active"), ==, active);
  g_assert_cmpstr (tile_text ("in-trial"), ==, in_trial);
  g_assert_cmpstr (tile_detail ("in-trial"), ==, trial_words);
  g_assert_cmpstr (tile_text ("at-risk"), ==, at_risk);
  g_assert_cmpstr (tile_detail ("at-risk"), ==, on_hold);
  g_assert_cmpstr (tile_text ("churn"), ==, churn);
  g_assert_cmpstr (tile_detail ("churn"), ==, churned);
  g_assert_cmpstr (tile_text ("new"), ==, new_count);
}

/* The charts hold the history of @c, in the words the tooltip and screen
 * readers get, and the point of each month is where the geometry puts it
 * and is the month under the pointer there. */
static void
assert_charts (const BdMetricsCurrency *c)
{
  GtkWidget *root = GTK_WIDGET (dashboard ());
  BdChart *mrr_chart = BD_CHART (bd_gui_test_find_widget (root, BD_TYPE_CHART, "name", "mrr-chart"));
  BdChart *flow_chart = BD_CHART (bd_gui_test_find_widget (root, BD_TYPE_CHART, "name", "flow-chart"));
  BdChart *status_chart = BD_CHART (bd_gui_test_find_widget (root, BD_TYPE_CHART, "name", "status-chart"));
  gint64 mrr[BD_METRICS_MONTHS];
  BdChartGeometry g;
  const struct { const char *word; guint count; } statuses[] = {
    { "Paying", c->active - c->in_trial }, { "In trial", c->in_trial },
    { "On hold", c->on_hold }, { "Paused", c->paused },
  };

  for (guint i = 0; i < BD_METRICS_MONTHS; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (c->history[i].month_start / G_USEC_PER_SEC);
      g_autofree char *month = g_date_time_format (start, "%b");
      g_autofree char *amount = money (c->history[i].mrr, c->currency);
      g_autofree char *expected = g_strdup_printf ("%s: %s", month, amount);
      g_autofree char *flows = g_strdup_printf ("%s: New %'u, Churned %'u", month, c->history[i].new_count,
                                                c->history[i].churned);
      g_autofree char *said = bd_chart_describe_at (mrr_chart, i);
      g_autofree char *said_flows = bd_chart_describe_at (flow_chart, i);

      g_assert_cmpstr (said, ==, expected);
      g_assert_cmpstr (said_flows, ==, flows);
      mrr[i] = c->history[i].mrr;
    }
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s: %'u", statuses[i].word, statuses[i].count);
      g_autofree char *said = bd_chart_describe_at (status_chart, i);

      g_assert_cmpstr (said, ==, expected);
    }

  bd_chart_layout (BD_CHART_LINE, mrr, NULL, BD_METRICS_MONTHS, gtk_widget_get_width (GTK_WIDGET (mrr_chart)),
                   gtk_widget_get_height (GTK_WIDGET (mrr_chart)), &g);
  g_assert_cmpfloat (g.plot.size.width, >, 100);
  for (guint i = 0; i < BD_METRICS_MONTHS; i++)
    {
      g_assert_cmpint (bd_chart_index_at (mrr_chart, g.points[i].x, g.points[i].y), ==, i);
      /* The top of the plot is a round value above every month's MRR. */
      g_assert_cmpint (mrr[i], <=, g.top);
    }
}

/* The server's subscription @id.  (transfer full) */
static JsonObject *
server_subscription (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/subscriptions/%s", id);
  g_autoptr(JsonNode) node = bd_test_sandbox_call (server, "GET", path, NULL, 200);

  return json_object_ref (json_node_get_object (node));
}

static gint64
server_time (JsonObject *object,
             const char *member)
{
  g_autoptr(GDateTime) when = NULL;

  if (!json_object_has_member (object, member) || json_object_get_null_member (object, member))
    return 0;
  when = g_date_time_new_from_iso8601 (json_object_get_string_member (object, member), NULL);
  g_assert_nonnull (when);
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

static gboolean
server_cancelling (JsonObject *object)
{
  return json_object_has_member (object, "cancel_at_next_billing_date") &&
         json_object_get_boolean_member (object, "cancel_at_next_billing_date");
}

/* The rows of the list box @name: the subscription ids, in order. */
static GPtrArray *
row_ids (const char *name)
{
  GtkWidget *list = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LIST_BOX, "name", name);
  GPtrArray *ids = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)))
      g_ptr_array_add (ids, (gpointer) gtk_widget_get_name (row));
  return ids;
}

/* Both lists are what the store's lists say (the same moment and cache),
 * and each row is what the sandbox says of its subscription: renewals
 * active, renewing within 30 days and not cancelling; attention rows on
 * hold, in a trial ending within 7 days, or cancelling. */
static BdMetricsLists *
assert_lists (void)
{
  g_autofree char *path = bd_store_path_for_account (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  gint64 as_of = bd_dashboard_page_get_as_of (dashboard ());
  g_autoptr(BdMetricsLists) lists = NULL;
  g_autoptr(GPtrArray) renewals = row_ids ("renewals-list");
  g_autoptr(GPtrArray) attention = row_ids ("attention-list");
  gint64 day = (gint64) 86400 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  lists = bd_metrics_lists_compute (store, as_of, 8, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (renewals->len, ==, bd_metrics_lists_get_n_renewals (lists));
  for (guint i = 0; i < renewals->len; i++)
    {
      const BdMetricsItem *item = bd_metrics_lists_get_renewal (lists, i);
      g_autoptr(JsonObject) sub = server_subscription (item->subscription_id);
      gint64 next = server_time (sub, "next_billing_date");

      g_assert_cmpstr (renewals->pdata[i], ==, item->subscription_id);
      g_assert_cmpstr (json_object_get_string_member (sub, "status"), ==, "active");
      g_assert_false (server_cancelling (sub));
      g_assert_cmpint (next, >, as_of);
      g_assert_cmpint (next, <=, as_of + 30 * day);
      g_assert_cmpint (json_object_get_int_member (sub, "recurring_pre_tax_amount"), ==, item->amount);
      if (i > 0)
        g_assert_cmpint (bd_metrics_lists_get_renewal (lists, i - 1)->when, <=, item->when);
    }
  if (bd_metrics_lists_get_n_totals (lists) > 0)
    {
      const BdMetricsTotal *total = bd_metrics_lists_get_total (lists, 0);
      g_autofree char *amount = money (total->amount, total->currency);
      g_autofree char *words = g_strdup_printf (total->count == 1 ? "%s expected from %u renewal"
                                                                  : "%s expected from %u renewals",
                                                amount, total->count);
      GtkWidget *summary = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LABEL, "name",
                                                    "renewals-summary");

      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (summary)), words));
    }

  g_assert_cmpuint (attention->len, ==, bd_metrics_lists_get_n_attention (lists));
  for (guint i = 0; i < attention->len; i++)
    {
      const BdMetricsItem *item = bd_metrics_lists_get_attention (lists, i);
      g_autoptr(JsonObject) sub = server_subscription (item->subscription_id);
      const char *status = json_object_get_string_member (sub, "status");

      g_assert_cmpstr (attention->pdata[i], ==, item->subscription_id);
      switch (item->kind)
        {
        case BD_METRICS_ITEM_ON_HOLD:
          g_assert_cmpstr (status, ==, "on_hold");
          break;
        case BD_METRICS_ITEM_TRIAL_ENDING:
          {
            gint64 ends = server_time (sub, "created_at") +
                          json_object_get_int_member (sub, "trial_period_days") * day;

            g_assert_cmpstr (status, ==, "active");
            g_assert_cmpint (ends, >, as_of);
            g_assert_cmpint (ends, <=, as_of + 7 * day);
          }
          break;
        case BD_METRICS_ITEM_CANCELLING:
          g_assert_cmpstr (status, ==, "active");
          g_assert_true (server_cancelling (sub));
          break;
        case BD_METRICS_ITEM_RENEWAL:
        default:
          g_assert_not_reached ();
        }
    }
  return g_steal_pointer (&lists);
}

/* Tests */

/* The pure geometry, for series small enough to work out by hand. */
static void
test_geometry (void)
{
  const gint64 line[] = { 0, 50, 100 };
  const gint64 added[] = { 10, 20 };
  const gint64 churned[] = { 5, 0 };
  const gint64 statuses[] = { 4, 2, 1, 0 };
  BdChartGeometry g;

  g_assert_cmpint (bd_chart_round_up (0), ==, 1);
  g_assert_cmpint (bd_chart_round_up (1), ==, 1);
  g_assert_cmpint (bd_chart_round_up (3), ==, 5);
  g_assert_cmpint (bd_chart_round_up (7), ==, 10);
  g_assert_cmpint (bd_chart_round_up (12), ==, 20);
  g_assert_cmpint (bd_chart_round_up (100), ==, 100);
  g_assert_cmpint (bd_chart_round_up (101), ==, 200);
  g_assert_cmpint (bd_chart_round_up (250), ==, 500);
  g_assert_cmpint (bd_chart_round_up (123456789), ==, 200000000);

  /* A line of three on 320 × 200: the plot is 240 × 168 from (72, 8);
   * each value has a band 80 wide, its point in the band's middle, at
   * its share of the top (100). */
  bd_chart_layout (BD_CHART_LINE, line, NULL, 3, 320, 200, &g);
  g_assert_cmpfloat (g.plot.origin.x, ==, 72);
  g_assert_cmpfloat (g.plot.origin.y, ==, 8);
  g_assert_cmpfloat (g.plot.size.width, ==, 240);
  g_assert_cmpfloat (g.plot.size.height, ==, 168);
  g_assert_cmpint (g.top, ==, 100);
  g_assert_cmpuint (g.n, ==, 3);
  g_assert_cmpfloat (g.points[0].x, ==, 112);
  g_assert_cmpfloat (g.points[0].y, ==, 176);
  g_assert_cmpfloat (g.points[1].x, ==, 192);
  g_assert_cmpfloat (g.points[1].y, ==, 92);
  g_assert_cmpfloat (g.points[2].x, ==, 272);
  g_assert_cmpfloat (g.points[2].y, ==, 8);
  /* The band under the middle point: 60% of the band, down to the axis. */
  g_assert_cmpfloat (g.bars[1].origin.x, ==, 168);
  g_assert_cmpfloat (g.bars[1].size.width, ==, 48);
  g_assert_cmpfloat (g.bars[1].origin.y, ==, 92);
  g_assert_cmpfloat (g.bars[1].size.height, ==, 84);

  /* Paired bars, two months on 320 × 200: bands of 120, the first
   * series' bar from 10% to 50% of it, the second's from 50% to 90%; the
   * top is 20. */
  bd_chart_layout (BD_CHART_PAIRED_BARS, added, churned, 2, 320, 200, &g);
  g_assert_cmpint (g.top, ==, 20);
  g_assert_cmpfloat (g.bars[0].origin.x, ==, 84);
  g_assert_cmpfloat (g.bars[0].size.width, ==, 48);
  g_assert_cmpfloat (g.bars[0].origin.y, ==, 92);
  g_assert_cmpfloat (g.bars[0].size.height, ==, 84);
  g_assert_cmpfloat (g.bars2[0].origin.x, ==, 132);
  g_assert_cmpfloat (g.bars2[0].origin.y, ==, 134);
  g_assert_cmpfloat (g.bars2[0].size.height, ==, 42);
  g_assert_cmpfloat (g.bars[1].origin.x, ==, 204);
  g_assert_cmpfloat (g.bars[1].origin.y, ==, 8);
  g_assert_cmpfloat (g.bars[1].size.height, ==, 168);
  g_assert_cmpfloat (g.bars2[1].size.height, ==, 0);
  g_assert_cmpfloat (g.bars2[1].origin.y, ==, 176);

  /* Horizontal bars, four on 344 × 136: the plot is 200 × 120 from
   * (96, 8), bands of 30, each bar 60% of its band, as long as its share
   * of the top (5). */
  bd_chart_layout (BD_CHART_HORIZONTAL_BARS, statuses, NULL, 4, 344, 136, &g);
  g_assert_cmpint (g.top, ==, 5);
  g_assert_cmpfloat (g.plot.origin.x, ==, 96);
  g_assert_cmpfloat (g.plot.size.width, ==, 200);
  g_assert_cmpfloat (g.plot.size.height, ==, 120);
  g_assert_cmpfloat (g.bars[0].origin.x, ==, 96);
  g_assert_cmpfloat (g.bars[0].size.width, ==, 160);
  g_assert_cmpfloat (g.bars[0].origin.y, ==, 14);
  g_assert_cmpfloat (g.bars[0].size.height, ==, 18);
  g_assert_cmpfloat (g.bars[1].size.width, ==, 80);
  g_assert_cmpfloat (g.bars[1].origin.y, ==, 44);
  g_assert_cmpfloat (g.bars[2].size.width, ==, 40);
  g_assert_cmpfloat (g.bars[3].size.width, ==, 0);

  /* Nothing to draw: an empty chart, and no mark. */
  bd_chart_layout (BD_CHART_LINE, NULL, NULL, 0, 320, 200, &g);
  g_assert_cmpuint (g.n, ==, 0);
  g_assert_cmpint (g.top, ==, 1);
}

/* A synced account: the Dashboard first in the sidebar and shown first;
 * every tile and chart equal to the blocking computation on the same
 * cache at the same moment, for every currency the switcher offers. */
static void
test_tiles (void)
{
  g_autoptr(BdMetrics) expected = NULL;
  GtkDropDown *dropdown;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  /* The sandbox's clock at the real time (not BD_TEST_SANDBOX_NOW): the
   * Dashboard takes its numbers as of now, and the seed's renewals,
   * trials and history are then where a merchant would see them. */
  {
    const char *args[] = { "--seed", "200", NULL };
    g_autoptr(GError) error = NULL;

    server = bd_test_sandbox_start (args, &error);
    if (server == NULL)
      {
        bd_test_skip_or_fail (error->message);
        return;
      }
  }
  account = bd_gui_test_add_sandbox_account (app, "Metrics Shop", server, bd_test_sandbox_get_key (server));

  window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  bd_gui_test_present (GTK_WINDOW (window));
  bd_window_open_account (window, account);
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);

  {
    g_auto(GStrv) pages = bd_window_list_pages (window);

    g_assert_cmpstr (pages[0], ==, "welcome");
    g_assert_cmpstr (pages[1], ==, "dashboard");
    g_assert_cmpstr (pages[2], ==, "invoices");
  }
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "dashboard");
  {
    g_autofree char *title = bd_page_get_title (BD_PAGE (dashboard ()));

    g_assert_cmpstr (title, ==, "Dashboard");
  }

  bd_gui_test_poll_for (settled, NULL, 120);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  expected = oracle ();
  g_assert_cmpuint (bd_metrics_get_n_currencies (expected), >, 0);
  g_assert_cmpuint (bd_metrics_get_currency (expected, 0)->active, >, 0);

  /* The main currency first. */
  assert_tiles (bd_metrics_get_currency (expected, 0));
  assert_charts (bd_metrics_get_currency (expected, 0));
  bd_gui_test_save_screens (GTK_WIDGET (window), "dashboard", 1200, 800, TRUE);

  /* Every other currency through the switcher, shown only when there are
   * several. */
  dropdown = GTK_DROP_DOWN (bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_DROP_DOWN, NULL, NULL));
  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (dropdown)), ==, bd_metrics_get_n_currencies (expected) > 1);
  for (guint i = 1; i < bd_metrics_get_n_currencies (expected); i++)
    {
      const BdMetricsCurrency *c = bd_metrics_get_currency (expected, i);

      bd_gui_test_select_string (dropdown, c->currency);
      assert_tiles (c);
      assert_charts (c);
    }
  if (bd_metrics_get_n_currencies (expected) > 1)
    bd_gui_test_select_string (dropdown, bd_metrics_get_currency (expected, 0)->currency);
}

/* A row of Needs attention, and one of Renewals, each open the
 * Subscriptions page on their subscription. */
static void
test_open_rows (void)
{
  g_autoptr(BdMetricsLists) lists = NULL;
  const char *ids[2] = { NULL, NULL };

  if (window == NULL)
    return;

  lists = assert_lists ();
  /* The whole page, lists included, in one picture. */
  bd_gui_test_save_screens (GTK_WIDGET (window), "dashboard-whole", 1800, 1040, FALSE);
  g_assert_cmpuint (bd_metrics_lists_get_n_renewals (lists) + bd_metrics_lists_get_n_attention (lists), >, 0);
  if (bd_metrics_lists_get_n_attention (lists) > 0)
    ids[0] = bd_metrics_lists_get_attention (lists, 0)->subscription_id;
  if (bd_metrics_lists_get_n_renewals (lists) > 0)
    ids[1] = bd_metrics_lists_get_renewal (lists, bd_metrics_lists_get_n_renewals (lists) - 1)->subscription_id;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *row;
      GtkWidget *subscriptions;

      if (ids[i] == NULL)
        continue;
      g_assert_true (bd_window_show_page (window, "dashboard", NULL));
      row = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LIST_BOX_ROW, "name", ids[i]);
      g_assert_nonnull (row);
      g_signal_emit_by_name (row, "activate");
      g_assert_cmpstr (bd_window_get_visible_page (window), ==, "subscriptions");
      subscriptions = gtk_widget_get_parent (GTK_WIDGET (dashboard ()));
      subscriptions = gtk_stack_get_child_by_name (GTK_STACK (subscriptions), "subscriptions");
      bd_gui_test_wait_for_text (subscriptions, ids[i]);
    }
  g_assert_true (bd_window_show_page (window, "dashboard", NULL));
}

/* A refresh recomputes in place: the page stays on its numbers (no
 * spinner) while the new ones come, then shows them. */
static void
test_refresh (void)
{
  g_autoptr(BdMetrics) expected = NULL;
  GtkWidget *mrr_label;

  if (window == NULL)
    return;

  mrr_label = bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LABEL, "name", "mrr-value");
  bd_page_refresh (BD_PAGE (dashboard ()));
  g_assert_true (bd_dashboard_page_is_loading (dashboard ()));
  /* A second refresh cancels the first computation. */
  bd_page_refresh (BD_PAGE (dashboard ()));
  g_assert_true (bd_gui_test_is_mapped (mrr_label));
  bd_gui_test_poll_for (settled, NULL, 60);
  g_assert_true (bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_LABEL, "name", "mrr-value") == mrr_label);
  expected = oracle ();
  assert_tiles (bd_metrics_get_currency (expected, 0));
}

static gboolean
state_is (gpointer data)
{
  GtkStack *stack = GTK_STACK (bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), GTK_TYPE_STACK, NULL, NULL));

  return !bd_window_is_syncing (window) && !bd_dashboard_page_is_loading (dashboard ()) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), data) == 0;
}

/* An account whose cache holds no subscription: "No Subscriptions Yet",
 * and no number of the account before. */
static void
test_empty (void)
{
  g_autoptr(BdTestSandbox) empty = NULL;
  BdAccount *other;

  if (window == NULL)
    return;

  empty = bd_test_sandbox_start_at_now (NULL);
  if (empty == NULL)
    return;
  other = bd_gui_test_add_sandbox_account (app, "New Shop", empty, bd_test_sandbox_get_key (empty));
  bd_window_open_account (window, other);
  g_assert_true (bd_window_show_page (window, "dashboard", NULL));
  bd_gui_test_wait_for (state_is, "empty", 100);
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (dashboard ()), ADW_TYPE_STATUS_PAGE,
                                             "title", "No Subscriptions Yet"));
  g_assert_null (bd_gui_test_find_text (GTK_WIDGET (dashboard ()), "MRR"));
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  bd_gui_test_save_screens (GTK_WIDGET (window), "dashboard-empty", 1200, 800, FALSE);

  bd_gui_test_close (GTK_WINDOW (window));
  window = NULL;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-dashboard-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/dashboard/geometry", test_geometry);
  g_test_add_func ("/gui/dashboard/tiles", test_tiles);
  g_test_add_func ("/gui/dashboard/open-rows", test_open_rows);
  g_test_add_func ("/gui/dashboard/refresh", test_refresh);
  g_test_add_func ("/gui/dashboard/empty", test_empty);

  ret = g_test_run ();
  ret = bd_gui_test_app_end (ret, &app, (GtkWindow **) &window, &tmp_dir);
  g_clear_pointer (&server, bd_test_sandbox_free);
  g_free (sandbox_exe);
  return ret;
}
