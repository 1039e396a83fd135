/* bd-store.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include "bd-dodo-client.h"
#include "bd-dodo-codec.h"
#include "bd-store-private.h"

struct _BdStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt */
  sqlite3_stmt **upserts;    /* one per table, prepared on first use (in
                              * statements too, which finalizes them) */
  gboolean     in_write;
};

G_DEFINE_FINAL_TYPE (BdStore, bd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (bd-store-error-quark, bd_store_error)

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
bd_store_finalize (GObject *object)
{
  BdStore *self = BD_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->upserts);
  g_free (self->path);

  G_OBJECT_CLASS (bd_store_parent_class)->finalize (object);
}

static void
bd_store_class_init (BdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_store_finalize;
}

static void
bd_store_init (BdStore *self)
{
  guint n_tables;

  bd_store_tables (&n_tables);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->upserts = g_new0 (sqlite3_stmt *, n_tables);
}

static BdStoreError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return BD_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return BD_STORE_ERROR_CORRUPT;
    case SQLITE_FULL:
      return BD_STORE_ERROR_FULL;
    default:
      return BD_STORE_ERROR_FAILED;
    }
}

gboolean
bd_store_fail (BdStore     *self,
               GError     **error,
               const char  *what)
{
  g_set_error (error, BD_STORE_ERROR, error_code_for (sqlite3_extended_errcode (self->db)),
               "%s: %s (%s)", what, sqlite3_errmsg (self->db), self->path);
  return FALSE;
}

sqlite3 *
bd_store_get_db (BdStore *self)
{
  return self->db;
}

