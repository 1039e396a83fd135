/* bd-sync.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "bd-account.h"
#include "bd-dodo-api.h"
#include "bd-store-private.h"
#include "bd-sync-private.h"
#include "bd-customer.h"
#include "bd-dispute.h"
#include "bd-payment.h"
#include "bd-product.h"
#include "bd-refund.h"
#include "bd-subscription.h"

/* See bd-sync.h for what a run does and why. */

#define BY_ID_LIMIT        2      /* at most this many: GET by id, not a list */
#define BY_ID_BATCH        100    /* objects read by id per transaction */
#define SWEEP_PAGES        5      /* list pages per live status per run */
#define DEFAULT_OVERLAP    300
#define DEFAULT_PAGES_PER_TRANSACTION 100
#define COMMIT_AFTER_USEC  G_USEC_PER_SEC   /* at most this long a transaction */
#define LAST_SUCCESS_KEY   "@sync"

static const char * const subscription_live[] = {
  "pending", "active", "on_hold", "paused", NULL
};
static const char * const payment_live[] = {
  "processing", "requires_customer_action", "requires_merchant_action",
  "requires_payment_method", "requires_confirmation", "requires_capture",
  "partially_captured", "partially_captured_and_capturable", NULL
};
static const char * const refund_live[] = { "pending", "review", NULL };
static const char * const dispute_live[] = { "dispute_opened", "dispute_challenged", NULL };

enum { R_PRODUCTS, R_CUSTOMERS, R_SUBSCRIPTIONS, R_PAYMENTS, R_REFUNDS, R_DISPUTES, N_RESOURCES };

static const BdSyncResource resources[N_RESOURCES] = {
  { "products", LISTING_ALL, BD_DODO_API_PRODUCT_LIST, BD_DODO_API_PRODUCT_GET,
    bd_product_get_type, NULL, NULL, NULL, NULL, PARENT_NONE },
  { "customers", LISTING_WINDOW, BD_DODO_API_CUSTOMER_LIST, BD_DODO_API_CUSTOMER_GET,
    bd_customer_get_type, NULL, NULL, NULL, NULL, PARENT_NONE },
  { "subscriptions", LISTING_WINDOW, BD_DODO_API_SUBSCRIPTION_LIST, BD_DODO_API_SUBSCRIPTION_GET,
    bd_subscription_get_type, "status", "status", "status-raw", subscription_live, PARENT_NONE },
  { "payments", LISTING_WINDOW, BD_DODO_API_PAYMENT_LIST, BD_DODO_API_PAYMENT_GET,
    bd_payment_get_type, "status", "status", "status-raw", payment_live, PARENT_NONE },
  { "refunds", LISTING_WINDOW, BD_DODO_API_REFUND_LIST, BD_DODO_API_REFUND_GET,
    bd_refund_get_type, "status", "status", "status-raw", refund_live, PARENT_REFUND },
  { "disputes", LISTING_WINDOW, BD_DODO_API_DISPUTE_LIST, BD_DODO_API_DISPUTE_GET,
    bd_dispute_get_type, "dispute_status", "dispute_status", "dispute-status-raw",
    dispute_live, PARENT_DISPUTE },
};

static const char * const resource_names[] = {
  "products", "customers", "subscriptions", "payments", "refunds", "disputes", NULL
};

const char * const *
bd_sync_resources (void)
{
  return resource_names;
}

G_DEFINE_QUARK (bd-sync-error-quark, bd_sync_error)

GType
bd_sync_phase_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { BD_SYNC_PHASE_FULL, "BD_SYNC_PHASE_FULL", "full" },
    { BD_SYNC_PHASE_INCREMENTAL, "BD_SYNC_PHASE_INCREMENTAL", "incremental" },
    { BD_SYNC_PHASE_REFRESH, "BD_SYNC_PHASE_REFRESH", "refresh" },
    { BD_SYNC_PHASE_DONE, "BD_SYNC_PHASE_DONE", "done" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("BdSyncPhase"), values));
  return type;
}

BdSyncProgress *
bd_sync_progress_copy (const BdSyncProgress *progress)
{
  BdSyncProgress *copy;

  g_return_val_if_fail (progress != NULL, NULL);

  copy = g_new (BdSyncProgress, 1);
  *copy = *progress;
  copy->resource = g_intern_string (progress->resource);
  if (copy->reached != NULL)
    g_date_time_ref (copy->reached);
  return copy;
}

void
bd_sync_progress_free (BdSyncProgress *progress)
{
  if (progress == NULL)
    return;
  g_clear_pointer (&progress->reached, g_date_time_unref);
  g_free (progress);
}

G_DEFINE_BOXED_TYPE (BdSyncProgress, bd_sync_progress, bd_sync_progress_copy, bd_sync_progress_free)


static void
run_free (BdSyncRun *run)
{
  g_clear_object (&run->sync);
  g_clear_object (&run->client);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->progress.reached, g_date_time_unref);
  g_clear_pointer (&run->finished, g_ptr_array_unref);
  g_mutex_clear (&run->mutex);
  g_free (run->path);
}

static BdSyncRun *
run_ref (BdSyncRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_unref (BdSyncRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify) run_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncRun, run_unref)

struct _BdSync
{
  GObject        parent_instance;

  BdDodoClient  *client;
  char          *path;
  GDateTime     *last_success;
  guint          overlap;
  guint          pages_per_transaction;
  guint          sweep_pages;
  gboolean       full;
  gboolean       running;
};

