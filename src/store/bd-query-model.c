/* bd-query-model.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include <string.h>

#include "bd-query-model.h"
#include "bd-store-private.h"

/* Objects kept alive after get_item() even when nobody holds them, so a
 * view scrolling back and forth does not decode the same rows again. */
#define CACHE_SIZE 64
/* How long one slice of a query may run on the main thread.  The first
 * slice of a new search, filter or sort reads first_rows rows: a screenful
 * (BD_QUERY_MODEL_FIRST_ROWS, or what the view says it shows), so the list
 * shows its first rows at once, and a view builds only those rows for its
 * next frame (GTK 4.8's list builds a widget for up to 200 items as soon as
 * they exist). */
#define SLICE_USEC 5000
/* Fewer matches than this are sorted; more are filtered in index order. */
#define FEW_MATCHES 5000

typedef struct
{
  gint64        rowid;   /* the key: first */
  BdQueryModel *self;
  BdModel      *object;  /* weak */
} LiveEntry;

struct _BdQueryModel
{
  GObject              parent_instance;

  BdStore             *store;
  const BdStoreTable  *table;

  BdQueryWhere         where;      /* its strings owned */
  char                *match;      /* FTS5 query of where.search, or NULL */
  GPtrArray           *filters;    /* column, value, column, value, … */
  const char          *sort_column;
  gboolean             ascending;

  GArray              *rows;       /* gint64 rowids, what the model shows */

  sqlite3_stmt        *query;      /* the query being read, or NULL */
  GArray              *loading;    /* where it goes; == rows once shown */
  gboolean             progressive;
  gboolean             read_stale;  /* another statement held the snapshot */
  guint                idle_id;
  guint                recheck_id;
  gint64               slice_usec;
  guint                first_rows;
  GError              *error;

  GHashTable          *live;       /* &rowid → LiveEntry */
  BdModel             *cache[CACHE_SIZE];
  guint                cache_next;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bd_query_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdQueryModel, bd_query_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bd_query_model_list_model_init))

/* Live objects */

static void
live_entry_gone (gpointer  data,
                 GObject  *where_the_object_was)
{
  LiveEntry *entry = data;

  g_hash_table_remove (entry->self->live, &entry->rowid);
}

static void
live_entry_free (gpointer data)
{
  g_free (data);
}

static BdModel *
materialise (BdQueryModel *self,
             gint64        rowid)
{
  g_autoptr(GError) error = NULL;
  LiveEntry *entry = g_hash_table_lookup (self->live, &rowid);
  BdModel *object;

  if (entry != NULL)
    return g_object_ref (entry->object);

  object = bd_store_load_row (self->store, self->table, rowid, &error);
  if (object == NULL)
    {
      /* A list cannot fail one item: show an empty one, and say why. */
      g_warning ("%s", error != NULL ? error->message : "row vanished");
      return g_object_new (self->table->type_func (), NULL);
    }

  entry = g_new0 (LiveEntry, 1);
  entry->rowid = rowid;
  entry->self = self;
  entry->object = object;
  g_object_weak_ref (G_OBJECT (object), live_entry_gone, entry);
  g_hash_table_insert (self->live, &entry->rowid, entry);

  return object;
}

static void
cache_push (BdQueryModel *self,
            BdModel      *object)
{
  BdModel *old = self->cache[self->cache_next];

  self->cache[self->cache_next] = g_object_ref (object);
  self->cache_next = (self->cache_next + 1) % CACHE_SIZE;
  g_clear_object (&old);
}

/* Brings every live object up to date with its row. */
static void
update_live (BdQueryModel *self)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  LiveEntry *entry;

  /* Hold them first: a notify handler may drop objects or ask for items. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_array_append_val (rowids, entry->rowid);
      g_ptr_array_add (objects, g_object_ref (entry->object));
    }

  for (guint i = 0; i < objects->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BdModel) newer = bd_store_load_row (self->store, self->table,
                                                    g_array_index (rowids, gint64, i), &error);

      if (newer != NULL)
        bd_model_update_from (objects->pdata[i], newer);
      else if (error != NULL)
        g_warning ("%s", error->message);
    }
}

/* The query */

