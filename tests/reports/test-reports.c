/* test-reports.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-money.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-report-private.h"
#include "bd-schema-check.h"
#include "bd-test-util.h"
#include "store-test.h"

/*
 * Reports over a real SQLite file: the CSV against a golden file byte for
 * byte, the JSON against its schema, the PDF read back with pdftotext, and
 * failed exports that must leave the previous file as it was.
 */

#define T0 1767225600  /* 2026-01-01T00:00:00Z */
#define HOUR 3600
#define DAY (24 * HOUR)

/* Names and emails are JSON text here (store_test_payment_json does not
 * escape): \\" is a quote, \\n a newline in the stored value. */
static const TestPayment rows[] = {
  { "pay_a1", "Ana Lima", "ana@example.com", "succeeded", "USD", 1250, T0 + 9 * HOUR + 5 * 60,
    "pdt_pro", "inv_a1", "sub_1", 0 },
  { "pay_a2", "=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")", "+1@example.com", "failed", "EUR", 999,
    T0 + 1 * DAY, "pdt_pro", "inv_a2", NULL, 0 },
  { "pay_a3", "-2+3", "@at.example", "succeeded", "GBP", 500, T0 + 2 * DAY, "pdt_yearly", "inv_a3", NULL, 0 },
  { "pay_a4", "\\tTabbed", "tab@example.com", "succeeded", "JPY", 1200, T0 + 3 * DAY, "pdt_icons", "inv_a4",
    NULL, 200 },
  { "pay_a5", "\\rCarriage", "cr@example.com", "succeeded", "USD", 2500, T0 + 31 * DAY, "pdt_icons", "inv_a5",
    NULL, 2500 },
  { "pay_a6", "Doe, Jane \\\"JD\\\"", "jane@example.com", "succeeded", "USD", 10000, T0 + 32 * DAY + 1,
    "pdt_yearly", "inv_a6", NULL, 1000 },
  { "pay_a7", "Jürgen Müller\\n東京", "juergen@beispiel.de", "succeeded", "KWD", 1234, T0 + 40 * DAY,
    "pdt_pro", NULL, NULL, 0 },
  { "pay_a8", "Ana Lima", "ana@example.com", "processing", "EUR", 4200, T0 + 59 * DAY, NULL, "inv_a8", NULL, 0 },
};

typedef struct
{
  char    *path;
  BdStore *store;
  char    *dir;   /* where exports go */
} Fixture;

