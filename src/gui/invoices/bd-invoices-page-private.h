/* bd-invoices-page-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bd-invoice-detail.h"
#include "bd-invoices-filter-bar.h"
#include "bd-invoices-page.h"
#include "bd-query-model.h"
#include "bd-totals-bar.h"

G_BEGIN_DECLS

/*
 * BdInvoicesPage spans two files that share this struct:
 *   bd-invoices-page.c     the page: models, selection, the detail pane,
 *                          BdPage, actions
 *   bd-invoices-columns.c  the column views' cells, the sort probe, the
 *                          columns folding to the list's width, and the
 *                          invoice-columns setting
 * The filters are BdInvoicesFilterBar's, the totals BdTotalsBar's.
 */

struct _BdInvoicesPage
{
  AdwBin               parent_instance;

  BdInvoiceDetail     *detail;
  GtkToggleButton     *detail_button;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  BdInvoicesFilterBar *filter_bar;
  AdwFlap             *flap;
  GtkColumnView       *invoices_view;
  AdwBin              *list_box;
  GtkMenuButton       *menu_button;
  AdwStatusPage       *no_match_page;
  GtkColumnView       *refunds_view;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  BdTotalsBar         *totals_bar;
  GtkStack            *view_stack;

  BdAccount           *account;
  BdStore             *store;
  BdDodoClient        *client;

  BdQueryModel        *payments;
  BdQueryModel        *refunds;
  GtkSingleSelection  *payments_selection;
  GtkSingleSelection  *refunds_selection;

  GHashTable          *names;           /* product or customer id → name */
  GSettings           *settings;
  gboolean             fitting;         /* columns being folded or shown */
};

/* bd-invoices-page.c */
gboolean    _bd_invoices_page_showing_credit_notes (BdInvoicesPage *self);

/* bd-invoices-columns.c */

/* Fills both views with their columns as the invoice-columns setting
 * says, fits them to the list's width from then on, and adds a
 * "column-KEY" action to @actions and an item to @section for each
 * invoice column. */
void        _bd_invoices_page_setup_columns   (BdInvoicesPage *self,
                                               GActionMap     *actions,
                                               GMenu          *section);
void        _bd_invoices_page_refit_columns   (BdInvoicesPage *self);
/* Sorts @model in the order @view's headers say. */
void        _bd_invoices_page_apply_sort      (GtkColumnView  *view,
                                               BdQueryModel   *model);
/* Whether a column @view shows has two lines per row. */
gboolean    _bd_invoices_page_has_two_lines   (GtkColumnView  *view);
/* Scrolls @view to its row at @position. */
void        _bd_invoices_page_scroll_to       (GtkColumnView  *view,
                                               guint           position);
/* A name from the cache by id, remembered until the next refresh; @id when
 * the cache has none.  (transfer none) */
const char *_bd_invoices_page_lookup_name     (BdInvoicesPage *self,
                                               GType           type,
                                               const char     *id);

G_END_DECLS
