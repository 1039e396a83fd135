/* bd-product.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-model.h"

G_BEGIN_DECLS

/* A product and its price (dodo-api.md §3.5), flattened: the Price union's
 * members are properties of the product ("price-type", "price",
 * "payment-frequency-interval", …), unset where the type has no such member.
 * Pay what you want: "pay-what-you-want" TRUE, "price" is then the
 * minimum and "suggested-price" the suggestion.  "discount" is a
 * percentage 0–100.  Usage-based prices list their meters in "meters", a
 * GListModel of BdMeter (a subscription's meters too).  "archived" is not in
 * the JSON: the store sets it from the archived=true listing.
 * The properties and their JSON keys are the table in bd-product.c. */

#define BD_TYPE_PRODUCT (bd_product_get_type ())
G_DECLARE_FINAL_TYPE (BdProduct, bd_product, BD, PRODUCT, BdModel)

BdProduct *bd_product_new (void);

#define BD_TYPE_METER (bd_meter_get_type ())
G_DECLARE_FINAL_TYPE (BdMeter, bd_meter, BD, METER, BdModel)

BdMeter *bd_meter_new (void);

G_END_DECLS
