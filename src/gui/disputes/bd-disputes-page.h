/* bd-disputes-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-list-page.h"

G_BEGIN_DECLS

#define BD_TYPE_DISPUTES_PAGE (bd_disputes_page_get_type ())

G_DECLARE_FINAL_TYPE (BdDisputesPage, bd_disputes_page, BD, DISPUTES_PAGE, BdListPage)

GtkWidget *bd_disputes_page_new (void);

G_END_DECLS
