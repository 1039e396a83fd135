/* bd-query-model.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdQueryModel: a GListModel of the rows of one cache table ("payments",
 * "subscriptions", …) that match a search and filters, in a sort order, all
 * evaluated by SQLite.
 *
 * It holds only the ordered rowids of the result (8 bytes a row: 8 MB for a
 * million) and builds a model object when get_item() asks for a row, by
 * decoding the row's raw JSON.  Objects are shared while anyone holds them
 * (the same row gives the same object) and a few recent ones are kept in a
 * small cache; a million rows never means a million objects.
 *
 * Main thread, reads only (design §6): give it the main thread's BdStore.
 * Creating the model or setting the search, a filter or the sort re-runs
 * the query at once for its first BD_QUERY_MODEL_FIRST_ROWS rows (a tall
 * screenful, well under a millisecond on a million rows), then reads the
 * rest in idle slices of a few milliseconds, appending as it goes
 * ("loading" is TRUE meanwhile), so a keystroke never blocks the window for
 * the whole result, and a list view builds only a screenful of rows for
 * the frame that shows the new result.
 *
 * bd_query_model_refresh() is for after a sync commits: it re-runs the
 * query in the same slices without showing a partial result, then emits
 * the smallest items-changed that turns the old list into the new one
 * (outside a common prefix and suffix), and updates the objects that are
 * alive in place with bd_model_update_from(), so bound rows just notify and
 * the view does not jump.
 *
 * Search: each word the user typed becomes an FTS5 prefix term, quoted, so
 * quotes, operators (AND, OR, NOT, NEAR, -, *, :, ^, parentheses) are plain
 * text and a search never errors; all words must match.  Matching is by
 * word prefix, ignoring case and accents ("jur" finds "Jürgen"), over the
 * ids, customer names and emails and product names; it does not find text
 * in the middle of a word.
 */

#define BD_TYPE_QUERY_MODEL (bd_query_model_get_type ())

/* The rows a new result shows at once, before the idle slices, unless the
 * view says how many it shows (bd_query_model_new_sized): a tall
 * screenful. */
#define BD_QUERY_MODEL_FIRST_ROWS 64

G_DECLARE_FINAL_TYPE (BdQueryModel, bd_query_model, BD, QUERY_MODEL, GObject)

/* @table: "payments", "subscriptions", "customers", "products", "refunds",
 * "disputes" or "webhook_events".  The first query runs at once. */
BdQueryModel *bd_query_model_new              (BdStore       *store,
                                               const char    *table);
/* The same, for a view that shows about @first_rows rows: a new result
 * (this first query, and each new search, filter or sort) shows that many
 * at once, the rest in idle slices.  A view builds a widget for each row
 * it is given, up to a limit (200 in GTK 4.8), before its next frame. */
BdQueryModel *bd_query_model_new_sized        (BdStore       *store,
                                               const char    *table,
                                               guint          first_rows);
/* For the next queries: the view's size changed. */
void          bd_query_model_set_first_rows   (BdQueryModel  *self,
                                               guint          first_rows);

/* NULL or "" for no search.  Refunds and disputes find the rows of the
 * payments the search finds; other tables without FTS ignore it. */
void          bd_query_model_set_search       (BdQueryModel  *self,
                                               const char    *text);
/* Only rows whose @column equals @value; NULL removes the filter on
 * @column.  @column is an indexed column of the table (see
 * bd-store-schema.c), e.g. "status", "currency", "customer_id". */
void          bd_query_model_set_filter       (BdQueryModel  *self,
                                               const char    *column,
                                               const char    *value);
/*
 * BdQueryWhere: which rows a list shows, its totals count and a report
 * exports — the one description of a filtered view.  Every member is
 * optional (0 or NULL: no condition).  bd_query_where_append() is the one
 * place it becomes SQL: the list (bd_query_model_set_where), its totals
 * (bd_query_where_totals) and the reports (bd_report_query_prepare) all
 * run the conditions it writes, so they always agree.
 *
 * Tables: "payments" and "refunds" (credit notes); other tables take the
 * conditions whose column they have.  On refunds the search and the
 * product look at the refund's payment (refunds have no full-text index:
 * the search finds the credit notes of the payments it finds).
 */
typedef struct
{
  gint64      from;         /* created_at >= from, µs since 1970 UTC; 0: none */
  gint64      to;           /* created_at < to (exclusive); 0: none */
  const char *status;       /* "succeeded", … */
  const char *currency;     /* "USD", … */
  const char *customer_id;
  const char *product_id;   /* a product of the payment: in its cart, or its
                             * subscription's (payments, and their refunds
                             * and disputes) */
  const char *search;       /* what was typed, as for bd_query_model_set_search */
} BdQueryWhere;

