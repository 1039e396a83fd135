/* bd-store-schema.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-subscription.h"
#include "bd-webhook-event.h"
#include "bd-store-private.h"

/*
 * The migrations.  Step i takes PRAGMA user_version from i to i + 1 inside
 * the opening transaction.  They are history: never edit a step that has
 * shipped, append one (and a test that migrates to it from the version
 * before, with rows in the tables).
 *
 * Every resource table has an INTEGER PRIMARY KEY rowid (stable across
 * upserts, which BdQueryModel relies on), the id as a UNIQUE key, the
 * columns the lists filter, sort and search on, and the raw JSON of the last
 * version seen.  Times are microseconds since 1970 UTC; money is an integer
 * count of minor units next to its currency.  The FTS5 tables are external
 * content tables over the resource tables, kept in step by triggers (only
 * when a searched column changes); unicode61 with remove_diacritics 2 makes
 * "jur" find "Jürgen", and the prefix indexes make the first keystrokes of
 * search-as-you-type cheap.
 */

#define FTS_OPTIONS "tokenize = \"unicode61 remove_diacritics 2\", prefix = '1 2 3'"

static const char migration_1[] =
  "CREATE TABLE products ("
  "  rowid INTEGER PRIMARY KEY, product_id TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER, updated_at INTEGER, name TEXT, is_recurring INTEGER,"
  "  price INTEGER, currency TEXT, archived INTEGER, raw TEXT NOT NULL);"
  "CREATE INDEX products_name ON products (name);"
  "CREATE INDEX products_created_at ON products (created_at);"

  "CREATE TABLE customers ("
  "  rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER, name TEXT, email TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX customers_created_at ON customers (created_at);"
  "CREATE INDEX customers_name ON customers (name);"
  "CREATE INDEX customers_email ON customers (email);"

  "CREATE TABLE subscriptions ("
  "  rowid INTEGER PRIMARY KEY, subscription_id TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER, status TEXT, product_id TEXT, product_name TEXT,"
  "  customer_id TEXT, customer_name TEXT, customer_email TEXT,"
  "  next_billing_date INTEGER, amount INTEGER, currency TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX subscriptions_created_at ON subscriptions (created_at);"
  "CREATE INDEX subscriptions_status ON subscriptions (status, created_at);"
  "CREATE INDEX subscriptions_next_billing ON subscriptions (next_billing_date);"
  "CREATE INDEX subscriptions_customer ON subscriptions (customer_id);"

  "CREATE TABLE payments ("
  "  rowid INTEGER PRIMARY KEY, payment_id TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER, status TEXT, invoice_id TEXT,"
  "  customer_id TEXT, customer_name TEXT, customer_email TEXT, product_names TEXT,"
  "  total_amount INTEGER, currency TEXT, tax INTEGER,"
  "  refund_status TEXT, refunded_amount INTEGER,"
  "  card_network TEXT, card_last_four TEXT, subscription_id TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX payments_created_at ON payments (created_at);"
  "CREATE INDEX payments_status ON payments (status, created_at);"
  "CREATE INDEX payments_currency ON payments (currency, created_at);"
  "CREATE INDEX payments_total_amount ON payments (total_amount);"
  "CREATE INDEX payments_customer ON payments (customer_id);"
  "CREATE INDEX payments_subscription ON payments (subscription_id);"

  "CREATE TABLE refunds ("
  "  rowid INTEGER PRIMARY KEY, refund_id TEXT NOT NULL UNIQUE, payment_id TEXT,"
  "  created_at INTEGER, status TEXT, amount INTEGER, currency TEXT,"
  "  customer_id TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX refunds_created_at ON refunds (created_at);"
  "CREATE INDEX refunds_payment ON refunds (payment_id);"

  "CREATE TABLE disputes ("
  "  rowid INTEGER PRIMARY KEY, dispute_id TEXT NOT NULL UNIQUE, payment_id TEXT,"
  "  created_at INTEGER, dispute_stage TEXT, dispute_status TEXT,"
  "  amount INTEGER, currency TEXT, customer_id TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX disputes_created_at ON disputes (created_at);"
  "CREATE INDEX disputes_status ON disputes (dispute_status, created_at);"
  "CREATE INDEX disputes_payment ON disputes (payment_id);"

  "CREATE TABLE webhook_events ("
  "  rowid INTEGER PRIMARY KEY, webhook_id TEXT NOT NULL UNIQUE,"
  "  type TEXT, timestamp INTEGER, payload_type TEXT, raw TEXT NOT NULL);"
  "CREATE INDEX webhook_events_timestamp ON webhook_events (timestamp);"

  "CREATE TABLE sync_state ("
  "  resource TEXT PRIMARY KEY, cursor TEXT, last_full_pass INTEGER,"
  "  updated_at INTEGER NOT NULL);"

  "CREATE VIRTUAL TABLE products_fts USING fts5 (product_id, name,"
  "  content = 'products', content_rowid = 'rowid', " FTS_OPTIONS ");"
  "CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN"
  "  INSERT INTO products_fts (rowid, product_id, name)"
  "  VALUES (new.rowid, new.product_id, new.name); END;"
  "CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN"
  "  INSERT INTO products_fts (products_fts, rowid, product_id, name)"
  "  VALUES ('delete', old.rowid, old.product_id, old.name); END;"
  "CREATE TRIGGER products_fts_au AFTER UPDATE ON products"
  "  WHEN old.name IS NOT new.name BEGIN"
  "  INSERT INTO products_fts (products_fts, rowid, product_id, name)"
  "  VALUES ('delete', old.rowid, old.product_id, old.name);"
  "  INSERT INTO products_fts (rowid, product_id, name)"
  "  VALUES (new.rowid, new.product_id, new.name); END;"

  "CREATE VIRTUAL TABLE customers_fts USING fts5 (customer_id, name, email,"
  "  content = 'customers', content_rowid = 'rowid', " FTS_OPTIONS ");"
  "CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN"
  "  INSERT INTO customers_fts (rowid, customer_id, name, email)"
  "  VALUES (new.rowid, new.customer_id, new.name, new.email); END;"
  "CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN"
  "  INSERT INTO customers_fts (customers_fts, rowid, customer_id, name, email)"
  "  VALUES ('delete', old.rowid, old.customer_id, old.name, old.email); END;"
  "CREATE TRIGGER customers_fts_au AFTER UPDATE ON customers"
  "  WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN"
  "  INSERT INTO customers_fts (customers_fts, rowid, customer_id, name, email)"
  "  VALUES ('delete', old.rowid, old.customer_id, old.name, old.email);"
  "  INSERT INTO customers_fts (rowid, customer_id, name, email)"
  "  VALUES (new.rowid, new.customer_id, new.name, new.email); END;"

  "CREATE VIRTUAL TABLE subscriptions_fts USING fts5 (subscription_id, customer_id,"
  "  customer_name, customer_email, product_name,"
  "  content = 'subscriptions', content_rowid = 'rowid', " FTS_OPTIONS ");"
  "CREATE TRIGGER subscriptions_fts_ai AFTER INSERT ON subscriptions BEGIN"
  "  INSERT INTO subscriptions_fts (rowid, subscription_id, customer_id,"
  "    customer_name, customer_email, product_name)"
  "  VALUES (new.rowid, new.subscription_id, new.customer_id,"
  "    new.customer_name, new.customer_email, new.product_name); END;"
  "CREATE TRIGGER subscriptions_fts_ad AFTER DELETE ON subscriptions BEGIN"
  "  INSERT INTO subscriptions_fts (subscriptions_fts, rowid, subscription_id,"
  "    customer_id, customer_name, customer_email, product_name)"
  "  VALUES ('delete', old.rowid, old.subscription_id, old.customer_id,"
  "    old.customer_name, old.customer_email, old.product_name); END;"
  "CREATE TRIGGER subscriptions_fts_au AFTER UPDATE ON subscriptions"
  "  WHEN old.customer_id IS NOT new.customer_id"
  "    OR old.customer_name IS NOT new.customer_name"
  "    OR old.customer_email IS NOT new.customer_email"
  "    OR old.product_name IS NOT new.product_name BEGIN"
  "  INSERT INTO subscriptions_fts (subscriptions_fts, rowid, subscription_id,"
  "    customer_id, customer_name, customer_email, product_name)"
  "  VALUES ('delete', old.rowid, old.subscription_id, old.customer_id,"
  "    old.customer_name, old.customer_email, old.product_name);"
  "  INSERT INTO subscriptions_fts (rowid, subscription_id, customer_id,"
  "    customer_name, customer_email, product_name)"
  "  VALUES (new.rowid, new.subscription_id, new.customer_id,"
  "    new.customer_name, new.customer_email, new.product_name); END;"

  "CREATE VIRTUAL TABLE payments_fts USING fts5 (payment_id, invoice_id,"
  "  customer_id, customer_name, customer_email, product_names, subscription_id,"
  "  content = 'payments', content_rowid = 'rowid', " FTS_OPTIONS ");"
  "CREATE TRIGGER payments_fts_ai AFTER INSERT ON payments BEGIN"
  "  INSERT INTO payments_fts (rowid, payment_id, invoice_id, customer_id,"
  "    customer_name, customer_email, product_names, subscription_id)"
  "  VALUES (new.rowid, new.payment_id, new.invoice_id, new.customer_id,"
  "    new.customer_name, new.customer_email, new.product_names, new.subscription_id); END;"
  "CREATE TRIGGER payments_fts_ad AFTER DELETE ON payments BEGIN"
  "  INSERT INTO payments_fts (payments_fts, rowid, payment_id, invoice_id,"
  "    customer_id, customer_name, customer_email, product_names, subscription_id)"
  "  VALUES ('delete', old.rowid, old.payment_id, old.invoice_id, old.customer_id,"
  "    old.customer_name, old.customer_email, old.product_names, old.subscription_id); END;"
  "CREATE TRIGGER payments_fts_au AFTER UPDATE ON payments"
  "  WHEN old.invoice_id IS NOT new.invoice_id"
  "    OR old.customer_id IS NOT new.customer_id"
  "    OR old.customer_name IS NOT new.customer_name"
  "    OR old.customer_email IS NOT new.customer_email"
  "    OR old.product_names IS NOT new.product_names"
  "    OR old.subscription_id IS NOT new.subscription_id BEGIN"
  "  INSERT INTO payments_fts (payments_fts, rowid, payment_id, invoice_id,"
  "    customer_id, customer_name, customer_email, product_names, subscription_id)"
  "  VALUES ('delete', old.rowid, old.payment_id, old.invoice_id, old.customer_id,"
  "    old.customer_name, old.customer_email, old.product_names, old.subscription_id);"
  "  INSERT INTO payments_fts (rowid, payment_id, invoice_id, customer_id,"
  "    customer_name, customer_email, product_names, subscription_id)"
  "  VALUES (new.rowid, new.payment_id, new.invoice_id, new.customer_id,"
  "    new.customer_name, new.customer_email, new.product_names, new.subscription_id); END;";