/* Each word becomes a quoted prefix term: "it""s"* — FTS5 syntax in the
 * user's text is plain text.  Words without a letter or digit would be
 * empty phrases and are dropped.  NULL when nothing is left. */
char *
bd_store_fts_match (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  if (text == NULL)
    return NULL;

  words = g_strsplit_set (text, " \t\n\r\f\v", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      gboolean has_alnum = FALSE;

      if (!g_utf8_validate (word, -1, NULL))
        continue;
      for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
        has_alnum |= g_unichar_isalnum (g_utf8_get_char (p));
      if (!has_alnum)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = word; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }

  return match->len > 0 ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

static const char *search_table (const BdStoreTable *table);

/* Whether the search, or the product, matches fewer than FEW_MATCHES rows
 * (reading at most that many from its index to know). */
static gboolean
few_matches (BdQueryModel *self)
{
  gboolean few = FALSE;

  if (self->match != NULL)
    {
      const char *fts = search_table (self->table);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM %s_fts "
                                              "WHERE %s_fts MATCH ? LIMIT %d)",
                                              fts, fts, FEW_MATCHES);
      sqlite3_stmt *stmt = bd_store_prepare (self->store, sql, NULL);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, self->match, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        few = sqlite3_column_int (stmt, 0) < FEW_MATCHES;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  if (!few && self->where.product_id != NULL)
    {
      sqlite3_stmt *stmt = bd_store_prepare (self->store,
                                             "SELECT count(*) FROM (SELECT 1 FROM payment_products"
                                             " WHERE product_id = ? LIMIT " G_STRINGIFY (FEW_MATCHES) ")",
                                             NULL);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, self->where.product_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        few = sqlite3_column_int (stmt, 0) < FEW_MATCHES;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return few;
}

/* The conditions (BdQueryWhere) */

/* The table whose full-text index a search of @table uses: its own, or
 * for refunds and disputes their payment's.  NULL: no search. */
static const char *
search_table (const BdStoreTable *table)
{
  if (table->has_fts)
    return table->name;
  if (bd_store_table_column (table, "payment_id") != NULL)
    return "payments";
  return NULL;
}

static gboolean
has_column (const BdStoreTable *table,
            const char         *column)
{
  return bd_store_table_column (table, column) != NULL;
}

void
bd_query_where_append (const BdQueryWhere *where,
                       const char         *table_name,
                       gboolean            index_order,
                       GString            *sql)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);
  const char *t = table_name;
  const char *fts;
  g_autofree char *match = NULL;

  g_return_if_fail (where != NULL);
  g_return_if_fail (table != NULL);

  fts = search_table (table);
  if (fts != NULL && where->search != NULL)
    match = bd_store_fts_match (where->search);

  if (where->from != 0 && has_column (table, "created_at"))
    g_string_append_printf (sql, " AND %s.created_at >= :bd_from", t);
  if (where->to != 0 && has_column (table, "created_at"))
    g_string_append_printf (sql, " AND %s.created_at < :bd_to", t);
  if (where->status != NULL && has_column (table, "status"))
    g_string_append_printf (sql, " AND %s.status = :bd_status", t);
  if (where->currency != NULL && has_column (table, "currency"))
    g_string_append_printf (sql, " AND %s.currency = :bd_currency", t);
  if (where->customer_id != NULL && has_column (table, "customer_id"))
    g_string_append_printf (sql, " AND %s.customer_id = :bd_customer", t);

  /* A payment's products (its cart's, or its subscription's) are indexed
   * in payment_products (bd-store-schema.c, version 3): many matches are
   * tested row by row along the sort index, few are read and sorted. */
#define OF_PRODUCT "SELECT payment_rowid FROM payment_products WHERE product_id = :bd_product"
  if (where->product_id != NULL && g_str_equal (t, "payments") && index_order)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM payment_products WHERE product_id = :bd_product"
                          " AND payment_rowid = payments.rowid)");
  else if (where->product_id != NULL && g_str_equal (t, "payments"))
    g_string_append (sql, " AND payments.rowid IN (" OF_PRODUCT ")");
  else if (where->product_id != NULL && has_column (table, "payment_id"))
    g_string_append_printf (sql, " AND %s.payment_id IN (SELECT payments.payment_id FROM payments"
                                 " WHERE payments.rowid IN (" OF_PRODUCT "))", t);