/* store_test_payment_json() with a tax and a card. */
static void
put_payment (BdStore           *store,
             const TestPayment *p,
             gboolean           with_card)
{
  g_autofree char *json = store_test_payment_json (p);
  g_autofree char *full = NULL;

  if (!with_card)
    {
      store_test_put (store, BD_TYPE_PAYMENT, json);
      return;
    }
  json[strlen (json) - 1] = '\0';
  full = g_strdup_printf ("%s,\"tax\":%" G_GINT64_FORMAT ",\"card_network\":\"VISA\","
                          "\"card_last_four\":\"4242\"}", json, p->amount / 10);
  store_test_put (store, BD_TYPE_PAYMENT, full);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *products[][2] = {
    { "pdt_pro", "Pro plan" }, { "pdt_icons", "Icon pack" }, { "pdt_yearly", "Pro, yearly" },
  };

  f->path = store_test_new_path ();
  f->store = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("bd-reports-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *json = store_test_product_json (products[i][0], products[i][1]);

      store_test_put (f->store, BD_TYPE_PRODUCT, json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    put_payment (f->store, &rows[i], i % 3 == 0);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        remove_tree (file);
      else
        g_unlink (file);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  store_test_cleanup (f->path);
  g_free (f->path);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
export_to_string (Fixture             *f,
                  const BdReportQuery *query,
                  BdReportFormat       format,
                  const char          *name,
                  gsize               *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *contents = NULL;

  bd_report_export (f->store, query, format, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* The files in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Formatting */

static void
test_format_amount (void)
{
  const char *currencies[] = { "USD", "JPY", "KWD", "EUR" };
  const gint64 amounts[] = { 0, 1, 5, 9, 10, 99, 100, 101, 1250, 123456789, -1, -5, -100, -1250,
                             G_MAXINT64, G_MININT64 + 1 };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
      {
        g_autoptr(BdMoney) money = bd_money_new (amounts[a], currencies[c]);
        g_autofree char *expected = bd_money_format_plain (money);
        char buf[32];
        gsize n = bd_report_format_amount (buf, amounts[a], bd_report_currency_exponent (currencies[c]));
        g_autofree char *got = g_strndup (buf, n);

        g_assert_cmpstr (got, ==, expected);
      }
}

static void
test_format_time (void)
{
  const gint64 seconds[] = { 0, 1, 59, 86399, 86400, 951782400 /* 2000-02-29 */, 1767225600,
                             4102444799 /* 2099-12-31T23:59:59 */, 1709164800 /* 2024-02-29 */,
                             -1, -86400 * 365 };

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (seconds[i]);
      g_autofree char *expected = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
      char buf[20];
      g_autofree char *got = NULL;

      bd_report_format_time (buf, seconds[i] * G_USEC_PER_SEC + 999999);
      got = g_strndup (buf, 20);
      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_query_days (void)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_assert_true (bd_report_query_set_days (query, "2026-01-01", "2026-03-31", &error));
  g_assert_no_error (error);
  from = g_date_time_format_iso8601 (query->from);
  to = g_date_time_format_iso8601 (query->to);
  g_assert_cmpstr (from, ==, "2026-01-01T00:00:00Z");
  g_assert_cmpstr (to, ==, "2026-04-01T00:00:00Z");

  g_assert_false (bd_report_query_set_days (query, "2026-02-30", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  g_assert_false (bd_report_query_set_days (query, "2026-03-01", "2026-02-01", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (bd_report_query_set_days (query, "yesterday", NULL, &error));
  g_clear_error (&error);
  /* Nothing changed. */
  g_clear_pointer (&from, g_free);
  from = g_date_time_format_iso8601 (query->from);
  g_assert_cmpstr (from, ==, "2026-01-01T00:00:00Z");

  g_assert_true (bd_report_query_set_days (query, NULL, NULL, &error));
  g_assert_null (query->from);
  g_assert_null (query->to);
}

static void
test_paper (void)
{
  /* The fallback by country, when the C library cannot tell. */
  if (g_test_subprocess ())
    {
      g_unsetenv ("LC_ALL");
      g_unsetenv ("LC_PAPER");
      g_setenv ("LC_MESSAGES", "en_US.UTF-8", TRUE);
      g_assert_cmpint (bd_report_paper_for_locale (), ==, BD_REPORT_PAPER_LETTER);
      g_setenv ("LC_MESSAGES", "de_DE.UTF-8", TRUE);
      g_assert_cmpint (bd_report_paper_for_locale (), ==, BD_REPORT_PAPER_A4);
      g_setenv ("LC_ALL", "es_MX", TRUE);
      g_assert_cmpint (bd_report_paper_for_locale (), ==, BD_REPORT_PAPER_LETTER);
      g_setenv ("LC_ALL", "C", TRUE);
      g_assert_cmpint (bd_report_paper_for_locale (), ==, BD_REPORT_PAPER_A4);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* CSV */

static void
test_csv_golden (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  gsize length, expected_length;
  g_autofree char *csv = export_to_string (f, query, BD_REPORT_FORMAT_CSV, "report.csv", &length);
  g_autofree char *expected = bd_test_read_fixture ("report-payments.csv", &expected_length);

  if (g_getenv ("BD_UPDATE_GOLDEN") != NULL)
    g_file_set_contents (g_getenv ("BD_UPDATE_GOLDEN"), csv, length, NULL);
  g_assert_cmpmem (csv, length, expected, expected_length);
}

/* The rows of a CSV export of @query (header and final CRLF off). */
static guint
csv_rows (Fixture             *f,
          const BdReportQuery *query,
          char               **first_id)
{
  gsize length;
  g_autofree char *csv = export_to_string (f, query, BD_REPORT_FORMAT_CSV, "filtered.csv", &length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = export_to_string (f, query, BD_REPORT_FORMAT_JSON, "filtered.json", &length);
  JsonArray *array;

  g_assert_true (g_str_has_prefix (csv, "date,invoice_id,"));
  g_assert_true (json_parser_load_from_data (parser, json, length, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  if (first_id != NULL)
    *first_id = json_array_get_length (array) > 0
      ? g_strdup (json_object_get_string_member (json_array_get_object_element (array, 0), "payment_id"))
      : NULL;
  return json_array_get_length (array);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;

  g_assert_cmpuint (csv_rows (f, query, NULL), ==, G_N_ELEMENTS (rows));

  query->status = g_strdup ("succeeded");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, 6);
  query->currency = g_strdup ("USD");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, 3);
  g_clear_pointer (&query->status, g_free);
  g_clear_pointer (&query->currency, g_free);

  /* Both days included. */
  g_assert_true (bd_report_query_set_days (query, "2026-01-02", "2026-02-01", &error));
  g_assert_cmpuint (csv_rows (f, query, &first), ==, 4);
  g_assert_cmpstr (first, ==, "pay_a2");
  g_clear_pointer (&first, g_free);
  g_assert_true (bd_report_query_set_days (query, NULL, NULL, &error));

  query->product_id = g_strdup ("pdt_pro");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, 3);
  g_clear_pointer (&query->product_id, g_free);

  query->customer_id = g_strdup ("cus_pay_a8");
  g_assert_cmpuint (csv_rows (f, query, &first), ==, 1);
  g_assert_cmpstr (first, ==, "pay_a8");
  g_clear_pointer (&first, g_free);
  g_clear_pointer (&query->customer_id, g_free);

  /* The list's search: word prefixes, accents ignored, syntax as text. */
  query->search = g_strdup ("jur");
  g_assert_cmpuint (csv_rows (f, query, &first), ==, 1);
  g_assert_cmpstr (first, ==, "pay_a7");
  g_clear_pointer (&first, g_free);
  g_free (query->search);
  query->search = g_strdup ("ana lim");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, 2);
  g_free (query->search);
  query->search = g_strdup ("\"unbalanced OR NOT (");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, 0);
  g_free (query->search);
  query->search = g_strdup ("*** ---");
  g_assert_cmpuint (csv_rows (f, query, NULL), ==, G_N_ELEMENTS (rows));
}

/* JSON */

static void
test_json_schema (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) schema_parser = json_parser_new ();
  g_autofree char *schema_path = bd_test_fixture_path ("report-schema.json");
  gsize length;
  g_autofree char *json = export_to_string (f, query, BD_REPORT_FORMAT_JSON, "report.json", &length);
  JsonNode *root;
  JsonArray *array;
  JsonObject *o;

  g_assert_true (g_utf8_validate (json, length, NULL));
  json_parser_load_from_data (parser, json, length, &error);
  g_assert_no_error (error);
  json_parser_load_from_file (schema_parser, schema_path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  bd_schema_check_node (json_parser_get_root (schema_parser), root, &error);
  g_assert_no_error (error);

  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (rows));

  /* Keys in a stable order, every key present. */
  o = json_array_get_object_element (array, 0);
  {
    g_autoptr(GList) members = json_object_get_members (o);
    GString *keys = g_string_new (NULL);
    g_autofree char *joined = NULL;

    for (GList *l = members; l != NULL; l = l->next)
      g_string_append_printf (keys, "%s%s", keys->len > 0 ? " " : "", (char *) l->data);
    joined = g_string_free (keys, FALSE);
    g_assert_cmpstr (joined, ==, "created_at invoice_id payment_id customer_id customer_name "
                     "customer_email products status currency amount tax refunded net "
                     "card_network card_last_four subscription_id");
  }
  g_assert_cmpstr (json_object_get_string_member (o, "created_at"), ==, "2026-01-01T09:05:00Z");
  g_assert_cmpstr (json_object_get_string_member (o, "amount"), ==, "12.50");
  g_assert_cmpstr (json_object_get_string_member (o, "tax"), ==, "1.25");
  g_assert_cmpstr (json_object_get_string_member (o, "card_network"), ==, "VISA");
  g_assert_cmpstr (json_object_get_string_member (o, "subscription_id"), ==, "sub_1");

  o = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "customer_name"), ==,
                   "=HYPERLINK(\"http://evil.example\",\"x\")");
  g_assert_true (json_object_get_null_member (o, "tax"));
  g_assert_true (json_object_get_null_member (o, "subscription_id"));

  o = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "customer_name"), ==, "\tTabbed");
  g_assert_cmpstr (json_object_get_string_member (o, "amount"), ==, "1200");
  g_assert_cmpstr (json_object_get_string_member (o, "net"), ==, "1000");

  o = json_array_get_object_element (array, 6);
  g_assert_cmpstr (json_object_get_string_member (o, "customer_name"), ==, "Jürgen Müller\n東京");
  g_assert_cmpstr (json_object_get_string_member (o, "amount"), ==, "1.234");
  g_assert_true (json_object_get_null_member (o, "invoice_id"));

  /* An empty result is an empty array. */
  query->status = g_strdup ("no-such-status");
  g_free (json);
  json = export_to_string (f, query, BD_REPORT_FORMAT_JSON, "empty.json", &length);
  json_parser_load_from_data (parser, json, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 0);
}

/* Failures */

/* A stream that fails with "No space left on device" after a few bytes. */
typedef struct
{
  GFilterOutputStream parent_instance;
  gsize               left;
} FailingStream;

typedef GFilterOutputStreamClass FailingStreamClass;

static GType failing_stream_get_type (void);
G_DEFINE_TYPE (FailingStream, failing_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gssize
failing_stream_write (GOutputStream  *stream,
                      const void     *buffer,
                      gsize           count,
                      GCancellable   *cancellable,
                      GError        **error)
{
  FailingStream *self = (FailingStream *) stream;
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));

  if (self->left == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  count = MIN (count, self->left);
  self->left -= count;
  return g_output_stream_write (base, buffer, count, cancellable, error);
}

static void
failing_stream_class_init (FailingStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = failing_stream_write;
}

static void
failing_stream_init (FailingStream *self)
{
}

static GOutputStream *
wrap_failing (GOutputStream *base,
              gpointer       data)
{
  FailingStream *stream = g_object_new (failing_stream_get_type (), "base-stream", base,
                                        "close-base-stream", TRUE, NULL);

  stream->left = GPOINTER_TO_SIZE (data);
  return G_OUTPUT_STREAM (stream);
}

static void
test_fail_no_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "missing", "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_false (bd_report_export (f->store, query, BD_REPORT_FORMAT_CSV, file,
                                    NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  /* Names the file and the reason. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
check_previous_kept (Fixture        *f,
                     BdReportFormat  format,
                     gsize           fail_after,
                     GCancellable   *cancellable,
                     GQuark          domain,
                     int             code)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "report.out", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_file_set_contents (path, "previous report\n", -1, &error);
  g_assert_no_error (error);

  if (fail_after > 0)
    bd_report_set_stream_wrapper (wrap_failing, GSIZE_TO_POINTER (fail_after));
  g_assert_false (bd_report_export (f->store, query, format, file, NULL, NULL, cancellable, &error));
  bd_report_set_stream_wrapper (NULL, NULL);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "previous report\n");
  /* No temporary file left behind. */
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "report.out");
}

static void
test_fail_write (Fixture       *f,
                 gconstpointer  data)
{
  check_previous_kept (f, BD_REPORT_FORMAT_CSV, 100, NULL, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  check_previous_kept (f, BD_REPORT_FORMAT_JSON, 10, NULL, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  check_previous_kept (f, BD_REPORT_FORMAT_PDF, 1000, NULL, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static void
test_fail_cancelled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  check_previous_kept (f, BD_REPORT_FORMAT_CSV, 0, cancellable, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  check_previous_kept (f, BD_REPORT_FORMAT_PDF, 0, cancellable, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_replaces (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autofree char *path = g_build_filename (f->dir, "report.csv", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *csv = NULL;
  gsize length;

  g_file_set_contents (path, "previous report\n", -1, NULL);
  csv = export_to_string (f, query, BD_REPORT_FORMAT_CSV, "report.csv", &length);
  g_assert_true (g_str_has_prefix (csv, "date,"));
  listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "report.csv");
}


/* PDF */

/* The text of @pdf_path, laid out, from pdftotext. */
static char *
pdf_text (const char *pdf_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", pdf_path, "-", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      bd_test_skip_or_fail ("pdftotext is not installed (poppler-utils)");
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Whether a line of @text has all of @words, in order. */
static gboolean
has_line (const char         *text,
          const char * const *words)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      guint w;

      for (w = 0; words[w] != NULL && (p = strstr (p, words[w])) != NULL; w++)
        p += strlen (words[w]);
      if (words[w] == NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
plain (gint64      minor,
       const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (minor, currency);
  g_autofree char *number = bd_money_format_plain (money);

  return g_strdup_printf ("%s %s", number, currency);
}

static void
test_pdf_summary (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_currencies = 0;

  query->business_name = g_strdup ("Acme Tools GmbH");
  query->paper = BD_REPORT_PAPER_A4;
  bd_report_export (f->store, query, BD_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bd_report_is_valid_pdf (file));
  text = pdf_text (path);
  if (text == NULL)
    return;
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "Acme Tools GmbH"));
  g_assert_nonnull (strstr (text, "Period: all dates"));
  for (const char *h = "Totals per currency\0By month\0By product\0Refunds\0Top customers\0Invoices\0";
       *h != '\0'; h += strlen (h) + 1)
    g_assert_nonnull (strstr (text, h));

  /* The totals per currency are those of the store. */
  g_assert_cmpint (sqlite3_prepare_v2 (bd_store_get_db (f->store),
                                       "SELECT currency, count(*), sum(total_amount), sum(refunded_amount)"
                                       " FROM payments WHERE status = 'succeeded' GROUP BY currency",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *count = g_strdup_printf ("%d", sqlite3_column_int (stmt, 1));
      g_autofree char *gross = plain (sqlite3_column_int64 (stmt, 2), currency);
      g_autofree char *refunds = plain (sqlite3_column_int64 (stmt, 3), currency);
      g_autofree char *net = plain (sqlite3_column_int64 (stmt, 2) - sqlite3_column_int64 (stmt, 3), currency);
      const char *words[] = { currency, count, gross, refunds, net, NULL };

      g_assert_true (has_line (text, words));
      n_currencies++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_currencies, ==, 4);
  /* USD: 12.50 + 25.00 + 100.00, refunds 25.00 + 10.00. */
  {
    const char *usd[] = { "USD", "3", "137.50 USD", "35.00 USD", "102.50 USD", NULL };
    const char *month[] = { "2026-02", "USD", "2", "125.00 USD", "35.00 USD", "90.00 USD", NULL };
    const char *invoice[] = { "2026-03-01", "inv_a8", "Ana Lima", "Processing", "42.00 EUR", NULL };

    g_assert_true (has_line (text, usd));
    g_assert_true (has_line (text, month));
    /* The invoice table has every status. */
    g_assert_true (has_line (text, invoice));
  }
}

static void
test_pdf_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BdReportQuery) query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "long.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;

  /* Enough invoices for a few pages of the table. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *id = g_strdup_printf ("pay_p%03u", i);
      g_autofree char *invoice = g_strdup_printf ("inv_p%03u", i);
      TestPayment p = { id, "Page Filler", "filler@example.com", "succeeded", "EUR", 100 + i,
                        T0 + 70 * DAY + i * HOUR, "pdt_pro", invoice, NULL, 0 };

      store_test_put_payment (f->store, &p);
    }
  query->paper = BD_REPORT_PAPER_LETTER;
  bd_report_export (f->store, query, BD_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* To look at it: BD_TEST_SCREENSHOT_DIR=/tmp/shots (as the GUI tests). */
  if (g_getenv ("BD_TEST_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("BD_TEST_SCREENSHOT_DIR"), "report-summary.pdf", NULL);
      g_autoptr(GFile) copy_file = g_file_new_for_path (copy);

      g_file_copy (file, copy_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }
  text = pdf_text (path);
  if (text == NULL)
    return;
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 4);
  /* The header is repeated on every page of the table, and each page is numbered. */
  for (guint i = 1; pages[i] != NULL && pages[i + 1] != NULL; i++)
    {
      const char *header[] = { "Date", "Invoice", "Customer", "Status", "Amount", "Refunded", NULL };
      g_autofree char *number = g_strdup_printf ("Page %u", i + 1);

      g_assert_true (has_line (pages[i], header));
      g_assert_nonnull (strstr (pages[i], number));
    }
  g_assert_nonnull (strstr (text, "inv_p149"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reports/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/reports/format/amount", test_format_amount);
  g_test_add_func ("/reports/format/time", test_format_time);
  g_test_add_func ("/reports/query/days", test_query_days);
  g_test_add_func ("/reports/paper", test_paper);
  ADD ("csv/golden", test_csv_golden);
  ADD ("query/filters", test_filters);
  ADD ("json/schema", test_json_schema);
  ADD ("fail/no-folder", test_fail_no_folder);
  ADD ("fail/write-error", test_fail_write);
  ADD ("fail/cancelled", test_fail_cancelled);
  ADD ("export/replaces", test_replaces);
  ADD ("pdf/summary", test_pdf_summary);
  ADD ("pdf/pages", test_pdf_pages);

  return g_test_run ();
}
