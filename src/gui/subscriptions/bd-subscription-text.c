/* bd-subscription-text.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-subscription-text"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-format.h"
#include "bd-money.h"
#include "bd-status.h"
#include "bd-subscription-text.h"

/* The words the Subscriptions page and its rows say about a
 * subscription: its amount per period, cadence, when it renews or ended,
 * who and what.  Days follow the locale (%x, bd_format_day_or_dash()). */

/* The status as a tag says it.  (transfer none) */
const char *
bd_subscription_describe_status (BdSubscription *subscription)
{
  return bd_status_word_of (subscription, BD_TYPE_SUBSCRIPTION_STATUS, "status");
}

void
bd_subscription_set_status_tag (GtkLabel       *tag,
                                BdSubscription *subscription)
{
  bd_status_set_tag (tag, subscription, BD_TYPE_SUBSCRIPTION_STATUS, "status");
}

gboolean
bd_subscription_has_ended (BdSubscription *subscription)
{
  switch ((BdSubscriptionStatus) bd_model_get_enum (subscription, "status"))
    {
    case BD_SUBSCRIPTION_STATUS_CANCELLED:
    case BD_SUBSCRIPTION_STATUS_FAILED:
    case BD_SUBSCRIPTION_STATUS_EXPIRED:
      return TRUE;
    default:
      return FALSE;
    }
}


/* "$29.00 / month", "$75.00 every 3 months": the amount of one billing
 * period.  (transfer full) */
char *
bd_subscription_describe_amount (BdSubscription *subscription)
{
  g_autofree char *amount = bd_format_money_or_dash (bd_model_get_money (subscription,
                                                                          "recurring-pre-tax-amount"));
  gint64 count = bd_model_get_int (subscription, "payment-frequency-count");
  guint n = (guint) CLAMP (count, 0, G_MAXUINT);

  if (n <= 1)
    {
      switch ((BdTimeInterval) bd_model_get_enum (subscription, "payment-frequency-interval"))
        {
        case BD_TIME_INTERVAL_DAY:
          /* TRANSLATORS: an amount billed each day, e.g. "$1.00 / day" */
          return g_strdup_printf (_("%s / day"), amount);
        case BD_TIME_INTERVAL_WEEK:
          /* TRANSLATORS: an amount billed each week, e.g. "$5.00 / week" */
          return g_strdup_printf (_("%s / week"), amount);
        case BD_TIME_INTERVAL_MONTH:
          /* TRANSLATORS: an amount billed each month, e.g. "$29.00 / month" */
          return g_strdup_printf (_("%s / month"), amount);
        case BD_TIME_INTERVAL_YEAR:
          /* TRANSLATORS: an amount billed each year, e.g. "$290.00 / year" */
          return g_strdup_printf (_("%s / year"), amount);
        case BD_TIME_INTERVAL_UNKNOWN:
        default:
          return g_steal_pointer (&amount);
        }
    }

  switch ((BdTimeInterval) bd_model_get_enum (subscription, "payment-frequency-interval"))
    {
    case BD_TIME_INTERVAL_DAY:
      /* TRANSLATORS: an amount, then a number of days */
      return g_strdup_printf (ngettext ("%s every %u day", "%s every %u days", n), amount, n);
    case BD_TIME_INTERVAL_WEEK:
      /* TRANSLATORS: an amount, then a number of weeks */
      return g_strdup_printf (ngettext ("%s every %u week", "%s every %u weeks", n), amount, n);
    case BD_TIME_INTERVAL_MONTH:
      /* TRANSLATORS: an amount, then a number of months */
      return g_strdup_printf (ngettext ("%s every %u month", "%s every %u months", n), amount, n);
    case BD_TIME_INTERVAL_YEAR:
      /* TRANSLATORS: an amount, then a number of years */
      return g_strdup_printf (ngettext ("%s every %u year", "%s every %u years", n), amount, n);
    case BD_TIME_INTERVAL_UNKNOWN:
    default:
      return g_steal_pointer (&amount);
    }
}

/* "3 days", "10 years": a span of @interval.  (transfer full) */
char *
bd_subscription_describe_span (BdTimeInterval  interval,
                               gint64          count,
                               const char     *raw)
{
  guint n = (guint) CLAMP (count, 0, G_MAXUINT);

  switch (interval)
    {
    case BD_TIME_INTERVAL_DAY:
      return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
    case BD_TIME_INTERVAL_WEEK:
      return g_strdup_printf (ngettext ("%u week", "%u weeks", n), n);
    case BD_TIME_INTERVAL_MONTH:
      return g_strdup_printf (ngettext ("%u month", "%u months", n), n);
    case BD_TIME_INTERVAL_YEAR:
      return g_strdup_printf (ngettext ("%u year", "%u years", n), n);
    case BD_TIME_INTERVAL_UNKNOWN:
    default:
      return g_strdup_printf ("%u %s", n, raw != NULL ? raw : "");
    }
}

