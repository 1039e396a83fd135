/* bd-customer.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-customer"

#include "config.h"

#include "bd-customer.h"

static const BdField customer_fields[] = {
  BD_STRING   ("customer-id", "customer_id", 0),
  BD_STRING   ("business-id", "business_id", 0),
  BD_DATETIME ("created-at", "created_at", 0),
  BD_STRING   ("email", "email", 0),
  BD_STRING   ("name", "name", 0),
  BD_STRING   ("phone-number", "phone_number", BD_FIELD_OPTIONAL),
  BD_METADATA ("metadata", "metadata", BD_FIELD_OPTIONAL),
};

BD_DEFINE_MODEL (BdCustomer, bd_customer, customer_fields)