G_DEFINE_FINAL_TYPE (BdSync, bd_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_STORE_PATH,
  PROP_RUNNING,
  PROP_LAST_SUCCESS,
  PROP_OVERLAP_SECONDS,
  N_PROPS
};

enum
{
  SIGNAL_PROGRESS,
  SIGNAL_ROWS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Emissions, on the caller's context, coalesced. */

static gboolean
emit_progress (gpointer data)
{
  BdSyncRun *run = data;
  g_autoptr(BdSyncProgress) progress = NULL;
  g_autoptr(GPtrArray) finished = NULL;

  g_mutex_lock (&run->mutex);
  progress = bd_sync_progress_copy (&run->progress);
  finished = g_steal_pointer (&run->finished);
  run->progress_pending = FALSE;
  g_mutex_unlock (&run->mutex);

  /* Coalesced, but every step's final figures are told. */
  for (guint i = 0; finished != NULL && i < finished->len; i++)
    g_signal_emit (run->sync, signals[SIGNAL_PROGRESS], 0, finished->pdata[i]);
  g_signal_emit (run->sync, signals[SIGNAL_PROGRESS], 0, progress);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_rows_changed (gpointer data)
{
  BdSyncRun *run = data;
  guint changed;

  g_mutex_lock (&run->mutex);
  changed = run->changed;
  run->changed = 0;
  run->changed_pending = FALSE;
  g_mutex_unlock (&run->mutex);

  for (guint i = 0; i < N_RESOURCES; i++)
    if (changed & (1u << i))
      g_signal_emit (run->sync, signals[SIGNAL_ROWS_CHANGED], 0, resources[i].name);
  return G_SOURCE_REMOVE;
}

static void
report (BdSyncRun           *run,
        const char    *resource,
        BdSyncPhase    phase,
        guint          pages,
        guint64        objects,
        gint64         reached)
{
  gboolean schedule;

  g_mutex_lock (&run->mutex);
  if (run->progress_pending &&
      (run->progress.resource != g_intern_string (resource) || run->progress.phase != phase))
    {
      if (run->finished == NULL)
        run->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_sync_progress_free);
      g_ptr_array_add (run->finished, bd_sync_progress_copy (&run->progress));
    }
  run->progress.resource = g_intern_string (resource);
  run->progress.phase = phase;
  run->progress.pages = pages;
  run->progress.objects = objects;
  g_clear_pointer (&run->progress.reached, g_date_time_unref);
  if (reached != NO_TIME)
    run->progress.reached = bd_sync_datetime_from_usec (reached);
  run->progress.requests = (guint) g_atomic_int_get (&run->requests);
  run->progress.total_objects = run->total_objects;
  schedule = !run->progress_pending;
  run->progress_pending = TRUE;
  g_mutex_unlock (&run->mutex);

  if (schedule)
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_progress,
                                run_ref (run), (GDestroyNotify) run_unref);
}

static void
report_changed (BdSyncRun   *run,
                guint  mask)
{
  gboolean schedule;

  if (mask == 0)
    return;

  g_mutex_lock (&run->mutex);
  run->changed |= mask;
  schedule = !run->changed_pending;
  run->changed_pending = TRUE;
  g_mutex_unlock (&run->mutex);

  if (schedule)
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_rows_changed,
                                run_ref (run), (GDestroyNotify) run_unref);
}

/* Errors: every failure of a run becomes a BD_SYNC_ERROR whose code says
 * what the caller can do, and whose message says what happened. */
static GError *
sync_error_from (const GError *error,
                 const char   *resource)
{
  BdSyncError code = BD_SYNC_ERROR_FAILED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == BD_DODO_ERROR)
    {
      switch ((BdDodoError) error->code)
        {
        case BD_DODO_ERROR_UNAUTHORIZED:
          code = BD_SYNC_ERROR_UNAUTHORIZED;
          break;
        case BD_DODO_ERROR_FORBIDDEN:
          code = BD_SYNC_ERROR_FORBIDDEN;
          break;
        case BD_DODO_ERROR_NETWORK:
          code = BD_SYNC_ERROR_OFFLINE;
          break;
        case BD_DODO_ERROR_SERVER:
        case BD_DODO_ERROR_RATE_LIMITED:
        case BD_DODO_ERROR_BAD_RESPONSE:
        case BD_DODO_ERROR_NOT_FOUND:
        case BD_DODO_ERROR_INVALID_REQUEST:
        case BD_DODO_ERROR_CONFLICT:
          code = BD_SYNC_ERROR_SERVER;
          break;
        case BD_DODO_ERROR_TLS:
        default:
          code = BD_SYNC_ERROR_FAILED;
          break;
        }
    }
  else if (g_error_matches (error, BD_ACCOUNT_ERROR, BD_ACCOUNT_ERROR_NO_API_KEY))
    code = BD_SYNC_ERROR_UNAUTHORIZED;
  else if (error->domain == BD_STORE_ERROR)
    code = BD_SYNC_ERROR_CACHE;
  else if (error->domain == BD_SYNC_ERROR)
    return g_error_copy (error);

  if (code == BD_SYNC_ERROR_CACHE)
    return g_error_new (BD_SYNC_ERROR, code, _("Could not update the offline copy: %s"),
                        error->message);
  /* TRANSLATORS: the first %s is a resource ("payments"), the second what went wrong */
  return g_error_new (BD_SYNC_ERROR, code, _("Could not read %s: %s"), resource, error->message);
}