sqlite3_stmt *
bd_store_prepare (BdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      bd_store_fail (self, error, "Could not prepare a statement");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs SQL without results (pragmas, transactions, migrations). */
static gboolean
exec (BdStore     *self,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return bd_store_fail (self, error, what);
  return TRUE;
}

/* The first column of the first row of @sql as an integer. */
static gboolean
query_int (BdStore     *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = bd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      bd_store_fail (self, error, "Could not read from the cache");
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

guint
bd_store_schema_version (void)
{
  guint n_steps;

  bd_store_migrations (&n_steps);
  return n_steps;
}

static gboolean
migrate (BdStore  *self,
         guint     target,
         GError  **error)
{
  const char * const *steps;
  gint64 version;
  guint n_steps;

  steps = bd_store_migrations (&n_steps);
  g_assert (target <= n_steps);

  /* BEGIN IMMEDIATE, then read the version again: another connection may
   * have migrated the file in the meantime. */
  if (!exec (self, "BEGIN IMMEDIATE", "Could not lock the cache to update it", error))
    return FALSE;
  if (!query_int (self, "PRAGMA user_version", &version, error))
    goto fail;

  for (guint v = version; v < target; v++)
    {
      g_autofree char *what = g_strdup_printf ("Could not update the cache to version %u", v + 1);
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!exec (self, steps[v], what, error) ||
          !exec (self, set_version, what, error))
        goto fail;
    }

  if (!exec (self, "COMMIT", "Could not save the updated cache", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static BdStore *
open_store (const char  *path,
            guint        target,
            GError     **error)
{
  g_autoptr(BdStore) self = g_object_new (BD_TYPE_STORE, NULL);
  gint64 version;
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, BD_STORE_ERROR, error_code_for (rc),
                       "Could not open the cache: %s (%s)", sqlite3_errstr (rc), path);
          return NULL;
        }
      bd_store_fail (self, error, "Could not open the cache");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* Read the version before anything writes: a file from a newer release is
   * left exactly as it is. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return NULL;
  if (version > (gint64) bd_store_schema_version ())
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_FUTURE_VERSION,
                   "The cache %s has version %" G_GINT64_FORMAT ", newer than this "
                   "Billing Desk understands (%u); it was left untouched",
                   path, version, bd_store_schema_version ());
      return NULL;
    }

  if (!exec (self, "PRAGMA journal_mode = WAL", "Could not switch the cache to WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", "Could not set synchronous", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", "Could not enable foreign keys", error))
    return NULL;

  if (version < target && !migrate (self, target, error))
    return NULL;

  return g_steal_pointer (&self);
}

BdStore *
bd_store_open (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_store (path, bd_store_schema_version (), error);
}

BdStore *
bd_store_open_at_version (const char  *path,
                          guint        version,
                          GError     **error)
{
  return open_store (path, version, error);
}

const char *
bd_store_get_path (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  return self->path;
}

gboolean
bd_store_begin (BdStore  *self,
                GError  **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_write, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", "Could not start writing to the cache", error))
    return FALSE;
  self->in_write = TRUE;
  return TRUE;
}

gboolean
bd_store_commit (BdStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_write, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->in_write = FALSE;
  if (!exec (self, "COMMIT", "Could not save to the cache", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
bd_store_rollback (BdStore *self)
{
  g_return_if_fail (BD_IS_STORE (self));

  if (!self->in_write)
    return;
  self->in_write = FALSE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
bd_store_in_write (BdStore *self)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);

  return self->in_write;
}

gboolean
bd_store_write (BdStore           *self,
                BdStoreWriteFunc   func,
                gpointer           user_data,
                GError           **error)
{
  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!self->in_write, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bd_store_begin (self, error))
    return FALSE;
  if (!func (self, user_data, error))
    {
      bd_store_rollback (self);
      return FALSE;
    }
  return bd_store_commit (self, error);
}

/* INSERT … ON CONFLICT (id) DO UPDATE SET …: the rowid stays.  Kept at
 * hand per table: a first sync pass upserts a million rows. */
static sqlite3_stmt *
upsert_statement (BdStore             *self,
                  const BdStoreTable  *table,
                  GError             **error)
{
  guint n_tables;
  guint index = table - bd_store_tables (&n_tables);
  g_autoptr(GString) sql = NULL;

  if (self->upserts[index] != NULL)
    {
      sqlite3_reset (self->upserts[index]);
      sqlite3_clear_bindings (self->upserts[index]);
      return self->upserts[index];
    }

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (%s", table->name, table->id_column);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].column);
  g_string_append (sql, ", raw) VALUES (?");
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append (sql, ", ?");
  g_string_append_printf (sql, ", ?) ON CONFLICT (%s) DO UPDATE SET ", table->id_column);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, "%s = excluded.%s, ", table->columns[i].column,
                            table->columns[i].column);
  g_string_append (sql, "raw = excluded.raw");

  self->upserts[index] = bd_store_prepare (self, sql->str, error);
  return self->upserts[index];
}

static gboolean
bind_column (BdStore         *self,
             const BdColumn  *column,
             BdStoreRow      *row,
             sqlite3_stmt    *stmt,
             int              index,
             GError         **error)
{
  gpointer model = row->model;
  const BdMoney *money;
  GDateTime *time;
  GParamSpec *pspec;

  switch (column->kind)
    {
    case BD_COLUMN_TEXT:
      sqlite3_bind_text (stmt, index, bd_model_get_string (model, column->property), -1,
                         SQLITE_TRANSIENT);
      return TRUE;

    case BD_COLUMN_INT:
      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (model), column->property);
      if (pspec->value_type == G_TYPE_BOOLEAN)
        sqlite3_bind_int64 (stmt, index, bd_model_get_boolean (model, column->property));
      else
        sqlite3_bind_int64 (stmt, index, bd_model_get_int (model, column->property));
      return TRUE;

    case BD_COLUMN_TIME:
      time = bd_model_get_datetime (model, column->property);
      if (time != NULL)
        sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (time) * G_USEC_PER_SEC +
                                         g_date_time_get_microsecond (time));
      return TRUE;

    case BD_COLUMN_AMOUNT:
      money = bd_model_get_money (model, column->property);
      if (money != NULL)
        sqlite3_bind_int64 (stmt, index, bd_money_get_amount (money));
      return TRUE;

    case BD_COLUMN_CURRENCY:
      money = bd_model_get_money (model, column->property);
      if (money != NULL)
        sqlite3_bind_text (stmt, index, bd_money_get_currency (money), -1, SQLITE_STATIC);
      return TRUE;

    case BD_COLUMN_COMPUTED:
      return column->bind (self, row, stmt, index, error);

    default:
      g_assert_not_reached ();
    }
}

gboolean
bd_store_upsert (BdStore     *self,
                 gpointer     model,
                 const char  *raw_json,
                 GError     **error)
{
  const BdStoreTable *table;
  g_autofree char *encoded = NULL;
  BdStoreRow row = { model, NULL };
  gboolean ok = TRUE;
  sqlite3_stmt *stmt;
  const char *id;
  int index = 1;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (BD_IS_MODEL (model), FALSE);
  g_return_val_if_fail (self->in_write, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = bd_store_table_for_type (G_OBJECT_TYPE (model));
  g_return_val_if_fail (table != NULL, FALSE);

  id = bd_model_get_string (model, table->id_property);
  if (id == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_BAD_DATA,
                   "Cannot store a %s without %s", G_OBJECT_TYPE_NAME (model),
                   table->id_property);
      return FALSE;
    }
  if (raw_json == NULL)
    raw_json = encoded = bd_dodo_encode_to_string (model);

  stmt = upsert_statement (self, table, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, index++, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < table->n_columns && ok; i++)
    ok = bind_column (self, &table->columns[i], &row, stmt, index++, error);
  g_clear_pointer (&row.product_ids, g_ptr_array_unref);
  sqlite3_bind_text (stmt, index, raw_json, -1, SQLITE_STATIC);

  if (ok && sqlite3_step (stmt) != SQLITE_DONE)
    ok = bd_store_fail (self, error, "Could not store an object");
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

/* Sets one column of a resource's sync state, creating its row. */
static gboolean
set_sync_state (BdStore     *self,
                const char  *sql,
                const char  *resource,
                GValue      *value,
                GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);
  g_return_val_if_fail (self->in_write, FALSE);

  stmt = bd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, resource, -1, SQLITE_STATIC);
  if (G_VALUE_HOLDS_STRING (value))
    sqlite3_bind_text (stmt, 2, g_value_get_string (value), -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 2, g_value_get_int64 (value));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (now));

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return bd_store_fail (self, error, "Could not store the sync state");
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
bd_store_set_cursor (BdStore     *self,
                     const char  *resource,
                     const char  *cursor,
                     GError     **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, cursor);
  return set_sync_state (self,
                         "INSERT INTO sync_state (resource, cursor, updated_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, "
                         "updated_at = excluded.updated_at",
                         resource, &value, error);
}

