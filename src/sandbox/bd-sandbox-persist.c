/* bd-sandbox-persist.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bd-checkout-session.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-dodo-codec.h"
#include "bd-dodo-requests.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-sandbox-persist.h"
#include "bd-sandbox-private.h"
#include "bd-sandbox-scheduler.h"
#include "bd-sandbox-state-private.h"
#include "bd-subscription.h"

#define FORMAT_VERSION "1"
#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define PERSIST_KEY "bd-sandbox-persist"
/* The object data of bd-sandbox-control.c: a checkout session's request
 * and its subscription_data.on_demand (bd_sandbox_checkout_set_on_demand()). */
#define REQUEST_KEY "bd-sandbox-request"
#define ON_DEMAND_KEY "bd-sandbox-on-demand"

/* One table per collection, then the payments made while running. */
#define PAYMENTS BD_SANDBOX_N_KINDS
#define N_TABLES (BD_SANDBOX_N_KINDS + 1)

/* The "extra" column holds what the codec does not write: a product's
 * "archived", a subscription's card (the scheduler charges it), a
 * checkout session's request (its codec JSON, with the body's
 * subscription_data.on_demand put back in: the request type has no such
 * member). */
static const struct {
  const char  *table;
  GType      (*type) (void);
} tables[N_TABLES] = {
  [BD_SANDBOX_PRODUCTS]      = { "products", bd_product_get_type },
  [BD_SANDBOX_CUSTOMERS]     = { "customers", bd_customer_get_type },
  [BD_SANDBOX_SUBSCRIPTIONS] = { "subscriptions", bd_subscription_get_type },
  [BD_SANDBOX_REFUNDS]       = { "refunds", bd_refund_get_type },
  [BD_SANDBOX_DISPUTES]      = { "disputes", bd_dispute_get_type },
  [BD_SANDBOX_CHECKOUTS]     = { "checkouts", bd_checkout_session_get_type },
  [PAYMENTS]                 = { "payments", bd_payment_get_type },
};

struct _BdSandboxPersist
{
  sqlite3         *db;
  GHashTable      *meta;        /* key → value, as read at open */
  BdSandboxState  *state;
  guint            known[N_TABLES];
  GPtrArray       *watched;     /* models with our ::notify handler */
  GHashTable      *dirty;       /* models to write */
  guint64          saved_serial;
  gint64           saved_offset;
  guint            idle_id;
  gboolean         loading;
  gboolean         restored;
  BdSandboxWebhooks *webhooks;
  gulong           webhooks_handler;
  gboolean         webhooks_dirty;
};

static GQuark table_quark;
static GQuark position_quark;

/* Helpers */

static gboolean
exec (BdSandboxPersist  *self,
      const char        *sql,
      GError           **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message != NULL ? message : "SQLite error");
  sqlite3_free (message);
  return FALSE;
}

static void
exec_or_warn (BdSandboxPersist *self,
              const char       *sql)
{
  g_autoptr(GError) error = NULL;

  if (!exec (self, sql, &error))
    g_warning ("sandbox.db: %s", error->message);
}

static void
write_meta (BdSandboxPersist *self,
            const char       *key,
            const char       *value)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("sandbox.db: cannot write %s: %s", key, sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
}

static void
write_meta_int (BdSandboxPersist *self,
                const char       *key,
                gint64            value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  write_meta (self, key, text);
}