#undef OF_PRODUCT

  /* "+" keeps SQLite from reading every match before it walks the sort
   * index (see build_sql). */
  if (match != NULL && g_str_equal (fts, t))
    g_string_append_printf (sql, " AND %s%s.rowid IN (SELECT rowid FROM %s_fts"
                                 " WHERE %s_fts MATCH :bd_match)",
                            index_order ? "+" : "", t, t, t);
  else if (match != NULL)
    g_string_append_printf (sql, " AND %s%s.payment_id IN (SELECT payments.payment_id FROM payments"
                                 " WHERE payments.rowid IN (SELECT rowid FROM payments_fts"
                                 " WHERE payments_fts MATCH :bd_match))",
                            index_order ? "+" : "", t);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0 && value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_named_int64 (sqlite3_stmt *stmt,
                  const char   *name,
                  gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

void
bd_query_where_bind (const BdQueryWhere *where,
                     sqlite3_stmt       *stmt)
{
  g_autofree char *match = NULL;

  g_return_if_fail (where != NULL);

  if (where->search != NULL)
    match = bd_store_fts_match (where->search);
  bind_named_int64 (stmt, ":bd_from", where->from);
  bind_named_int64 (stmt, ":bd_to", where->to);
  bind_named_text (stmt, ":bd_status", where->status);
  bind_named_text (stmt, ":bd_currency", where->currency);
  bind_named_text (stmt, ":bd_customer", where->customer_id);
  bind_named_text (stmt, ":bd_product", where->product_id);
  bind_named_text (stmt, ":bd_match", match);
}

static void
where_clear (BdQueryWhere *where)
{
  g_free ((char *) where->status);
  g_free ((char *) where->currency);
  g_free ((char *) where->customer_id);
  g_free ((char *) where->product_id);
  g_free ((char *) where->search);
  memset (where, 0, sizeof *where);
}

static void
where_copy (BdQueryWhere       *dest,
            const BdQueryWhere *src)
{
  dest->from = src->from;
  dest->to = src->to;
  dest->status = g_strdup (src->status);
  dest->currency = g_strdup (src->currency);
  dest->customer_id = g_strdup (src->customer_id);
  dest->product_id = g_strdup (src->product_id);
  dest->search = g_strdup (src->search);
}

static gboolean
where_equal (const BdQueryWhere *a,
             const BdQueryWhere *b)
{
  return a->from == b->from && a->to == b->to &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->currency, b->currency) == 0 &&
         g_strcmp0 (a->customer_id, b->customer_id) == 0 &&
         g_strcmp0 (a->product_id, b->product_id) == 0 &&
         g_strcmp0 (a->search, b->search) == 0;
}

static int
interrupt_if_cancelled (gpointer data)
{
  return g_cancellable_is_cancelled (data);
}

