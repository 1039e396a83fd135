/* bd-dashboard-page.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_DASHBOARD_PAGE (bd_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (BdDashboardPage, bd_dashboard_page, BD, DASHBOARD_PAGE, AdwBin)

GtkWidget  *bd_dashboard_page_new        (void);

/* The moment the numbers on screen are taken at (microseconds since 1970
 * UTC), 0 before the first computation has ended. */
gint64      bd_dashboard_page_get_as_of  (BdDashboardPage *self);

/* Whether a computation is under way (the first, or after a refresh). */
gboolean    bd_dashboard_page_is_loading (BdDashboardPage *self);

G_END_DECLS
