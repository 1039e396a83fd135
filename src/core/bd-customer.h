/* bd-customer.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A customer (dodo-api.md §3.4).  Properties: the table in bd-customer.c. */

#define BD_TYPE_CUSTOMER (bd_customer_get_type ())
G_DECLARE_FINAL_TYPE (BdCustomer, bd_customer, BD, CUSTOMER, BdModel)

BdCustomer *bd_customer_new (void);

G_END_DECLS
