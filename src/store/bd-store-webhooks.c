/* bd-store-webhooks.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include "bd-store-private.h"
#include "bd-store-webhooks.h"

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
bd_store_webhook_note_duplicate (BdStore     *self,
                                 const char  *webhook_id,
                                 gboolean    *duplicate,
                                 char       **out_effect,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (webhook_id != NULL, FALSE);
  g_return_val_if_fail (bd_store_in_write (self), FALSE);

  *duplicate = FALSE;
  if (out_effect != NULL)
    *out_effect = NULL;
  stmt = bd_store_prepare (self, "UPDATE webhook_events SET duplicates = duplicates + 1"
                                 " WHERE webhook_id = ? RETURNING effect", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, webhook_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *duplicate = TRUE;
      if (out_effect != NULL && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *out_effect = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not store a webhook event");
  return TRUE;
}

gboolean
bd_store_webhook_last_applied (BdStore     *self,
                               const char  *object_id,
                               gint64      *timestamp_usec,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (object_id != NULL, FALSE);

  *timestamp_usec = -1;
  stmt = bd_store_prepare (self, "SELECT max (timestamp) FROM webhook_events"
                                 " WHERE object_id = ? AND applied", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, object_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *timestamp_usec = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return bd_store_fail (self, error, "Could not read the webhook events");
  return TRUE;
}

gboolean
bd_store_webhook_cached_state (BdStore     *self,
                               const char  *table_name,
                               const char  *id,
                               gboolean    *found,
                               char       **status,
                               gint64      *updated_at,
                               GError     **error)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  *found = FALSE;
  *status = NULL;
  *updated_at = -1;
  sql = g_strdup_printf ("SELECT %s, json_extract (raw, '$.updated_at')"
                         " FROM %s WHERE %s = ?",
                         g_str_equal (table->name, "disputes") ? "dispute_status" : "status",
                         table->name, table->id_column);
  stmt = bd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *status = dup_column (stmt, 0);
      if (sqlite3_column_type (stmt, 1) == SQLITE_TEXT)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 1),
                                                                    NULL);

          if (time != NULL)
            *updated_at = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not read from the cache");
  return TRUE;
}

gboolean
bd_store_webhook_record (BdStore         *self,
                         BdWebhookEvent  *event,
                         const char      *raw_body,
                         const char      *headers_json,
                         gint64           received_at,
                         const char      *object_id,
                         const char      *verification,
                         gboolean         applied,
                         const char      *effect,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), FALSE);
  g_return_val_if_fail (BD_IS_WEBHOOK_EVENT (event), FALSE);
  g_return_val_if_fail (raw_body != NULL, FALSE);
  g_return_val_if_fail (bd_store_in_write (self), FALSE);

  if (!bd_store_upsert (self, event, raw_body, error))
    return FALSE;

  stmt = bd_store_prepare (self, "UPDATE webhook_events SET received_at = ?, object_id = ?,"
                                 " headers = ?, verification = ?, applied = ?, effect = ?"
                                 " WHERE webhook_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, received_at);
  sqlite3_bind_text (stmt, 2, object_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, headers_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, verification, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, applied ? 1 : 0);
  sqlite3_bind_text (stmt, 6, effect, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, bd_model_get_string (event, "webhook-id"), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (self, error, "Could not store a webhook event");
  return TRUE;
}

void
bd_stored_webhook_free (BdStoredWebhook *self)
{
  if (self == NULL)
    return;
  g_free (self->webhook_id);
  g_free (self->type);
  g_free (self->payload_type);
  g_free (self->object_id);
  g_free (self->verification);
  g_free (self->effect);
  g_free (self);
}

GPtrArray *
bd_store_webhook_list (BdStore     *self,
                       const char  *type,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_stored_webhook_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (self), NULL);

  stmt = bd_store_prepare (self, "SELECT webhook_id, type, timestamp, coalesce (received_at, 0),"
                                 " payload_type, object_id, verification, duplicates, applied, effect"
                                 " FROM webhook_events WHERE ?1 IS NULL OR type = ?1"
                                 " ORDER BY received_at DESC, rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdStoredWebhook *row = g_new0 (BdStoredWebhook, 1);

      row->webhook_id = dup_column (stmt, 0);
      row->type = dup_column (stmt, 1);
      row->timestamp = sqlite3_column_int64 (stmt, 2);
      row->received_at = sqlite3_column_int64 (stmt, 3);
      row->payload_type = dup_column (stmt, 4);
      row->object_id = dup_column (stmt, 5);
      row->verification = dup_column (stmt, 6);
      row->duplicates = sqlite3_column_int64 (stmt, 7);
      row->applied = sqlite3_column_int (stmt, 8) != 0;
      row->effect = dup_column (stmt, 9);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (self, error, "Could not read the webhook events");
      return NULL;
    }
  return g_steal_pointer (&rows);
}
