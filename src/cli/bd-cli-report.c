/* bd-cli-report.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "bd-cli-private.h"
#include "bd-metrics.h"
#include "bd-money.h"

/*
 * billing-desk report metrics [--account NAME] [--as-of RFC3339] [--json]
 *
 * The subscription metrics of bd-metrics.h, which the Dashboard shows, from
 * the account's offline copy only (a missing cache is an error, never
 * created), computed on a worker thread while the main thread waits.  The
 * text form formats amounts in the locale (BdMoney); --json gives minor
 * units, the 12-month history included, for scripts.  --as-of defaults to
 * now; for a sandbox account give the sandbox's clock (GET /_sandbox/clock),
 * which this command does not ask for: it never talks to a server.
 */

/* 1234567 ppm as "0.034483": six decimals, exact. */
static char *
format_ppm (gint64 ppm)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT, ppm / 1000000, ppm % 1000000);
}

static char *
format_usec (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (dt, usec % G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (exact);
}

static void
append_int (GString    *json,
            const char *key,
            gint64      value)
{
  g_string_append_printf (json, "\"%s\": %" G_GINT64_FORMAT, key, value);
}

/* The JSON form: an object with as_of and one entry per currency, main
 * first.  Written by hand so that the churn rate stays the exact decimal
 * of its parts per million (no double in between). */
static char *
metrics_to_json (BdMetrics *metrics)
{
  g_autoptr(GString) json = g_string_new ("{\n");
  g_autofree char *as_of = format_usec (bd_metrics_get_as_of (metrics));
  guint n = bd_metrics_get_n_currencies (metrics);

  g_string_append_printf (json, "  \"as_of\": \"%s\",\n  \"currencies\": [", as_of);
  for (guint i = 0; i < n; i++)
    {
      const BdMetricsCurrency *c = bd_metrics_get_currency (metrics, i);
      gint64 ppm;

      g_string_append_printf (json, "%s\n    {\"currency\": \"%s\", ", i > 0 ? "," : "", c->currency);
      append_int (json, "mrr", c->mrr);
      g_string_append (json, ", ");
      append_int (json, "arr", c->arr);
      g_string_append (json, ", ");
      append_int (json, "active", c->active);
      g_string_append (json, ", ");
      append_int (json, "in_trial", c->in_trial);
      g_string_append (json, ", ");
      append_int (json, "trial_mrr", c->trial_mrr);
      g_string_append (json, ", ");
      append_int (json, "on_hold", c->on_hold);
      g_string_append (json, ", ");
      append_int (json, "at_risk_mrr", c->at_risk_mrr);
      g_string_append (json, ", ");
      append_int (json, "paused", c->paused);
      g_string_append (json, ", ");
      append_int (json, "new_30d", c->new_30d);
      g_string_append (json, ", ");
      append_int (json, "churned_30d", c->churned_30d);
      g_string_append (json, ", ");
      append_int (json, "active_30d_ago", c->active_30d_ago);
      g_string_append (json, ", \"churn_rate\": ");
      if (bd_metrics_currency_churn_ppm (c, &ppm))
        {
          g_autofree char *rate = format_ppm (ppm);

          g_string_append (json, rate);
        }
      else
        g_string_append (json, "null");
      g_string_append (json, ", ");
      append_int (json, "mrr_30d_ago", c->mrr_30d_ago);
      g_string_append (json, ", ");
      append_int (json, "net_new_mrr", c->net_new_mrr);
      g_string_append (json, ",\n     \"history\": [");
      for (guint k = 0; k < BD_METRICS_MONTHS; k++)
        {
          g_autoptr(GDateTime) month = g_date_time_new_from_unix_utc (c->history[k].month_start / G_USEC_PER_SEC);
          g_autofree char *name = g_date_time_format (month, "%Y-%m");

          g_string_append_printf (json, "%s\n       {\"month\": \"%s\", ", k > 0 ? "," : "", name);
          append_int (json, "mrr", c->history[k].mrr);
          g_string_append (json, ", ");
          append_int (json, "new", c->history[k].new_count);
          g_string_append (json, ", ");
          append_int (json, "churned", c->history[k].churned);
          g_string_append (json, "}");
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, n > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static char *
format_amount (gint64      amount,
               const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);

  return bd_money_format (money);
}

static void
print_line (const char *label,
            const char *value)
{
  printf ("  %-20s %s\n", label, value);
}

static void
print_count (const char *label,
             guint       count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  print_line (label, text);
}

static void
print_text (BdMetrics *metrics)
{
  g_autoptr(GDateTime) as_of = g_date_time_new_from_unix_utc (bd_metrics_get_as_of (metrics) / G_USEC_PER_SEC);
  g_autofree char *when = g_date_time_format (as_of, "%x %H:%M UTC");
  guint n = bd_metrics_get_n_currencies (metrics);

  /* TRANSLATORS: "Subscription metrics as of 03/15/2026 12:00 UTC" */
  printf (_("Subscription metrics as of %s\n"), when);
  if (n == 0)
    printf ("%s\n", _("No subscriptions are cached."));

  for (guint i = 0; i < n; i++)
    {
      const BdMetricsCurrency *c = bd_metrics_get_currency (metrics, i);
      g_autofree char *mrr = format_amount (c->mrr, c->currency);
      g_autofree char *arr = format_amount (c->arr, c->currency);
      g_autofree char *trial = format_amount (c->trial_mrr, c->currency);
      g_autofree char *risk = format_amount (c->at_risk_mrr, c->currency);
      g_autofree char *net = format_amount (c->net_new_mrr, c->currency);
      g_autofree char *in_trial = NULL;
      g_autofree char *on_hold = NULL;
      g_autofree char *rate = NULL;
      gint64 ppm;

      printf ("\n");
      /* TRANSLATORS: a currency heading, "USD (main currency)" */
      if (i == 0)
        printf (_("%s (main currency)\n"), c->currency);
      else
        printf ("%s\n", c->currency);
      print_line (_("MRR"), mrr);
      print_line (_("ARR"), arr);
      print_count (_("Active"), c->active);
      /* TRANSLATORS: "3 (MRR to come: $297.00)" */
      in_trial = g_strdup_printf (_("%u (MRR to come: %s)"), c->in_trial, trial);
      print_line (_("In trial"), in_trial);
      /* TRANSLATORS: "4 (MRR at risk: $116.00)" */
      on_hold = g_strdup_printf (_("%u (MRR at risk: %s)"), c->on_hold, risk);
      print_line (_("On hold"), on_hold);
      print_count (_("Paused"), c->paused);
      print_count (_("New (30 days)"), c->new_30d);
      print_count (_("Churned (30 days)"), c->churned_30d);
      if (bd_metrics_currency_churn_ppm (c, &ppm))
        {
          /* Percent with two decimals: ppm / 10⁴, rounded half up. */
          gint64 hundredths = (ppm + 50) / 100;

          g_autofree char *percent = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", hundredths / 100,
                                                      (int) (hundredths % 100));

          /* TRANSLATORS: a churn rate, "1.67 % of 120" (active 30 days ago) */
          rate = g_strdup_printf (_("%s %% of %u"), percent, c->active_30d_ago);
        }
      else
        rate = g_strdup (_("— (nothing was active 30 days ago)"));
      print_line (_("Churn rate"), rate);
      print_line (_("Net new MRR"), net);
    }
}

typedef struct
{
  char      *path;
  GDateTime *as_of;
} Report;

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Report *self = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;

  store = bd_store_open (self->path, &error);
  if (store != NULL)
    metrics = bd_metrics_compute (store, self->as_of, &error);
  if (metrics == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&metrics), (GDestroyNotify) bd_metrics_unref);
}