static gint64
meta_int (BdSandboxPersist *self,
          const char       *key)
{
  const char *text = g_hash_table_lookup (self->meta, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static GPtrArray *
items_of (BdSandboxPersist *self,
          guint             table)
{
  if (table == PAYMENTS)
    return self->state->payments;
  return bd_sandbox_state_collection (self->state, table)->items;
}

static const char *
id_of (BdSandboxPersist *self,
       guint             table,
       gpointer          model)
{
  if (table == PAYMENTS)
    return bd_model_get_string (model, "payment-id");
  return bd_model_get_string (model, bd_sandbox_state_collection (self->state, table)->id_property);
}

static gint64
clock_offset (BdSandboxPersist *self)
{
  return bd_sandbox_state_now (self->state) - g_get_real_time ();
}

static gboolean
sync_idle (gpointer user_data)
{
  BdSandboxPersist *self = user_data;

  self->idle_id = 0;
  bd_sandbox_persist_sync (self);
  return G_SOURCE_REMOVE;
}

static void
on_notify (GObject    *model,
           GParamSpec *pspec,
           gpointer    user_data)
{
  BdSandboxPersist *self = user_data;

  if (self->loading)
    return;
  g_hash_table_add (self->dirty, model);
  /* Changes made outside a request (the scheduler) are written soon. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (sync_idle, self);
}

/* Watches the objects added since the last look; @mark_dirty: and writes
 * them. */
static void
scan_new (BdSandboxPersist *self,
          gboolean          mark_dirty)
{
  for (guint t = 0; t < N_TABLES; t++)
    {
      GPtrArray *items = items_of (self, t);

      for (guint i = self->known[t]; i < items->len; i++)
        {
          GObject *model = items->pdata[i];

          g_object_set_qdata (model, table_quark, GUINT_TO_POINTER (t + 1));
          g_object_set_qdata (model, position_quark, GUINT_TO_POINTER (i + 1));
          g_signal_connect (model, "notify", G_CALLBACK (on_notify), self);
          g_ptr_array_add (self->watched, model);
          if (mark_dirty)
            g_hash_table_add (self->dirty, model);
        }
      self->known[t] = items->len;
    }
}

/* A checkout's request as codec JSON, with its on_demand.  (transfer full) */
static char *
checkout_extra (gpointer model)
{
  BdModel *request = g_object_get_data (model, REQUEST_KEY);
  JsonObject *on_demand = g_object_get_data (model, ON_DEMAND_KEY);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *data;

  if (request == NULL)
    return NULL;
  if (on_demand == NULL)
    return bd_dodo_encode_to_string (request);
  node = bd_dodo_encode (request);
  object = json_node_get_object (node);
  data = json_object_get_member (object, "subscription_data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    json_object_set_object_member (object, "subscription_data", json_object_new ());
  json_object_set_object_member (json_object_get_object_member (object, "subscription_data"),
                                 "on_demand", json_object_ref (on_demand));
  return json_to_string (node, FALSE);
}

/* The reverse: sets the request and on_demand of @model. */
static gboolean
apply_checkout_extra (gpointer     model,
                      const char  *extra,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *data, *on_demand = NULL;
  gpointer request;

  if (!json_parser_load_from_data (parser, extra, -1, error))
    return FALSE;
  if (!(request = bd_dodo_decode (BD_DODO_TYPE_CHECKOUT_CREATE, json_parser_get_root (parser), error)))
    return FALSE;
  g_object_set_data_full (model, REQUEST_KEY, request, g_object_unref);

  object = json_node_get_object (json_parser_get_root (parser));
  data = json_object_get_member (object, "subscription_data");
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    on_demand = json_object_get_member (json_node_get_object (data), "on_demand");
  if (on_demand != NULL && JSON_NODE_HOLDS_OBJECT (on_demand))
    bd_sandbox_checkout_set_on_demand (model, json_node_get_object (on_demand));
  return TRUE;
}

static char *
extra_of (guint    table,
          gpointer model)
{
  switch (table)
    {
    case BD_SANDBOX_PRODUCTS:
      return g_strdup (bd_model_get_boolean (model, "archived") ? "archived" : "");
    case BD_SANDBOX_SUBSCRIPTIONS:
      return g_strdup (bd_sandbox_subscription_get_card (model));
    case BD_SANDBOX_CHECKOUTS:
      return checkout_extra (model);
    default:
      return NULL;
    }
}

static gboolean
apply_extra (guint        table,
             gpointer     model,
             const char  *extra,
             GError     **error)
{
  if (extra == NULL)
    return TRUE;
  switch (table)
    {
    case BD_SANDBOX_PRODUCTS:
      bd_model_set (model, "archived", g_str_equal (extra, "archived"), NULL);
      return TRUE;
    case BD_SANDBOX_SUBSCRIPTIONS:
      bd_sandbox_subscription_set_card (model, extra);
      return TRUE;
    case BD_SANDBOX_CHECKOUTS:
      return apply_checkout_extra (model, extra, error);
    default:
      return TRUE;
    }
}

static void
write_row (BdSandboxPersist *self,
           gpointer          model)
{
  guint table = GPOINTER_TO_UINT (g_object_get_qdata (model, table_quark)) - 1;
  guint position = GPOINTER_TO_UINT (g_object_get_qdata (model, position_quark)) - 1;
  g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO %s (id, position, json, extra) "
                                          "VALUES (?, ?, ?, ?)", tables[table].table);
  g_autofree char *json = bd_dodo_encode_to_string (model);
  g_autofree char *extra = extra_of (table, model);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id_of (self, table, model), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  if (extra != NULL)
    sqlite3_bind_text (stmt, 4, extra, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("sandbox.db: cannot write %s: %s", id_of (self, table, model), sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
}

/* Reads one table in position order: a seeded object's row replaces its
 * fields, any other row is appended. */
static gboolean
load_table (BdSandboxPersist  *self,
            guint              table,
            GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, position, json, extra FROM %s ORDER BY position",
                                          tables[table].table);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 position = sqlite3_column_int64 (stmt, 1);
      const char *json = (const char *) sqlite3_column_text (stmt, 2);
      const char *extra = (const char *) sqlite3_column_text (stmt, 3);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GObject) model = bd_dodo_decode_bytes (tables[table].type (), bytes, error);
      gpointer seeded = NULL;

      if (model == NULL || !apply_extra (table, model, extra, error))
        {
          g_prefix_error (error, "%s %s: ", tables[table].table, id);
          ok = FALSE;
          break;
        }
      if (table != PAYMENTS && position < (gint64) self->known[table])
        seeded = bd_sandbox_state_lookup (self->state, table, id);
      if (seeded != NULL)
        {
          bd_model_update_from (seeded, model);
          if (table == BD_SANDBOX_SUBSCRIPTIONS && extra != NULL)
            bd_sandbox_subscription_set_card (seeded, extra);
        }
      else if (table == PAYMENTS)
        bd_sandbox_state_add_payment (self->state, BD_PAYMENT (model));
      else
        bd_sandbox_state_add (self->state, table, model);
    }
  if (ok && rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (self->db));
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Webhook endpoints */

static void
on_webhooks_changed (BdSandboxWebhooks *webhooks,
                     gpointer           user_data)
{
  BdSandboxPersist *self = user_data;

  self->webhooks_dirty = TRUE;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (sync_idle, self);
}

/* The whole table again: there are few endpoints. */
static void
write_webhooks (BdSandboxPersist *self)
{
  guint n = bd_sandbox_webhooks_get_n_endpoints (self->webhooks);

  exec_or_warn (self, "DELETE FROM webhooks");
  for (guint i = 0; i < n; i++)
    {
      const char *secret = NULL, *key = NULL;
      BdModel *details = bd_sandbox_webhooks_get_endpoint (self->webhooks, i, &secret, &key);
      g_autofree char *json = bd_dodo_encode_to_string (details);
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (self->db, "INSERT INTO webhooks (id, position, json, secret, idempotency_key) "
                                    "VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, bd_model_get_string (details, "id"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, secret, -1, SQLITE_TRANSIENT);
      if (key != NULL)
        sqlite3_bind_text (stmt, 5, key, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 5);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("sandbox.db: cannot write webhook %s: %s", bd_model_get_string (details, "id"),
                   sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
    }
  write_meta_int (self, "webhook_serial", (gint64) bd_sandbox_webhooks_get_serial (self->webhooks));
}

/* The saved endpoints, appended to @self->webhooks.  A row that does not
 * decode is left out with a warning (the rest of the sandbox still runs). */
static void
load_webhooks (BdSandboxPersist *self)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_prepare_v2 (self->db, "SELECT id, json, secret, idempotency_key FROM webhooks ORDER BY position",
                      -1, &stmt, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *json = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GError) error = NULL;
      g_autoptr(BdModel) details = bd_dodo_decode_bytes (BD_DODO_TYPE_WEBHOOK_ENDPOINT, bytes, &error);

      if (details == NULL)
        {
          g_warning ("sandbox.db: webhook %s: %s", id, error->message);
          continue;
        }
      bd_sandbox_webhooks_add_endpoint (self->webhooks, details,
                                        (const char *) sqlite3_column_text (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3));
    }
  if (rc != SQLITE_DONE)
    g_warning ("sandbox.db: cannot read the webhooks: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
  bd_sandbox_webhooks_set_serial (self->webhooks,
                                  MAX (bd_sandbox_webhooks_get_serial (self->webhooks),
                                       (guint64) meta_int (self, "webhook_serial")));
}

static void
take_webhooks (BdSandboxPersist  *self,
               BdSandboxWebhooks *webhooks)
{
  if (self->webhooks != NULL)
    return;
  self->webhooks = g_object_ref (webhooks);
  if (self->restored)
    load_webhooks (self);
  else if (bd_sandbox_webhooks_get_n_endpoints (webhooks) > 0 ||
           bd_sandbox_webhooks_get_serial (webhooks) > 0)
    self->webhooks_dirty = TRUE;
  self->webhooks_handler = g_signal_connect (webhooks, "changed", G_CALLBACK (on_webhooks_changed), self);
}

static void
watch (BdSandboxPersist *self,
       BdSandboxState   *state)
{
  self->state = g_object_ref (state);
  g_object_set_data (G_OBJECT (state), PERSIST_KEY, self);
}

/* Public API */

BdSandboxPersist *
bd_sandbox_persist_open (const char  *dir,
                         GError     **error)
{
  g_autoptr(BdSandboxPersist) self = g_new0 (BdSandboxPersist, 1);
  g_autofree char *path = g_build_filename (dir, "sandbox.db", NULL);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  if (table_quark == 0)
    {
      table_quark = g_quark_from_static_string ("bd-sandbox-persist-table");
      position_quark = g_quark_from_static_string ("bd-sandbox-persist-position");
    }
  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->watched = g_ptr_array_new ();
  self->dirty = g_hash_table_new (NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 2000);
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                   "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", error))
    return NULL;
  for (guint t = 0; t < N_TABLES; t++)
    {
      g_autofree char *sql = g_strdup_printf ("CREATE TABLE IF NOT EXISTS %s (id TEXT PRIMARY KEY, "
                                              "position INTEGER NOT NULL, json TEXT NOT NULL, extra TEXT);",
                                              tables[t].table);

      if (!exec (self, sql, error))
        return NULL;
    }
  if (!exec (self, "CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                   "json TEXT NOT NULL, secret TEXT NOT NULL, idempotency_key TEXT);", error))
    return NULL;

  sqlite3_prepare_v2 (self->db, "SELECT key, value FROM meta", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (self->meta, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  if (g_hash_table_contains (self->meta, "format") &&
      g_strcmp0 (g_hash_table_lookup (self->meta, "format"), FORMAT_VERSION) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s was written by another version of the sandbox (format %s)",
                   path, (const char *) g_hash_table_lookup (self->meta, "format"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
bd_sandbox_persist_free (BdSandboxPersist *self)
{
  if (self == NULL)
    return;
  if (self->state != NULL)
    {
      bd_sandbox_persist_sync (self);
      g_object_set_data (G_OBJECT (self->state), PERSIST_KEY, NULL);
    }
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->webhooks != NULL)
    g_clear_signal_handler (&self->webhooks_handler, self->webhooks);
  g_clear_object (&self->webhooks);
  for (guint i = 0; self->watched != NULL && i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (self->watched->pdata[i], self);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->meta, g_hash_table_unref);
  g_clear_object (&self->state);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self);
}

gboolean
bd_sandbox_persist_has_state (BdSandboxPersist *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->meta, "format");
}

const char *
bd_sandbox_persist_get_seed (BdSandboxPersist *self)
{
  const char *seed;

  g_return_val_if_fail (self != NULL, NULL);
  seed = g_hash_table_lookup (self->meta, "seed");
  return seed != NULL && *seed != '\0' ? seed : NULL;
}

gboolean
bd_sandbox_persist_restore (BdSandboxPersist  *self,
                            BdSandboxState    *state,
                            GError           **error)
{
  BdSandboxClock *clock = bd_sandbox_state_get_clock (state);
  const char *seed = bd_sandbox_persist_get_seed (self);
  guint64 n;

  g_return_val_if_fail (self != NULL && self->state == NULL, FALSE);
  g_return_val_if_fail (bd_sandbox_persist_has_state (self), FALSE);

  watch (self, state);
  /* Seed on the day it was first seeded: the same objects again. */
  bd_sandbox_clock_set_now (clock, meta_int (self, "seed_day"));
  if (g_strcmp0 (seed, "demo") == 0)
    bd_sandbox_state_seed_demo (state);
  else if (seed != NULL && g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &n, NULL))
    bd_sandbox_state_seed_payments (state, n);
  scan_new (self, FALSE);

  self->loading = TRUE;
  for (guint t = 0; t < N_TABLES; t++)
    if (!load_table (self, t, error))
      {
        self->loading = FALSE;
        return FALSE;
      }
  self->loading = FALSE;
  scan_new (self, FALSE);

  state->runtime_serial = (guint64) meta_int (self, "serial");
  bd_sandbox_clock_set_now (clock, g_get_real_time () + meta_int (self, "clock_offset"));
  self->saved_serial = state->runtime_serial;
  self->saved_offset = clock_offset (self);

  self->restored = TRUE;
  if (bd_sandbox_webhooks_get (state) != NULL)
    take_webhooks (self, bd_sandbox_webhooks_get (state));
  return TRUE;
}

void
bd_sandbox_persist_attach (BdSandboxPersist *self,
                           BdSandboxState   *state,
                           const char       *seed,
                           gint64            seeded_at)
{
  g_return_if_fail (self != NULL && self->state == NULL);

  watch (self, state);
  scan_new (self, FALSE);
  /* A fresh file: whatever an earlier run left is gone. */
  exec_or_warn (self, "BEGIN");
  for (guint t = 0; t < N_TABLES; t++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[t].table);

      exec_or_warn (self, sql);
    }
  exec_or_warn (self, "DELETE FROM webhooks");
  write_meta (self, "format", FORMAT_VERSION);
  write_meta (self, "seed", seed != NULL ? seed : "");
  write_meta_int (self, "seed_day", seeded_at - seeded_at % DAY_US);
  write_meta_int (self, "serial", (gint64) state->runtime_serial);
  write_meta_int (self, "clock_offset", clock_offset (self));
  write_meta_int (self, "webhook_serial", 0);
  exec_or_warn (self, "COMMIT");
  self->saved_serial = state->runtime_serial;
  self->saved_offset = clock_offset (self);

  if (bd_sandbox_webhooks_get (state) != NULL)
    take_webhooks (self, bd_sandbox_webhooks_get (state));
}

void
bd_sandbox_persist_sync (BdSandboxPersist *self)
{
  GHashTableIter iter;
  gpointer model;
  gint64 offset;

  g_return_if_fail (self != NULL);

  if (self->state == NULL)
    return;
  scan_new (self, TRUE);
  offset = clock_offset (self);
  if (g_hash_table_size (self->dirty) == 0 && !self->webhooks_dirty &&
      self->saved_serial == self->state->runtime_serial &&
      ABS (offset - self->saved_offset) < 1000)
    return;

  exec_or_warn (self, "BEGIN");
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &model, NULL))
    write_row (self, model);
  if (self->webhooks_dirty)
    write_webhooks (self);
  write_meta_int (self, "serial", (gint64) self->state->runtime_serial);
  write_meta_int (self, "clock_offset", offset);
  exec_or_warn (self, "COMMIT");

  g_hash_table_remove_all (self->dirty);
  self->webhooks_dirty = FALSE;
  self->saved_serial = self->state->runtime_serial;
  self->saved_offset = offset;
}

void
bd_sandbox_persist_sync_state (BdSandboxState *state)
{
  BdSandboxPersist *self = g_object_get_data (G_OBJECT (state), PERSIST_KEY);

  if (self != NULL)
    bd_sandbox_persist_sync (self);
}

void
bd_sandbox_persist_add_webhooks (BdSandboxState    *state,
                                 BdSandboxWebhooks *webhooks)
{
  BdSandboxPersist *self;

  g_return_if_fail (BD_IS_SANDBOX_STATE (state));
  g_return_if_fail (BD_IS_SANDBOX_WEBHOOKS (webhooks));

  if ((self = g_object_get_data (G_OBJECT (state), PERSIST_KEY)))
    take_webhooks (self, webhooks);
}