/* Version 2: a first full pass of a table may defer its search index.  While
 * sync_state.fts_pending is set for the table, its FTS triggers do nothing
 * (a 'delete' for a row the index lacks would corrupt it); the sync sets the
 * flag in the transaction of the pass's first page and, in the transaction of
 * its last, rebuilds the index and clears the flag (bd_store_defer_indexes(),
 * bd_store_catch_up_indexes()).  Tokenising a whole table at once is several
 * times cheaper than one small FTS segment per page merged again and again. */
#define FTS_LIVE(table) \
  "NOT EXISTS (SELECT 1 FROM sync_state WHERE resource = '" table "' AND fts_pending)"

#define FTS_TRIGGERS(table, columns, old_columns, new_columns, changed) \
  "DROP TRIGGER " table "_fts_ai; DROP TRIGGER " table "_fts_ad; DROP TRIGGER " table "_fts_au;" \
  "CREATE TRIGGER " table "_fts_ai AFTER INSERT ON " table \
  "  WHEN " FTS_LIVE (table) " BEGIN" \
  "  INSERT INTO " table "_fts (rowid, " columns ") VALUES (new.rowid, " new_columns "); END;" \
  "CREATE TRIGGER " table "_fts_ad AFTER DELETE ON " table \
  "  WHEN " FTS_LIVE (table) " BEGIN" \
  "  INSERT INTO " table "_fts (" table "_fts, rowid, " columns ")" \
  "  VALUES ('delete', old.rowid, " old_columns "); END;" \
  "CREATE TRIGGER " table "_fts_au AFTER UPDATE ON " table \
  "  WHEN (" changed ") AND " FTS_LIVE (table) " BEGIN" \
  "  INSERT INTO " table "_fts (" table "_fts, rowid, " columns ")" \
  "  VALUES ('delete', old.rowid, " old_columns ");" \
  "  INSERT INTO " table "_fts (rowid, " columns ") VALUES (new.rowid, " new_columns "); END;"