gboolean
bd_store_set_full_pass (BdStore     *self,
                        const char  *resource,
                        GDateTime   *when,
                        GError     **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_val_if_fail (when != NULL, FALSE);

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, g_date_time_to_unix (when) * G_USEC_PER_SEC +
                             g_date_time_get_microsecond (when));
  return set_sync_state (self,
                         "INSERT INTO sync_state (resource, last_full_pass, updated_at) "
                         "VALUES (?, ?, ?) ON CONFLICT (resource) DO UPDATE SET "
                         "last_full_pass = excluded.last_full_pass, updated_at = excluded.updated_at",
                         resource, &value, error);
}

static gboolean
has_fts (const char *table_name)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);

  return table != NULL && table->has_fts;
}

static const char set_fts_pending_sql[] =
  "INSERT INTO sync_state (resource, fts_pending, updated_at) VALUES (?, ?, ?) "
  "ON CONFLICT (resource) DO UPDATE SET fts_pending = excluded.fts_pending, "
  "updated_at = excluded.updated_at";

/* The table's indexes a first pass drops: all but the one on its default
 * sort column (the list keeps its order cheap meanwhile) and the id's. */
static const char defer_indexes_sql[] =
  "INSERT OR IGNORE INTO deferred_indexes (name, table_name, sql)"
  " SELECT name, tbl_name, sql FROM sqlite_master"
  " WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL AND name <> ?2";

gboolean
bd_store_defer_indexes (BdStore     *self,
                        const char  *table_name,
                        GError     **error)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *keep = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (self->in_write, FALSE);

  keep = g_strdup_printf ("%s_%s", table->name, table->default_sort);
  stmt = bd_store_prepare (self, defer_indexes_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, keep, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not store the sync state");

  stmt = bd_store_prepare (self, "SELECT name FROM deferred_indexes WHERE table_name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not read from the cache");
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX IF EXISTS \"%s\"", (char *) names->pdata[i]);

      if (!exec (self, drop, "Could not store the sync state", error))
        return FALSE;
    }

  if (!has_fts (table->name))
    return TRUE;
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, 1);
  return set_sync_state (self, set_fts_pending_sql, table->name, &value, error);
}

