/* bd-dashboard-page.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dashboard-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-chart.h"
#include "bd-dashboard-lists.h"
#include "bd-dashboard-page.h"
#include "bd-metrics.h"
#include "bd-metrics-lists.h"
#include "bd-money.h"
#include "bd-page.h"
#include "bd-store.h"

/*
 * The Dashboard: how the business is doing, per currency (Dodo has no
 * exchange rates, so currencies are never added together), the main
 * currency first and a switcher when there are several.
 *
 * Everything on it is one BdMetrics, computed by bd_metrics_compute_async()
 * on a worker thread with its own connection to the cache; nothing here
 * reads the cache on the main thread.  A refresh (a sync or a write
 * committed rows) starts a new computation, cancelling one in flight, and
 * the numbers are replaced in place when it ends: the spinner shows only
 * until the first one has.
 *
 * As-of is now, for a sandbox account too: the sandbox's clock starts at
 * the real time and only moves ahead when a test advances it, which the
 * merchant's Dashboard does not follow (`billing-desk report metrics
 * --as-of` takes the sandbox's clock for that).
 *
 * Renewals and Needs attention (bd-dashboard-lists.c) come from
 * bd_metrics_lists_compute_async(), started when the metrics have
 * arrived, at their as-of moment, so both say the same about the same
 * cache; each row opens its subscription.
 *
 * The tiles are menu buttons whose popovers say how each number is made,
 * in the words of HACKING.md ("Metrics"); each value label is named after
 * its tile ("mrr-value") so tests find it.
 */

typedef enum
{
  TILE_MRR,
  TILE_ARR,
  TILE_ACTIVE,
  TILE_IN_TRIAL,
  TILE_AT_RISK,
  TILE_CHURN,
  TILE_NEW,
  N_TILES
} Tile;

static const struct
{
  const char *name;
  const char *caption;
  const char *formula;
} tiles[N_TILES] = {
  { "mrr", N_("MRR"),
    N_("Monthly recurring revenue: the monthly amounts of active subscriptions that are not in a trial. "
       "A monthly amount is the recurring pre-tax amount over the billing cadence (a year’s over 12).") },
  { "arr", N_("ARR"),
    N_("Annual recurring revenue: 12 × MRR, rounded once.") },
  { "active", N_("Active"),
    N_("Subscriptions whose status is active, trials included.") },
  { "in-trial", N_("In Trial"),
    N_("Active subscriptions still within their trial days. They are counted here with the MRR they will bring, "
       "but not in MRR.") },
  { "at-risk", N_("At Risk"),
    N_("Subscriptions on hold after a failed renewal, and their monthly amounts.") },
  { "churn", N_("Churn"),
    N_("Subscriptions cancelled or expired in the last 30 days, divided by those running 30 days ago.") },
  { "new", N_("New"),
    N_("Subscriptions created in the last 30 days that are not pending or failed.") },
};

/* How many rows each list shows at most. */
#define LIST_ROWS 8

struct _BdDashboardPage
{
  AdwBin           parent_instance;

  GtkLabel        *as_of_label;
  GtkListBox      *attention_list;
  GtkLabel        *attention_summary;
  GtkFlowBox      *charts_box;
  GtkDropDown     *currency_dropdown;
  GtkListBox      *renewals_list;
  GtkLabel        *renewals_summary;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *error_page;
  BdChart         *flow_chart;
  BdChart         *mrr_chart;
  GtkSpinner      *spinner;
  GtkStack        *stack;
  BdChart         *status_chart;
  GtkFlowBox      *tiles_box;

  GtkLabel        *values[N_TILES];
  GtkLabel        *details[N_TILES];

  char            *store_path;
  GCancellable    *cancellable;
  BdMetrics       *metrics;
  char            *currency;     /* the one shown */
  gboolean         loading;
  gboolean         filling_dropdown;
};

static void bd_dashboard_page_iface_init (BdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdDashboardPage, bd_dashboard_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_PAGE, bd_dashboard_page_iface_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

/* Helpers: words */

static char *
format_money (gint64      amount,
              const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);

  /* A code Dodo does not know: the minor units and the code, never nothing. */
  if (money == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT " %s", amount, currency);
  return bd_money_format (money);
}

static char *
format_count (guint count)
{
  return g_strdup_printf ("%'u", count);
}

/* A share in parts per million as a percentage with one decimal, in the
 * locale's decimal mark. */
static char *
format_ppm (gint64 ppm)
{
  /* TRANSLATORS: a percentage with one decimal ("2.5%"); German puts a
   * space before the sign ("2,5 %"). */
  return g_strdup_printf (_("%.1f%%"), (double) ppm / 10000.0);
}

