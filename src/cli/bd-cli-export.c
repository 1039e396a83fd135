/* bd-cli-export.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bd-account-client.h"
#include "bd-cli-private.h"
#include "bd-enums.h"
#include "bd-money.h"
#include "bd-report.h"

/*
 * billing-desk export invoices --from DAY --to DAY --format csv|json|pdf
 *                              --output FILE|- [--account NAME]
 *                              [--status STATUS] [--currency CODE]
 * billing-desk export invoice-pdfs --from DAY --to DAY --dir DIR [--account NAME]
 *
 * Both read the account's offline copy through bd-report.h, the code the
 * window's Export dialog runs, on a worker thread with its own BdStore;
 * the main thread waits, so Ctrl+C cancels cleanly (the destination stays
 * as it was, no temporary file is left).  Everything the command line says
 * is checked before anything is opened or created.
 */

typedef struct
{
  /* What to do: a report into @output (NULL: stdout), or the invoice
   * PDFs into @folder with @client. */
  BdReportQuery         *query;
  BdReportFormat         format;
  char                  *store_path;
  GFile                 *output;
  GFile                 *folder;
  BdDodoClient          *client;
  BdReportDownloadStats  stats;

  /* Progress on stderr, from the worker thread. */
  const char            *doing;
  gboolean               tty;
  gboolean               line_open;
  gint64                 last_line;
  guint64                done;
  guint64                total;
} Export;

static void
export_free (Export *self)
{
  g_clear_pointer (&self->query, bd_report_query_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_object (&self->output);
  g_clear_object (&self->folder);
  g_clear_object (&self->client);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

/* "exporting invoices: 1200 of 5000": on a terminal one line rewritten in
 * place, elsewhere (a log) once a second at most, and the last figures. */
static void
show_progress (Export   *self,
               gboolean  last)
{
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *line = NULL;
  gint64 now = g_get_monotonic_time ();

  if (!self->tty && !last && now - self->last_line < G_USEC_PER_SEC)
    return;

  /* The counts as text: a 64-bit format macro would hide the string from xgettext. */
  done = g_strdup_printf ("%" G_GUINT64_FORMAT, self->done);
  total = g_strdup_printf ("%" G_GUINT64_FORMAT, self->total);
  /* TRANSLATORS: "exporting invoices: 1200 of 5000" */
  line = g_strdup_printf (_("%s: %s of %s"), self->doing, done, total);
  if (self->tty)
    fprintf (stderr, "\r\033[K%s", line);
  else
    fprintf (stderr, "%s\n", line);
  fflush (stderr);
  self->line_open = self->tty;
  self->last_line = now;
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Export *self = user_data;

  self->done = done;
  self->total = total;
  show_progress (self, FALSE);
}

/* The worker thread, with its own connection to the cache (only read). */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *self = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  store = bd_store_open (self->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->folder != NULL)
    ok = bd_report_download_invoices (self->client, store, self->query, self->folder,
                                      on_progress, self, &self->stats, cancellable, &error);
  else if (self->output != NULL)
    ok = bd_report_export (store, self->query, self->format, self->output,
                           on_progress, self, cancellable, &error);
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      ok = bd_report_write (store, self->query, self->format, out,
                            on_progress, self, cancellable, &error) &&
           g_output_stream_flush (out, cancellable, &error);
      /* A cache error says so itself; a stream error needs the "where". */
      if (!ok && error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED)
        g_prefix_error (&error, _("Could not write to standard output: "));
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Runs @self on a worker thread; the main thread waits for it, and a
 * SIGINT or SIGTERM cancels it. */
static gboolean
export_run (Export  *self,
            GError **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, bd_cli_on_async_done, &result);
  guint sigint, sigterm;
  gboolean ok;

  self->tty = isatty (STDERR_FILENO);
  g_task_set_task_data (task, self, NULL);

  sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  g_task_run_in_thread (task, export_thread);
  bd_cli_wait_for (&result);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok)
    show_progress (self, TRUE);
  if (self->line_open)
    fputc ('\n', stderr);
  return ok;
}

/* Checks the filters of the command line into a query: every mistake is a
 * usage error that names what was wrong. */
static BdReportQuery *
build_query (const char  *from,
             const char  *to,
             const char  *status,
             const char  *currency,
             GError     **error)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();

  if (from == NULL || to == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give the period with --from YYYY-MM-DD --to YYYY-MM-DD (both days included)"));
      return NULL;
    }
  if (!bd_report_query_set_days (query, from, to, error))
    return NULL;

  if (status != NULL)
    {
      if (bd_payment_status_from_string (status) == BD_PAYMENT_STATUS_UNKNOWN)
        {
          g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_PAYMENT_STATUS);
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint i = 0; i < klass->n_values; i++)
            if (klass->values[i].value != BD_PAYMENT_STATUS_UNKNOWN)
              g_string_append_printf (known, "%s%s", known->len > 0 ? ", " : "",
                                      bd_payment_status_to_string (klass->values[i].value));
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown payment status “%s”: use one of %s"), status, known->str);
          return NULL;
        }
      query->status = g_strdup (status);
    }

  if (currency != NULL)
    {
      g_autofree char *code = g_ascii_strup (currency, -1);

      if (!bd_currency_is_known (code))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown currency “%s”: give its ISO 4217 code, such as USD or EUR"), currency);
          return NULL;
        }
      query->currency = g_steal_pointer (&code);
    }
  return g_steal_pointer (&query);
}

/* The account and its offline copy, which must exist: an export never
 * creates a cache. */
