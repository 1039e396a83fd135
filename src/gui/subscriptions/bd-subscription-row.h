/* bd-subscription-row.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-item-row.h"

G_BEGIN_DECLS

/* A row of the Subscriptions list (its item a BdSubscription): the
 * product with its status tag over the customer on the left, the amount
 * per period over when it renews (or ended) on the right. */

#define BD_TYPE_SUBSCRIPTION_ROW (bd_subscription_row_get_type ())

G_DECLARE_FINAL_TYPE (BdSubscriptionRow, bd_subscription_row, BD, SUBSCRIPTION_ROW, BdItemRow)

G_END_DECLS