static void
set_tile (BdDashboardPage *self,
          Tile             tile,
          const char      *value,
          const char      *detail)
{
  gtk_label_set_label (self->values[tile], value);
  gtk_label_set_label (self->details[tile], detail);
  gtk_widget_set_visible (GTK_WIDGET (self->details[tile]), detail != NULL && *detail != '\0');
}

/* Helpers: the tiles */

static void
build_tiles (BdDashboardPage *self)
{
  for (Tile t = 0; t < N_TILES; t++)
    {
      GtkWidget *button = gtk_menu_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *caption = gtk_label_new (_(tiles[t].caption));
      GtkWidget *value = gtk_label_new (NULL);
      GtkWidget *detail = gtk_label_new (NULL);
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *formula = gtk_label_new (_(tiles[t].formula));
      g_autofree char *value_name = g_strdup_printf ("%s-value", tiles[t].name);
      g_autofree char *detail_name = g_strdup_printf ("%s-detail", tiles[t].name);
      GtkWidget *labels[3];

      gtk_widget_set_name (button, tiles[t].name);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_widget_add_css_class (button, "dashboard-tile");
      gtk_widget_add_css_class (caption, "caption-heading");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_add_css_class (value, "tile-value");
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_set_name (value, value_name);
      gtk_widget_set_name (detail, detail_name);
      labels[0] = caption;
      labels[1] = value;
      labels[2] = detail;
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        {
          gtk_label_set_xalign (GTK_LABEL (labels[i]), 0);
          gtk_label_set_ellipsize (GTK_LABEL (labels[i]), PANGO_ELLIPSIZE_END);
          gtk_box_append (GTK_BOX (box), labels[i]);
        }
      gtk_menu_button_set_child (GTK_MENU_BUTTON (button), box);
      /* GTK 4.8 puts the child in a centred box beside the (hidden)
       * arrow; the words start at the tile's edge instead. */
      if (gtk_widget_get_parent (box) != NULL && !GTK_IS_BUTTON (gtk_widget_get_parent (box)))
        gtk_widget_set_halign (gtk_widget_get_parent (box), GTK_ALIGN_FILL);
      gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), FALSE);

      gtk_label_set_wrap (GTK_LABEL (formula), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (formula), 40);
      gtk_label_set_xalign (GTK_LABEL (formula), 0);
      gtk_widget_set_margin_start (formula, 6);
      gtk_widget_set_margin_end (formula, 6);
      gtk_widget_set_margin_top (formula, 6);
      gtk_widget_set_margin_bottom (formula, 6);
      gtk_popover_set_child (GTK_POPOVER (popover), formula);
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
      gtk_widget_set_tooltip_text (button, _("How is this counted?"));

      gtk_flow_box_append (self->tiles_box, button);
      self->values[t] = GTK_LABEL (value);
      self->details[t] = GTK_LABEL (detail);
    }
}

static void
show_tiles (BdDashboardPage         *self,
            const BdMetricsCurrency *c)
{
  g_autofree char *mrr = format_money (c->mrr, c->currency);
  g_autofree char *arr = format_money (c->arr, c->currency);
  g_autofree char *net = format_money (ABS (c->net_new_mrr), c->currency);
  g_autofree char *net_words = NULL;
  g_autofree char *active = format_count (c->active);
  g_autofree char *paused = NULL;
  g_autofree char *in_trial = format_count (c->in_trial);
  g_autofree char *trial_mrr = format_money (c->trial_mrr, c->currency);
  g_autofree char *trial_words = NULL;
  g_autofree char *at_risk = format_money (c->at_risk_mrr, c->currency);
  g_autofree char *on_hold = NULL;
  g_autofree char *churn = NULL;
  g_autofree char *churned = NULL;
  g_autofree char *new_count = format_count (c->new_30d);
  gint64 ppm;

  /* TRANSLATORS: the change of MRR over 30 days: "+$120.00 in 30 days" */
  net_words = g_strdup_printf (c->net_new_mrr < 0 ? _("−%s in 30 days") : _("+%s in 30 days"), net);
  set_tile (self, TILE_MRR, mrr, net_words);
  set_tile (self, TILE_ARR, arr, _("12 × MRR"));
  paused = g_strdup_printf (ngettext ("%u paused", "%u paused", c->paused), c->paused);
  set_tile (self, TILE_ACTIVE, active, paused);
  /* TRANSLATORS: the MRR that trials will bring once they end */
  trial_words = g_strdup_printf (_("%s MRR to come"), trial_mrr);
  set_tile (self, TILE_IN_TRIAL, in_trial, trial_words);
  on_hold = g_strdup_printf (ngettext ("%u subscription on hold", "%u subscriptions on hold", c->on_hold),
                             c->on_hold);
  set_tile (self, TILE_AT_RISK, at_risk, on_hold);
  churn = bd_metrics_currency_churn_ppm (c, &ppm) ? format_ppm (ppm) : g_strdup ("—");
  churned = g_strdup_printf (ngettext ("%u ended in 30 days", "%u ended in 30 days", c->churned_30d),
                             c->churned_30d);
  set_tile (self, TILE_CHURN, churn, churned);
  set_tile (self, TILE_NEW, new_count, _("in the last 30 days"));
}

