/* test-report-download.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-payment.h"
#include "bd-report.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "store-test.h"

/*
 * Downloading invoice PDFs from a real billing-desk-sandbox into a folder:
 * the files appear and are whole PDFs, a second run downloads nothing, and
 * a cancelled run leaves only whole files.
 */

typedef struct
{
  BdTestSandbox *sandbox;
  BdDodoClient  *client;
  char          *path;
  BdStore       *store;
  char          *dir;
  guint          n_succeeded;
} Fixture;

/* The sandbox's payments, copied into the cache as a sync would. */
static void
fill_store (Fixture *f)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint status;

  status = bd_test_sandbox_fetch (f->sandbox, "GET", "/payments?page_size=100", bd_test_sandbox_get_key (f->sandbox),
                                  NULL, &body);
  g_assert_cmpuint (status, ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 5);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *json = json_to_string (json_array_get_element (items, i), FALSE);
      JsonObject *item = json_array_get_object_element (items, i);

      store_test_put (f->store, BD_TYPE_PAYMENT, json);
      if (g_strcmp0 (json_object_get_string_member_with_default (item, "status", ""), "succeeded") == 0)
        f->n_succeeded++;
    }
  g_assert_cmpuint (f->n_succeeded, >, 2);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "--seed", "40", NULL };
  g_autoptr(GError) error = NULL;

  f->sandbox = bd_test_sandbox_start (args, &error);
  if (f->sandbox == NULL)
    {
      bd_test_skip_or_fail (error->message);
      return;
    }
  f->client = bd_dodo_client_new (bd_test_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (f->client, bd_test_sandbox_get_key (f->sandbox));
  f->path = store_test_new_path ();
  f->store = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("bd-invoices-XXXXXX", &error);
  g_assert_no_error (error);
  fill_store (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (f->dir, name, NULL);

          g_unlink (file);
        }
      g_rmdir (f->dir);
      g_free (f->dir);
    }
  g_clear_object (&f->store);
  if (f->path != NULL)
    store_test_cleanup (f->path);
  g_free (f->path);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
}

static gint64
invoice_requests (Fixture *f)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *routes;

  g_assert_cmpuint (bd_test_sandbox_fetch (f->sandbox, "GET", "/_sandbox/stats",
                                           bd_test_sandbox_get_key (f->sandbox), NULL, &body), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
  routes = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "routes");
  if (!json_object_has_member (routes, "GET /invoices/payments/{payment_id}"))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, "GET /invoices/payments/{payment_id}"),
                                     "requests");
}

/* Every file in the folder is a whole PDF named *.pdf; returns how many. */
static guint
check_folder (Fixture *f)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_assert_true (g_str_has_suffix (name, ".pdf"));
      g_assert_true (name[0] != '.');
      g_assert_true (bd_report_is_valid_pdf (file));
      n++;
    }
  return n;
}

typedef struct
{
  guint64       last_done;
  guint64       total;
  GCancellable *cancel_at_half;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  g_assert_cmpuint (done, <=, total);
  p->last_done = done;
  p->total = total;
  if (p->cancel_at_half != NULL && done >= total / 2)
    g_cancellable_cancel (p->cancel_at_half);
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  BdReportDownloadStats stats;
  Progress progress = { 0 };

  if (f->sandbox == NULL)
    return;
  folder = g_file_new_for_path (f->dir);

  g_assert_true (bd_report_download_invoices (f->client, f->store, query, folder, on_progress, &progress,
                                              &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.total, ==, f->n_succeeded);
  g_assert_cmpuint (stats.downloaded, ==, f->n_succeeded);
  g_assert_cmpuint (stats.skipped, ==, 0);
  g_assert_cmpuint (progress.last_done, ==, f->n_succeeded);
  g_assert_cmpuint (check_folder (f), ==, f->n_succeeded);
  g_assert_cmpint (invoice_requests (f), ==, f->n_succeeded);

  /* Resumable: a second run asks for nothing. */
  g_assert_true (bd_report_download_invoices (f->client, f->store, query, folder, NULL, NULL,
                                              &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.skipped, ==, f->n_succeeded);
  g_assert_cmpuint (stats.downloaded, ==, 0);
  g_assert_cmpint (invoice_requests (f), ==, f->n_succeeded);

  /* A damaged file is fetched again. */
  {
    g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
    const char *name = g_dir_read_name (d);
    g_autofree char *path = g_build_filename (f->dir, name, NULL);

    g_file_set_contents (path, "%PDF-1.4\ntruncated", -1, &error);
    g_assert_no_error (error);
  }
  g_assert_true (bd_report_download_invoices (f->client, f->store, query, folder, NULL, NULL,
                                              &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.downloaded, ==, 1);
  g_assert_cmpint (invoice_requests (f), ==, f->n_succeeded + 1);
  g_assert_cmpuint (check_folder (f), ==, f->n_succeeded);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  BdReportDownloadStats stats;
  Progress progress = { 0, 0, cancellable };
  guint n;

  if (f->sandbox == NULL)
    return;
  folder = g_file_new_for_path (f->dir);
  /* Slow enough that the cancel lands mid-way. */
  bd_dodo_client_set_requests_per_second (f->client, 20);

  g_assert_false (bd_report_download_invoices (f->client, f->store, query, folder, on_progress, &progress,
                                               &stats, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  n = check_folder (f);
  g_test_message ("%u of %u files after cancelling", n, f->n_succeeded);
  g_assert_cmpuint (n, <, f->n_succeeded);
  g_assert_cmpuint (n, ==, stats.downloaded);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reports/download/resume", Fixture, NULL, fixture_set_up, test_download, fixture_tear_down);
  g_test_add ("/reports/download/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);

  return g_test_run ();
}
