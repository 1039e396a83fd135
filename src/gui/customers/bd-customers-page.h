/* bd-customers-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-list-page.h"

G_BEGIN_DECLS

#define BD_TYPE_CUSTOMERS_PAGE (bd_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (BdCustomersPage, bd_customers_page, BD, CUSTOMERS_PAGE, BdListPage)

GtkWidget *bd_customers_page_new (void);

G_END_DECLS