GArray *
bd_query_where_totals (BdStore             *store,
                       const char          *table_name,
                       const BdQueryWhere  *where,
                       GCancellable        *cancellable,
                       GError             **error)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);
  const char *amount = NULL, *refunded = "0";
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (BdQueryTotal));
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && has_column (table, "currency"), NULL);
  g_return_val_if_fail (where != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  for (guint i = 0; i < table->n_columns && amount == NULL; i++)
    if (table->columns[i].kind == BD_COLUMN_AMOUNT)
      amount = table->columns[i].column;
  if (has_column (table, "refunded_amount"))
    refunded = "refunded_amount";

  g_string_append_printf (sql, "SELECT %1$s.currency, count(*),"
                               " coalesce (sum (CASE WHEN %1$s.status = 'succeeded' THEN %1$s.%2$s END), 0),"
                               " coalesce (sum (CASE WHEN %1$s.status = 'succeeded' THEN %3$s END), 0)"
                               " FROM %1$s WHERE 1",
                          table->name, amount, refunded);
  bd_query_where_append (where, table->name, FALSE, sql);
  g_string_append_printf (sql, " GROUP BY %s.currency ORDER BY %s.currency", table->name, table->name);

  stmt = bd_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bd_query_where_bind (where, stmt);

  db = bd_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 4096, interrupt_if_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BdQueryTotal total = { { 0 }, 0, 0, 0 };
      const char *currency = (const char *) sqlite3_column_text (stmt, 0);

      g_strlcpy (total.currency, currency != NULL ? currency : "", sizeof total.currency);
      total.count = sqlite3_column_int64 (stmt, 1);
      total.gross = sqlite3_column_int64 (stmt, 2);
      total.refunded = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (totals, total);
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      bd_store_fail (store, error, "Could not total the rows");
      return NULL;
    }
  return g_steal_pointer (&totals);
}

/* BdQueryWorker */

struct _BdQueryWorker
{
  GAsyncQueue *queue;   /* of GTask, and the worker itself to stop */
  char        *path;
};

typedef struct
{
  char         *table;
  BdQueryWhere  where;  /* its strings owned */
} TotalsJob;

static void
totals_job_free (TotalsJob *job)
{
  g_free (job->table);
  where_clear (&job->where);
  g_free (job);
}

static void
worker_free (BdQueryWorker *worker)
{
  g_async_queue_unref (worker->queue);
  g_free (worker->path);
  g_free (worker);
}

static gpointer
worker_thread (gpointer data)
{
  BdQueryWorker *worker = data;
  g_autoptr(BdStore) store = NULL;
  gpointer next;

  /* One connection, opened for the first job and kept: its schema and page
   * cache serve the next jobs, and the thread's memory stays in one malloc
   * arena instead of one per short-lived thread. */
  while ((next = g_async_queue_pop (worker->queue)) != worker)
    {
      g_autoptr(GTask) task = next;
      TotalsJob *job = g_task_get_task_data (task);
      g_autoptr(GError) error = NULL;
      GArray *totals;

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (store == NULL && (store = bd_store_open (worker->path, &error)) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          continue;
        }
      totals = bd_query_where_totals (store, job->table, &job->where,
                                      g_task_get_cancellable (task), &error);
      if (totals == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, totals, (GDestroyNotify) g_array_unref);
    }
  g_clear_object (&store);
  worker_free (worker);
  return NULL;
}

BdQueryWorker *
bd_query_worker_new (const char *path)
{
  BdQueryWorker *worker;

  g_return_val_if_fail (path != NULL, NULL);

  worker = g_new0 (BdQueryWorker, 1);
  worker->queue = g_async_queue_new ();
  worker->path = g_strdup (path);
  /* The thread owns @worker; bd_query_worker_free() only tells it to stop. */
  g_thread_unref (g_thread_new ("bd-query-worker", worker_thread, worker));
  return worker;
}

void
bd_query_worker_free (BdQueryWorker *worker)
{
  if (worker != NULL)
    g_async_queue_push (worker->queue, worker);
}

void
bd_query_worker_totals_async (BdQueryWorker       *worker,
                              const char          *table,
                              const BdQueryWhere  *where,
                              gpointer             source_object,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  TotalsJob *job;

  g_return_if_fail (worker != NULL);
  g_return_if_fail (bd_store_table_for_name (table) != NULL);
  g_return_if_fail (where != NULL);

  job = g_new0 (TotalsJob, 1);
  job->table = g_strdup (table);
  where_copy (&job->where, where);
  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_query_worker_totals_async);
  g_task_set_task_data (task, job, (GDestroyNotify) totals_job_free);
  g_async_queue_push (worker->queue, task);
}