/* Helpers: the charts */

static void
show_charts (BdDashboardPage         *self,
             const BdMetricsCurrency *c)
{
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  gint64 mrr[BD_METRICS_MONTHS], new_counts[BD_METRICS_MONTHS], churned[BD_METRICS_MONTHS];
  const char *series[] = { _("New"), _("Churned"), NULL };
  const char *statuses[] = { _("Paying"), _("In trial"), _("On hold"), _("Paused") };
  gint64 counts[] = { c->active - c->in_trial, c->in_trial, c->on_hold, c->paused };

  for (guint i = 0; i < BD_METRICS_MONTHS; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (c->history[i].month_start / G_USEC_PER_SEC);

      g_ptr_array_add (months, g_date_time_format (start, "%b"));
      mrr[i] = c->history[i].mrr;
      new_counts[i] = c->history[i].new_count;
      churned[i] = c->history[i].churned;
    }
  g_ptr_array_add (months, NULL);

  bd_chart_set_data (self->mrr_chart, BD_METRICS_MONTHS, (const char *const *) months->pdata,
                     mrr, NULL, c->currency, NULL);
  bd_chart_set_data (self->flow_chart, BD_METRICS_MONTHS, (const char *const *) months->pdata,
                     new_counts, churned, NULL, series);
  bd_chart_set_data (self->status_chart, G_N_ELEMENTS (counts), statuses, counts, NULL, NULL, NULL);
}

/* Helpers: the state */

static void
show_currency (BdDashboardPage *self)
{
  const BdMetricsCurrency *c = NULL;
  g_autoptr(GDateTime) as_of = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *words = NULL;

  if (self->metrics == NULL)
    return;
  if (self->currency != NULL)
    c = bd_metrics_lookup_currency (self->metrics, self->currency);
  if (c == NULL && bd_metrics_get_n_currencies (self->metrics) > 0)
    c = bd_metrics_get_currency (self->metrics, 0);
  if (c == NULL)
    return;

  show_tiles (self, c);
  show_charts (self, c);

  as_of = g_date_time_new_from_unix_utc (bd_metrics_get_as_of (self->metrics) / G_USEC_PER_SEC);
  local = g_date_time_to_local (as_of);
  when = g_date_time_format (local, "%x %H:%M");
  /* TRANSLATORS: above the Dashboard's numbers: "In USD, as of 12/04/2026 15:40" */
  words = g_strdup_printf (_("In %s, as of %s"), c->currency, when);
  gtk_label_set_label (self->as_of_label, words);
}

static void
fill_dropdown (BdDashboardPage *self)
{
  guint n = bd_metrics_get_n_currencies (self->metrics);
  g_autoptr(GtkStringList) codes = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *code = bd_metrics_get_currency (self->metrics, i)->currency;

      gtk_string_list_append (codes, code);
      if (g_strcmp0 (code, self->currency) == 0)
        selected = i;
    }
  /* Another account, or a currency gone: the main currency. */
  if (n > 0 && g_strcmp0 (bd_metrics_get_currency (self->metrics, selected)->currency, self->currency) != 0)
    {
      g_free (self->currency);
      self->currency = g_strdup (bd_metrics_get_currency (self->metrics, 0)->currency);
    }

  self->filling_dropdown = TRUE;
  gtk_drop_down_set_model (self->currency_dropdown, G_LIST_MODEL (codes));
  gtk_drop_down_set_selected (self->currency_dropdown, selected);
  self->filling_dropdown = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->currency_dropdown), n > 1);
}

static void
set_loading (BdDashboardPage *self,
             gboolean         loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading && self->metrics == NULL);
}

static void
show_error (BdDashboardPage *self,
            const GError    *error)
{
  g_clear_pointer (&self->metrics, bd_metrics_unref);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
on_lists_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetricsLists) lists = bd_metrics_lists_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  if (lists == NULL)
    {
      show_error (self, error);
      return;
    }
  bd_dashboard_fill_renewals (self->renewals_list, self->renewals_summary, lists);
  bd_dashboard_fill_attention (self->attention_list, self->attention_summary, lists);
  gtk_stack_set_visible_child_name (self->stack, "dashboard");
}