/* Writing */

typedef struct
{
  GPtrArray   *models;
  GPtrArray   *raws;          /* NULL, or one per model (NULL: the codec's) */
  GPtrArray   *payments;      /* payments read again, or NULL */
  GPtrArray   *payment_raws;
  const char  *resource;
  const char  *cursor_key;    /* the sync_state row of cursor: NULL, resource's */
  const char  *cursor;        /* NULL: unchanged */
  const char  *seen_status;   /* a sweep of this status saw the models, or NULL */
  gboolean     clear_seen;    /* … and starts again: forget what it saw before */
  const BdSyncResource *live_seen;  /* a window of this resource: those of its models
                               * in a live status count as seen by its sweep */
  gboolean     full_pass;
  gboolean     defer_indexes; /* the first rows of a table's first pass */
  gboolean     window_done;   /* the last rows of a window */
} Batch;

/* Forgets what the sweep of @status saw (see the refresh below). */
static gboolean
clear_seen (BdStore     *store,
            const char  *resource,
            const char  *status,
            GError     **error)
{
  sqlite3_stmt *stmt = bd_store_prepare (store, "DELETE FROM sync_seen "
                                                "WHERE resource = ? AND status = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, resource, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bd_store_fail (store, error, "Could not store the sync state");
  return TRUE;
}

static gboolean
write_batch (BdStore   *store,
             gpointer   data,
             GError   **error)
{
  Batch *b = data;

  /* Before the rows: the FTS triggers read the flag. */
  if (b->defer_indexes && !bd_store_defer_indexes (store, b->resource, error))
    return FALSE;

  for (guint i = 0; i < b->models->len; i++)
    if (!bd_store_upsert (store, b->models->pdata[i],
                          b->raws != NULL ? b->raws->pdata[i] : NULL, error))
      return FALSE;

  for (guint i = 0; b->payments != NULL && i < b->payments->len; i++)
    if (!bd_store_upsert (store, b->payments->pdata[i], b->payment_raws->pdata[i], error))
      return FALSE;

  if (b->seen_status != NULL || b->live_seen != NULL)
    {
      const BdStoreTable *table = bd_store_table_for_name (b->resource);
      sqlite3_stmt *seen = bd_store_prepare (store, "INSERT OR IGNORE INTO sync_seen "
                                                    "(resource, status, id) VALUES (?, ?, ?)", error);

      if (seen == NULL)
        return FALSE;
      if (b->clear_seen && !clear_seen (store, b->resource, b->seen_status, error))
        return FALSE;
      for (guint i = 0; i < b->models->len; i++)
        {
          const char *status = b->seen_status;

          /* Just read by a window: no need for its status's sweep to read
           * it again by id. */
          if (status == NULL)
            {
              status = bd_model_get_string (b->models->pdata[i], b->live_seen->status_property);
              if (status == NULL || !g_strv_contains (b->live_seen->live, status))
                continue;
            }
          sqlite3_reset (seen);
          sqlite3_bind_text (seen, 1, b->resource, -1, SQLITE_STATIC);
          sqlite3_bind_text (seen, 2, status, -1, SQLITE_STATIC);
          sqlite3_bind_text (seen, 3, bd_model_get_string (b->models->pdata[i], table->id_property),
                             -1, SQLITE_STATIC);
          if (sqlite3_step (seen) != SQLITE_DONE)
            {
              sqlite3_reset (seen);
              return bd_store_fail (store, error, "Could not store the sync state");
            }
        }
      sqlite3_reset (seen);
    }

  if (b->cursor != NULL &&
      !bd_store_set_cursor (store, b->cursor_key != NULL ? b->cursor_key : b->resource,
                            b->cursor, error))
    return FALSE;

  /* Deferred indexes are whole again when the window's end commits. */
  if (b->window_done && !bd_store_catch_up_indexes (store, b->resource, error))
    return FALSE;

  if (b->full_pass)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!bd_store_set_full_pass (store, b->resource, now, error))
        return FALSE;
    }
  return TRUE;
}

/* Does the payment's cached JSON show this refund or dispute as it is now?
 * If not (or the payment is not cached), the payment must be read again. */
static gboolean
parent_is_stale (BdStore         *store,
                 const BdSyncResource  *res,
                 gpointer         model,
                 gboolean        *stale,
                 GError         **error)
{
  static const char refund_sql[] =
    "SELECT (SELECT count(*) FROM json_each (p.raw, '$.refunds') e"
    "        WHERE json_extract (e.value, '$.refund_id') = ?2"
    "          AND json_extract (e.value, '$.status') IS ?3)"
    " FROM payments p WHERE p.payment_id = ?1";
  static const char dispute_sql[] =
    "SELECT (SELECT count(*) FROM json_each (p.raw, '$.disputes') e"
    "        WHERE json_extract (e.value, '$.dispute_id') = ?2"
    "          AND json_extract (e.value, '$.dispute_status') IS ?3"
    "          AND json_extract (e.value, '$.dispute_stage') IS ?4)"
    " FROM payments p WHERE p.payment_id = ?1";
  gboolean dispute = res->parent == PARENT_DISPUTE;
  sqlite3_stmt *stmt = bd_store_prepare (store, dispute ? dispute_sql : refund_sql, error);
  const char *payment_id = bd_model_get_string (model, "payment-id");
  const char *id = bd_model_get_string (model, dispute ? "dispute-id" : "refund-id");
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, payment_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bd_model_get_string (model, res->status_property), -1, SQLITE_TRANSIENT);
  if (dispute)
    sqlite3_bind_text (stmt, 4, bd_model_get_string (model, "dispute-stage-raw"), -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  *stale = rc != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bd_store_fail (store, error, "Could not read a payment");
  return TRUE;
}