GArray *
bd_query_worker_totals_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_query_worker_totals_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The table of a totals job: "payments" or "refunds".  (transfer none) */
const char *
bd_query_worker_totals_table (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return ((TotalsJob *) g_task_get_task_data (G_TASK (result)))->table;
}

char **
bd_query_distinct (BdStore     *store,
                   const char  *table_name,
                   const char  *column,
                   GError     **error)
{
  const BdStoreTable *table = bd_store_table_for_name (table_name);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && has_column (table, column), NULL);

  /* Each step is one seek in the column's index: the next value after
   * the last one, so the cost grows with the values, not the rows. */
  sql = g_strdup_printf ("WITH RECURSIVE v (x) AS (SELECT min (%1$s) FROM %2$s UNION ALL"
                         " SELECT (SELECT min (%1$s) FROM %2$s WHERE %1$s > v.x) FROM v"
                         " WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL",
                         column, table->name);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (values, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (store, error, "Could not read the cache");
      return NULL;
    }
  return g_strv_builder_end (values);
}

static char *
build_sql (BdQueryModel *self)
{
  const char *direction = self->ascending ? "ASC" : "DESC";
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT rowid FROM %s WHERE 1", self->table->name);
  /* Few matches: read them and sort them.  Many: walk the sort index and
   * test membership in the matches, so the first rows come at once either
   * way. */
  bd_query_where_append (&self->where, self->table->name,
                         (self->match != NULL || self->where.product_id != NULL) &&
                         !few_matches (self), sql);
  for (guint i = 0; i < self->filters->len; i += 2)
    g_string_append_printf (sql, " AND %s = :bd_filter%u", (const char *) self->filters->pdata[i], i / 2);
  g_string_append_printf (sql, " ORDER BY %s %s, rowid %s", self->sort_column, direction, direction);

  return g_string_free (sql, FALSE);
}

/* Whether another statement on the model's connection is being read (a
 * second list's idle slices, say).  While one is, the connection keeps the
 * snapshot that statement began with, so what this model reads now may be
 * older than the newest commit. */
static gboolean
connection_busy_elsewhere (BdQueryModel *self)
{
  sqlite3 *db = bd_store_get_db (self->store);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    if (stmt != self->query && sqlite3_stmt_busy (stmt))
      return TRUE;
  return FALSE;
}

static void start_query (BdQueryModel *self,
                         gboolean      progressive);

