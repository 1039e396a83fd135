/* bd-report-download.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-reports"

#include "config.h"

#include "bd-report-private.h"

#include <glib/gi18n-lib.h>

#include "bd-dodo-api.h"

/*
 * Downloading the invoice PDFs (bd-report.h).  The matching payments are
 * read in short batches (keyset pagination on created_at, rowid), so no
 * read transaction stays open through minutes of downloads and memory
 * stays small; each file is fetched by the client's own download (temp
 * file + rename, retries, rate budget), a few at once, on a private main
 * context of the calling thread.
 */

#define IN_FLIGHT 4
#define BATCH 256

typedef struct
{
  BdDodoClient          *client;
  GMainContext          *context;
  GCancellable          *cancellable;
  BdReportProgress       progress;
  BdReportDownloadStats *stats;
  guint64                done;
  guint                  in_flight;
  GError                *error;
} Download;

typedef struct
{
  Download *download;
  char     *payment_id;
} Job;

static void
one_done (Download *d)
{
  d->done++;
  bd_report_progress_update (&d->progress, d->done);
}

static void
downloaded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  Download *d = job->download;
  g_autoptr(GError) error = NULL;

  if (bd_dodo_api_download_finish (d->client, result, &error))
    d->stats->downloaded++;
  else if (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND))
    d->stats->missing++;
  else if (d->error == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        d->error = g_steal_pointer (&error);
      else
        g_propagate_prefixed_error (&d->error, g_steal_pointer (&error),
                                    _("Could not download the invoice of payment %s: "),
                                    job->payment_id);
    }

  d->in_flight--;
  one_done (d);
  g_free (job->payment_id);
  g_free (job);
}

/* "inv_123.pdf": ids are letters, digits, '_' and '-'; anything else
 * becomes '_' so a strange id never leaves the folder. */
static char *
file_name (const char *invoice_id,
           const char *payment_id)
{
  const char *id = invoice_id != NULL && *invoice_id != '\0' ? invoice_id : payment_id;
  char *name = g_strconcat (id, ".pdf", NULL);

  for (char *p = name; p < name + strlen (id); p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      *p = '_';
  return name;
}

static void
wait_for (Download *d,
          guint     max_in_flight)
{
  while (d->in_flight > max_in_flight)
    g_main_context_iteration (d->context, TRUE);
}

/* Reads the next batch after (*after_time, *after_rowid): pairs of payment
 * id, file name.  NULL on error. */
static GPtrArray *
next_batch (BdStore             *store,
            const BdReportQuery *query,
            gint64              *after_time,
            gint64              *after_rowid,
            GError             **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bd_report_query_prepare (store, query,
                                  "SELECT payments.created_at, payments.rowid, payments.payment_id,"
                                  " payments.invoice_id FROM payments",
                                  "payments.status = 'succeeded' AND"
                                  " (payments.created_at, payments.rowid) > (:after_time, :after_rowid)",
                                  "ORDER BY payments.created_at, payments.rowid LIMIT " G_STRINGIFY (BATCH),
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_time"), *after_time);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_rowid"), *after_rowid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *payment_id = (const char *) sqlite3_column_text (stmt, 2);

      *after_time = sqlite3_column_int64 (stmt, 0);
      *after_rowid = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (batch, g_strdup (payment_id));
      g_ptr_array_add (batch, file_name ((const char *) sqlite3_column_text (stmt, 3), payment_id));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (store, error, "Could not read the payments");
      return NULL;
    }
  return g_steal_pointer (&batch);
}

gboolean
bd_report_download_invoices (BdDodoClient          *client,
                             BdStore               *store,
                             const BdReportQuery   *query,
                             GFile                 *folder,
                             BdReportProgressFunc   progress,
                             gpointer               progress_data,
                             BdReportDownloadStats *stats,
                             GCancellable          *cancellable,
                             GError               **error)
{
  BdReportDownloadStats local_stats = { 0 };
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  Download d = { 0 };
  gint64 after_time = G_MININT64, after_rowid = G_MININT64;
  gint64 total;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), FALSE);
  g_return_val_if_fail (BD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  if (!g_file_make_directory_with_parents (folder, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *where = g_file_get_parse_name (folder);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create the folder “%s”: "), where);
      return FALSE;
    }
  g_clear_error (&local_error);

  total = bd_report_query_count (store, query, "payments.status = 'succeeded'", error);
  if (total < 0)
    return FALSE;
  stats->total = (guint64) total;

  context = g_main_context_new ();
  d.client = client;
  d.context = context;
  d.cancellable = cancellable;
  d.progress = (BdReportProgress) { progress, progress_data, stats->total, 0 };
  d.stats = stats;
  bd_report_progress_update (&d.progress, 0);

  g_main_context_push_thread_default (context);
  while (d.error == NULL)
    {
      g_autoptr(GPtrArray) batch = next_batch (store, query, &after_time, &after_rowid, &d.error);

      if (batch == NULL || batch->len == 0)
        break;
      for (guint i = 0; i < batch->len && d.error == NULL; i += 2)
        {
          g_autoptr(GFile) file = g_file_get_child (folder, batch->pdata[i + 1]);
          Job *job;

          if (g_cancellable_set_error_if_cancelled (cancellable, &d.error))
            break;
          if (bd_report_is_valid_pdf (file))
            {
              stats->skipped++;
              one_done (&d);
              continue;
            }
          wait_for (&d, IN_FLIGHT - 1);
          if (d.error != NULL)
            break;
          job = g_new0 (Job, 1);
          job->download = &d;
          job->payment_id = g_strdup (batch->pdata[i]);
          d.in_flight++;
          bd_dodo_api_download_async (client, BD_DODO_API_PAYMENT_INVOICE, job->payment_id, file,
                                      cancellable, downloaded, job);
        }
    }
  /* Let what is running finish (or fail, when cancelled): each leaves a
   * whole file or none. */
  wait_for (&d, 0);
  g_main_context_pop_thread_default (context);

  if (d.error != NULL)
    {
      g_propagate_error (error, d.error);
      return FALSE;
    }
  return TRUE;
}