/* The payments that the refunds or disputes among @models make stale: those
 * whose cached JSON does not show them as they are now (see
 * parent_is_stale()).  Only reads the store.  (element-type utf8) */
static GPtrArray *
stale_parents (BdStore         *store,
               const BdSyncResource  *res,
               GPtrArray       *models,
               GError         **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; res->parent != PARENT_NONE && i < models->len; i++)
    {
      const char *payment_id = bd_model_get_string (models->pdata[i], "payment-id");
      gboolean stale = FALSE;

      if (payment_id == NULL || g_ptr_array_find_with_equal_func (ids, payment_id, g_str_equal, NULL))
        continue;
      if (!parent_is_stale (store, res, models->pdata[i], &stale, error))
        return NULL;
      if (stale)
        g_ptr_array_add (ids, g_strdup (payment_id));
    }
  return g_steal_pointer (&ids);
}

/* The write transaction rows go into.  A window keeps it open across pages
 * (see bd_sync_set_pages_per_transaction()); everything else writes one
 * batch a transaction. */
typedef struct
{
  BdStore  *store;
  gint64    opened;    /* monotonic µs */
  guint     pages;     /* batches written since it opened */
  guint64   objects;
  guint     mask;      /* 1 << the index of each resource written */
} Txn;

/* Saves what the open transaction holds, if one is open, and tells the
 * window the rows changed. */
static gboolean
txn_commit (BdSyncRun      *run,
            Txn      *txn,
            GError  **error)
{
  guint64 objects = txn->objects;
  guint mask = txn->mask;

  if (!bd_store_in_write (txn->store))
    return TRUE;
  txn->pages = 0;
  txn->objects = 0;
  txn->mask = 0;
  if (!bd_store_commit (txn->store, error))
    return FALSE;
  run->total_objects += objects;
  report_changed (run, mask);
  return TRUE;
}

static void
txn_rollback (Txn *txn)
{
  txn->pages = 0;
  txn->objects = 0;
  txn->mask = 0;
  bd_store_rollback (txn->store);
}

/* Upserts @batch's models (with their raws) and its cursor into @txn,
 * opening it if need be, after reading again the payments that the refunds
 * or disputes among them make stale; the transaction is committed before
 * that, since no request is made while one is open. */
static gboolean
store_batch_in (BdSyncRun             *run,
                Txn             *txn,
                const BdSyncResource  *res,
                Batch           *batch,
                GError         **error)
{
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) payment_raws = NULL;
  gboolean ok;

  batch->resource = res->name;
  stale = stale_parents (txn->store, res, batch->models, error);
  if (stale == NULL)
    return FALSE;
  if (stale->len > 0)
    {
      if (!txn_commit (run, txn, error))
        return FALSE;
      payments = g_ptr_array_new_with_free_func (g_object_unref);
      payment_raws = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < stale->len; i++)
        {
          gpointer payment;
          char *raw;

          if (!bd_sync_fetch_object (run, &resources[R_PAYMENTS], stale->pdata[i], run->cancellable,
                             &payment, &raw, error))
            {
              if (error != NULL && *error != NULL)
                return FALSE;
              continue;
            }
          g_ptr_array_add (payments, payment);
          g_ptr_array_add (payment_raws, raw);
        }
      batch->payments = payments;
      batch->payment_raws = payment_raws;
    }

  if (!bd_store_in_write (txn->store))
    {
      if (!bd_store_begin (txn->store, error))
        return FALSE;
      txn->opened = g_get_monotonic_time ();
    }
  ok = write_batch (txn->store, batch, error);
  batch->payments = batch->payment_raws = NULL;
  if (!ok)
    {
      txn_rollback (txn);
      return FALSE;
    }

  txn->pages++;
  txn->objects += batch->models->len + (payments != NULL ? payments->len : 0);
  txn->mask |= 1u << (res - resources);
  if (payments != NULL && payments->len > 0)
    txn->mask |= 1u << R_PAYMENTS;
  return TRUE;
}

/* The same in a transaction of its own. */
static gboolean
store_batch (BdSyncRun             *run,
             BdStore         *store,
             const BdSyncResource  *res,
             Batch           *batch,
             GError         **error)
{
  Txn txn = { .store = store };

  return store_batch_in (run, &txn, res, batch, error) && txn_commit (run, &txn, error);
}

/* Cursors (opaque to everyone else; see bd-sync.h):
 *   "done HWM"           HWM: the newest created_at stored, µs, or "-"
 *   "run G H P PREV"     a window [G, H] being walked, next page P */

typedef struct
{
  gint64  gte;
  gint64  top;
  guint   page;
  gint64  prev;
} Window;

static gboolean
parse_time_field (const char *s,
                  gint64     *out)
{
  if (g_str_equal (s, "-"))
    {
      *out = NO_TIME;
      return TRUE;
    }
  return g_ascii_string_to_signed (s, 10, G_MININT64 + 1, G_MAXINT64, out, NULL);
}

