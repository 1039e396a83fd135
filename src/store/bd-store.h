/* bd-store.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bd-model.h"

G_BEGIN_DECLS

/*
 * BdStore: the SQLite cache of one account and mode (design §5).
 *
 * One BdStore is one SQLite connection, used by one thread at a time.  The
 * sync engine opens its own on its worker thread and writes through
 * bd_store_write(); the main thread opens another and only reads (through
 * BdQueryModel).  WAL lets the reader read while the writer writes; the
 * reader sees each write transaction whole or not at all.
 *
 * bd_store_open() creates the file or migrates it forward (PRAGMA
 * user_version; see bd-store-schema.c), with WAL, synchronous=NORMAL and
 * foreign keys on.  Open it first where a write is allowed (the worker, or
 * before the window shows): later opens of a current file only read the
 * version.  A file from a newer Billing Desk is refused with
 * BD_STORE_ERROR_FUTURE_VERSION and left untouched.
 *
 * Error messages are for logs and bug reports (they carry sqlite3_errmsg);
 * the GUI shows its own translated text for the error code.
 */

#define BD_STORE_ERROR (bd_store_error_quark ())

typedef enum
{
  BD_STORE_ERROR_FAILED,          /* any other SQLite failure */
  BD_STORE_ERROR_BUSY,            /* locked by another connection for too long */
  BD_STORE_ERROR_CORRUPT,         /* not a database, or a damaged one */
  BD_STORE_ERROR_FULL,            /* disk full */
  BD_STORE_ERROR_FUTURE_VERSION,  /* written by a newer Billing Desk */
  BD_STORE_ERROR_BAD_DATA,        /* a stored row that does not decode */
} BdStoreError;

#define BD_TYPE_STORE (bd_store_get_type ())
G_DECLARE_FINAL_TYPE (BdStore, bd_store, BD, STORE, GObject)

GQuark       bd_store_error_quark        (void);

/* The schema version this build creates and reads. */
guint        bd_store_schema_version     (void);

/* (transfer full) (nullable) */
BdStore     *bd_store_open               (const char        *path,
                                          GError           **error);
const char  *bd_store_get_path           (BdStore           *self);

/* Runs @func inside one write transaction (BEGIN IMMEDIATE): committed when
 * @func returns TRUE, rolled back whole when it returns FALSE (with @error
 * set) or when the commit fails.  Upserts and cursors are only allowed
 * inside.  Never call it on the main thread (design §6). */
typedef gboolean (*BdStoreWriteFunc) (BdStore   *store,
                                      gpointer   user_data,
                                      GError   **error);

gboolean     bd_store_write              (BdStore           *self,
                                          BdStoreWriteFunc   func,
                                          gpointer           user_data,
                                          GError           **error);

/* The same transaction by hand, for a writer that adds to it in steps (a
 * first sync pass writes many pages into one): bd_store_begin() opens it,
 * bd_store_commit() saves everything since (rolled back whole if that
 * fails), bd_store_rollback() drops it (nothing if none is open). */
gboolean     bd_store_begin              (BdStore           *self,
                                          GError           **error);
gboolean     bd_store_commit             (BdStore           *self,
                                          GError           **error);
void         bd_store_rollback           (BdStore           *self);
gboolean     bd_store_in_write           (BdStore           *self);

/* Inserts or updates the row of @model (any stored type: BdProduct,
 * BdCustomer, BdSubscription, BdPayment, BdRefund, BdDispute,
 * BdWebhookEvent), keyed by its id, keeping its rowid.  @raw_json is the
 * server's JSON of the object, or NULL to store the codec's encoding.
 * Idempotent: the same object twice is one row. */
gboolean     bd_store_upsert             (BdStore           *self,
                                          gpointer           model,
                                          const char        *raw_json,
                                          GError           **error);

/* The sync state of a resource ("payments", "subscriptions", …): an opaque
 * cursor (e.g. the last created_at seen) and when the last full pass
 * ended.  Set them inside the bd_store_write() that stores the rows they
 * cover, so both commit or neither does. */
gboolean     bd_store_set_cursor         (BdStore           *self,
                                          const char        *resource,
                                          const char        *cursor,
                                          GError           **error);
gboolean     bd_store_set_full_pass      (BdStore           *self,
                                          const char        *resource,
                                          GDateTime         *when,
                                          GError           **error);
/* A table's first full pass may leave its indexes behind: after
 * bd_store_defer_indexes() (inside the write of the pass's first rows) the
 * table's filter indexes are dropped (all but the one on its default sort
 * column and its id's; their SQL kept in deferred_indexes) and the rows
 * stored are not added to its search index, until
 * bd_store_catch_up_indexes() (inside the write of its last rows) creates
 * them again and rebuilds the search index.  Building an index once from a
 * whole table is much cheaper than growing it row by row, where each page
 * of rows touches a page of every index.  The catch-up does nothing when
 * nothing was deferred.  Meanwhile lists filtered on those columns read
 * the table instead of an index: correct, slower. */
gboolean     bd_store_defer_indexes      (BdStore           *self,
                                          const char        *table,
                                          GError           **error);
gboolean     bd_store_catch_up_indexes   (BdStore           *self,
                                          const char        *table,
                                          GError           **error);
/* Both outputs are NULL when nothing was stored yet. */
gboolean     bd_store_get_sync_state     (BdStore           *self,
                                          const char        *resource,
                                          char             **cursor,
                                          GDateTime        **last_full_pass,
                                          GError           **error);

/* The number of rows of a table ("payments", …), or -1 on error. */
gint64       bd_store_count              (BdStore           *self,
                                          const char        *table,
                                          GError           **error);

/* The stored object with @id, decoded from its raw JSON.
 * (transfer full) (nullable): NULL and no error when there is none. */
gpointer     bd_store_lookup             (BdStore           *self,
                                          GType              type,
                                          const char        *id,
                                          GError           **error);

/* The FTS5 MATCH expression for what a person typed in a search field: each
 * word a quoted prefix term, all required, FTS5 syntax taken as plain text
 * (see bd-query-model.h).  NULL when nothing searchable is left.  For
 * "<table>_fts MATCH ?" on the tables with full-text search (products,
 * customers, subscriptions, payments).  (transfer full) (nullable) */
char        *bd_store_fts_match          (const char        *text);

G_END_DECLS