static const char migration_2[] =
  "ALTER TABLE sync_state ADD COLUMN fts_pending INTEGER NOT NULL DEFAULT 0;"
  FTS_TRIGGERS ("products", "product_id, name", "old.product_id, old.name",
                "new.product_id, new.name", "old.name IS NOT new.name")
  FTS_TRIGGERS ("customers", "customer_id, name, email",
                "old.customer_id, old.name, old.email",
                "new.customer_id, new.name, new.email",
                "old.name IS NOT new.name OR old.email IS NOT new.email")
  FTS_TRIGGERS ("subscriptions",
                "subscription_id, customer_id, customer_name, customer_email, product_name",
                "old.subscription_id, old.customer_id, old.customer_name, old.customer_email,"
                " old.product_name",
                "new.subscription_id, new.customer_id, new.customer_name, new.customer_email,"
                " new.product_name",
                "old.customer_id IS NOT new.customer_id"
                " OR old.customer_name IS NOT new.customer_name"
                " OR old.customer_email IS NOT new.customer_email"
                " OR old.product_name IS NOT new.product_name")
  FTS_TRIGGERS ("payments",
                "payment_id, invoice_id, customer_id, customer_name, customer_email,"
                " product_names, subscription_id",
                "old.payment_id, old.invoice_id, old.customer_id, old.customer_name,"
                " old.customer_email, old.product_names, old.subscription_id",
                "new.payment_id, new.invoice_id, new.customer_id, new.customer_name,"
                " new.customer_email, new.product_names, new.subscription_id",
                "old.invoice_id IS NOT new.invoice_id"
                " OR old.customer_id IS NOT new.customer_id"
                " OR old.customer_name IS NOT new.customer_name"
                " OR old.customer_email IS NOT new.customer_email"
                " OR old.product_names IS NOT new.product_names"
                " OR old.subscription_id IS NOT new.subscription_id");

