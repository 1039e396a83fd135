/* bd-dispute.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A dispute (dodo-api.md §3.7): one type for the three shapes Dispute,
 * GetDispute and DisputeListItem (the members not in all of them are
 * optional).  Properties: the table in bd-dispute.c. */

#define BD_TYPE_DISPUTE (bd_dispute_get_type ())
G_DECLARE_FINAL_TYPE (BdDispute, bd_dispute, BD, DISPUTE, BdModel)

BdDispute *bd_dispute_new (void);

G_END_DECLS