static gboolean
recheck_cb (gpointer data)
{
  BdQueryModel *self = data;

  if (connection_busy_elsewhere (self))
    return G_SOURCE_CONTINUE;
  self->recheck_id = 0;
  start_query (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
stop_query (BdQueryModel *self)
{
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->query, sqlite3_finalize);
  if (self->loading != self->rows)
    g_clear_pointer (&self->loading, g_array_unref);
  self->loading = NULL;
}

/* The length of the common prefix and of the common suffix (not
 * overlapping it) of @a and @b. */
static void
common_ends (GArray *a,
             GArray *b,
             guint  *prefix,
             guint  *suffix)
{
  guint n = MIN (a->len, b->len);
  guint p = 0, s = 0;

  while (p < n && g_array_index (a, gint64, p) == g_array_index (b, gint64, p))
    p++;
  while (s < n - p &&
         g_array_index (a, gint64, a->len - 1 - s) == g_array_index (b, gint64, b->len - 1 - s))
    s++;
  *prefix = p;
  *suffix = s;
}

/* Shows @rows (complete when @complete) in place of the current rows,
 * emitting only what changed. */
static void
replace_rows (BdQueryModel *self,
              GArray       *rows,
              gboolean      complete)
{
  GArray *old = self->rows;
  guint prefix, suffix;

  common_ends (old, rows, &prefix, &suffix);
  if (!complete)
    suffix = 0;

  self->rows = g_array_ref (rows);
  if (prefix != old->len || prefix != rows->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix, rows->len - prefix - suffix);
  g_array_unref (old);
}

static void
finish_query (BdQueryModel *self)
{
  GArray *loaded = g_steal_pointer (&self->loading);

  g_clear_pointer (&self->query, sqlite3_finalize);
  g_clear_handle_id (&self->idle_id, g_source_remove);

  /* A refresh: now that the whole result is known, show the difference. */
  if (loaded != self->rows)
    {
      update_live (self);
      replace_rows (self, loaded, TRUE);
      g_array_unref (loaded);
    }

  /* Read under another statement's older snapshot: read again, as a
   * refresh (only the difference is shown), once the connection is free,
   * so the newest commit is never missed. */
  if (self->read_stale && self->recheck_id == 0)
    self->recheck_id = g_timeout_add_full (G_PRIORITY_LOW, 20, recheck_cb, self, NULL);
  self->read_stale = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Steps the query for at most @budget µs or about @max_rows rows.
 * Returns TRUE when done. */
static gboolean
read_slice (BdQueryModel *self,
            gint64        budget,
            guint         max_rows)
{
  gint64 deadline = g_get_monotonic_time () + budget;
  guint n_before = self->loading->len;
  gboolean done = FALSE;

  for (guint n = 1; ; n++)
    {
      int rc = sqlite3_step (self->query);

      if (rc == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (self->query, 0);

          g_array_append_val (self->loading, rowid);
        }
      else
        {
          if (rc != SQLITE_DONE)
            bd_store_fail (self->store, &self->error, "Could not query the cache");
          done = TRUE;
          break;
        }
      if (n >= max_rows || (n % 256 == 0 && g_get_monotonic_time () >= deadline))
        break;
    }

  if (self->progressive)
    {
      if (self->loading != self->rows)
        {
          /* The first slice: show it in place of the old result. */
          replace_rows (self, self->loading, done);
          g_array_unref (self->loading);
          self->loading = self->rows;
        }
      else if (self->rows->len > n_before)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), n_before, 0,
                                      self->rows->len - n_before);
        }
    }

  return done;
}

/* Rows a view may build widgets for as they arrive: GTK 4.8's list builds
 * one for each of its first 200 items in the handler of the change that
 * adds them. */
#define VIEW_ROWS 256

static gboolean
read_slice_idle (gpointer data)
{
  BdQueryModel *self = data;
  /* Until a view has all the rows it builds, at most as many new ones as
   * are shown: the rows after the first screenful are built over a few
   * idle callbacks, between frames, not in one long one. */
  guint max_rows = self->progressive && self->loading->len < VIEW_ROWS
                   ? MAX (self->loading->len, self->first_rows) : G_MAXUINT;

  if (read_slice (self, self->slice_usec, max_rows))
    {
      self->idle_id = 0;
      finish_query (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_query (BdQueryModel *self,
             gboolean      progressive)
{
  g_autofree char *sql = build_sql (self);
  gboolean was_loading = self->query != NULL;

  stop_query (self);
  g_clear_error (&self->error);

  if (sqlite3_prepare_v2 (bd_store_get_db (self->store), sql, -1, &self->query, NULL) != SQLITE_OK)
    {
      g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));

      bd_store_fail (self->store, &self->error, "Could not query the cache");
      g_clear_pointer (&self->query, sqlite3_finalize);
      replace_rows (self, none, TRUE);
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }
  bd_query_where_bind (&self->where, self->query);
  for (guint i = 1; i < self->filters->len; i += 2)
    {
      g_autofree char *name = g_strdup_printf (":bd_filter%u", i / 2);

      sqlite3_bind_text (self->query, sqlite3_bind_parameter_index (self->query, name),
                         self->filters->pdata[i], -1, SQLITE_TRANSIENT);
    }

  self->progressive = progressive;
  self->read_stale = connection_busy_elsewhere (self);
  self->loading = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                     progressive ? 4096 : self->rows->len + 64);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* A search keystroke shows its first rows now; a refresh reads everything
   * before showing anything. */
  if (read_slice (self, self->slice_usec, progressive ? self->first_rows : G_MAXUINT))
    finish_query (self);
  else
    self->idle_id = g_idle_add (read_slice_idle, self);
}