static void
on_metrics_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdMetrics) metrics = bd_metrics_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (metrics == NULL)
    {
      g_clear_object (&self->cancellable);
      set_loading (self, FALSE);
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->metrics, bd_metrics_unref);
  self->metrics = g_steal_pointer (&metrics);
  if (bd_metrics_get_n_currencies (self->metrics) == 0)
    {
      g_clear_object (&self->cancellable);
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  fill_dropdown (self);
  show_currency (self);

  /* The lists at the same moment; the page shows once they are there too
   * (the first time), or keeps the lists it has until then. */
  bd_metrics_lists_compute_async (self->store_path, bd_metrics_get_as_of (self->metrics), LIST_ROWS,
                                  self->cancellable, on_lists_cb, g_object_ref (self));
}

static void
compute (BdDashboardPage *self)
{
  if (self->store_path == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  if (self->metrics == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  /* As-of: now (see the top). */
  bd_metrics_compute_async (self->store_path, NULL, self->cancellable, on_metrics_cb, g_object_ref (self));
}

/* Callbacks */

static void
on_list_row_activated_cb (GtkListBox    *list,
                          GtkListBoxRow *row,
                          gpointer       user_data)
{
  bd_dashboard_open_row (row);
}

static void
on_currency_dropdown_notify_selected_cb (BdDashboardPage *self)
{
  GtkStringObject *item;

  if (self->filling_dropdown || self->metrics == NULL)
    return;
  item = gtk_drop_down_get_selected_item (self->currency_dropdown);
  if (item == NULL)
    return;
  g_free (self->currency);
  self->currency = g_strdup (gtk_string_object_get_string (item));
  show_currency (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  compute (BD_DASHBOARD_PAGE (widget));
}

/* BdPage */

static void
bd_dashboard_page_set_session (BdPage    *page,
                               BdSession *session)
{
  BdDashboardPage *self = BD_DASHBOARD_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->metrics, bd_metrics_unref);
  g_clear_pointer (&self->currency, g_free);
  set_loading (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (session != NULL && bd_session_get_store (session) != NULL)
    {
      self->store_path = g_strdup (bd_store_get_path (bd_session_get_store (session)));
      compute (self);
    }
}

/* The cache changed: compute again; the numbers change in place. */
static void
bd_dashboard_page_refresh (BdPage *page)
{
  compute (BD_DASHBOARD_PAGE (page));
}

static gboolean
bd_dashboard_page_focus_search (BdPage *page)
{
  return FALSE;
}

/* The Dashboard owns no kind of object. */
static void
bd_dashboard_page_show_object (BdPage     *page,
                               const char *id)
{
}

static void
bd_dashboard_page_iface_init (BdPageInterface *iface)
{
  iface->set_session = bd_dashboard_page_set_session;
  iface->refresh = bd_dashboard_page_refresh;
  iface->focus_search = bd_dashboard_page_focus_search;
  iface->show_object = bd_dashboard_page_show_object;
}

/* GObject */

static void
bd_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, _("Dashboard"));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, "view-grid-symbolic");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_dashboard_page_dispose (GObject *object)
{
  BdDashboardPage *self = BD_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->metrics, bd_metrics_unref);

  G_OBJECT_CLASS (bd_dashboard_page_parent_class)->dispose (object);
}

static void
bd_dashboard_page_finalize (GObject *object)
{
  BdDashboardPage *self = BD_DASHBOARD_PAGE (object);

  g_free (self->store_path);
  g_free (self->currency);

  G_OBJECT_CLASS (bd_dashboard_page_parent_class)->finalize (object);
}

static void
bd_dashboard_page_class_init (BdDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bd_dashboard_page_get_property;
  object_class->dispose = bd_dashboard_page_dispose;
  object_class->finalize = bd_dashboard_page_finalize;

  g_object_class_override_property (object_class, PROP_TITLE, "title");
  g_object_class_override_property (object_class, PROP_ICON_NAME, "icon-name");

  g_type_ensure (BD_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/dashboard/bd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, attention_list);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, attention_summary);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, renewals_list);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, renewals_summary);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, flow_chart);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, mrr_chart);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, status_chart);
  gtk_widget_class_bind_template_child (widget_class, BdDashboardPage, tiles_box);

  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "dashboard.reload", NULL, reload_action);
}

static void
bd_dashboard_page_init (BdDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_tiles (self);
  g_signal_connect_object (self->currency_dropdown, "notify::selected",
                           G_CALLBACK (on_currency_dropdown_notify_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Public API */

GtkWidget *
bd_dashboard_page_new (void)
{
  return g_object_new (BD_TYPE_DASHBOARD_PAGE, NULL);
}

gint64
bd_dashboard_page_get_as_of (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), 0);

  return self->metrics != NULL ? bd_metrics_get_as_of (self->metrics) : 0;
}

gboolean
bd_dashboard_page_is_loading (BdDashboardPage *self)
{
  g_return_val_if_fail (BD_IS_DASHBOARD_PAGE (self), FALSE);

  return self->loading;
}