/* Creates the indexes bd_store_defer_indexes() dropped. */
static gboolean
create_deferred_indexes (BdStore     *self,
                         const char  *table,
                         GError     **error)
{
  g_autoptr(GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bd_store_prepare (self, "SELECT sql FROM deferred_indexes "
                                               "WHERE table_name = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sql, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not read from the cache");
  if (sql->len == 0)
    return TRUE;

  for (guint i = 0; i < sql->len; i++)
    if (!exec (self, sql->pdata[i], "Could not build an index", error))
      return FALSE;

  stmt = bd_store_prepare (self, "DELETE FROM deferred_indexes WHERE table_name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not store the sync state");
  return TRUE;
}

gboolean
bd_store_catch_up_indexes (BdStore     *self,
                           const char  *table,
                           GError     **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *pending_sql = NULL;
  g_autofree char *rebuild_sql = NULL;
  gint64 pending;

  g_return_val_if_fail (bd_store_table_for_name (table) != NULL, FALSE);
  g_return_val_if_fail (self->in_write, FALSE);

  if (!create_deferred_indexes (self, table, error))
    return FALSE;
  if (!has_fts (table))
    return TRUE;

  /* count(*): 0 when the table has no sync state yet. */
  pending_sql = g_strdup_printf ("SELECT count(*) FROM sync_state "
                                 "WHERE resource = '%s' AND fts_pending", table);
  if (!query_int (self, pending_sql, &pending, error))
    return FALSE;
  if (pending == 0)
    return TRUE;

  rebuild_sql = g_strdup_printf ("INSERT INTO %s_fts (%s_fts) VALUES ('rebuild')", table, table);
  if (!exec (self, rebuild_sql, "Could not build the search index", error))
    return FALSE;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, 0);
  return set_sync_state (self, set_fts_pending_sql, table, &value, error);
}

gboolean
bd_store_get_sync_state (BdStore     *self,
                         const char  *resource,
                         char       **cursor,
                         GDateTime  **last_full_pass,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);

  if (cursor != NULL)
    *cursor = NULL;
  if (last_full_pass != NULL)
    *last_full_pass = NULL;

  stmt = bd_store_prepare (self, "SELECT cursor, last_full_pass FROM sync_state WHERE resource = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, resource, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (cursor != NULL && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (last_full_pass != NULL && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          gint64 usec = sqlite3_column_int64 (stmt, 1);
          g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

          *last_full_pass = g_date_time_add (seconds, usec % G_USEC_PER_SEC);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not read the sync state");
  return TRUE;
}

gint64
bd_store_count (BdStore     *self,
                const char  *table_name,
                GError     **error)
{
  const BdStoreTable *table;
  g_autofree char *sql = NULL;
  gint64 n;

  g_return_val_if_fail (BD_IS_STORE (self), -1);
  table = bd_store_table_for_name (table_name);
  g_return_val_if_fail (table != NULL, -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table->name);
  if (!query_int (self, sql, &n, error))
    return -1;
  return n;
}

/* Decodes the current row of @stmt: (id, raw). */
static gpointer
decode_row (BdStore             *self,
            const BdStoreTable  *table,
            sqlite3_stmt        *stmt,
            GError             **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autoptr(GBytes) raw = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                       sqlite3_column_bytes (stmt, 1));
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = bd_dodo_parse_json (raw, &local_error);
  g_autoptr(BdModel) model = NULL;

  if (node != NULL)
    model = bd_dodo_decode (table->type_func (), node, &local_error);
  if (model == NULL)
    {
      g_set_error (error, BD_STORE_ERROR, BD_STORE_ERROR_BAD_DATA,
                   "Stored %s %s does not decode: %s", table->name, id, local_error->message);
      return NULL;
    }

  /* An id the JSON does not carry (a webhook's comes from its header). */
  if (bd_model_get_string (model, table->id_property) == NULL)
    bd_model_set (model, table->id_property, id, NULL);

  return g_steal_pointer (&model);
}

/* Runs a prepared (id, raw) query that yields at most one row. */
static gpointer
load_one (BdStore             *self,
          const BdStoreTable  *table,
          sqlite3_stmt        *stmt,
          GError             **error)
{
  gpointer model = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    model = decode_row (self, table, stmt, error);
  else if (rc != SQLITE_DONE)
    bd_store_fail (self, error, "Could not read from the cache");
  sqlite3_reset (stmt);
  return model;
}

gpointer
bd_store_load_row (BdStore             *self,
                   const BdStoreTable  *table,
                   gint64               rowid,
                   GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s, raw FROM %s WHERE rowid = ?",
                                          table->id_column, table->name);
  sqlite3_stmt *stmt = bd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return load_one (self, table, stmt, error);
}

gpointer
bd_store_lookup (BdStore     *self,
                 GType        type,
                 const char  *id,
                 GError     **error)
{
  const BdStoreTable *table;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  table = bd_store_table_for_type (type);
  g_return_val_if_fail (table != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s, raw FROM %s WHERE %s = ?",
                         table->id_column, table->name, table->id_column);
  stmt = bd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return load_one (self, table, stmt, error);
}
