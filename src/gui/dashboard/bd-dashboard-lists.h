/* bd-dashboard-lists.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-metrics-lists.h"

G_BEGIN_DECLS

/* The Dashboard's Renewals and Needs attention lists: rows of a boxed
 * GtkListBox, each named after its subscription's id and opening it
 * (win.show-subscription) when activated. */

/* Replaces the rows of @list with the renewals of @lists, and says in
 * @summary how many there are and what they bring, per currency. */
void  bd_dashboard_fill_renewals  (GtkListBox     *list,
                                   GtkLabel       *summary,
                                   BdMetricsLists *lists);
/* The same for Needs attention. */
void  bd_dashboard_fill_attention (GtkListBox     *list,
                                   GtkLabel       *summary,
                                   BdMetricsLists *lists);

/* A row was activated: opens its subscription. */
void  bd_dashboard_open_row       (GtkListBoxRow  *row);

G_END_DECLS
