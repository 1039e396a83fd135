/* sync-test.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bd-dodo-client.h"
#include "bd-store.h"
#include "bd-test-sandbox.h"

G_BEGIN_DECLS

/* Helpers shared by the sync tests (suite 'store') and its benchmark. */

/* bd_test_sandbox_client() with room for more retries (fault tests). */
BdDodoClient  *sync_test_client        (BdTestSandbox *sandbox);

/* Requests the sandbox served since the last reset, not counting its
 * /_sandbox/ routes; resets the counts when @reset. */
guint          sync_test_requests      (BdTestSandbox *sandbox,
                                        gboolean       reset);

/* Runs one BdSync to its end on a private main loop.  @out_progress:
 * (optional) how many "progress" signals came. */
gboolean       sync_test_run           (BdDodoClient  *client,
                                        const char    *store_path,
                                        guint         *out_progress,
                                        GError       **error);

/* Asserts that the cache at @store_path holds exactly what the sandbox
 * serves: the same objects, field by field (and the same raw JSON for the
 * listed resources), nothing more. */
void           sync_test_assert_exact  (BdTestSandbox *sandbox,
                                        BdDodoClient  *client,
                                        const char    *store_path);

/* Makes @k new customers, @k paid checkouts (about half of them
 * subscriptions), refunds and a dispute on some of those payments, and
 * cancels and edits a seeded subscription. */
void           sync_test_make_changes  (BdTestSandbox *sandbox,
                                        guint          k);

/* PRAGMA integrity_check of @path, as text ("ok").  (transfer full) */
char          *sync_test_integrity     (const char    *path);

/* Deletes @path and everything below it, never following links. */
void           sync_test_remove_tree   (const char    *path);

G_END_DECLS