static char *
time_field (gint64 usec)
{
  return usec == NO_TIME ? g_strdup ("-") : g_strdup_printf ("%" G_GINT64_FORMAT, usec);
}

/* The window this run walks, from the stored cursor. */
static void
window_from_cursor (const char *cursor,
                    gboolean    full,
                    gint64      overlap_usec,
                    Window     *w)
{
  g_auto(GStrv) f = cursor != NULL ? g_strsplit (cursor, " ", -1) : NULL;
  guint n = f != NULL ? g_strv_length (f) : 0;
  guint64 page;

  w->gte = w->top = w->prev = NO_TIME;
  w->page = 0;

  if (n == 5 && g_str_equal (f[0], "run") &&
      parse_time_field (f[1], &w->gte) && parse_time_field (f[2], &w->top) &&
      g_ascii_string_to_unsigned (f[3], 10, 0, G_MAXINT32, &page, NULL) &&
      parse_time_field (f[4], &w->prev))
    {
      w->page = (guint) page;
      /* A full pass asked for while another window is half done: that
       * window ends first, the next run starts the full one. */
      return;
    }

  w->gte = w->top = w->prev = NO_TIME;
  w->page = 0;
  if (n == 2 && g_str_equal (f[0], "done") && parse_time_field (f[1], &w->prev))
    {
      if (!full && w->prev != NO_TIME)
        w->gte = w->prev - overlap_usec;
      return;
    }
  if (cursor != NULL)
    g_warning ("Unreadable sync cursor “%s”: starting a full pass", cursor);
}

/* Walks @res's window from its cursor; *@was_full: it was a full pass. */
static gboolean
sync_window (BdSyncRun             *run,
             BdStore         *store,
             const BdSyncResource  *res,
             gboolean        *was_full,
             GError         **error)
{
  g_autofree char *cursor = NULL;
  g_autoptr(BdSyncFetcher) fetcher = NULL;
  BdSyncPhase phase;
  Window w;
  guint pages = 0;
  guint64 objects = 0;
  gint64 reached = NO_TIME;
  Txn txn = { .store = store };
  gboolean defer_indexes;

  if (!bd_store_get_sync_state (store, res->name, &cursor, NULL, error))
    return FALSE;
  window_from_cursor (cursor, run->full, run->overlap_usec, &w);
  /* A table's very first pass builds its filter and search indexes once,
   * at its end, instead of page by page (see bd_store_defer_indexes()). */
  defer_indexes = cursor == NULL;
  phase = w.gte == NO_TIME ? BD_SYNC_PHASE_FULL : BD_SYNC_PHASE_INCREMENTAL;
  *was_full = phase == BD_SYNC_PHASE_FULL;
  report (run, res->name, phase, 0, 0, NO_TIME);

  fetcher = bd_sync_fetcher_start (run, res, NULL, TRUE, w.gte, w.top, w.page, 0);
  for (;;)
    {
      g_autofree char *next = NULL;
      gboolean last, stored;
      BdSyncPage *page;

      /* Pages go into the open transaction as they come; it is saved after
       * pages_per_transaction of them, or once it has been open
       * COMMIT_AFTER_USEC, also while waiting for a page (see bd-sync.h). */
      page = bd_sync_fetcher_take (fetcher, txn.pages > 0 ? txn.opened + COMMIT_AFTER_USEC : 0);
      if (page == NULL)
        {
          if (!txn_commit (run, &txn, error))
            return FALSE;
          page = bd_sync_fetcher_take (fetcher, G_MAXINT64);
        }
      if (page->error != NULL)
        {
          g_autoptr(GError) page_error = g_steal_pointer (&page->error);

          bd_sync_page_free (page);
          if (!txn_commit (run, &txn, error))
            return FALSE;
          g_propagate_error (error, g_steal_pointer (&page_error));
          return FALSE;
        }

      if (page->oldest != NO_TIME)
        reached = page->oldest;
      last = page->last;
      if (last)
        {
          gint64 hwm = w.prev;

          if (page->top != NO_TIME && (hwm == NO_TIME || page->top > hwm))
            hwm = page->top;
          next = hwm == NO_TIME ? g_strdup ("done -")
                                : g_strdup_printf ("done %" G_GINT64_FORMAT, hwm);
        }
      else
        {
          g_autofree char *g = time_field (w.gte);
          g_autofree char *h = time_field (page->top);
          g_autofree char *p = time_field (w.prev);

          next = g_strdup_printf ("run %s %s %u %s", g, h, page->number + 1, p);
        }

      stored = store_batch_in (run, &txn, res,
                               &(Batch) { .models = page->models, .raws = page->raws,
                                          .cursor = next,
                                          .full_pass = last && w.gte == NO_TIME,
                                          .defer_indexes = defer_indexes && pages == 0,
                                          .window_done = last,
                                          .live_seen = res->live != NULL &&
                                                       phase != BD_SYNC_PHASE_FULL
                                                       ? res : NULL },
                               error);
      pages++;
      objects += page->models->len;
      bd_sync_page_free (page);
      if (!stored)
        {
          txn_rollback (&txn);
          return FALSE;
        }
      if ((last || txn.pages >= run->pages_per_transaction ||
           g_get_monotonic_time () >= txn.opened + COMMIT_AFTER_USEC) &&
          !txn_commit (run, &txn, error))
        return FALSE;
      report (run, res->name, phase, pages, objects, reached);

      if (last)
        return TRUE;
    }
}