/* GListModel */

static GType
bd_query_model_get_item_type (GListModel *list)
{
  return BD_QUERY_MODEL (list)->table->type_func ();
}

static guint
bd_query_model_get_n_items (GListModel *list)
{
  return BD_QUERY_MODEL (list)->rows->len;
}

static gpointer
bd_query_model_get_item (GListModel *list,
                         guint       position)
{
  BdQueryModel *self = BD_QUERY_MODEL (list);
  BdModel *object;

  if (position >= self->rows->len)
    return NULL;

  object = materialise (self, g_array_index (self->rows, gint64, position));
  cache_push (self, object);
  return object;
}

static void
bd_query_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bd_query_model_get_item_type;
  iface->get_n_items = bd_query_model_get_n_items;
  iface->get_item = bd_query_model_get_item;
}

/* GObject */

static void
bd_query_model_dispose (GObject *object)
{
  BdQueryModel *self = BD_QUERY_MODEL (object);
  GHashTableIter iter;
  LiveEntry *entry;

  stop_query (self);
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i]);

  /* Objects others still hold outlive the model: forget them. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_object_weak_unref (G_OBJECT (entry->object), live_entry_gone, entry);
      g_hash_table_iter_remove (&iter);
    }

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_query_model_parent_class)->dispose (object);
}

static void
bd_query_model_finalize (GObject *object)
{
  BdQueryModel *self = BD_QUERY_MODEL (object);

  g_hash_table_unref (self->live);
  g_ptr_array_unref (self->filters);
  g_array_unref (self->rows);
  g_free (self->match);
  where_clear (&self->where);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (bd_query_model_parent_class)->finalize (object);
}

static void
bd_query_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdQueryModel *self = BD_QUERY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, bd_query_model_is_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_query_model_class_init (BdQueryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_query_model_dispose;
  object_class->finalize = bd_query_model_finalize;
  object_class->get_property = bd_query_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_query_model_init (BdQueryModel *self)
{
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, live_entry_free);
  self->filters = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->slice_usec = SLICE_USEC;
  self->first_rows = BD_QUERY_MODEL_FIRST_ROWS;
}

BdQueryModel *
bd_query_model_new (BdStore    *store,
                    const char *table)
{
  return bd_query_model_new_sized (store, table, BD_QUERY_MODEL_FIRST_ROWS);
}

BdQueryModel *
bd_query_model_new_sized (BdStore    *store,
                          const char *table,
                          guint       first_rows)
{
  BdQueryModel *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (bd_store_table_for_name (table) != NULL, NULL);

  self = g_object_new (BD_TYPE_QUERY_MODEL, NULL);
  self->store = g_object_ref (store);
  self->table = bd_store_table_for_name (table);
  self->sort_column = self->table->default_sort;
  self->ascending = g_str_equal (self->sort_column, "name");
  self->first_rows = MAX (first_rows, 1);
  start_query (self, TRUE);

  return self;
}

void
bd_query_model_set_first_rows (BdQueryModel *self,
                               guint         first_rows)
{
  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  self->first_rows = MAX (first_rows, 1);
}

void
bd_query_model_set_search (BdQueryModel *self,
                           const char   *text)
{
  g_autofree char *match = NULL;

  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  if (search_table (self->table) != NULL)
    match = bd_store_fts_match (text);
  if (g_strcmp0 (match, self->match) == 0)
    return;
  g_free (self->match);
  self->match = g_steal_pointer (&match);
  g_free ((char *) self->where.search);
  self->where.search = g_strdup (text);
  start_query (self, TRUE);
}

/* The column's name as the table map spells it (static), or NULL. */
static const char *
known_column (BdQueryModel *self,
              const char   *column)
{
  const BdColumn *col;

  if (column == NULL)
    return NULL;
  if (g_str_equal (column, self->table->id_column))
    return self->table->id_column;
  col = bd_store_table_column (self->table, column);
  return col != NULL ? col->column : NULL;
}

