/* bd-customer-row.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-item-row.h"

G_BEGIN_DECLS

/* A row of the Customers list (its item a BdCustomer): name and email on
 * two lines, the day the customer was created on the right. */

#define BD_TYPE_CUSTOMER_ROW (bd_customer_row_get_type ())

G_DECLARE_FINAL_TYPE (BdCustomerRow, bd_customer_row, BD, CUSTOMER_ROW, BdItemRow)

G_END_DECLS
