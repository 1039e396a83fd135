/* bd-store-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "bd-store.h"

G_BEGIN_DECLS

/*
 * The column maps: one row per indexed column of a resource table, so the
 * upsert, the query model and the tests need no per-resource code.  The
 * CREATE statements themselves live in the migrations (bd-store-schema.c),
 * which are history and never change; test-store checks that every mapped
 * column exists in the schema.
 */

typedef enum
{
  BD_COLUMN_TEXT,      /* a string property, or an enum's "NAME-raw" */
  BD_COLUMN_INT,       /* an int or boolean property */
  BD_COLUMN_TIME,      /* a date-time property: microseconds since 1970, UTC */
  BD_COLUMN_AMOUNT,    /* a money property: its minor-unit amount */
  BD_COLUMN_CURRENCY,  /* a money property: its ISO 4217 code */
  BD_COLUMN_COMPUTED,  /* bound by @bind (denormalised from elsewhere) */
} BdColumnKind;

typedef struct _BdStoreTable BdStoreTable;

/* The row being bound: its model, and what its computed columns work out
 * once for all of them. */
typedef struct
{
  gpointer    model;
  GPtrArray  *product_ids;  /* a payment's products (see bd-store-schema.c) */
} BdStoreRow;

typedef gboolean (*BdColumnBindFunc) (BdStore       *store,
                                      BdStoreRow    *row,
                                      sqlite3_stmt  *stmt,
                                      int            index,
                                      GError       **error);

typedef struct
{
  const char       *column;
  const char       *property;   /* NULL for BD_COLUMN_COMPUTED */
  BdColumnKind      kind;
  BdColumnBindFunc  bind;
} BdColumn;

struct _BdStoreTable
{
  const char      *name;          /* SQL table; its FTS5 table is NAME_fts */
  GType          (*type_func) (void);
  const char      *id_property;   /* also the id column, with '-' as '_' */
  const char      *id_column;
  const BdColumn  *columns;
  guint            n_columns;
  gboolean         has_fts;
  const char      *default_sort;  /* a column */
};

/* Every resource table, and the one for @type (NULL if none). */
const BdStoreTable *bd_store_tables          (guint         *n_tables);
const BdStoreTable *bd_store_table_for_type  (GType          type);
const BdStoreTable *bd_store_table_for_name  (const char    *name);
const BdColumn     *bd_store_table_column    (const BdStoreTable *table,
                                              const char    *column);

/* The migrations: step i takes user_version i to i + 1. */
const char * const *bd_store_migrations      (guint         *n_steps);

/* The connection, and the prepared statement for @sql, prepared once per
 * connection and cached by its text, reset and with its bindings cleared.
 * (transfer none) */
sqlite3            *bd_store_get_db          (BdStore       *self);
sqlite3_stmt       *bd_store_prepare         (BdStore       *self,
                                              const char    *sql,
                                              GError       **error);

/* Sets @error from the connection's last error: "WHAT: sqlite3_errmsg". */
gboolean            bd_store_fail            (BdStore       *self,
                                              GError       **error,
                                              const char    *what);

/* Decodes the row @rowid of @table into a new model object.
 * (transfer full) (nullable) */
gpointer            bd_store_load_row        (BdStore       *self,
                                              const BdStoreTable *table,
                                              gint64         rowid,
                                              GError       **error);

/* Tests only: creates or migrates @path up to @version and stops there. */
BdStore            *bd_store_open_at_version (const char    *path,
                                              guint          version,
                                              GError       **error);

/* Tests only: the length of one query slice (0: 256 rows a slice). */
typedef struct _BdQueryModel BdQueryModel;
void                bd_query_model_set_slice_usec (BdQueryModel *self,
                                                   gint64        usec);

G_END_DECLS
