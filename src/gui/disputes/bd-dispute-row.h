/* bd-dispute-row.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-item-row.h"

G_BEGIN_DECLS

/* A row of the Disputes list (its item a BdDispute): amount, status and
 * stage, the reason, links to the payment and the customer
 * (win.show-payment, win.show-customer), the day it was opened and its
 * age. */

#define BD_TYPE_DISPUTE_ROW (bd_dispute_row_get_type ())

G_DECLARE_FINAL_TYPE (BdDisputeRow, bd_dispute_row, BD, DISPUTE_ROW, BdItemRow)

/* The age of something opened at @opened, as of @now: "Today", "1 day",
 * "12 days".  (transfer full) */
char *bd_dispute_row_describe_age (GDateTime *opened,
                                   GDateTime *now);

G_END_DECLS
