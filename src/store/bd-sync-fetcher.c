/* bd-sync-fetcher.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-codec.h"
#include "bd-dodo-error.h"
#include "bd-model.h"
#include "bd-sync-private.h"

/* Reading Dodo's lists for the sync (see bd-sync.h): pages read ahead of
 * the writer by two threads, and objects read by id. */

#define PREFETCH_DEPTH     3      /* pages fetched ahead of the writer */
#define FETCH_THREADS      2      /* list requests in flight */

/* "/payments/{payment_id}" with @id, escaped. */
static char *
endpoint_path (BdDodoApiEndpoint  endpoint,
               const char        *id)
{
  const char *path = bd_dodo_endpoint_get_info (endpoint)->path;
  const char *open = strchr (path, '{');
  const char *close = open != NULL ? strchr (open, '}') : NULL;
  g_autofree char *escaped = NULL;

  if (open == NULL || close == NULL || id == NULL)
    return g_strdup (path);
  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strdup_printf ("%.*s%s%s", (int) (open - path), path, escaped, close + 1);
}

gboolean
bd_sync_is_bad_response (const GError *error)
{
  return g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE);
}


void
bd_sync_page_free (BdSyncPage *page)
{
  g_clear_pointer (&page->models, g_ptr_array_unref);
  g_clear_pointer (&page->raws, g_ptr_array_unref);
  g_clear_error (&page->error);
  g_free (page);
}

static BdSyncPage *
page_new (void)
{
  BdSyncPage *page = g_new0 (BdSyncPage, 1);

  page->models = g_ptr_array_new_with_free_func (g_object_unref);
  page->raws = g_ptr_array_new_with_free_func (g_free);
  page->newest = page->oldest = page->top = NO_TIME;
  return page;
}

static void
page_add (BdSyncPage       *page,
          gpointer    model,
          char       *raw)
{
  GDateTime *created = bd_model_get_datetime (model, "created-at");

  if (created != NULL)
    {
      gint64 at = bd_sync_usec_from_datetime (created);

      if (page->newest == NO_TIME || at > page->newest)
        page->newest = at;
      if (page->oldest == NO_TIME || at < page->oldest)
        page->oldest = at;
    }
  g_ptr_array_add (page->models, model);
  g_ptr_array_add (page->raws, raw);
}

/* Decodes {items: [...]} into @page; fails whole on the first bad item. */
static gboolean
decode_items (const BdSyncResource  *res,
              JsonNode        *root,
              BdSyncPage            *page,
              GError         **error)
{
  JsonNode *items = NULL;
  JsonArray *array;
  guint n;

  if (JSON_NODE_HOLDS_OBJECT (root))
    items = json_object_get_member (json_node_get_object (root), "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                   _("The list of %s has no “items”"), res->name);
      return FALSE;
    }

  array = json_node_get_array (items);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer model = bd_dodo_decode (res->type (), item, &local_error);

      if (model == NULL)
        {
          g_set_error (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE,
                       "%s[%u]: %s", res->name, i, local_error->message);
          return FALSE;
        }
      page_add (page, model, json_to_string (item, FALSE));
    }
  return TRUE;
}

/* One GET of a list page, read again (at most BAD_PAGE_ATTEMPTS times in
 * all) when its body does not parse or decode; the client has already
 * retried 5xx, 429 and dropped connections.  (transfer full) */
static BdSyncPage *
fetch_page (BdSyncRun             *run,
            const BdSyncResource  *res,
            GHashTable      *query,
            GCancellable    *cancellable)
{
  g_autofree char *path = endpoint_path (res->list, NULL);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(BdSyncPage) page = page_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      g_atomic_int_inc (&run->requests);
      root = bd_dodo_client_request (run->client, "GET", path, query, NULL, cancellable, &error);
      if (root != NULL && decode_items (res, root, page, &error))
        return g_steal_pointer (&page);

      if (!bd_sync_is_bad_response (error) || attempt >= BAD_PAGE_ATTEMPTS)
        {
          page->error = g_steal_pointer (&error);
          g_ptr_array_set_size (page->models, 0);
          g_ptr_array_set_size (page->raws, 0);
          return g_steal_pointer (&page);
        }
      g_debug ("%s: page read again after: %s", res->name, error->message);
    }
}

