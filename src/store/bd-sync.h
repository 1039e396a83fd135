/* bd-sync.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-dodo-client.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdSync: brings one account's cache (a BdStore file) up to date with Dodo
 * (design §5, §6).  No GTK here; the window, the command line and the tests
 * drive the same engine.
 *
 * Threads.  bd_sync_run_async() runs the whole sync in a GTask worker thread
 * with its own BdStore connection to the file and the client's blocking
 * requests; two short-lived threads per listing fetch and decode the next
 * pages (two requests in flight, at most three pages ahead, handed over in
 * order; a page after the first is asked for only once the first is in)
 * while the worker writes the current one.  So the server builds one page
 * while this side decodes another; the price is at most one request past
 * the end of a listing longer than a page.  Nothing blocks the
 * caller's thread.  "progress" and "rows-changed" are emitted on the
 * thread-default main context of the caller of bd_sync_run_async(),
 * coalesced (at most one pending emission of each at a time), so a fast
 * sync cannot flood the main loop.  The client must be usable from worker
 * threads (bd_account_create_client() or _create_headless_client()), and
 * its request budget (requests-per-second) is the sync's: every request
 * the sync makes, retries included, waits for it.
 *
 * What a run does, per resource, in this order:
 *
 *   products       the whole list (on sale, then archived) every run: Dodo's
 *                  product list takes no created_at filter, and products
 *                  are few;
 *   customers, subscriptions, payments, refunds, disputes
 *                  a listing of the window [cursor − overlap, now]: the
 *                  first run's window has no lower end (a full pass).
 *
 * then the refresh of the objects that can still change: subscriptions that
 * are pending, active, on hold or paused; payments in a non-final status
 * (processing, requires_…); pending refunds; open or challenged disputes.
 * A refund or dispute that its payment's cached JSON does not show yet (new,
 * or with another status) makes the sync read that payment again (GET by
 * id), in the same transaction as the refund or dispute.
 *
 * Windows, newest first.  Dodo lists are newest first and page by number,
 * so a window is walked from its newest end.  The first page is asked for
 * with only created_at_gte; the newest created_at on it, H, becomes the
 * window's fixed top: every later page adds created_at_lte=H.  Objects
 * created meanwhile are newer than H and stay out of the window, so the
 * positions in it do not move; the walk ends at a short page.  (Were an
 * object created inside the window meanwhile, positions would move by one
 * towards the end: an object is seen twice, never skipped; upserts are
 * idempotent.)  The cursor is *not* the newest time until the whole window
 * is stored: while a window is walked, each page's rows are stored in the
 * same transaction as "run G H P PREV" (lower end, top, next page number,
 * the previous high-water mark); the last page stores "done HWM".  A kill
 * at any moment therefore resumes at the first page not committed, with
 * the same G and H.  The next run's window starts at HWM minus the overlap
 * (default 300 s; created_at_gte is inclusive, so objects with the very
 * same timestamp, or written a little late, are read again, which the
 * upsert makes harmless).  Cursors are opaque strings in the store's
 * sync_state table, one per resource; "@sync" holds, as its
 * last_full_pass, the end of the last successful run.
 *
 * Search during a first pass.  A table with full-text search (customers,
 * subscriptions, payments) that has no cursor yet defers its search index:
 * the first page's transaction sets the table's fts_pending flag, the rows
 * stored meanwhile are not indexed, and the transaction of the window's
 * last page rebuilds the index and clears the flag (bd_store_defer_indexes(),
 * bd_store_catch_up_indexes()).  A kill keeps the flag and the next run
 * ends the same pass, so the index is whole when the pass ends, whatever
 * happened; until then a search in that list misses the rows not yet
 * indexed.  Tokenising the table once is much cheaper than page by page.
 *
 * Refresh by status.  A run does not re-read everything that can still
 * change (at a million payments that is ≈ 30,000 live subscriptions and
 * payments, 300 requests a run): it sweeps each such status in turn, at
 * most SWEEP_PAGES (5) pages of 100 of its list per run, its place kept
 * in a cursor "RESOURCE:STATUS" ("sweep P": page P is next; "gone": the
 * list is read) and the ids it saw in the sync_seen table, both committed
 * with each page.  When the list is read, the cached objects of the status
 * the sweep did not see (they left the status, or the list moved under the
 * sweep) are read by id, and the next sweep starts at page 0.  A status
 * with nothing cached costs nothing; with at most two objects, a GET each.
 * So a run costs at most 5 list pages per live status, whatever N, plus
 * one request per object that changed status; an edit to an object that
 * stays in its status arrives within ceil(objects / 500) runs of the
 * sweep (at a million payments, about 43 runs for the active
 * subscriptions, ≈ 11 hours at the default 15 minutes).  After a first or
 * a forced full pass of a resource there is nothing to refresh: it was
 * all just read.
 *
 * Errors.  Rows and their cursor commit together, a page or several at a
 * time (see bd_sync_set_pages_per_transaction()).  A page that fails (after
 * the client's retries, and after up to three reads of a page whose body
 * does not parse or decode) changes nothing: the pages before it are
 * committed and the run stops with a BD_SYNC_ERROR; the next run resumes
 * there.  A write that fails rolls back the open transaction, rows and
 * cursor alike, so the next run reads those pages again.
 */

#define BD_SYNC_ERROR (bd_sync_error_quark ())

