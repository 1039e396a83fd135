/* sync-test.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-dodo-api.h"
#include "bd-dodo-codec.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-store-private.h"
#include "bd-subscription.h"
#include "bd-sync.h"
#include "bd-test-util.h"
#include "store-test.h"
#include "sync-test.h"

BdDodoClient *
sync_test_client (BdTestSandbox *sandbox)
{
  BdDodoClient *client = bd_test_sandbox_client (sandbox);

  /* Room for the fault tests' 5xx, 429 and cut answers in a row. */
  bd_dodo_client_set_max_retries (client, 6);
  return client;
}

guint
sync_test_requests (BdTestSandbox *sandbox,
                    gboolean       reset)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");
  g_autoptr(GList) names = json_object_get_members (routes);
  guint total = 0;

  for (GList *l = names; l != NULL; l = l->next)
    if (strstr (l->data, " /_sandbox/") == NULL)
      total += json_object_get_int_member (json_object_get_object_member (routes, l->data),
                                           "requests");
  if (reset)
    {
      g_autoptr(JsonNode) answer = bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/stats", NULL, 200);
    }
  return total;
}

typedef struct
{
  gboolean      done;
  gboolean      ok;
  GError       *error;
  guint         progress;
} RunData;

static void
on_progress (BdSync         *sync,
             BdSyncProgress *progress,
             RunData        *data)
{
  g_assert_nonnull (progress->resource);
  data->progress++;
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunData *data = user_data;

  data->ok = bd_sync_run_finish (BD_SYNC (object), result, &data->error);
  data->done = TRUE;
}

gboolean
sync_test_run (BdDodoClient  *client,
               const char    *store_path,
               guint         *out_progress,
               GError       **error)
{
  g_autoptr(BdSync) sync = bd_sync_new (client, store_path);
  RunData data = { 0 };
  const char *group = g_getenv ("BD_SYNC_PAGES_PER_TRANSACTION");

  /* Benchmarks compare transaction sizes through the environment. */
  const char *sweep = g_getenv ("BD_SYNC_SWEEP_PAGES");

  if (group != NULL)
    bd_sync_set_pages_per_transaction (sync, (guint) g_ascii_strtoull (group, NULL, 10));
  if (sweep != NULL)
    bd_sync_set_sweep_pages (sync, (guint) g_ascii_strtoull (sweep, NULL, 10));
  g_signal_connect (sync, "progress", G_CALLBACK (on_progress), &data);
  bd_sync_run_async (sync, NULL, on_run_done, &data);
  g_assert_true (bd_sync_get_running (sync));
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bd_sync_get_running (sync));
  if (data.ok)
    g_assert_nonnull (bd_sync_get_last_success (sync));
  if (out_progress != NULL)
    *out_progress = data.progress;
  if (data.error != NULL)
    g_propagate_error (error, data.error);
  return data.ok;
}

/* Every object of a list endpoint, page by page, with the raw JSON of each:
 * id → raw.  (transfer full) */
static GHashTable *
list_all (BdDodoClient *client,
          const char   *path,
          const char   *id_member,
          const char   *filter_name,
          const char   *filter_value)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint page = 0; ; page++)
    {
      g_autoptr(GHashTable) query = bd_dodo_query_new ("page_size", "100", filter_name, filter_value, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *items;
      guint n;

      g_hash_table_insert (query, g_strdup ("page_number"), g_strdup_printf ("%u", page));
      root = bd_dodo_client_request (client, "GET", path, query, NULL, NULL, &error);
      g_assert_no_error (error);
      items = json_object_get_array_member (json_node_get_object (root), "items");
      n = json_array_get_length (items);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          const char *id = json_object_get_string_member (json_node_get_object (item), id_member);

          g_hash_table_replace (all, g_strdup (id), json_to_string (item, FALSE));
        }
      if (n < 100)
        return all;
    }
}

