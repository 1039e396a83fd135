/* bd-checkout-session.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A checkout session as GET /checkouts/{id} returns it (dodo-api.md §3.8),
 * plus the "checkout-url" of the create response.  POST /checkouts answers
 * {session_id, checkout_url}: the codec maps session_id to "id" there.
 * "payment-status" is an IntentStatus.  Properties: the table in
 * bd-checkout-session.c. */

#define BD_TYPE_CHECKOUT_SESSION (bd_checkout_session_get_type ())
G_DECLARE_FINAL_TYPE (BdCheckoutSession, bd_checkout_session, BD, CHECKOUT_SESSION, BdModel)

BdCheckoutSession *bd_checkout_session_new (void);

G_END_DECLS