typedef enum
{
  BD_SYNC_ERROR_FAILED,        /* anything else; the message says what */
  BD_SYNC_ERROR_UNAUTHORIZED,  /* 401, or no key stored: ask for a new key */
  BD_SYNC_ERROR_FORBIDDEN,     /* 403: the key may not read this */
  BD_SYNC_ERROR_OFFLINE,       /* no connection to the server */
  BD_SYNC_ERROR_SERVER,        /* 5xx, 429 or unreadable answers, after retries */
  BD_SYNC_ERROR_CACHE,         /* the cache file could not be opened or written */
  BD_SYNC_ERROR_BUSY,          /* this BdSync is already running */
} BdSyncError;

GQuark bd_sync_error_quark (void);

typedef enum
{
  BD_SYNC_PHASE_FULL,          /* the first pass over a resource (or --full) */
  BD_SYNC_PHASE_INCREMENTAL,   /* the window since the cursor */
  BD_SYNC_PHASE_REFRESH,       /* objects that can still change */
  BD_SYNC_PHASE_DONE,          /* the run ended; emitted once, on success */
} BdSyncPhase;

#define BD_TYPE_SYNC_PHASE (bd_sync_phase_get_type ())
GType        bd_sync_phase_get_type (void) G_GNUC_CONST;

/* What "progress" carries: what the sync is doing, how far, how many. */
typedef struct
{
  const char  *resource;       /* "payments", … */
  BdSyncPhase  phase;
  guint        pages;          /* pages stored for @resource in this phase */
  guint64      objects;        /* objects stored for @resource in this phase */
  GDateTime   *reached;        /* (nullable) the oldest created_at stored in
                                  this phase: "back to …" */
  guint        requests;       /* requests this run has made so far */
  guint64      total_objects;  /* objects stored by this run, all resources */
} BdSyncProgress;

#define BD_TYPE_SYNC_PROGRESS (bd_sync_progress_get_type ())
GType           bd_sync_progress_get_type (void) G_GNUC_CONST;
BdSyncProgress *bd_sync_progress_copy     (const BdSyncProgress *progress);
void            bd_sync_progress_free     (BdSyncProgress       *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSyncProgress, bd_sync_progress_free)

#define BD_TYPE_SYNC (bd_sync_get_type ())
G_DECLARE_FINAL_TYPE (BdSync, bd_sync, BD, SYNC, GObject)

/* A sync of the cache file @store_path (created with its folder when
 * missing) through @client.
 *
 * Signals (on the main context of the caller of bd_sync_run_async()):
 *   "progress" (BdSyncProgress *progress)
 *   "rows-changed" (const char *resource): rows of that table were
 *       committed; a reader (BdQueryModel) should reload.
 * Properties (notify on that context): "running", "last-success" (GDateTime,
 * nullable: the end of the last successful run of this cache, read from the
 * file at construction, so "Offline — showing data from …" can be shown at
 * once), "overlap-seconds" (default 300). */
BdSync      *bd_sync_new                 (BdDodoClient        *client,
                                          const char          *store_path);
BdDodoClient *bd_sync_get_client         (BdSync              *self);
const char  *bd_sync_get_store_path      (BdSync              *self);
gboolean     bd_sync_get_running         (BdSync              *self);
/* (transfer none) (nullable) */
GDateTime   *bd_sync_get_last_success    (BdSync              *self);
guint        bd_sync_get_overlap_seconds (BdSync              *self);
void         bd_sync_set_overlap_seconds (BdSync              *self,
                                          guint                seconds);

/* At most this many pages of a listing per write transaction (default
 * 100).  A window writes each page into the open transaction as it comes
 * and commits after this many pages, or once the transaction has been open
 * a second (also while it waits for the next page), or at the window's
 * end or a page that failed; the cursor always commits with the rows it
 * covers.  Rows reach the window at each commit.  Large transactions matter
 * in a first pass: every transaction writes again each page of the id
 * index it touches, and Dodo's ids are random, so a page of 100 payments
 * touches ≈ 100 of them (docs/benchmarks.md). */
guint        bd_sync_get_pages_per_transaction (BdSync        *self);
void         bd_sync_set_pages_per_transaction (BdSync        *self,
                                                guint          pages);

/* At most this many list pages per status that can still change, per run
 * (default 5), in the refresh's sweeps (see "Refresh by status" above). */
guint        bd_sync_get_sweep_pages     (BdSync              *self);
void         bd_sync_set_sweep_pages     (BdSync              *self,
                                          guint                pages);

/* The next run walks every listing from its newest end again (a full
 * pass), keeping the cursors until each pass is complete.  Catches edits
 * that no status filter finds (e.g. a customer's new e-mail). */
void         bd_sync_set_full            (BdSync              *self,
                                          gboolean             full);

/* One run.  BD_SYNC_ERROR_BUSY when a run is going on already.  Finish:
 * TRUE when every resource is up to date; else a BD_SYNC_ERROR (see above)
 * or G_IO_ERROR_CANCELLED, and what was stored before the failure stays. */
void         bd_sync_run_async           (BdSync              *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     bd_sync_run_finish          (BdSync              *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* The end of the last successful run recorded in @store, or NULL.  For a
 * reader that has no BdSync.  (transfer full) (nullable) */
GDateTime   *bd_sync_read_last_success   (BdStore             *store,
                                          GError             **error);

/* The resources a run covers, in order, NULL-terminated.  (transfer none) */
const char * const *bd_sync_resources    (void);

G_END_DECLS
