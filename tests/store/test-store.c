/* test-store.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-query-model.h"
#include "bd-subscription.h"
#include "bd-store-private.h"
#include "store-test.h"

static const TestPayment ana = {
  "pay_ana1", "Ana Lima", "ana@example.com", "succeeded", "EUR", 2999, 1767225600,
  "pdt_pro", "inv_1", NULL, 0,
};

/* A new file: WAL, foreign keys, the current version, and every column the
 * column maps name exists in the schema. */
static void
test_schema (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *mode = NULL, *fk = NULL, *version = NULL, *sync = NULL;
  const BdStoreTable *tables;
  guint n_tables;

  g_assert_no_error (error);
  mode = store_test_column (store, "PRAGMA journal_mode");
  fk = store_test_column (store, "PRAGMA foreign_keys");
  sync = store_test_column (store, "PRAGMA synchronous");
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (fk, ==, "1");
  g_assert_cmpstr (sync, ==, "1");  /* NORMAL */
  g_assert_cmpint (atoi (version), ==, bd_store_schema_version ());
  g_assert_cmpuint (bd_store_schema_version (), ==, 6);

  tables = bd_store_tables (&n_tables);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GString) columns = g_string_new (NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT group_concat(name, ' ') FROM pragma_table_info('%s')",
                                              tables[t].name);
      g_autofree char *names = store_test_column (store, sql);
      g_auto(GStrv) list = g_strsplit (names, " ", -1);

      g_assert_true (g_strv_contains ((const char * const *) list, tables[t].id_column));
      g_assert_true (g_strv_contains ((const char * const *) list, "raw"));
      for (guint c = 0; c < tables[t].n_columns; c++)
        {
          if (!g_strv_contains ((const char * const *) list, tables[t].columns[c].column))
            g_error ("%s.%s is mapped but not in the schema", tables[t].name,
                     tables[t].columns[c].column);
        }
      g_assert_cmpint (bd_store_count (store, tables[t].name, &error), ==, 0);
      g_assert_no_error (error);
    }

  g_clear_object (&store);
  store_test_cleanup (path);
}