/* A GMainContext of the worker's own, for the async-only lister. */
static void
on_lister_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GPtrArray *
lister_next (BdSyncRun           *run,
             BdDodoLister  *lister,
             GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GPtrArray *items = NULL;

  g_main_context_push_thread_default (context);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) local_error = NULL;

      g_atomic_int_inc (&run->requests);
      bd_dodo_lister_next_async (lister, run->cancellable, on_lister_page, &result);
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
      items = bd_dodo_lister_next_finish (lister, result, &local_error);
      if (local_error == NULL)
        break;
      if (!bd_sync_is_bad_response (local_error) || attempt >= BAD_PAGE_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
    }
  g_main_context_pop_thread_default (context);
  return items;
}

/* Products: the whole list, on sale and archived, every run. */
static gboolean
sync_products (BdSyncRun       *run,
               BdStore   *store,
               GError   **error)
{
  const BdSyncResource *res = &resources[R_PRODUCTS];
  guint pages = 0;
  guint64 objects = 0;

  report (run, res->name, BD_SYNC_PHASE_REFRESH, 0, 0, NO_TIME);
  for (guint archived = 0; archived < 2; archived++)
    {
      g_autoptr(GHashTable) query = bd_dodo_query_new (NULL, NULL);
      g_autoptr(BdDodoLister) lister = NULL;

      if (archived)
        bd_dodo_query_set_boolean (query, "archived", TRUE);
      lister = bd_dodo_lister_new (run->client, res->list, NULL, query, BD_SYNC_PAGE_SIZE);
      while (!bd_dodo_lister_is_done (lister))
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(GPtrArray) items = lister_next (run, lister, &local_error);

          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (items == NULL)
            break;
          /* The list's items are normalised (bd-dodo-api.h): the codec's
           * encoding is stored, not the server's text. */
          if (!store_batch (run, store, res, &(Batch) { .models = items }, error))
            return FALSE;
          pages++;
          objects += items->len;
          report (run, res->name, BD_SYNC_PHASE_REFRESH, pages, objects, NO_TIME);
        }
    }
  return TRUE;
}

/* Refresh (see bd-sync.h): a sweep per live status, at most sweep_pages
 * pages of its list a run.  Its place is a cursor of its own in sync_state,
 * "RESOURCE:STATUS":
 *   "sweep P"  page P of the status's list is next (a new sweep at 0)
 *   "gone"     the list is read: the cached objects of the status that the
 *              sweep did not see are read by id, then "sweep 0"
 * with the ids it saw in sync_seen, written with their page. */

/* The cached ids of @res in @status; with @unseen, only those the sweep of
 * that status has not seen.  (element-type utf8) */
static GPtrArray *
cached_ids (BdStore         *store,
            const BdSyncResource  *res,
            const char      *status,
            gboolean         unseen,
            GError         **error)
{
  const BdStoreTable *table = bd_store_table_for_name (res->name);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (unseen)
    sql = g_strdup_printf ("SELECT %1$s FROM %2$s WHERE %3$s = ?1 AND %1$s NOT IN"
                           " (SELECT id FROM sync_seen WHERE resource = ?2 AND status = ?1)",
                           table->id_column, table->name, res->status_column);
  else
    sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?1",
                           table->id_column, table->name, res->status_column);
  stmt = bd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_TRANSIENT);
  if (unseen)
    sqlite3_bind_text (stmt, 2, res->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bd_store_fail (store, error, "Could not read the cache");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
refresh_by_id (BdSyncRun             *run,
               BdStore         *store,
               const BdSyncResource  *res,
               GPtrArray       *ids,
               const char      *seen_status,
               guint           *pages,
               guint64         *objects,
               GError         **error)
{
  for (guint start = 0; start < ids->len; start += BY_ID_BATCH)
    {
      g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func (g_free);

      for (guint i = start; i < ids->len && i < start + BY_ID_BATCH; i++)
        {
          gpointer model;
          char *raw;

          if (bd_sync_fetch_object (run, res, ids->pdata[i], run->cancellable, &model, &raw, error))
            {
              g_ptr_array_add (models, model);
              g_ptr_array_add (raws, raw);
            }
          else if (error != NULL && *error != NULL)
            return FALSE;
        }
      if (!store_batch (run, store, res,
                        &(Batch) { .models = models, .raws = raws, .seen_status = seen_status },
                        error))
        return FALSE;
      (*pages)++;
      *objects += models->len;
      report (run, res->name, BD_SYNC_PHASE_REFRESH, *pages, *objects, NO_TIME);
    }
  return TRUE;
}

typedef struct
{
  const char *resource;
  const char *status;
  const char *key;
} SweepEnd;

static gboolean
end_sweep (BdStore   *store,
           gpointer   data,
           GError   **error)
{
  SweepEnd *e = data;

  return clear_seen (store, e->resource, e->status, error) &&
         bd_store_set_cursor (store, e->key, "sweep 0", error);
}

static gboolean
sweep_status (BdSyncRun             *run,
              BdStore         *store,
              const BdSyncResource  *res,
              const char      *status,
              guint           *pages,
              guint64         *objects,
              GError         **error)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", res->name, status);
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  guint64 page = 0;
  gboolean listing;

  if (!bd_store_get_sync_state (store, key, &cursor, NULL, error))
    return FALSE;
  listing = g_strcmp0 (cursor, "gone") != 0;
  if (listing && cursor != NULL &&
      !(g_str_has_prefix (cursor, "sweep ") &&
        g_ascii_string_to_unsigned (cursor + strlen ("sweep "), 10, 0, G_MAXINT32, &page, NULL)))
    {
      g_warning ("Unreadable sync cursor “%s”: starting the sweep again", cursor);
      page = 0;
    }

  if (listing && page == 0)
    {
      /* A new sweep.  Nothing cached in the status: nothing to do; a
       * couple of objects: by id, cheaper than a list. */
      g_autoptr(GPtrArray) ids = cached_ids (store, res, status, FALSE, error);

      if (ids == NULL)
        return FALSE;
      if (ids->len == 0)
        return TRUE;
      if (ids->len <= BY_ID_LIMIT)
        return refresh_by_id (run, store, res, ids, NULL, pages, objects, error);
    }

  if (listing)
    {
      g_autoptr(GHashTable) filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(BdSyncFetcher) fetcher = NULL;

      g_hash_table_insert (filters, g_strdup (res->status_param), g_strdup (status));
      fetcher = bd_sync_fetcher_start (run, res, filters, FALSE, NO_TIME, NO_TIME, (guint) page,
                               run->sweep_pages);
      for (guint n = 1; ; n++)
        {
          g_autoptr(BdSyncPage) p = bd_sync_fetcher_take (fetcher, G_MAXINT64);
          g_autofree char *next = NULL;

          if (p->error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&p->error));
              return FALSE;
            }
          next = p->last ? g_strdup ("gone") : g_strdup_printf ("sweep %u", p->number + 1);
          if (!store_batch (run, store, res,
                            &(Batch) { .models = p->models, .raws = p->raws,
                                       .cursor_key = key, .cursor = next,
                                       .seen_status = status, .clear_seen = p->number == 0 },
                            error))
            return FALSE;
          (*pages)++;
          *objects += p->models->len;
          report (run, res->name, BD_SYNC_PHASE_REFRESH, *pages, *objects, NO_TIME);
          if (p->last)
            break;
          if (n >= run->sweep_pages)
            return TRUE;   /* the next run goes on from here */
        }
    }

  /* The whole list is read.  The cached objects of the status it did not
   * show have left the status (or moved between pages while the sweep
   * went): by id. */
  gone = cached_ids (store, res, status, TRUE, error);
  if (gone == NULL)
    return FALSE;
  if (gone->len > 0 && !refresh_by_id (run, store, res, gone, status, pages, objects, error))
    return FALSE;
  return bd_store_write (store, end_sweep, &(SweepEnd) { res->name, status, key }, error);
}