/* Version 3: the products of a payment, for the product filter.  A
 * payment's products are its cart's, or, for a subscription's payment (which
 * has no cart), its subscription's product.  payments.product_ids holds them
 * as a JSON array (written by the store, see bind_product_ids()), and
 * payment_products indexes them by product, kept in step by triggers; a
 * filter by product reads that index instead of every payment's raw JSON.
 * The steps fill both for the rows already cached, and give the
 * subscriptions' payments their product names.  Also the sync's sync_seen
 * (see the refresh in bd-sync.h), and deferred_indexes (bd-store.h). */
#define PRODUCTS_OF(row) "SELECT value, " row ".rowid FROM json_each (" row ".product_ids)"

static const char migration_3[] =
  "ALTER TABLE payments ADD COLUMN product_ids TEXT;"
  "CREATE TABLE payment_products ("
  "  product_id TEXT NOT NULL, payment_rowid INTEGER NOT NULL,"
  "  PRIMARY KEY (product_id, payment_rowid)) WITHOUT ROWID;"

  "UPDATE payments SET product_ids = (SELECT json_group_array (json_extract (value, '$.product_id'))"
  "  FROM json_each (payments.raw, '$.product_cart'))"
  "  WHERE json_array_length (payments.raw, '$.product_cart') > 0;"
  "UPDATE payments SET product_ids = (SELECT json_array (s.product_id) FROM subscriptions s"
  "  WHERE s.subscription_id = payments.subscription_id)"
  "  WHERE product_ids IS NULL AND subscription_id IS NOT NULL;"
  "UPDATE payments SET product_names = (SELECT coalesce (p.name, s.product_id)"
  "  FROM subscriptions s LEFT JOIN products p ON p.product_id = s.product_id"
  "  WHERE s.subscription_id = payments.subscription_id)"
  "  WHERE product_names IS NULL AND subscription_id IS NOT NULL;"
  "INSERT OR IGNORE INTO payment_products SELECT value, payments.rowid"
  "  FROM payments, json_each (payments.product_ids);"

  /* The sync's refresh sweeps (bd-sync.h): the ids a sweep of a status has
   * seen so far, to know at its end which cached ones it did not. */
  "CREATE TABLE sync_seen ("
  "  resource TEXT NOT NULL, status TEXT NOT NULL, id TEXT NOT NULL,"
  "  PRIMARY KEY (resource, status, id)) WITHOUT ROWID;"

  /* A first pass's filter indexes, dropped until its end (bd-store.h). */
  "CREATE TABLE deferred_indexes ("
  "  name TEXT PRIMARY KEY, table_name TEXT NOT NULL, sql TEXT NOT NULL);"

  "CREATE TRIGGER payment_products_ai AFTER INSERT ON payments"
  "  WHEN new.product_ids IS NOT NULL BEGIN"
  "  INSERT OR IGNORE INTO payment_products " PRODUCTS_OF ("new") "; END;"
  "CREATE TRIGGER payment_products_ad AFTER DELETE ON payments"
  "  WHEN old.product_ids IS NOT NULL BEGIN"
  "  DELETE FROM payment_products WHERE (product_id, payment_rowid) IN (" PRODUCTS_OF ("old") "); END;"
  "CREATE TRIGGER payment_products_au AFTER UPDATE OF product_ids ON payments"
  "  WHEN old.product_ids IS NOT new.product_ids BEGIN"
  "  DELETE FROM payment_products WHERE (product_id, payment_rowid) IN (" PRODUCTS_OF ("old") ");"
  "  INSERT OR IGNORE INTO payment_products " PRODUCTS_OF ("new") "; END;";