/* GET one object by id.  FALSE with no error when it is not there (404). */
gboolean
bd_sync_fetch_object (BdSyncRun             *run,
              const BdSyncResource  *res,
              const char      *id,
              GCancellable    *cancellable,
              gpointer        *out_model,
              char           **out_raw,
              GError         **error)
{
  g_autofree char *path = endpoint_path (res->get, id);

  *out_model = NULL;
  *out_raw = NULL;
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) local_error = NULL;
      gpointer model = NULL;

      g_atomic_int_inc (&run->requests);
      root = bd_dodo_client_request (run->client, "GET", path, NULL, NULL, cancellable, &local_error);
      if (root != NULL)
        model = bd_dodo_decode (res->type (), root, &local_error);
      if (model != NULL)
        {
          *out_model = model;
          *out_raw = json_to_string (root, FALSE);
          return TRUE;
        }
      if (g_error_matches (local_error, BD_DODO_ERROR, BD_DODO_ERROR_NOT_FOUND))
        return FALSE;
      if (!bd_sync_is_bad_response (local_error) || attempt >= BAD_PAGE_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

/* The fetcher: FETCH_THREADS threads that read the pages of one listing
 * ahead of the writer, parsed and decoded, at most PREFETCH_DEPTH pages
 * ahead of it, and hand them over in page order.  Two requests in flight
 * let the server build one page while this side decodes the other.  A
 * window's pages after the first wait for it, since it fixes the window's
 * top.  The last page handed over has ->last or ->error set. */

struct _BdSyncFetcher
{
  BdSyncRun             *run;
  const BdSyncResource  *res;
  GHashTable      *filters;     /* (element-type utf8 utf8) */
  gboolean         windowed;
  gint64           gte;         /* NO_TIME: no lower end */
  gint64           top;         /* NO_TIME: fixed by the first page */
  guint            first;       /* the first page_number */
  guint            next;        /* the next page_number to ask for */
  guint            popped;      /* the next page_number to hand over */
  guint            end;         /* the last page_number there will be */
  gboolean         ended;       /* end is known */
  gboolean         first_in;    /* the first page came back */

  GCancellable    *cancellable; /* the fetcher's own, cancelled on stop */
  GCancellable    *outer;
  gulong           outer_id;
  GThread         *threads[FETCH_THREADS];
  GMutex           mutex;
  GCond            cond;
  GHashTable      *ready;       /* page_number → BdSyncPage */
  gboolean         stopping;
};

static GHashTable *
fetcher_query (BdSyncFetcher *f,
               guint    number)
{
  GHashTable *query = bd_dodo_query_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (f->filters != NULL)
    {
      g_hash_table_iter_init (&iter, f->filters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (query, g_strdup (key), g_strdup (value));
    }
  g_hash_table_insert (query, g_strdup ("page_size"), g_strdup_printf ("%u", BD_SYNC_PAGE_SIZE));
  g_hash_table_insert (query, g_strdup ("page_number"), g_strdup_printf ("%u", number));
  if (f->gte != NO_TIME)
    g_hash_table_insert (query, g_strdup ("created_at_gte"), bd_sync_format_usec (f->gte));
  if (f->top != NO_TIME)
    g_hash_table_insert (query, g_strdup ("created_at_lte"), bd_sync_format_usec (f->top));
  return query;
}

static gpointer
fetcher_thread (gpointer data)
{
  BdSyncFetcher *f = data;

  for (;;)
    {
      g_autoptr(GHashTable) query = NULL;
      BdSyncPage *page;
      guint number;

      /* The next page to ask for: not past the end, not too far ahead of
       * the writer, and not before the first page is in (it fixes a
       * window's top, and a list of one page costs one request). */
      g_mutex_lock (&f->mutex);
      while (!f->stopping && !(f->ended && f->next > f->end) &&
             (f->next >= f->popped + PREFETCH_DEPTH ||
              (f->next > f->first && !f->first_in)))
        g_cond_wait (&f->cond, &f->mutex);
      if (f->stopping || (f->ended && f->next > f->end))
        {
          g_mutex_unlock (&f->mutex);
          break;
        }
      number = f->next++;
      query = fetcher_query (f, number);
      g_mutex_unlock (&f->mutex);

      page = fetch_page (f->run, f->res, query, f->cancellable);
      page->number = number;

      g_mutex_lock (&f->mutex);
      if (number == f->first)
        f->first_in = TRUE;
      if (page->error == NULL)
        {
          /* The first page fixes the window's top (see bd-sync.h). */
          if (f->windowed && f->top == NO_TIME && number == f->first)
            f->top = page->newest;
          page->top = f->top;
          page->last = page->models->len < BD_SYNC_PAGE_SIZE ||
                       (f->gte != NO_TIME && page->newest != NO_TIME && page->newest < f->gte);
        }
      if (page->error != NULL || page->last)
        {
          if (!f->ended || number < f->end)
            f->end = number;
          f->ended = TRUE;
        }
      if (f->ended && number > f->end)
        bd_sync_page_free (page);   /* past the end another page found */
      else
        g_hash_table_insert (f->ready, GUINT_TO_POINTER (number), page);
      g_cond_broadcast (&f->cond);
      g_mutex_unlock (&f->mutex);
    }
  return NULL;
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* @max_pages: at most this many pages (0: no limit); the last one read is
 * handed over as ->last. */
BdSyncFetcher *
bd_sync_fetcher_start (BdSyncRun             *run,
               const BdSyncResource  *res,
               GHashTable      *filters,
               gboolean         windowed,
               gint64           gte,
               gint64           top,
               guint            page,
               guint            max_pages)
{
  BdSyncFetcher *f = g_new0 (BdSyncFetcher, 1);

  f->run = run;
  f->res = res;
  f->filters = filters != NULL ? g_hash_table_ref (filters) : NULL;
  f->windowed = windowed;
  f->gte = gte;
  f->top = top;
  f->first = f->next = f->popped = page;
  if (max_pages > 0)
    {
      f->ended = TRUE;
      f->end = page + max_pages - 1;
    }
  f->cancellable = g_cancellable_new ();
  f->ready = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) bd_sync_page_free);
  g_mutex_init (&f->mutex);
  g_cond_init (&f->cond);
  if (run->cancellable != NULL)
    {
      f->outer = g_object_ref (run->cancellable);
      f->outer_id = g_cancellable_connect (f->outer, G_CALLBACK (on_outer_cancelled),
                                           g_object_ref (f->cancellable), g_object_unref);
    }
  for (guint i = 0; i < FETCH_THREADS; i++)
    f->threads[i] = g_thread_new ("bd-sync-fetch", fetcher_thread, f);
  return f;
}

/* Takes the next page: at once if it is there, else waiting for it until
 * @until (monotonic µs; G_MAXINT64: as long as it takes, and it always
 * comes, since the thread that reads the end page hands it over; 0: not at
 * all).  NULL when it did not come in time. */
BdSyncPage *
bd_sync_fetcher_take (BdSyncFetcher  *f,
              gint64    until)
{
  gpointer key = GUINT_TO_POINTER (f->popped);
  BdSyncPage *page = NULL;

  g_mutex_lock (&f->mutex);
  while (!g_hash_table_contains (f->ready, key))
    {
      if (until == G_MAXINT64)
        g_cond_wait (&f->cond, &f->mutex);
      else if (!g_cond_wait_until (&f->cond, &f->mutex, until))
        break;
    }
  if (g_hash_table_steal_extended (f->ready, key, NULL, (gpointer *) &page))
    {
      f->popped++;
      g_cond_broadcast (&f->cond);
    }
  g_mutex_unlock (&f->mutex);
  return page;
}

void
bd_sync_fetcher_free (BdSyncFetcher *f)
{
  g_mutex_lock (&f->mutex);
  f->stopping = TRUE;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->mutex);
  g_cancellable_cancel (f->cancellable);
  for (guint i = 0; i < FETCH_THREADS; i++)
    g_thread_join (f->threads[i]);

  if (f->outer != NULL)
    g_cancellable_disconnect (f->outer, f->outer_id);
  g_clear_object (&f->outer);
  g_clear_pointer (&f->ready, g_hash_table_unref);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->filters, g_hash_table_unref);
  g_mutex_clear (&f->mutex);
  g_cond_clear (&f->cond);
  g_free (f);
}

