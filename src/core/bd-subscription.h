/* bd-subscription.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A subscription (dodo-api.md §3.3), its customer and billing address
 * flattened ("customer-email", "billing-country"); "addons" is a
 * GListModel of BdLineItem, "meters" of BdMeter.  Properties: the table in
 * bd-subscription.c. */

#define BD_TYPE_SUBSCRIPTION (bd_subscription_get_type ())
G_DECLARE_FINAL_TYPE (BdSubscription, bd_subscription, BD, SUBSCRIPTION, BdModel)

BdSubscription *bd_subscription_new (void);

G_END_DECLS