/* Version 4: the search indexes merge their segments less eagerly (an
 * automatic merge once a level holds 16 segments instead of 4, a forced one
 * at 64 instead of 16) and write leaves of 4,000 bytes (the file's pages are
 * 4,096) instead of 1,000.  A first pass's rebuild of a million payments
 * takes ≈ 7 s instead of ≈ 10 s, page-by-page writes merge less, and a
 * search costs the same (docs/benchmarks.md, "Sync"). */
#define FTS_MERGING(table) \
  "INSERT INTO " table "_fts (" table "_fts, rank) VALUES ('automerge', 16);" \
  "INSERT INTO " table "_fts (" table "_fts, rank) VALUES ('crisismerge', 64);" \
  "INSERT INTO " table "_fts (" table "_fts, rank) VALUES ('pgsz', 4000);"

static const char migration_4[] =
  FTS_MERGING ("products")
  FTS_MERGING ("customers")
  FTS_MERGING ("subscriptions")
  FTS_MERGING ("payments");

/* Version 5: what the subscription metrics need (bd-metrics.h), as columns
 * instead of the raw JSON: the billing cadence, the trial, and when the
 * subscription was cancelled, expired or paused; and one covering index, so
 * the metrics read the index alone, never the rows with their raw JSON
 * (100,000 subscriptions in well under the 300 ms budget,
 * docs/benchmarks.md).  The rows already cached get the values from their
 * raw JSON: times are RFC 3339 (any fraction of a second, "Z" or an
 * offset), made microseconds exactly as bd-store.c binds them. */
#define FRACTION_DIGITS(t) \
  "(length (substr (" t ", 21)) - length (ltrim (substr (" t ", 21), '0123456789')))"
#define HAS_FRACTION(t) "(substr (" t ", 20, 1) = '.')"
#define ZONE(t) \
  "(CASE WHEN " HAS_FRACTION (t) " THEN substr (" t ", 21 + " FRACTION_DIGITS (t) ")" \
  " ELSE substr (" t ", 20) END)"
#define MICROSECONDS(t) \
  "(CASE WHEN " HAS_FRACTION (t) \
  " THEN CAST (substr (substr (" t ", 21, " FRACTION_DIGITS (t) ") || '000000', 1, 6) AS INTEGER)" \
  " ELSE 0 END)"
#define USEC_OF(t) \
  "(CASE WHEN " t " IS NULL THEN NULL" \
  " ELSE CAST (strftime ('%s', substr (" t ", 1, 19) || " ZONE (t) ") AS INTEGER) * 1000000" \
  " + " MICROSECONDS (t) " END)"
