/* bd-sandbox-persist.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-state.h"
#include "bd-sandbox-webhooks.h"

G_BEGIN_DECLS

/* --data-dir: the sandbox's state in DIR/sandbox.db (SQLite), so that a
 * demo survives a restart.
 *
 * What is stored: the seed ("demo", a number of payments, or none) and the
 * UTC day it was seeded on, the clock's offset from real time, the id
 * serial, and every object that was made or changed while running, as its
 * codec JSON in one table per kind (products, customers, subscriptions,
 * refunds, disputes, checkouts, payments) with its position in the
 * collection.  Seeded objects are not stored until they change: a restart
 * seeds again from the same seed and day (which gives the same objects),
 * then lays the stored rows over them.  Seeded payments are never stored,
 * they stay generated.
 *
 * Writes go through at once: bd_sandbox_persist_sync() after every request
 * (bd-sandbox-server.c), when an object changes outside one (the
 * scheduler), and on exit.  It finds new objects by the collections'
 * lengths (they only grow) and changed ones by their ::notify.
 *
 * Also stored: an unpaid checkout session's subscription_data.on_demand
 * (beside its request), and the webhook endpoints (their WebhookDetails
 * as codec JSON, their secrets and idempotency keys) with the serial of
 * the whk_/msg_ ids, rewritten whenever the endpoints' ::changed fires.
 * The delivery log is not stored: it starts empty after a restart, and
 * retries that were pending are not made. */

typedef struct _BdSandboxPersist BdSandboxPersist;

/* Opens DIR/sandbox.db, creating DIR and the file as needed.
 * (transfer full) (nullable) */
BdSandboxPersist *bd_sandbox_persist_open       (const char        *dir,
                                                 GError           **error);
void              bd_sandbox_persist_free       (BdSandboxPersist  *self);

/* TRUE when the file holds a saved sandbox; its seed: "demo", "N", or
 * NULL when it was not seeded.  (transfer none) */
gboolean          bd_sandbox_persist_has_state  (BdSandboxPersist  *self);
const char       *bd_sandbox_persist_get_seed   (BdSandboxPersist  *self);

/* Fills @state (new and empty, on a clock of its own) from the file: seeds
 * it as it was seeded, lays the stored objects over, restores the serial
 * and the clock's offset; then watches it like bd_sandbox_persist_attach(). */
gboolean          bd_sandbox_persist_restore    (BdSandboxPersist  *self,
                                                 BdSandboxState    *state,
                                                 GError           **error);
/* Starts saving @state, freshly seeded with @seed (nullable) at
 * @seeded_at (sandbox µs, read before seeding). */
void              bd_sandbox_persist_attach     (BdSandboxPersist  *self,
                                                 BdSandboxState    *state,
                                                 const char        *seed,
                                                 gint64             seeded_at);

/* Called by bd_sandbox_webhooks_new(): when @state has a persist, it
 * restores the saved endpoints into @webhooks (after a restore) and saves
 * them from then on.  Restore and attach do the same for webhooks made
 * before them. */
void              bd_sandbox_persist_add_webhooks (BdSandboxState    *state,
                                                   BdSandboxWebhooks *webhooks);

/* Writes what changed since the last call, in one transaction. */
void              bd_sandbox_persist_sync       (BdSandboxPersist  *self);
/* The same for the persist attached to @state, if any. */
void              bd_sandbox_persist_sync_state (BdSandboxState    *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSandboxPersist, bd_sandbox_persist_free)

G_END_DECLS