static BdAccount *
choose_cache (const char  *account_name,
              Export      *export,
              int         *status)
{
  g_autoptr(BdAccount) account = bd_cli_choose_account (account_name, &export->store_path, status);

  if (account == NULL)
    return NULL;
  if (!g_file_test (export->store_path, G_FILE_TEST_IS_REGULAR))
    {
      *status = bd_cli_fail (1, _("There is no offline copy of “%s” yet: run “billing-desk sync” first"),
                             bd_account_get_display_name (account));
      return NULL;
    }
  return g_steal_pointer (&account);
}

static int
export_invoices (int    argc,
                 char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *account_name = NULL;
  g_autofree char *status_filter = NULL;
  g_autofree char *currency = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day, YYYY-MM-DD (UTC)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day, included"), N_("DATE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv, json or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write, or - for standard output"), N_("FILE") },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account to export"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_filter, N_("Only payments with this status (succeeded, failed, …)"), N_("STATUS") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("Only payments in this currency (USD, EUR, …)"), N_("CODE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(Export) export = g_new0 (Export, 1);
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  int status = 0;

  if (!bd_cli_parse_options ("export invoices", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (format == NULL)
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Give --format csv, json or pdf"));
  if (g_str_equal (format, "csv"))
    export->format = BD_REPORT_FORMAT_CSV;
  else if (g_str_equal (format, "json"))
    export->format = BD_REPORT_FORMAT_JSON;
  else if (g_str_equal (format, "pdf"))
    export->format = BD_REPORT_FORMAT_PDF;
  else
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unknown format “%s”: use csv, json or pdf"), format);
  if (output == NULL || *output == '\0')
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Give --output FILE, or --output - for standard output"));
  if (!(export->query = build_query (from, to, status_filter, currency, &error)))
    return bd_cli_fail (BD_CLI_EXIT_USAGE, "%s", error->message);

  if (!(account = choose_cache (account_name, export, &status)))
    return status;
  /* The PDF's title, as the window's export gives it. */
  export->query->business_name = g_strdup (bd_account_get_business_name (account));

  if (!g_str_equal (output, "-"))
    {
      export->output = g_file_new_for_commandline_arg (output);
      where = g_file_get_parse_name (export->output);
    }
  export->doing = _("exporting invoices");

  if (!export_run (export, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return bd_cli_fail (1, _("Interrupted; nothing was written"));
      return bd_cli_fail (1, "%s", error->message);
    }
  if (where != NULL)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, export->total);

      /* TRANSLATORS: "Wrote 1200 invoices to report.csv" */
      fprintf (stderr, _("Wrote %s invoices to %s\n"), count, where);
    }
  return 0;
}

static int
export_invoice_pdfs (int    argc,
                     char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *account_name = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day, YYYY-MM-DD (UTC)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day, included"), N_("DATE") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, N_("The folder for the PDFs (created if missing)"), N_("DIR") },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account to export"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(Export) export = g_new0 (Export, 1);
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *downloaded = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *missing = NULL;
  int status = 0;

  if (!bd_cli_parse_options ("export invoice-pdfs", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (dir == NULL || *dir == '\0')
    return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Give the folder for the PDFs with --dir DIR"));
  if (!(export->query = build_query (from, to, NULL, NULL, &error)))
    return bd_cli_fail (BD_CLI_EXIT_USAGE, "%s", error->message);

  if (!(account = choose_cache (account_name, export, &status)))
    return status;
  /* DODO_PAYMENTS_API_KEY, if set, else the keyring (a blocking lookup:
   * nothing runs the main loop yet), as `sync` does. */
  export->client = bd_account_create_headless_client (account, NULL, &error);
  if (export->client == NULL)
    return bd_cli_fail (1, "%s", error->message);

  export->folder = g_file_new_for_commandline_arg (dir);
  where = g_file_get_parse_name (export->folder);
  export->doing = _("downloading invoice PDFs");

  if (!export_run (export, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return bd_cli_fail (1, _("Interrupted; the PDFs in %s are whole, run the command again to go on"), where);
      return bd_cli_fail (1, "%s", error->message);
    }

  downloaded = g_strdup_printf ("%" G_GUINT64_FORMAT, export->stats.downloaded);
  skipped = g_strdup_printf ("%" G_GUINT64_FORMAT, export->stats.skipped);
  missing = g_strdup_printf ("%" G_GUINT64_FORMAT, export->stats.missing);
  /* TRANSLATORS: "Downloaded 12 invoice PDFs into invoices/ (30 were there already, 0 missing)" */
  fprintf (stderr, _("Downloaded %s invoice PDFs into %s (%s were there already, %s missing)\n"),
           downloaded, where, skipped, missing);
  return 0;
}

int
bd_cli_export_main (int    argc,
                    char **argv)
{
  const char *usage = _("Usage: billing-desk export invoices --from DATE --to DATE --format csv|json|pdf "
                        "--output FILE|- [--account NAME] [--status STATUS] [--currency CODE]\n"
                        "       billing-desk export invoice-pdfs --from DATE --to DATE --dir DIR [--account NAME]");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout, "%s\n", usage);
      return argc < 2 ? BD_CLI_EXIT_USAGE : 0;
    }
  if (g_str_equal (argv[1], "invoices"))
    return export_invoices (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "invoice-pdfs"))
    return export_invoice_pdfs (argc - 1, argv + 1);
  return bd_cli_fail (BD_CLI_EXIT_USAGE, _("Unknown command “export %s”: use invoices or invoice-pdfs"), argv[1]);
}