void
bd_query_model_set_filter (BdQueryModel *self,
                           const char   *column,
                           const char   *value)
{
  const char *known;
  guint i;

  g_return_if_fail (BD_IS_QUERY_MODEL (self));
  known = known_column (self, column);
  g_return_if_fail (known != NULL);

  for (i = 0; i < self->filters->len; i += 2)
    if (g_str_equal (self->filters->pdata[i], known))
      break;

  if (i < self->filters->len)
    {
      if (g_strcmp0 (self->filters->pdata[i + 1], value) == 0)
        return;
      g_ptr_array_remove_range (self->filters, i, 2);
    }
  else if (value == NULL)
    return;

  if (value != NULL)
    {
      g_ptr_array_add (self->filters, g_strdup (known));
      g_ptr_array_add (self->filters, g_strdup (value));
    }
  start_query (self, TRUE);
}

void
bd_query_model_set_sort (BdQueryModel *self,
                         const char   *column,
                         gboolean      ascending)
{
  const char *known;

  g_return_if_fail (BD_IS_QUERY_MODEL (self));
  known = known_column (self, column);
  g_return_if_fail (known != NULL);

  if (known == self->sort_column && !ascending == !self->ascending)
    return;
  self->sort_column = known;
  self->ascending = !!ascending;
  start_query (self, TRUE);
}

void
bd_query_model_refresh (BdQueryModel *self)
{
  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  start_query (self, FALSE);
}

gboolean
bd_query_model_is_loading (BdQueryModel *self)
{
  g_return_val_if_fail (BD_IS_QUERY_MODEL (self), FALSE);

  return self->query != NULL;
}

void
bd_query_model_finish_loading (BdQueryModel *self)
{
  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  if (self->query != NULL && read_slice (self, G_MAXINT64 / 2, G_MAXUINT))
    finish_query (self);
}

guint
bd_query_model_find (BdQueryModel *self,
                     const char   *id)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 rowid = 0;
  gboolean found;

  g_return_val_if_fail (BD_IS_QUERY_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (id != NULL, G_MAXUINT);

  sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s = ?", self->table->name, self->table->id_column);
  stmt = bd_store_prepare (self->store, sql, NULL);
  if (stmt == NULL)
    return G_MAXUINT;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (!found)
    return G_MAXUINT;

  /* The rows shown so far first; the rest of the query only if needed
   * (it appends to them). */
  for (guint i = 0, pass = 0; pass < 2; pass++)
    {
      for (; i < self->rows->len; i++)
        if (g_array_index (self->rows, gint64, i) == rowid)
          return i;
      if (!bd_query_model_is_loading (self))
        break;
      bd_query_model_finish_loading (self);
    }
  return G_MAXUINT;
}

const GError *
bd_query_model_get_error (BdQueryModel *self)
{
  g_return_val_if_fail (BD_IS_QUERY_MODEL (self), NULL);

  return self->error;
}

guint
bd_query_model_get_n_live (BdQueryModel *self)
{
  g_return_val_if_fail (BD_IS_QUERY_MODEL (self), 0);

  return g_hash_table_size (self->live);
}

void
bd_query_model_set_slice_usec (BdQueryModel *self,
                               gint64        usec)
{
  self->slice_usec = usec;
}

void
bd_query_model_set_where (BdQueryModel       *self,
                          const BdQueryWhere *where)
{
  static const BdQueryWhere none = { 0 };

  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  if (where == NULL)
    where = &none;
  if (where_equal (where, &self->where))
    return;

  where_clear (&self->where);
  where_copy (&self->where, where);
  g_free (self->match);
  self->match = search_table (self->table) != NULL ? bd_store_fts_match (where->search) : NULL;
  start_query (self, TRUE);
}
