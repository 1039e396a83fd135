/* bd-dashboard-lists.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-dashboard-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bd-dashboard-lists.h"
#include "bd-format.h"
#include "bd-money.h"

/* The lists are short (the store gives at most a screenful of each), so
 * plain rows in a GtkListBox, rebuilt on each computation, are enough;
 * the counts and sums in the summaries cover every subscription. */

static char *
format_money (gint64      amount,
              const char *currency)
{
  g_autoptr(BdMoney) money = currency != NULL ? bd_money_new (amount, currency) : NULL;

  return bd_format_money_or_dash (money);
}

static char *
format_day (gint64 when)
{
  g_autoptr(GDateTime) utc = when > 0 ? g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC) : NULL;

  return bd_format_day_or_dash (utc);
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* What the row says under the customer, by kind. */
static char *
describe (const BdMetricsItem *item)
{
  g_autofree char *day = format_day (item->when);
  const char *product = item->product != NULL ? item->product : "";

  switch (item->kind)
    {
    case BD_METRICS_ITEM_RENEWAL:
      /* TRANSLATORS: a renewal: its date, then the plan ("12/20/2026 · Pro Plan") */
      return g_strdup_printf (_("%s · %s"), day, product);
    case BD_METRICS_ITEM_ON_HOLD:
      if (item->reason != NULL && *item->reason != '\0')
        /* TRANSLATORS: an on-hold subscription: the plan, then the failed payment's reason */
        return g_strdup_printf (_("On hold: %s · %s"), product, item->reason);
      /* TRANSLATORS: an on-hold subscription, then the plan */
      return g_strdup_printf (_("On hold: %s · the renewal failed"), product);
    case BD_METRICS_ITEM_TRIAL_ENDING:
      /* TRANSLATORS: the day a trial ends, then the plan */
      return g_strdup_printf (_("Trial ends %s · %s"), day, product);
    case BD_METRICS_ITEM_CANCELLING:
      /* TRANSLATORS: the day a subscription ends (cancelled at its next billing date), then the plan */
      return g_strdup_printf (_("Cancels on %s · %s"), day, product);
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
row_new (const BdMetricsItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *customer = g_markup_escape_text (item->customer != NULL ? item->customer : item->subscription_id, -1);
  g_autofree char *subtitle = describe (item);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);
  g_autofree char *amount = format_money (item->amount, item->currency);
  GtkWidget *amount_label = gtk_label_new (amount);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, item->subscription_id);
  gtk_widget_add_css_class (amount_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "subscription-id", g_strdup (item->subscription_id), g_free);
  return row;
}

/* A list with nothing in it says so in its only row, which opens nothing. */
static void
append_none (GtkListBox *list,
             const char *words)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), words);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

void
bd_dashboard_fill_renewals (GtkListBox     *list,
                            GtkLabel       *summary,
                            BdMetricsLists *lists)
{
  g_autoptr(GString) words = g_string_new (NULL);
  guint count;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (lists != NULL);

  clear (list);
  for (guint i = 0; i < bd_metrics_lists_get_n_renewals (lists); i++)
    gtk_list_box_append (list, row_new (bd_metrics_lists_get_renewal (lists, i)));
  if (bd_metrics_lists_get_n_renewals (lists) == 0)
    append_none (list, _("No renewals in the next 30 days"));

  count = bd_metrics_lists_count_renewals (lists);
  for (guint i = 0; i < bd_metrics_lists_get_n_totals (lists); i++)
    {
      const BdMetricsTotal *total = bd_metrics_lists_get_total (lists, i);
      g_autofree char *amount = format_money (total->amount, total->currency);

      if (words->len > 0)
        g_string_append (words, "\n");
      /* TRANSLATORS: the revenue the renewals of one currency bring:
       * "$1,234.00 expected from 12 renewals" */
      g_string_append_printf (words, ngettext ("%s expected from %u renewal", "%s expected from %u renewals",
                                               total->count),
                              amount, total->count);
    }
  if (count > bd_metrics_lists_get_n_renewals (lists))
    {
      g_string_append (words, "\n");
      /* TRANSLATORS: how many rows the list shows of how many */
      g_string_append_printf (words, ngettext ("The soonest %u of %u", "The soonest %u of %u", count),
                              bd_metrics_lists_get_n_renewals (lists), count);
    }
  gtk_label_set_label (summary, words->str);
  gtk_widget_set_visible (GTK_WIDGET (summary), words->len > 0);
}

void
bd_dashboard_fill_attention (GtkListBox     *list,
                             GtkLabel       *summary,
                             BdMetricsLists *lists)
{
  guint count;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (lists != NULL);

  clear (list);
  for (guint i = 0; i < bd_metrics_lists_get_n_attention (lists); i++)
    gtk_list_box_append (list, row_new (bd_metrics_lists_get_attention (lists, i)));
  if (bd_metrics_lists_get_n_attention (lists) == 0)
    append_none (list, _("Nothing needs attention"));

  count = bd_metrics_lists_count_attention (lists);
  if (count > bd_metrics_lists_get_n_attention (lists))
    {
      g_autofree char *words = g_strdup_printf (ngettext ("%u of %u subscription", "%u of %u subscriptions", count),
                                                bd_metrics_lists_get_n_attention (lists), count);

      gtk_label_set_label (summary, words);
      gtk_widget_set_visible (GTK_WIDGET (summary), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (summary), FALSE);
}

void
bd_dashboard_open_row (GtkListBoxRow *row)
{
  const char *id;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  id = g_object_get_data (G_OBJECT (row), "subscription-id");
  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (row), "win.show-subscription", "s", id);
}