static void
test_upsert_idempotent (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *product = store_test_product_json ("pdt_pro", "Pro plan");
  g_autofree char *rowid = NULL, *rowid2 = NULL, *status = NULL, *names = NULL;
  g_autofree char *refunded = NULL, *amount = NULL, *raw = NULL;
  g_autoptr(BdPayment) stored = NULL;
  TestPayment changed = ana;

  g_assert_no_error (error);
  store_test_put (store, BD_TYPE_PRODUCT, product);
  store_test_put_payment (store, &ana);
  store_test_put_payment (store, &ana);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 1);
  rowid = store_test_column (store, "SELECT rowid FROM payments");

  /* A newer version: same row, changed columns, the product's name
   * denormalised, the refund summed. */
  changed.status = "failed";
  changed.amount = 4999;
  changed.refunded = 1000;
  store_test_put_payment (store, &changed);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 1);
  rowid2 = store_test_column (store, "SELECT rowid FROM payments");
  status = store_test_column (store, "SELECT status FROM payments");
  amount = store_test_column (store, "SELECT total_amount || ' ' || currency FROM payments");
  names = store_test_column (store, "SELECT product_names FROM payments");
  refunded = store_test_column (store, "SELECT refunded_amount FROM payments");
  raw = store_test_column (store, "SELECT raw FROM payments");
  g_assert_cmpstr (rowid, ==, rowid2);
  g_assert_cmpstr (status, ==, "failed");
  g_assert_cmpstr (amount, ==, "4999 EUR");
  g_assert_cmpstr (names, ==, "Pro plan");
  g_assert_cmpstr (refunded, ==, "1000");
  g_assert_nonnull (strstr (raw, "\"failed\""));

  /* What is stored reads back as the object. */
  stored = bd_store_lookup (store, BD_TYPE_PAYMENT, "pay_ana1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bd_model_get_string (stored, "customer-name"), ==, "Ana Lima");
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (stored, "total-amount")), ==, 4999);
  g_assert_null (bd_store_lookup (store, BD_TYPE_PAYMENT, "pay_none", &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  store_test_cleanup (path);
}

static gboolean
upsert_encoded (BdStore  *store,
                gpointer  model,
                GError  **error)
{
  return bd_store_upsert (store, model, NULL, error);
}

/* Without raw JSON the codec's encoding is stored, and reads back equal. */
static void
test_upsert_encoded (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *json = store_test_product_json ("pdt_enc", "Icon pack");
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(BdProduct) product = bd_dodo_decode_bytes (BD_TYPE_PRODUCT, bytes, &error);
  g_autoptr(BdProduct) stored = NULL;

  g_assert_no_error (error);
  g_assert_true (bd_store_write (store, upsert_encoded, product, &error));
  g_assert_no_error (error);
  stored = bd_store_lookup (store, BD_TYPE_PRODUCT, "pdt_enc", &error);
  g_assert_no_error (error);
  g_assert_true (bd_model_equal (product, stored));

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A version 5 file with a webhook event migrates to version 6: the event
 * keeps its row and raw body and gets the listener's columns, empty. */
static void
test_migrate_from_v5 (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *row = NULL;

  store = bd_store_open_at_version (path, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (bd_store_get_db (store),
                                 "INSERT INTO webhook_events (webhook_id, type, timestamp, payload_type, raw)"
                                 " VALUES ('msg_1', 'payment.succeeded', 1, 'Payment', '{}')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&store);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, 6);
  row = store_test_column (store, "SELECT webhook_id || ' ' || raw || ' ' || duplicates || ' ' || applied"
                                  " || ' ' || coalesce (object_id, '-') || ' ' || coalesce (effect, '-')"
                                  " FROM webhook_events");
  g_assert_cmpstr (row, ==, "msg_1 {} 0 0 - -");

  g_clear_object (&store);
  store_test_cleanup (path);
}

typedef struct
{
  const TestPayment *payments;
  guint              n;
  const char        *cursor;
  gboolean           fail;
} Batch;

static gboolean
write_batch (BdStore  *store,
             gpointer  user_data,
             GError  **error)
{
  Batch *batch = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < batch->n; i++)
    {
      g_autofree char *json = store_test_payment_json (&batch->payments[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(BdModel) payment = bd_dodo_decode_bytes (BD_TYPE_PAYMENT, bytes, error);

      if (payment == NULL || !bd_store_upsert (store, payment, json, error))
        return FALSE;
    }
  if (!bd_store_set_cursor (store, "payments", batch->cursor, error) ||
      !bd_store_set_full_pass (store, "payments", now, error))
    return FALSE;

  if (batch->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "page 3 never came");
      return FALSE;
    }
  return TRUE;
}

/* A write that fails leaves nothing: neither rows nor the cursor. */
static void
test_write_rollback (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *cursor = NULL;
  g_autoptr(GDateTime) full_pass = NULL;
  TestPayment second = ana;
  TestPayment page[2];
  Batch batch = { page, 2, "2026-01-01T00:00:00Z", TRUE };

  second.id = "pay_ana2";
  page[0] = ana;
  page[1] = second;

  g_assert_no_error (error);
  g_assert_false (bd_store_write (store, write_batch, &batch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 0);
  g_assert_true (bd_store_get_sync_state (store, "payments", &cursor, &full_pass, &error));
  g_assert_null (cursor);
  g_assert_null (full_pass);

  batch.fail = FALSE;
  g_assert_true (bd_store_write (store, write_batch, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 2);

  /* Another connection (the main thread's) sees it committed. */
  {
    g_autoptr(BdStore) reader = bd_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (bd_store_get_sync_state (reader, "payments", &cursor, &full_pass, &error));
    g_assert_cmpstr (cursor, ==, "2026-01-01T00:00:00Z");
    g_assert_nonnull (full_pass);
    g_assert_cmpint (bd_store_count (reader, "payments", NULL), ==, 2);
  }

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A transaction opened by hand spans several writes: another connection
 * sees none of them until the commit, and a rollback drops them all. */
static void
test_write_spanning (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autoptr(BdStore) reader = NULL;
  g_autofree char *cursor = NULL;
  TestPayment second = ana;
  Batch first_page = { &ana, 1, "run page 1", FALSE };
  Batch second_page = { &second, 1, "run page 2", FALSE };

  g_assert_no_error (error);
  reader = bd_store_open (path, &error);
  g_assert_no_error (error);
  second.id = "pay_ana2";

  g_assert_false (bd_store_in_write (store));
  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (bd_store_in_write (store));
  g_assert_true (write_batch (store, &first_page, &error));
  g_assert_true (write_batch (store, &second_page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 2);
  g_assert_cmpint (bd_store_count (reader, "payments", NULL), ==, 0);
  bd_store_rollback (store);
  g_assert_false (bd_store_in_write (store));
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 0);
  g_assert_true (bd_store_get_sync_state (store, "payments", &cursor, NULL, &error));
  g_assert_null (cursor);

  g_assert_true (bd_store_begin (store, &error));
  g_assert_true (write_batch (store, &first_page, &error));
  g_assert_true (write_batch (store, &second_page, &error));
  g_assert_true (bd_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (bd_store_in_write (store));
  g_assert_cmpint (bd_store_count (reader, "payments", NULL), ==, 2);
  g_assert_true (bd_store_get_sync_state (reader, "payments", &cursor, NULL, &error));
  g_assert_cmpstr (cursor, ==, "run page 2");

  /* Nothing open: a rollback does nothing. */
  bd_store_rollback (store);
  g_assert_cmpint (bd_store_count (reader, "payments", NULL), ==, 2);

  g_clear_object (&reader);
  g_clear_object (&store);
  store_test_cleanup (path);
}

/* An empty (version 0) file, and a zero-byte one, migrate to the current
 * version; so does a file at version 0 made by the migration code. */
static void
test_migrate_from_v0 (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = bd_store_open_at_version (path, 0, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "0");
  g_clear_object (&store);
  g_clear_pointer (&version, g_free);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, bd_store_schema_version ());
  store_test_put_payment (store, &ana);
  g_clear_object (&store);
  store_test_cleanup (path);

  /* A zero-byte file. */
  g_clear_pointer (&path, g_free);
  path = store_test_new_path ();
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bd_store_count (store, "payments", NULL), ==, 0);
  g_clear_object (&store);
  store_test_cleanup (path);
}

/* How many rows of @table the search for @words finds. */
static gint64
search_count (BdStore    *store,
              const char *table,
              const char *words)
{
  g_autofree char *match = bd_store_fts_match (words);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s_fts WHERE %s_fts MATCH '%s'",
                                          table, table, match);
  g_autofree char *n = store_test_column (store, sql);

  return g_ascii_strtoll (n, NULL, 10);
}

/* The search index holds exactly the table's rows (FTS5 checks it against
 * its content table). */
static void
assert_search_whole (BdStore    *store,
                     const char *table)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s_fts (%s_fts, rank) VALUES ('integrity-check', 1)",
                                          table, table);

  g_assert_cmpint (sqlite3_exec (bd_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A payment as the code of versions 1 and 2 wrote it: those columns only,
 * product names from the cart alone. */
static void
put_payment_before_v3 (BdStore           *store,
                       const TestPayment *p,
                       const char        *product_names)
{
  g_autofree char *json = store_test_payment_json (p);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (bd_store_get_db (store),
                                       "INSERT INTO payments (payment_id, created_at, status,"
                                       " customer_id, customer_name, customer_email, product_names,"
                                       " total_amount, currency, subscription_id, raw)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, p->created * G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, p->status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, "cus_1", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, p->customer_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, p->customer_email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, product_names, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, p->amount);
  sqlite3_bind_text (stmt, 9, p->currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, p->subscription_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, json, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A subscription as the code of versions 1 to 4 wrote it: those columns
 * only (the metrics' columns came with version 5). */
static void
put_subscription_before_v5 (BdStore    *store,
                            const char *id,
                            const char *product_id)
{
  g_autofree char *json = store_test_subscription_json (id, product_id);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (bd_store_get_db (store),
                                       "INSERT INTO subscriptions (subscription_id, created_at, status,"
                                       " product_id, customer_id, amount, currency, raw)"
                                       " VALUES (?, 1767225600000000, 'active', ?, 'cus_1', 900, 'USD', ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A version 1 file with rows (its triggers have no fts_pending) migrates to
 * the current version; its rows stay searchable and new writes keep the
 * index in step. */
static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;
  TestPayment renamed = ana;

  store = bd_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  put_payment_before_v3 (store, &ana, "Pro plan");
  g_clear_object (&store);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, bd_store_schema_version ());
  g_assert_cmpint (search_count (store, "payments", "lima"), ==, 1);

  renamed.customer_name = "Ana Souza";
  store_test_put_payment (store, &renamed);
  g_assert_cmpint (search_count (store, "payments", "lima"), ==, 0);
  g_assert_cmpint (search_count (store, "payments", "souza"), ==, 1);
  assert_search_whole (store, "payments");

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* The payment ids a BdQueryModel over payments shows for @product_id. */
static char *
payments_of_product (BdStore    *store,
                     const char *product_id)
{
  g_autoptr(BdQueryModel) model = bd_query_model_new (store, "payments");
  BdQueryWhere where = { .product_id = product_id };

  bd_query_model_set_where (model, &where);
  return store_test_payment_ids (model);
}

static const TestPayment sub_payment = {
  "pay_bea1", "Bea Costa", "bea@example.com", "succeeded", "USD", 900, 1767312000,
  NULL, "inv_2", "sub_42", 0,
};

static void
put_json (BdStore    *store,
          GType       type,
          char       *json)
{
  store_test_put (store, type, json);
  g_free (json);
}

/* A payment's products are its cart's, or its subscription's (Dodo sends
 * a subscription's payments without a cart): the list shows their names,
 * search finds them, the product filter finds both kinds through its index,
 * and a changed cart moves the payment to its new product. */
static void
test_payment_products (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *names = NULL;
  g_autofree char *pro = NULL;
  g_autofree char *icons = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *left = NULL;
  TestPayment changed = ana;

  g_assert_no_error (error);
  put_json (store, BD_TYPE_PRODUCT, store_test_product_json ("pdt_pro", "Pro plan"));
  put_json (store, BD_TYPE_PRODUCT, store_test_product_json ("pdt_icons", "Icon pack"));
  put_json (store, BD_TYPE_SUBSCRIPTION, store_test_subscription_json ("sub_42", "pdt_icons"));
  store_test_put_payment (store, &ana);
  store_test_put_payment (store, &sub_payment);

  names = store_test_column (store, "SELECT product_names FROM payments WHERE payment_id = 'pay_bea1'");
  g_assert_cmpstr (names, ==, "Icon pack");
  g_assert_cmpint (search_count (store, "payments", "icon"), ==, 1);
  pro = payments_of_product (store, "pdt_pro");
  g_assert_cmpstr (pro, ==, "pay_ana1");
  icons = payments_of_product (store, "pdt_icons");
  g_assert_cmpstr (icons, ==, "pay_bea1");

  /* The same payment again changes nothing; a new cart moves it. */
  store_test_put_payment (store, &ana);
  g_clear_pointer (&pro, g_free);
  pro = store_test_column (store, "SELECT count(*) FROM payment_products");
  g_assert_cmpstr (pro, ==, "2");
  changed.product_id = "pdt_icons";
  store_test_put_payment (store, &changed);
  moved = payments_of_product (store, "pdt_icons");
  g_assert_cmpstr (moved, ==, "pay_bea1 pay_ana1");
  left = payments_of_product (store, "pdt_pro");
  g_assert_cmpstr (left, ==, "");

  g_clear_object (&store);
  store_test_cleanup (path);
}

typedef struct
{
  guint n;
} ManyData;

static gboolean
put_many (BdStore  *store,
          gpointer  user_data,
          GError  **error)
{
  ManyData *data = user_data;

  for (guint i = 0; i < data->n; i++)
    {
      g_autofree char *id = g_strdup_printf ("pay_many%05u", i);
      TestPayment p = ana;
      g_autofree char *json = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(BdModel) payment = NULL;

      p.id = id;
      p.created = ana.created + i;
      /* Every tenth one of another product. */
      p.product_id = i % 10 == 9 ? "pdt_icons" : "pdt_pro";
      json = store_test_payment_json (&p);
      bytes = g_bytes_new (json, strlen (json));
      payment = bd_dodo_decode_bytes (BD_TYPE_PAYMENT, bytes, error);
      if (payment == NULL || !bd_store_upsert (store, payment, json, error))
        return FALSE;
    }
  return TRUE;
}

/* A product with many payments is tested row by row along the sort index
 * (the other way round from a rare one): the same rows, in the same order. */
static void
test_payment_products_many (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autoptr(BdQueryModel) model = NULL;
  BdQueryWhere where = { .product_id = "pdt_pro" };
  ManyData data = { 6000 };
  g_autoptr(BdModel) first = NULL;
  g_autoptr(BdModel) last = NULL;
  g_autofree char *icons = NULL;
  guint n;

  g_assert_no_error (error);
  bd_store_write (store, put_many, &data, &error);
  g_assert_no_error (error);

  model = bd_query_model_new (store, "payments");
  bd_query_model_set_where (model, &where);
  bd_query_model_finish_loading (model);
  g_assert_null (bd_query_model_get_error (model));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 5400);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_cmpstr (bd_model_get_string (first, "payment-id"), ==, "pay_many05998");
  g_assert_cmpstr (bd_model_get_string (last, "payment-id"), ==, "pay_many00000");

  /* The rare one: read and sorted. */
  g_clear_object (&model);
  model = bd_query_model_new (store, "payments");
  where.product_id = "pdt_icons";
  bd_query_model_set_where (model, &where);
  bd_query_model_finish_loading (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 600);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (bd_model_get_string (first, "payment-id"), ==, "pay_many05999");

  g_clear_object (&model);
  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A version 2 file with a cart payment and a subscription's payment
 * migrates to version 3: both get their products indexed, the
 * subscription's payment its product's name, and it becomes searchable by
 * that name. */
static void
test_migrate_from_v2 (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *names = NULL;
  g_autofree char *pro = NULL;
  g_autofree char *icons = NULL;

  store = bd_store_open_at_version (path, 2, &error);
  g_assert_no_error (error);
  put_json (store, BD_TYPE_PRODUCT, store_test_product_json ("pdt_pro", "Pro plan"));
  put_json (store, BD_TYPE_PRODUCT, store_test_product_json ("pdt_icons", "Icon pack"));
  put_subscription_before_v5 (store, "sub_42", "pdt_icons");
  put_payment_before_v3 (store, &ana, "Pro plan");
  put_payment_before_v3 (store, &sub_payment, NULL);
  g_assert_cmpint (search_count (store, "payments", "icon"), ==, 0);
  g_clear_object (&store);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, bd_store_schema_version ());
  names = store_test_column (store, "SELECT product_names FROM payments WHERE payment_id = 'pay_bea1'");
  g_assert_cmpstr (names, ==, "Icon pack");
  g_assert_cmpint (search_count (store, "payments", "icon"), ==, 1);
  assert_search_whole (store, "payments");
  pro = payments_of_product (store, "pdt_pro");
  g_assert_cmpstr (pro, ==, "pay_ana1");
  icons = payments_of_product (store, "pdt_icons");
  g_assert_cmpstr (icons, ==, "pay_bea1");

  /* New writes keep the index in step. */
  store_test_put_payment (store, &sub_payment);
  g_clear_pointer (&icons, g_free);
  icons = store_test_column (store, "SELECT count(*) FROM payment_products");
  g_assert_cmpstr (icons, ==, "2");

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A version 3 file migrates to version 4: its search indexes take the
 * merge settings, keep what they held, and stay in step with new writes. */
static void
test_migrate_from_v3 (void)
{
  static const char * const tables[] = { "products", "customers", "subscriptions", "payments", NULL };
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;

  store = bd_store_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  put_json (store, BD_TYPE_PRODUCT, store_test_product_json ("pdt_pro", "Pro plan"));
  store_test_put_payment (store, &ana);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s_fts_config WHERE k = 'automerge'",
                                              tables[i]);
      g_autofree char *set = store_test_column (store, sql);

      g_assert_cmpstr (set, ==, "0");
    }
  g_assert_cmpint (search_count (store, "payments", "ana"), ==, 1);
  g_clear_object (&store);

  store = bd_store_open_at_version (path, 4, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, 4);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT group_concat (k || '=' || v, ' ') FROM "
                                              "(SELECT k, v FROM %s_fts_config WHERE k <> 'version' ORDER BY k)",
                                              tables[i]);
      g_autofree char *settings = store_test_column (store, sql);

      g_assert_cmpstr (settings, ==, "automerge=16 crisismerge=64 pgsz=4000");
    }
  g_assert_cmpint (search_count (store, "payments", "ana"), ==, 1);
  g_assert_cmpint (search_count (store, "products", "pro"), ==, 1);

  /* 300 more payments, each its own write: the index stays whole. */
  {
    ManyData data = { 300 };

    bd_store_write (store, put_many, &data, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (search_count (store, "payments", "pay_many"), ==, 300);
  assert_search_whole (store, "payments");

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A version 4 file with subscriptions migrates to version 5 (and on): the metrics'
 * columns come from each row's raw JSON (times to the microsecond, with a
 * fraction of any length, "Z" or an offset, or none), and new writes fill
 * them as the store binds them. */
static void
test_migrate_from_v4 (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *row = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *json = NULL;

  store = bd_store_open_at_version (path, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (bd_store_get_db (store),
    "INSERT INTO subscriptions (subscription_id, created_at, status, currency, amount, raw) VALUES"
    " ('sub_a', 1, 'cancelled', 'USD', 900, '{\"payment_frequency_count\":3,"
    "\"payment_frequency_interval\":\"Week\",\"trial_period_days\":14,"
    "\"cancelled_at\":\"2026-02-03T04:05:06.5Z\",\"expires_at\":\"2026-02-03T04:05:06.123456+01:00\","
    "\"paused_at\":null}'),"
    " ('sub_b', 2, 'active', 'EUR', 100, '{\"payment_frequency_count\":1,"
    "\"payment_frequency_interval\":\"Year\",\"trial_period_days\":0,"
    "\"paused_at\":\"1970-01-01T00:00:01Z\"}');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&store);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  version = store_test_column (store, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, bd_store_schema_version ());
  row = store_test_column (store, "SELECT frequency_count || ' ' || frequency_interval || ' ' ||"
                                  " trial_period_days || ' ' || cancelled_at || ' ' || expires_at || ' ' ||"
                                  " coalesce (paused_at, 'null') FROM subscriptions WHERE subscription_id = 'sub_a'");
  /* 2026-02-03T04:05:06Z is 1770091506 s. */
  g_assert_cmpstr (row, ==, "3 Week 14 1770091506500000 1770087906123456 null");
  g_clear_pointer (&row, g_free);
  row = store_test_column (store, "SELECT frequency_count || ' ' || frequency_interval || ' ' ||"
                                  " trial_period_days || ' ' || coalesce (cancelled_at, 'null') || ' ' ||"
                                  " paused_at FROM subscriptions WHERE subscription_id = 'sub_b'");
  g_assert_cmpstr (row, ==, "1 Year 0 null 1000000");
  plan = store_test_column (store, "SELECT count (*) FROM sqlite_master WHERE name = 'subscriptions_metrics'");
  g_assert_cmpstr (plan, ==, "1");

  /* A write binds the same columns. */
  json = store_test_subscription_json ("sub_c", "pdt_1");
  store_test_put (store, BD_TYPE_SUBSCRIPTION, json);
  g_clear_pointer (&row, g_free);
  row = store_test_column (store, "SELECT frequency_count || ' ' || frequency_interval || ' ' ||"
                                  " trial_period_days FROM subscriptions WHERE subscription_id = 'sub_c'");
  g_assert_cmpstr (row, ==, "1 Month 0");

  g_clear_object (&store);
  store_test_cleanup (path);
}

typedef struct
{
  const TestPayment *payment;
  gboolean           defer;
  gboolean           catch_up;
  gboolean           fail;
} SearchBatch;

static gboolean
write_search_batch (BdStore  *store,
                    gpointer  user_data,
                    GError  **error)
{
  SearchBatch *b = user_data;
  g_autofree char *json = store_test_payment_json (b->payment);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(BdModel) payment = NULL;

  if (b->defer && !bd_store_defer_indexes (store, "payments", error))
    return FALSE;
  payment = bd_dodo_decode_bytes (BD_TYPE_PAYMENT, bytes, error);
  if (payment == NULL || !bd_store_upsert (store, payment, json, error))
    return FALSE;
  if (b->catch_up && !bd_store_catch_up_indexes (store, "payments", error))
    return FALSE;
  if (b->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "page 2 never came");
      return FALSE;
    }
  return TRUE;
}

#define PAYMENT_INDEXES "SELECT group_concat (name, ' ') FROM (SELECT name FROM sqlite_master" \
                        " WHERE type = 'index' AND tbl_name = 'payments' AND sql IS NOT NULL" \
                        " ORDER BY name)"

/* Deferred indexes: the filter indexes are dropped, and rows written
 * meanwhile (inserted, updated) are not in the search index, until the
 * catch-up, which creates the one and makes the other whole; a write that
 * fails defers nothing; a catch-up with nothing deferred changes nothing. */
static void
test_deferred_search (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (path, &error);
  g_autofree char *pending = NULL;
  TestPayment bea = ana, renamed = ana;
  SearchBatch batch = { &ana, TRUE, FALSE, TRUE };
  g_autofree char *all_indexes = NULL;
  g_autofree char *indexes = NULL;

  g_assert_no_error (error);
  all_indexes = store_test_column (store, PAYMENT_INDEXES);
  g_assert_nonnull (strstr (all_indexes, "payments_customer"));
  g_assert_nonnull (strstr (all_indexes, "payments_status"));
  bea.id = "pay_bea1";
  bea.customer_name = "Bea Lima";
  renamed.customer_name = "Ana Souza";

  /* Rolled back: no flag, so the next row is indexed at once. */
  g_assert_false (bd_store_write (store, write_search_batch, &batch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_clear_error (&error);
  store_test_put_payment (store, &ana);
  g_assert_cmpint (search_count (store, "payments", "lima"), ==, 1);

  /* Deferred: a new row and a changed one are left out of the index. */
  batch = (SearchBatch) { &bea, TRUE, FALSE, FALSE };
  g_assert_true (bd_store_write (store, write_search_batch, &batch, &error));
  g_assert_no_error (error);
  batch = (SearchBatch) { &renamed, FALSE, FALSE, FALSE };
  g_assert_true (bd_store_write (store, write_search_batch, &batch, &error));
  g_assert_no_error (error);
  pending = store_test_column (store, "SELECT fts_pending FROM sync_state WHERE resource = 'payments'");
  g_assert_cmpstr (pending, ==, "1");
  g_assert_cmpint (search_count (store, "payments", "bea"), ==, 0);
  /* … and the filter indexes are gone but for the default sort's. */
  indexes = store_test_column (store, PAYMENT_INDEXES);
  g_assert_cmpstr (indexes, ==, "payments_created_at");

  /* The catch-up, with the last row: every row found as it is now. */
  batch = (SearchBatch) { &bea, FALSE, TRUE, FALSE };
  g_assert_true (bd_store_write (store, write_search_batch, &batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&pending, g_free);
  pending = store_test_column (store, "SELECT fts_pending FROM sync_state WHERE resource = 'payments'");
  g_assert_cmpstr (pending, ==, "0");
  g_clear_pointer (&indexes, g_free);
  indexes = store_test_column (store, PAYMENT_INDEXES);
  g_assert_cmpstr (indexes, ==, all_indexes);
  g_assert_cmpint (search_count (store, "payments", "lima"), ==, 1);
  g_assert_cmpint (search_count (store, "payments", "bea"), ==, 1);
  g_assert_cmpint (search_count (store, "payments", "souza"), ==, 1);
  assert_search_whole (store, "payments");

  /* Nothing deferred: the index follows every write, as before. */
  batch = (SearchBatch) { &ana, FALSE, TRUE, FALSE };
  g_assert_true (bd_store_write (store, write_search_batch, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (search_count (store, "payments", "souza"), ==, 0);
  g_assert_cmpint (search_count (store, "payments", "lima"), ==, 2);
  assert_search_whole (store, "payments");

  g_clear_object (&store);
  store_test_cleanup (path);
}

/* A file from a newer release is refused, clearly, and left as it was. */
static void
test_future_version (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;
  gsize len_before, len_after;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));

  store = bd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FUTURE_VERSION);
  g_assert_nonnull (strstr (error->message, "version 99"));
  g_assert_nonnull (strstr (error->message, "newer"));

  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  store_test_cleanup (path);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = store_test_new_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "this is not SQLite, not at all, no no no", -1, NULL));
  store = bd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BD_STORE_ERROR, BD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  store_test_cleanup (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/schema", test_schema);
  g_test_add_func ("/store/upsert/idempotent", test_upsert_idempotent);
  g_test_add_func ("/store/upsert/encoded", test_upsert_encoded);
  g_test_add_func ("/store/write/rollback", test_write_rollback);
  g_test_add_func ("/store/write/spanning", test_write_spanning);
  g_test_add_func ("/store/migrate/from-v0", test_migrate_from_v0);
  g_test_add_func ("/store/migrate/from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/migrate/from-v2", test_migrate_from_v2);
  g_test_add_func ("/store/migrate/from-v3", test_migrate_from_v3);
  g_test_add_func ("/store/migrate/from-v4", test_migrate_from_v4);
  g_test_add_func ("/store/migrate/from-v5", test_migrate_from_v5);
  g_test_add_func ("/store/payments/products", test_payment_products);
  g_test_add_func ("/store/payments/products-many", test_payment_products_many);
  g_test_add_func ("/store/search/deferred", test_deferred_search);
  g_test_add_func ("/store/migrate/future-version", test_future_version);
  g_test_add_func ("/store/open/not-a-database", test_not_a_database);

  return g_test_run ();
}