/* An RFC 3339 moment, "2026-03-15T12:00:00Z" or with an offset; NULL and
 * @error for anything else (a date alone, ISO 8601's other forms). */
static GDateTime *
parse_as_of (const char  *text,
             GError     **error)
{
  GDateTime *dt = NULL;
  const char *s = text;

  /* RFC 3339 needs the date, 'T', the time and a zone. */
  if (strlen (text) >= 20 && g_ascii_isdigit (text[0]) && text[4] == '-' && text[7] == '-' &&
      (text[10] == 'T' || text[10] == 't') && text[13] == ':' && text[16] == ':')
    {
      s = text + strlen (text) - 1;
      if (*s == 'Z' || *s == 'z' || (strlen (text) >= 25 && (s[-5] == '+' || s[-5] == '-') && s[-2] == ':'))
        dt = g_date_time_new_from_iso8601 (text, NULL);
    }
  if (dt == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--as-of “%s” is not an RFC 3339 date and time, such as 2026-03-15T12:00:00Z"), text);
  return dt;
}

static int
report_metrics (int    argc,
                char **argv)
{
  g_autofree char *account_name = NULL;
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account to report on"), N_("NAME") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The moment, RFC 3339 (default: now)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON, amounts in minor units"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(BdMetrics) metrics = NULL;
  g_autoptr(GDateTime) as_of = NULL;
  g_autofree char *path = NULL;
  Report report = { NULL, NULL };
  int status = 0;

  if (!bd_cli_parse_options ("report metrics", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (as_of_text != NULL && !(as_of = parse_as_of (as_of_text, &error)))
    return bd_cli_fail (BD_CLI_EXIT_USAGE, "%s", error->message);

  if (!(account = bd_cli_choose_account (account_name, &path, &status)))
    return status;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return bd_cli_fail (1, _("There is no offline copy of “%s” yet: run “billing-desk sync” first"),
                        bd_account_get_display_name (account));

  report.path = path;
  report.as_of = as_of;
  task = g_task_new (NULL, NULL, bd_cli_on_async_done, &result);
  g_task_set_task_data (task, &report, NULL);
  g_task_run_in_thread (task, report_thread);
  bd_cli_wait_for (&result);

  metrics = g_task_propagate_pointer (G_TASK (result), &error);
  if (metrics == NULL)
    return bd_cli_fail (1, "%s", error->message);

  if (json)
    {
      g_autofree char *text = metrics_to_json (metrics);

      fputs (text, stdout);
    }
  else
    print_text (metrics);
  return fflush (stdout) == 0 ? 0 : bd_cli_fail (1, _("Could not write to standard output"));
}

int
bd_cli_report_main (int    argc,
                    char **argv)
{
  const char *usage = _("Usage: billing-desk report metrics [--account NAME] [--as-of RFC3339] [--json]");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout, "%s\n", usage);
      return argc < 2 ? BD_CLI_EXIT_USAGE : 0;
    }
  if (g_str_equal (argv[1], "metrics"))
    return report_metrics (argc - 1, argv + 1);
  return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unknown command “report %s”: use metrics"), argv[1]);
}
