/* bd-session.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-store.h"
#include "bd-sync.h"

G_BEGIN_DECLS

/*
 * BdSession: one account open in a window, without any widget.  It owns
 * what the data pages and the sync share:
 *
 *   - the account's BdDodoClient, whose key is read from the keyring
 *     asynchronously (never a blocking keyring call on the main thread);
 *     until it arrives, or when there is none, a request fails at once
 *     (no key: BD_SYNC_ERROR_UNAUTHORIZED for the sync);
 *   - the main thread's read connection on the account's cache
 *     (bd_store_path_for_account()), opened in a worker thread together
 *     with the BdSync (both create the file or read it);
 *   - one BdSync, run on demand (bd_session_sync()) and every
 *     sync-interval minutes after the last run ended.
 *
 * Signals, on the main thread:
 *   "sync-started"
 *   "sync-progress" (BdSyncProgress *)
 *   "cache-changed": a run committed rows; readers refresh.  Emitted at
 *       most every half second during a run, and once when it ends.
 *   "sync-finished" (GError *, nullable): the run ended; NULL on success.
 *       Not emitted for a run cancelled by bd_session_close().
 */

#define BD_TYPE_SESSION (bd_session_get_type ())

G_DECLARE_FINAL_TYPE (BdSession, bd_session, BD, SESSION, GObject)

BdSession    *bd_session_new               (BdAccount            *account);

/* Opens the cache and reads the key.  Finishes once the cache is open (the
 * key may still be on its way).  (transfer full) on the session. */
void          bd_session_open_async        (BdSession            *self,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      bd_session_open_finish       (BdSession            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

BdAccount    *bd_session_get_account       (BdSession            *self);
/* (transfer none) (nullable): NULL until the session is open. */
BdStore      *bd_session_get_store         (BdSession            *self);
BdDodoClient *bd_session_get_client        (BdSession            *self);
/* The end of the last successful sync of this cache.  (transfer none) (nullable) */
GDateTime    *bd_session_get_last_success  (BdSession            *self);
gboolean      bd_session_get_syncing       (BdSession            *self);

/* Starts a sync now, unless one runs already (or, before the key has
 * been read, as soon as it has). */
void          bd_session_sync              (BdSession            *self);
/* Minutes between the end of a run and the next; 0: only when asked. */
void          bd_session_set_interval      (BdSession            *self,
                                            guint                 minutes);
/* While paused (e.g. a key was refused and the person chose to keep it)
 * the timer starts no run; bd_session_sync() still does. */
void          bd_session_set_paused        (BdSession            *self,
                                            gboolean              paused);
/* A write (BdWriter) committed rows to this cache: "cache-changed" now,
 * so every page updates in place. */
void          bd_session_cache_written     (BdSession            *self);
/* Uses @key for the next requests (after the keyring took it). */
void          bd_session_set_api_key       (BdSession            *self,
                                            const char           *key);

/* Cancels what runs and stops the timer; no signal is emitted afterwards.
 * @callback (nullable) runs once no sync thread of this session is left
 * (at once when none runs), so the cache file may be deleted then. */
void          bd_session_close             (BdSession            *self,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      bd_session_close_finish      (BdSession            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Words for the window (transfer full). */

/* "today at 15:40", "yesterday at 09:12", "3 March, 10:00", "3 March 2025". */
char         *bd_session_format_time       (GDateTime            *when);
/* What a run is doing, how far and how many: "Downloading payments — 1,200
 * so far, back to 3 March 2025"; @fraction (nullable) gets how far along
 * the run is, 0 to 1. */
char         *bd_session_describe_progress (const BdSyncProgress *progress,
                                            double               *fraction);

G_END_DECLS