struct sqlite3_stmt;

/* Appends " AND <condition>" for each condition of @where to @sql, for a
 * statement over @table (columns qualified "@table.column"), with named
 * parameters (:bd_from, :bd_to, :bd_status, :bd_currency, :bd_customer,
 * :bd_product, :bd_match).  With @index_order, neither a search nor a
 * product makes SQLite read every match before walking a sort index (for
 * many matches: each row is tested instead). */
void          bd_query_where_append           (const BdQueryWhere *where,
                                               const char         *table,
                                               gboolean            index_order,
                                               GString            *sql);
/* Binds the parameters bd_query_where_append() wrote. */
void          bd_query_where_bind             (const BdQueryWhere *where,
                                               struct sqlite3_stmt *stmt);

/* The totals of one currency over the rows of @where: how many rows, and
 * over the succeeded ones the gross (payments: total_amount; refunds:
 * amount) and what was refunded (payments: refunded_amount; refunds: 0). */
typedef struct
{
  char   currency[8];
  gint64 count;
  gint64 gross;
  gint64 refunded;
} BdQueryTotal;

/* The totals per currency, in currency order, in one SQLite query over
 * bd_query_where_append()'s conditions.  Slow on a large table without a
 * narrow filter: call it on a worker thread with that thread's own
 * BdStore; @cancellable interrupts it.  (transfer full) (nullable): an
 * array of BdQueryTotal. */
GArray       *bd_query_where_totals           (BdStore            *store,
                                               const char         *table,
                                               const BdQueryWhere *where,
                                               GCancellable       *cancellable,
                                               GError            **error);

/*
 * BdQueryWorker: bd_query_where_totals() off the main thread, on one
 * thread with one connection to the cache at @path for all its jobs (not a
 * new thread and connection each: each search, filter or sort of a list
 * asks for its totals).  Jobs run one after another; a cancelled one
 * returns G_IO_ERROR_CANCELLED at once, a running one within a few
 * milliseconds.  bd_query_worker_free() never waits: the thread stops,
 * and closes its connection, after the jobs already given (cancel them
 * first).  The callback runs in the caller's thread-default main context.
 */
typedef struct _BdQueryWorker BdQueryWorker;

BdQueryWorker *bd_query_worker_new            (const char          *path);
void          bd_query_worker_free            (BdQueryWorker       *worker);
/* @where is copied; @source_object (nullable) is held until the callback. */
void          bd_query_worker_totals_async    (BdQueryWorker       *worker,
                                               const char          *table,
                                               const BdQueryWhere  *where,
                                               gpointer             source_object,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* (transfer full) (nullable): as bd_query_where_totals(). */
GArray       *bd_query_worker_totals_finish   (GAsyncResult        *result,
                                               GError             **error);
/* The @table the job added up.  (transfer none) */
const char   *bd_query_worker_totals_table    (GAsyncResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdQueryWorker, bd_query_worker_free)

/* The distinct values of an indexed @column of @table, in order (one
 * index seek per value, cheap on a million rows): the currencies of the
 * payments, say.  (transfer full) (nullable) */
char        **bd_query_distinct               (BdStore            *store,
                                               const char         *table,
                                               const char         *column,
                                               GError            **error);

/* Shows the rows of @where (copied), in place of any earlier where and
 * search; NULL for all rows.  The equality filters of
 * bd_query_model_set_filter() still apply. */
void          bd_query_model_set_where        (BdQueryModel       *self,
                                               const BdQueryWhere *where);

/* Sorts by @column (ties by rowid, in the same direction). */
void          bd_query_model_set_sort         (BdQueryModel  *self,
                                               const char    *column,
                                               gboolean       ascending);
void          bd_query_model_refresh          (BdQueryModel  *self);

gboolean      bd_query_model_is_loading       (BdQueryModel  *self);
/* Reads the rest of the current query now (tests, exports). */
void          bd_query_model_finish_loading   (BdQueryModel  *self);
/* The position of the object whose id is @id in what the model shows, or
 * G_MAXUINT: found by its rowid among the rows shown so far, then, if it is
 * not there, in the rest of the query (read at once, on this thread); no
 * object is built per row. */
guint         bd_query_model_find             (BdQueryModel  *self,
                                               const char    *id);
/* The error of the last query, if it failed.  (transfer none) (nullable) */
const GError *bd_query_model_get_error        (BdQueryModel  *self);

/* How many objects the model has built that are still alive (held by the
 * cache or by anyone else): for tests and diagnostics. */
guint         bd_query_model_get_n_live       (BdQueryModel  *self);

G_END_DECLS