static gboolean
refresh_resource (BdSyncRun             *run,
                  BdStore         *store,
                  const BdSyncResource  *res,
                  GError         **error)
{
  guint pages = 0;
  guint64 objects = 0;

  report (run, res->name, BD_SYNC_PHASE_REFRESH, pages, objects, NO_TIME);
  for (guint s = 0; res->live[s] != NULL; s++)
    if (!sweep_status (run, store, res, res->live[s], &pages, &objects, error))
      return FALSE;
  return TRUE;
}

static gboolean
store_last_success (BdStore   *store,
                    gpointer   data,
                    GError   **error)
{
  return bd_store_set_full_pass (store, LAST_SUCCESS_KEY, data, error);
}

static BdStore *
open_store (const char  *path,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  BdStore *store;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, BD_SYNC_ERROR, BD_SYNC_ERROR_CACHE,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  store = bd_store_open (path, error);
  if (store != NULL)
    {
      /* The writer's own connection: a larger page cache keeps the id and
       * FTS indexes of a large first pass in memory (≈ 32 MB at most). */
      sqlite3_exec (bd_store_get_db (store), "PRAGMA cache_size = -32768", NULL, NULL, NULL);
    }
  return store;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  BdSyncRun *run = task_data;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) finished = NULL;
  const char *failing = resources[0].name;
  gboolean was_full[N_RESOURCES] = { FALSE };

  store = open_store (run->path, &error);
  if (store == NULL)
    goto fail;

  failing = resources[R_PRODUCTS].name;
  if (!sync_products (run, store, &error))
    goto fail;

  for (guint i = R_CUSTOMERS; i < N_RESOURCES; i++)
    {
      failing = resources[i].name;
      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !sync_window (run, store, &resources[i], &was_full[i], &error))
        goto fail;
    }

  /* What a full pass just read needs no refresh. */
  for (guint i = 0; i < N_RESOURCES; i++)
    {
      if (resources[i].live == NULL || was_full[i])
        continue;
      failing = resources[i].name;
      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !refresh_resource (run, store, &resources[i], &error))
        goto fail;
    }

  finished = g_date_time_new_now_utc ();
  if (!bd_store_write (store, store_last_success, finished, &error))
    goto fail;

  report (run, "", BD_SYNC_PHASE_DONE, 0, run->total_objects, NO_TIME);
  g_task_return_pointer (task, g_steal_pointer (&finished), (GDestroyNotify) g_date_time_unref);
  return;

fail:
  g_task_return_error (task, sync_error_from (error, failing));
}

/* The object */