#define RAW(key) "json_extract (raw, '$." key "')"

static const char migration_5[] =
  "ALTER TABLE subscriptions ADD COLUMN frequency_count INTEGER;"
  "ALTER TABLE subscriptions ADD COLUMN frequency_interval TEXT;"
  "ALTER TABLE subscriptions ADD COLUMN trial_period_days INTEGER;"
  "ALTER TABLE subscriptions ADD COLUMN cancelled_at INTEGER;"
  "ALTER TABLE subscriptions ADD COLUMN expires_at INTEGER;"
  "ALTER TABLE subscriptions ADD COLUMN paused_at INTEGER;"
  "UPDATE subscriptions SET"
  "  frequency_count = " RAW ("payment_frequency_count") ","
  "  frequency_interval = " RAW ("payment_frequency_interval") ","
  "  trial_period_days = " RAW ("trial_period_days") ","
  "  cancelled_at = " USEC_OF (RAW ("cancelled_at")) ","
  "  expires_at = " USEC_OF (RAW ("expires_at")) ","
  "  paused_at = " USEC_OF (RAW ("paused_at")) ";"
  "CREATE INDEX subscriptions_metrics ON subscriptions (currency, status,"
  "  frequency_interval, frequency_count, amount, trial_period_days, created_at,"
  "  cancelled_at, expires_at, paused_at, next_billing_date);";

/* Version 6: what the webhook listener (webhooks/) records with each
 * delivery it accepted, in the same transaction as the delivery's effect
 * (bd-store-webhooks.h): when it arrived, the id of the object it carried,
 * the webhook-* and content headers as a JSON object, the verification
 * result, how many times the same webhook-id came again, whether its object
 * was written into the cache and what that changed ("Subscription sub_…
 * active → on_hold").  raw stays the body exactly as received.  No secret
 * is ever stored here. */
static const char migration_6[] =
  "ALTER TABLE webhook_events ADD COLUMN received_at INTEGER;"
  "ALTER TABLE webhook_events ADD COLUMN object_id TEXT;"
  "ALTER TABLE webhook_events ADD COLUMN headers TEXT;"
  "ALTER TABLE webhook_events ADD COLUMN verification TEXT;"
  "ALTER TABLE webhook_events ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE webhook_events ADD COLUMN applied INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE webhook_events ADD COLUMN effect TEXT;"
  "CREATE INDEX webhook_events_object ON webhook_events (object_id, timestamp);"
  "CREATE INDEX webhook_events_received_at ON webhook_events (received_at);";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
};

const char * const *
bd_store_migrations (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (migrations);
  return migrations;
}

/* Computed payment columns. */

/* The ids of the payment's products: its cart's, or for a subscription's
 * payment (Dodo sends no cart with those) its subscription's product, from
 * the subscriptions table (synced before payments).  Worked out once per
 * row, for the two columns that need them.  (element-type utf8) */
static GPtrArray *
payment_product_ids (BdStore     *store,
                     BdStoreRow  *row,
                     GError     **error)
{
  gpointer payment = row->model;
  GListModel *cart;
  const char *subscription_id;
  g_autoptr(GPtrArray) ids = NULL;
  guint n;

  if (row->product_ids != NULL)
    return row->product_ids;

  cart = bd_model_get_list (payment, "product-cart");
  subscription_id = bd_model_get_string (payment, "subscription-id");
  ids = g_ptr_array_new_with_free_func (g_free);
  n = cart != NULL ? g_list_model_get_n_items (cart) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdModel) line = g_list_model_get_item (cart, i);
      const char *product_id = bd_model_get_string (line, "product-id");

      if (product_id != NULL)
        g_ptr_array_add (ids, g_strdup (product_id));
    }

  if (ids->len == 0 && subscription_id != NULL)
    {
      sqlite3_stmt *lookup = bd_store_prepare (store, "SELECT product_id FROM subscriptions "
                                                      "WHERE subscription_id = ?", error);
      int rc;

      if (lookup == NULL)
        return NULL;
      sqlite3_bind_text (lookup, 1, subscription_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (lookup);
      if (rc == SQLITE_ROW && sqlite3_column_text (lookup, 0) != NULL)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (lookup, 0)));
      sqlite3_reset (lookup);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          bd_store_fail (store, error, "Could not look up a subscription");
          return NULL;
        }
    }
  row->product_ids = g_steal_pointer (&ids);
  return row->product_ids;
}

