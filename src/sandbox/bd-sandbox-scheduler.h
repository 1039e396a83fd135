/* bd-sandbox-scheduler.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-sandbox-private.h"
#include "bd-subscription.h"

G_BEGIN_DECLS

/* What happens to subscriptions as sandbox time passes.  When the clock
 * advances (and once a second as real time passes) every event that fell
 * due runs in time order, at its own time:
 *
 *   - a billing date of an active subscription renews it: a payment with
 *     the card of the checkout that made it, then payment.succeeded and
 *     subscription.renewed, and the next billing date one billing period
 *     later; the end of a trial is such a billing date (the first charge);
 *     a declined charge gives payment.failed and subscription.on_hold;
 *   - with cancel_at_next_billing_date the billing date cancels it instead
 *     (subscription.cancelled);
 *   - the end of its term (expires_at, else created_at plus the
 *     subscription period) expires it (subscription.expired).
 *
 * Paused, on_hold and ended subscriptions wait.  Also here: the test cards
 * and POST /_sandbox/disputes. */

#define BD_TYPE_SANDBOX_SCHEDULER (bd_sandbox_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxScheduler, bd_sandbox_scheduler, BD, SANDBOX_SCHEDULER, GObject)

/* Starts watching @state's clock.  (transfer full) */
BdSandboxScheduler *bd_sandbox_scheduler_new   (BdSandboxState     *state);
/* Runs everything due up to the state's now. */
void                bd_sandbox_scheduler_run   (BdSandboxScheduler *self);

/* Test cards (dodo-api.md §7): 4000000000000002 and 4000000000000127
 * decline every charge; 4000000000000341 pays at checkout and declines
 * every later charge (@renewal). */
gboolean     bd_sandbox_card_declines          (const char         *card,
                                                gboolean            renewal);
/* The card a subscription is charged with (the sandbox's own record, not
 * in the API); NULL means one that pays.  (transfer none) (nullable) */
const char  *bd_sandbox_subscription_get_card  (BdSubscription     *sub);
void         bd_sandbox_subscription_set_card  (BdSubscription     *sub,
                                                const char         *card);

/* @dt plus @count (at least 1) @interval (a month when unknown).
 * (transfer full) */
GDateTime   *bd_sandbox_add_interval           (GDateTime          *dt,
                                                BdTimeInterval      interval,
                                                gint64              count);

/* The one payment builder: a card payment of @total at sandbox time @at
 * (µs; 0 = now), succeeded when @paid, else failed with CARD_DECLINED; no
 * tax, settled in its own currency.  The caller adds the customer, the
 * billing address and what it paid for, then the state.  (transfer full) */
BdPayment   *bd_sandbox_card_payment_new       (BdSandboxState     *state,
                                                const BdMoney      *total,
                                                gint64              at,
                                                const char         *card,
                                                gboolean            paid);
/* A later charge of @sub (renewal, on-demand charge, plan change): a card
 * payment of @total with @sub's card, customer and billing address, added
 * to @state.  Emits nothing.  (transfer full) */
BdPayment   *bd_sandbox_subscription_charge    (BdSandboxState     *state,
                                                BdSubscription     *sub,
                                                const BdMoney      *total,
                                                gint64              at);

/* POST /_sandbox/disputes {payment_id, amount?, reason?}: opens a dispute
 * on a succeeded payment (dispute.opened). */
void         bd_sandbox_disputes_open_route    (BdSandboxRequest   *req);

G_END_DECLS
