/* bd-query-model.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-store"

#include "config.h"

#include "bd-query-model.h"
#include "bd-store-private.h"

/* Objects kept alive after get_item() even when nobody holds them, so a
 * view scrolling back and forth does not decode the same rows again. */
#define CACHE_SIZE 64
/* How long one slice of a query may run on the main thread, and how many
 * rows the first slice of a new search, filter or sort reads: a screenful
 * and then some, so the list updates at once and the rest follows. */
#define SLICE_USEC 5000
#define FIRST_SLICE_ROWS 1024
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

  char                *match;      /* FTS5 query, or NULL */
  GPtrArray           *filters;    /* column, value, column, value, … */
  const char          *sort_column;
  gboolean             ascending;

  GArray              *rows;       /* gint64 rowids, what the model shows */

  sqlite3_stmt        *query;      /* the query being read, or NULL */
  GArray              *loading;    /* where it goes; == rows once shown */
  gboolean             progressive;
  guint                idle_id;
  gint64               slice_usec;
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

/* Whether the search matches fewer than FEW_MATCHES rows (reading at most
 * that many from the full-text index to know). */
static gboolean
few_matches (BdQueryModel *self)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM %s_fts "
                                          "WHERE %s_fts MATCH ? LIMIT %d)",
                                          self->table->name, self->table->name, FEW_MATCHES);
  sqlite3_stmt *stmt = bd_store_prepare (self->store, sql, NULL);
  gboolean few = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->match, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    few = sqlite3_column_int (stmt, 0) < FEW_MATCHES;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return few;
}

static char *
build_sql (BdQueryModel *self)
{
  const char *direction = self->ascending ? "ASC" : "DESC";
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT rowid FROM %s WHERE 1", self->table->name);
  /* Few matches: read them and sort them.  Many: walk the sort index and
   * test membership in the matches ("+rowid" keeps SQLite from sorting
   * every match first), so the first rows come at once either way. */
  if (self->match != NULL)
    g_string_append_printf (sql, " AND %srowid IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?)",
                            few_matches (self) ? "" : "+", self->table->name, self->table->name);
  for (guint i = 0; i < self->filters->len; i += 2)
    g_string_append_printf (sql, " AND %s = ?", (const char *) self->filters->pdata[i]);
  g_string_append_printf (sql, " ORDER BY %s %s, rowid %s", self->sort_column, direction, direction);

  return g_string_free (sql, FALSE);
}

static void
stop_query (BdQueryModel *self)
{
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
      if (n % 256 == 0 && (n >= max_rows || g_get_monotonic_time () >= deadline))
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

static gboolean
read_slice_idle (gpointer data)
{
  BdQueryModel *self = data;

  if (read_slice (self, self->slice_usec, G_MAXUINT))
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
  int index = 1;

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
  if (self->match != NULL)
    sqlite3_bind_text (self->query, index++, self->match, -1, SQLITE_TRANSIENT);
  for (guint i = 1; i < self->filters->len; i += 2)
    sqlite3_bind_text (self->query, index++, self->filters->pdata[i], -1, SQLITE_TRANSIENT);

  self->progressive = progressive;
  self->loading = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                     progressive ? 4096 : self->rows->len + 64);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* A search keystroke shows its first rows now; a refresh reads everything
   * before showing anything. */
  if (read_slice (self, self->slice_usec, progressive ? FIRST_SLICE_ROWS : G_MAXUINT))
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
}

BdQueryModel *
bd_query_model_new (BdStore    *store,
                    const char *table)
{
  BdQueryModel *self;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (bd_store_table_for_name (table) != NULL, NULL);

  self = g_object_new (BD_TYPE_QUERY_MODEL, NULL);
  self->store = g_object_ref (store);
  self->table = bd_store_table_for_name (table);
  self->sort_column = self->table->default_sort;
  self->ascending = g_str_equal (self->sort_column, "name");
  start_query (self, TRUE);

  return self;
}

void
bd_query_model_set_search (BdQueryModel *self,
                           const char   *text)
{
  g_autofree char *match = NULL;

  g_return_if_fail (BD_IS_QUERY_MODEL (self));

  if (self->table->has_fts)
    match = bd_store_fts_match (text);
  if (g_strcmp0 (match, self->match) == 0)
    return;
  g_free (self->match);
  self->match = g_steal_pointer (&match);
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