/* The names of the payment's products, from the products table (synced
 * before payments), else their ids; "Pro plan, Icon pack". */
static gboolean
bind_product_names (BdStore       *store,
                    BdStoreRow    *row,
                    sqlite3_stmt  *stmt,
                    int            index,
                    GError       **error)
{
  GPtrArray *ids = payment_product_ids (store, row, error);
  g_autoptr(GString) names = g_string_new (NULL);
  sqlite3_stmt *lookup;

  if (ids == NULL)
    return FALSE;
  lookup = bd_store_prepare (store, "SELECT name FROM products WHERE product_id = ?", error);
  if (lookup == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *name = NULL;
      int rc;

      sqlite3_reset (lookup);
      sqlite3_bind_text (lookup, 1, ids->pdata[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (lookup);
      if (rc == SQLITE_ROW)
        name = (const char *) sqlite3_column_text (lookup, 0);
      else if (rc != SQLITE_DONE)
        return bd_store_fail (store, error, "Could not look up a product");

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name != NULL ? name : (const char *) ids->pdata[i]);
    }
  sqlite3_reset (lookup);

  if (names->len > 0)
    sqlite3_bind_text (stmt, index, names->str, names->len, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
  return TRUE;
}

/* The same products' ids as a JSON array, for payment_products (version 3). */
static gboolean
bind_product_ids (BdStore       *store,
                  BdStoreRow    *row,
                  sqlite3_stmt  *stmt,
                  int            index,
                  GError       **error)
{
  GPtrArray *ids = payment_product_ids (store, row, error);
  g_autoptr(GString) array = g_string_new ("[");

  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_string_append (array, i > 0 ? ",\"" : "\"");
      for (const char *c = ids->pdata[i]; *c != '\0'; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_printf (array, "\\%c", *c);
          else if ((guchar) *c < 0x20)
            g_string_append_printf (array, "\\u%04x", (guint) (guchar) *c);
          else
            g_string_append_c (array, *c);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, ']');
  sqlite3_bind_text (stmt, index, array->str, array->len, SQLITE_TRANSIENT);
  return TRUE;
}

/* What was given back: the sum of the succeeded refunds. */
static gboolean
bind_refunded_amount (BdStore       *store,
                      BdStoreRow    *row,
                      sqlite3_stmt  *stmt,
                      int            index,
                      GError       **error)
{
  GListModel *refunds = bd_model_get_list (row->model, "refunds");
  guint n = refunds != NULL ? g_list_model_get_n_items (refunds) : 0;
  gint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdModel) refund = g_list_model_get_item (refunds, i);
      const BdMoney *amount = bd_model_get_money (refund, "amount");

      if (amount != NULL &&
          bd_model_get_enum (refund, "status") == BD_REFUND_STATUS_SUCCEEDED)
        sum += bd_money_get_amount (amount);
    }

  sqlite3_bind_int64 (stmt, index, sum);
  return TRUE;
}

#define TEXT(col, prop)      { col, prop, BD_COLUMN_TEXT, NULL }
#define INT(col, prop)       { col, prop, BD_COLUMN_INT, NULL }
#define TIME(col, prop)      { col, prop, BD_COLUMN_TIME, NULL }
#define AMOUNT(col, prop)    { col, prop, BD_COLUMN_AMOUNT, NULL }
#define CURRENCY(col, prop)  { col, prop, BD_COLUMN_CURRENCY, NULL }
#define COMPUTED(col, func)  { col, NULL, BD_COLUMN_COMPUTED, func }

static const BdColumn product_columns[] = {
  TIME ("created_at", "created-at"),
  TIME ("updated_at", "updated-at"),
  TEXT ("name", "name"),
  INT ("is_recurring", "is-recurring"),
  AMOUNT ("price", "price"),
  CURRENCY ("currency", "price"),
  INT ("archived", "archived"),
};

static const BdColumn customer_columns[] = {
  TIME ("created_at", "created-at"),
  TEXT ("name", "name"),
  TEXT ("email", "email"),
};

