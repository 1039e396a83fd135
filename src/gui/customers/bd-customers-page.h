/* bd-customers-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-store.h"

G_BEGIN_DECLS

#define BD_TYPE_CUSTOMERS_PAGE (bd_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (BdCustomersPage, bd_customers_page, BD, CUSTOMERS_PAGE, AdwBin)

/* The Customers page: every cached customer (newest first) with name,
 * email and the day they became one, and a search as you type (names,
 * emails, ids: BdQueryModel's full-text search).  States: loading, the
 * list, "No customers yet", "No customers match", and an error when the
 * cache cannot be read.  The page contract (see HACKING.md, "The window
 * and sync"): set_data, then refresh after each committed sync. */
GtkWidget *bd_customers_page_new      (void);
void       bd_customers_page_set_data (BdCustomersPage *self,
                                       BdAccount       *account,
                                       BdStore         *store,
                                       BdDodoClient    *client);
void       bd_customers_page_refresh  (BdCustomersPage *self);
void       bd_customers_page_show_customer (BdCustomersPage *self,
                                            const char      *customer_id);

G_END_DECLS