/* "Every month", "Every 3 months, for 10 years".  (transfer full) */
char *
bd_subscription_describe_cadence (BdSubscription *subscription)
{
  BdTimeInterval interval = bd_model_get_enum (subscription, "payment-frequency-interval");
  gint64 count = bd_model_get_int (subscription, "payment-frequency-count");
  g_autofree char *every = NULL;
  g_autofree char *term = NULL;

  if (count <= 1 && interval == BD_TIME_INTERVAL_DAY)
    every = g_strdup (_("Every day"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_WEEK)
    every = g_strdup (_("Every week"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_MONTH)
    every = g_strdup (_("Every month"));
  else if (count <= 1 && interval == BD_TIME_INTERVAL_YEAR)
    every = g_strdup (_("Every year"));
  else
    {
      g_autofree char *span = bd_subscription_describe_span (interval, count,
                                             bd_model_get_string (subscription, "payment-frequency-interval-raw"));

      /* TRANSLATORS: how often a subscription is billed, e.g. "Every 3 months" */
      every = g_strdup_printf (_("Every %s"), span);
    }

  if (bd_model_get_int (subscription, "subscription-period-count") <= 0)
    return g_steal_pointer (&every);
  term = bd_subscription_describe_span (bd_model_get_enum (subscription, "subscription-period-interval"),
                        bd_model_get_int (subscription, "subscription-period-count"),
                        bd_model_get_string (subscription, "subscription-period-interval-raw"));
  /* TRANSLATORS: how often, then how long a subscription runs, e.g.
   * "Every month, for 10 years" */
  return g_strdup_printf (_("%s, for %s"), every, term);
}

/* When it bills next, or when it ended: the list's second line on the
 * right, and the words under the pane's amount.  (transfer full) */
char *
bd_subscription_describe_when (BdSubscription *subscription)
{
  g_autofree char *day = NULL;

  if (bd_subscription_has_ended (subscription))
    {
      GDateTime *ended = bd_model_get_datetime (subscription, "cancelled-at");

      if (ended == NULL)
        ended = bd_model_get_datetime (subscription, "expires-at");
      if (ended == NULL)
        return g_strdup (_("Ended"));
      day = bd_format_day_or_dash (ended);
      /* TRANSLATORS: the day a subscription ended, e.g. "Ended 3 Mar 2026" */
      return g_strdup_printf (_("Ended %s"), day);
    }

  if (bd_model_get_enum (subscription, "status") == BD_SUBSCRIPTION_STATUS_PAUSED)
    {
      GDateTime *paused = bd_model_get_datetime (subscription, "paused-at");

      if (paused == NULL)
        return g_strdup (C_("subscription status", "Paused"));
      day = bd_format_day_or_dash (paused);
      /* TRANSLATORS: the day a subscription was paused, e.g. "Paused 3 Mar 2026" */
      return g_strdup_printf (_("Paused %s"), day);
    }

  day = bd_format_day_or_dash (bd_model_get_datetime (subscription, "next-billing-date"));
  if (bd_model_get_boolean (subscription, "cancel-at-next-billing-date"))
    /* TRANSLATORS: the day a subscription will end, e.g. "Ends 3 Apr 2026" */
    return g_strdup_printf (_("Ends %s"), day);
  /* TRANSLATORS: the next billing day, e.g. "Renews 3 Apr 2026" */
  return g_strdup_printf (_("Renews %s"), day);
}

/* "Ada Lovelace", or the email when there is no name.  (transfer none) */
const char *
bd_subscription_customer_title (BdSubscription *subscription)
{
  const char *name = bd_model_get_string (subscription, "customer-name");

  if (name != NULL && name[0] != '\0')
    return name;
  name = bd_model_get_string (subscription, "customer-email");
  return name != NULL ? name : _("Unknown customer");
}

const char *
bd_subscription_product_title (BdSubscription *subscription)
{
  const char *name = bd_model_get_string (subscription, "product-name");

  if (name != NULL && name[0] != '\0')
    return name;
  name = bd_model_get_string (subscription, "product-id");
  return name != NULL ? name : _("Unknown product");
}