static const BdColumn subscription_columns[] = {
  TIME ("created_at", "created-at"),
  TEXT ("status", "status-raw"),
  TEXT ("product_id", "product-id"),
  TEXT ("product_name", "product-name"),
  TEXT ("customer_id", "customer-id"),
  TEXT ("customer_name", "customer-name"),
  TEXT ("customer_email", "customer-email"),
  TIME ("next_billing_date", "next-billing-date"),
  AMOUNT ("amount", "recurring-pre-tax-amount"),
  CURRENCY ("currency", "recurring-pre-tax-amount"),
  INT ("frequency_count", "payment-frequency-count"),
  TEXT ("frequency_interval", "payment-frequency-interval-raw"),
  INT ("trial_period_days", "trial-period-days"),
  TIME ("cancelled_at", "cancelled-at"),
  TIME ("expires_at", "expires-at"),
  TIME ("paused_at", "paused-at"),
};

static const BdColumn payment_columns[] = {
  TIME ("created_at", "created-at"),
  TEXT ("status", "status-raw"),
  TEXT ("invoice_id", "invoice-id"),
  TEXT ("customer_id", "customer-id"),
  TEXT ("customer_name", "customer-name"),
  TEXT ("customer_email", "customer-email"),
  COMPUTED ("product_names", bind_product_names),
  COMPUTED ("product_ids", bind_product_ids),
  AMOUNT ("total_amount", "total-amount"),
  CURRENCY ("currency", "total-amount"),
  AMOUNT ("tax", "tax"),
  TEXT ("refund_status", "refund-status"),
  COMPUTED ("refunded_amount", bind_refunded_amount),
  TEXT ("card_network", "card-network"),
  TEXT ("card_last_four", "card-last-four"),
  TEXT ("subscription_id", "subscription-id"),
};

static const BdColumn refund_columns[] = {
  TEXT ("payment_id", "payment-id"),
  TIME ("created_at", "created-at"),
  TEXT ("status", "status-raw"),
  AMOUNT ("amount", "amount"),
  CURRENCY ("currency", "amount"),
  TEXT ("customer_id", "customer-id"),
};

static const BdColumn dispute_columns[] = {
  TEXT ("payment_id", "payment-id"),
  TIME ("created_at", "created-at"),
  TEXT ("dispute_stage", "dispute-stage-raw"),
  TEXT ("dispute_status", "dispute-status-raw"),
  AMOUNT ("amount", "amount"),
  CURRENCY ("currency", "amount"),
  TEXT ("customer_id", "customer-id"),
};

static const BdColumn webhook_event_columns[] = {
  TEXT ("type", "type-raw"),
  TIME ("timestamp", "timestamp"),
  TEXT ("payload_type", "payload-type"),
};

#define TABLE(name, type, id, columns, fts, sort) \
  { name, type, id "-id", id "_id", columns, G_N_ELEMENTS (columns), fts, sort }

/* Products first: payments denormalise their names. */
static const BdStoreTable tables[] = {
  TABLE ("products", bd_product_get_type, "product", product_columns, TRUE, "name"),
  TABLE ("customers", bd_customer_get_type, "customer", customer_columns, TRUE, "created_at"),
  TABLE ("subscriptions", bd_subscription_get_type, "subscription", subscription_columns, TRUE, "created_at"),
  TABLE ("payments", bd_payment_get_type, "payment", payment_columns, TRUE, "created_at"),
  TABLE ("refunds", bd_refund_get_type, "refund", refund_columns, FALSE, "created_at"),
  TABLE ("disputes", bd_dispute_get_type, "dispute", dispute_columns, FALSE, "created_at"),
  TABLE ("webhook_events", bd_webhook_event_get_type, "webhook", webhook_event_columns, FALSE, "timestamp"),
};

const BdStoreTable *
bd_store_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const BdStoreTable *
bd_store_table_for_type (GType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].type_func () == type)
      return &tables[i];
  return NULL;
}

const BdStoreTable *
bd_store_table_for_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

const BdColumn *
bd_store_table_column (const BdStoreTable *table,
                       const char         *column)
{
  for (guint i = 0; i < table->n_columns; i++)
    if (g_str_equal (table->columns[i].column, column))
      return &table->columns[i];
  return NULL;
}
