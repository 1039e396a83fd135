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
 * Setting the search, a filter or the sort re-runs the query at once for a
 * short time slice (the first rows, in a few milliseconds on a million
 * rows), then reads the rest in idle slices of a few milliseconds, appending
 * as it goes ("loading" is TRUE meanwhile), so a keystroke never blocks the
 * window for the whole result.
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
G_DECLARE_FINAL_TYPE (BdQueryModel, bd_query_model, BD, QUERY_MODEL, GObject)

/* @table: "payments", "subscriptions", "customers", "products", "refunds",
 * "disputes" or "webhook_events".  The first query runs at once. */
BdQueryModel *bd_query_model_new              (BdStore       *store,
                                               const char    *table);

/* NULL or "" for no search.  Tables without FTS ignore it. */
void          bd_query_model_set_search       (BdQueryModel  *self,
                                               const char    *text);
/* Only rows whose @column equals @value; NULL removes the filter on
 * @column.  @column is an indexed column of the table (see
 * bd-store-schema.c), e.g. "status", "currency", "customer_id". */
void          bd_query_model_set_filter       (BdQueryModel  *self,
                                               const char    *column,
                                               const char    *value);
/* Sorts by @column (ties by rowid, in the same direction). */
void          bd_query_model_set_sort         (BdQueryModel  *self,
                                               const char    *column,
                                               gboolean       ascending);
void          bd_query_model_refresh          (BdQueryModel  *self);

gboolean      bd_query_model_is_loading       (BdQueryModel  *self);
/* Reads the rest of the current query now (tests, exports). */
void          bd_query_model_finish_loading   (BdQueryModel  *self);
/* The error of the last query, if it failed.  (transfer none) (nullable) */
const GError *bd_query_model_get_error        (BdQueryModel  *self);

/* How many objects the model has built that are still alive (held by the
 * cache or by anyone else): for tests and diagnostics. */
guint         bd_query_model_get_n_live       (BdQueryModel  *self);

G_END_DECLS