static void
set_running (BdSync   *self,
             gboolean  running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
read_last_success (BdSync *self)
{
  g_autoptr(BdStore) store = NULL;

  /* Only an existing file is read; nothing is created here (main thread). */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return;
  store = bd_store_open (self->path, NULL);
  if (store != NULL)
    self->last_success = bd_sync_read_last_success (store, NULL);
}

static void
bd_sync_constructed (GObject *object)
{
  BdSync *self = BD_SYNC (object);

  G_OBJECT_CLASS (bd_sync_parent_class)->constructed (object);
  g_return_if_fail (self->client != NULL && self->path != NULL);
  read_last_success (self);
}

static void
bd_sync_finalize (GObject *object)
{
  BdSync *self = BD_SYNC (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->last_success, g_date_time_unref);

  G_OBJECT_CLASS (bd_sync_parent_class)->finalize (object);
}

static void
bd_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BdSync *self = BD_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_boxed (value, self->last_success);
      break;
    case PROP_OVERLAP_SECONDS:
      g_value_set_uint (value, self->overlap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  BdSync *self = BD_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_OVERLAP_SECONDS:
      bd_sync_set_overlap_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_sync_class_init (BdSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_sync_constructed;
  object_class->finalize = bd_sync_finalize;
  object_class->get_property = bd_sync_get_property;
  object_class->set_property = bd_sync_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BD_TYPE_DODO_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_boxed ("last-success", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERLAP_SECONDS] =
    g_param_spec_uint ("overlap-seconds", NULL, NULL, 0, 7 * 24 * 3600, DEFAULT_OVERLAP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BD_TYPE_SYNC_PROGRESS | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bd_sync_init (BdSync *self)
{
  self->overlap = DEFAULT_OVERLAP;
  self->pages_per_transaction = DEFAULT_PAGES_PER_TRANSACTION;
  self->sweep_pages = SWEEP_PAGES;
}

BdSync *
bd_sync_new (BdDodoClient *client,
             const char   *store_path)
{
  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  return g_object_new (BD_TYPE_SYNC, "client", client, "store-path", store_path, NULL);
}

BdDodoClient *
bd_sync_get_client (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), NULL);
  return self->client;
}

const char *
bd_sync_get_store_path (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), NULL);
  return self->path;
}

gboolean
bd_sync_get_running (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), FALSE);
  return self->running;
}

GDateTime *
bd_sync_get_last_success (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), NULL);
  return self->last_success;
}

guint
bd_sync_get_overlap_seconds (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), 0);
  return self->overlap;
}

void
bd_sync_set_overlap_seconds (BdSync *self,
                             guint   seconds)
{
  g_return_if_fail (BD_IS_SYNC (self));

  if (self->overlap == seconds)
    return;
  self->overlap = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERLAP_SECONDS]);
}

guint
bd_sync_get_pages_per_transaction (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), 1);
  return self->pages_per_transaction;
}

void
bd_sync_set_pages_per_transaction (BdSync *self,
                                   guint   pages)
{
  g_return_if_fail (BD_IS_SYNC (self));
  self->pages_per_transaction = CLAMP (pages, 1, 1000);
}

guint
bd_sync_get_sweep_pages (BdSync *self)
{
  g_return_val_if_fail (BD_IS_SYNC (self), SWEEP_PAGES);
  return self->sweep_pages;
}

void
bd_sync_set_sweep_pages (BdSync *self,
                         guint   pages)
{
  g_return_if_fail (BD_IS_SYNC (self));
  self->sweep_pages = CLAMP (pages, 1, 1000);
}

void
bd_sync_set_full (BdSync   *self,
                  gboolean  full)
{
  g_return_if_fail (BD_IS_SYNC (self));
  self->full = !!full;
}

void
bd_sync_run_async (BdSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BdSyncRun *run;

  g_return_if_fail (BD_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, BD_SYNC_ERROR, BD_SYNC_ERROR_BUSY,
                               _("The offline copy is being updated already"));
      return;
    }

  run = g_atomic_rc_box_new0 (BdSyncRun);
  run->sync = g_object_ref (self);
  run->client = g_object_ref (self->client);
  run->path = g_strdup (self->path);
  run->context = g_main_context_ref_thread_default ();
  run->full = self->full;
  run->overlap_usec = (gint64) self->overlap * G_USEC_PER_SEC;
  run->pages_per_transaction = self->pages_per_transaction;
  run->sweep_pages = self->sweep_pages;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&run->mutex);
  g_task_set_task_data (task, run, (GDestroyNotify) run_unref);

  self->full = FALSE;
  set_running (self, TRUE);
  g_task_run_in_thread (task, run_thread);
}

gboolean
bd_sync_run_finish (BdSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_autoptr(GDateTime) finished = NULL;
  GTask *task = G_TASK (result);
  gboolean was_run;

  g_return_val_if_fail (BD_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* A BUSY refusal never started a run, so it must not end this one. */
  was_run = g_task_get_task_data (task) != NULL;
  finished = g_task_propagate_pointer (task, error);
  if (was_run)
    {
      if (finished != NULL)
        {
          g_clear_pointer (&self->last_success, g_date_time_unref);
          self->last_success = g_date_time_ref (finished);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
        }
      set_running (self, FALSE);
    }
  return finished != NULL;
}

GDateTime *
bd_sync_read_last_success (BdStore  *store,
                           GError  **error)
{
  GDateTime *when = NULL;

  g_return_val_if_fail (BD_IS_STORE (store), NULL);

  if (!bd_store_get_sync_state (store, LAST_SUCCESS_KEY, NULL, &when, error))
    return NULL;
  return when;
}