static char *
column_text (BdStore    *store,
             const char *sql,
             const char *id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (bd_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
assert_resource_exact (BdDodoClient *client,
                       BdStore      *store,
                       const char   *table,
                       const char   *path,
                       const char   *id_member,
                       GType         type)
{
  g_autoptr(GHashTable) served = list_all (client, path, id_member, NULL, NULL);
  g_autofree char *raw_sql = g_strdup_printf ("SELECT raw FROM %s WHERE %s = ?", table, id_member);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer id, raw;

  g_assert_cmpint (bd_store_count (store, table, &error), ==, g_hash_table_size (served));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, served);
  while (g_hash_table_iter_next (&iter, &id, &raw))
    {
      g_autoptr(JsonNode) node = json_from_string (raw, &error);
      g_autoptr(BdModel) want = NULL;
      g_autoptr(BdModel) have = NULL;
      g_autofree char *want_json = NULL;
      g_autofree char *have_json = NULL;
      g_autofree char *stored_raw = NULL;

      g_assert_no_error (error);
      want = bd_dodo_decode (type, node, &error);
      g_assert_no_error (error);
      have = bd_store_lookup (store, type, id, &error);
      g_assert_no_error (error);
      if (have == NULL)
        g_error ("%s %s is not in the cache", table, (char *) id);
      want_json = bd_dodo_encode_to_string (want);
      have_json = bd_dodo_encode_to_string (have);
      g_assert_cmpstr (have_json, ==, want_json);
      stored_raw = column_text (store, raw_sql, id);
      g_assert_cmpstr (stored_raw, ==, raw);
    }
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_lister (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static void
assert_products_exact (BdDodoClient *client,
                       BdStore      *store)
{
  guint served = 0;
  g_autoptr(GError) error = NULL;

  for (guint archived = 0; archived < 2; archived++)
    {
      g_autoptr(GHashTable) query = bd_dodo_query_new (NULL, NULL);
      g_autoptr(BdDodoLister) lister = NULL;

      if (archived)
        bd_dodo_query_set_boolean (query, "archived", TRUE);
      lister = bd_dodo_lister_new (client, BD_DODO_API_PRODUCT_LIST, NULL, query, 100);
      while (!bd_dodo_lister_is_done (lister))
        {
          Wait wait = { NULL };
          g_autoptr(GPtrArray) items = NULL;

          bd_dodo_lister_next_async (lister, NULL, on_lister, &wait);
          while (wait.result == NULL)
            g_main_context_iteration (NULL, TRUE);
          items = bd_dodo_lister_next_finish (lister, wait.result, &error);
          g_object_unref (wait.result);
          g_assert_no_error (error);
          if (items == NULL)
            break;
          for (guint i = 0; i < items->len; i++)
            {
              const char *id = bd_model_get_string (items->pdata[i], "product-id");
              g_autoptr(BdModel) have = bd_store_lookup (store, BD_TYPE_PRODUCT, id, &error);
              g_autofree char *want_json = bd_dodo_encode_to_string (items->pdata[i]);
              g_autofree char *have_json = NULL;

              g_assert_no_error (error);
              g_assert_nonnull (have);
              have_json = bd_dodo_encode_to_string (have);
              g_assert_cmpstr (have_json, ==, want_json);
              served++;
            }
        }
    }
  g_assert_cmpint (bd_store_count (store, "products", &error), ==, served);
}

void
sync_test_assert_exact (BdTestSandbox *sandbox,
                        BdDodoClient  *client,
                        const char    *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdStore) store = bd_store_open (store_path, &error);

  g_assert_no_error (error);
  assert_products_exact (client, store);
  assert_resource_exact (client, store, "customers", "/customers", "customer_id", BD_TYPE_CUSTOMER);
  assert_resource_exact (client, store, "subscriptions", "/subscriptions", "subscription_id", BD_TYPE_SUBSCRIPTION);
  assert_resource_exact (client, store, "payments", "/payments", "payment_id", BD_TYPE_PAYMENT);
  assert_resource_exact (client, store, "refunds", "/refunds", "refund_id", BD_TYPE_REFUND);
  assert_resource_exact (client, store, "disputes", "/disputes", "dispute_id", BD_TYPE_DISPUTE);

  /* Search finds every row: no index left deferred, and each index holds
   * exactly its table's rows (FTS5 checks it against the content table). */
  {
    g_autofree char *pending = NULL;
    const BdStoreTable *tables;
    guint n_tables;

    pending = store_test_column (store, "SELECT count(*) FROM sync_state WHERE fts_pending");
    g_assert_cmpstr (pending, ==, "0");
    g_clear_pointer (&pending, g_free);
    pending = store_test_column (store, "SELECT count(*) FROM deferred_indexes");
    g_assert_cmpstr (pending, ==, "0");
    tables = bd_store_tables (&n_tables);
    for (guint i = 0; i < n_tables; i++)
      {
        g_autofree char *sql = NULL;

        if (!tables[i].has_fts)
          continue;
        sql = g_strdup_printf ("INSERT INTO %s_fts (%s_fts, rank) VALUES ('integrity-check', 1)",
                               tables[i].name, tables[i].name);
        if (sqlite3_exec (bd_store_get_db (store), sql, NULL, NULL, NULL) != SQLITE_OK)
          g_error ("The search index of %s is not whole: %s", tables[i].name,
                   sqlite3_errmsg (bd_store_get_db (store)));
      }
  }
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

/* The first product listed whose is_recurring is @recurring. */
static char *
find_product (BdTestSandbox *sandbox,
              gboolean       recurring)
{
  g_autoptr(JsonNode) list = bd_test_sandbox_call (sandbox, "GET", "/products?page_size=100", NULL, 200);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *p = json_array_get_object_element (items, i);

      /* Dodo's product list has the Price as "price_detail". */
      JsonObject *price = json_object_get_object_member (p, json_object_has_member (p, "price_detail")
                                                            ? "price_detail" : "price");
      const char *type = json_object_get_string_member (price, "type");

      if (g_str_equal (type, recurring ? "recurring_price" : "one_time_price") &&
          json_object_get_int_member_with_default (price, "trial_period_days", 0) == 0)
        return g_strdup (json_object_get_string_member (p, "product_id"));
    }
  g_assert_not_reached ();
}

void
sync_test_make_changes (BdTestSandbox *sandbox,
                        guint          k)
{
  g_autofree char *one_time = find_product (sandbox, FALSE);
  g_autofree char *recurring = find_product (sandbox, TRUE);
  g_autoptr(JsonNode) active = bd_test_sandbox_call (sandbox, "GET", "/subscriptions?status=active&page_size=2", NULL, 200);
  JsonArray *subs = json_object_get_array_member (json_node_get_object (active), "items");

  for (guint i = 0; i < k; i++)
    {
      g_autofree char *customer = g_strdup_printf ("{\"email\":\"new%u@example.com\",\"name\":\"Neu Kundin %u\"}", i, i);
      g_autoptr(JsonNode) created = bd_test_sandbox_call (sandbox, "POST", "/customers", customer, 200);
      g_autofree char *checkout = g_strdup_printf (
        "{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
        "\"customer\":{\"customer_id\":\"%s\"},\"return_url\":\"https://shop.example/done\"}",
        i % 2 ? recurring : one_time, member (created, "customer_id"));
      g_autoptr(JsonNode) session = bd_test_sandbox_call (sandbox, "POST", "/checkouts", checkout, 200);
      g_autofree char *complete = g_strdup_printf ("/_sandbox/checkouts/%s/complete", member (session, "session_id"));
      g_autoptr(JsonNode) paid = bd_test_sandbox_call (sandbox, "POST", complete, "{\"card\":\"4242424242424242\"}", 200);

      /* Every third payment refunded, the second one disputed. */
      if (i % 3 == 0)
        {
          g_autofree char *refund = g_strdup_printf ("{\"payment_id\":\"%s\",\"reason\":\"sync test\"}",
                                                     member (paid, "payment_id"));
          g_autoptr(JsonNode) r = bd_test_sandbox_call (sandbox, "POST", "/refunds", refund, 200);
        }
      else if (i == 1)
        {
          g_autofree char *dispute = g_strdup_printf ("{\"payment_id\":\"%s\"}", member (paid, "payment_id"));
          g_autoptr(JsonNode) d = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/disputes", dispute, 200);
        }
    }

  /* Seeded subscriptions change: one cancelled, one edited. */
  if (json_array_get_length (subs) >= 2)
    {
      const char *first = json_object_get_string_member (json_array_get_object_element (subs, 0), "subscription_id");
      const char *second = json_object_get_string_member (json_array_get_object_element (subs, 1), "subscription_id");
      g_autofree char *p1 = g_strdup_printf ("/subscriptions/%s", first);
      g_autofree char *p2 = g_strdup_printf ("/subscriptions/%s", second);
      g_autoptr(JsonNode) a = bd_test_sandbox_call (sandbox, "PATCH", p1, "{\"status\":\"cancelled\"}", 200);
      g_autoptr(JsonNode) b = bd_test_sandbox_call (sandbox, "PATCH", p2, "{\"metadata\":{\"plan\":\"changed\"}}", 200);
    }
}

char *
sync_test_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

void
sync_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sync_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
