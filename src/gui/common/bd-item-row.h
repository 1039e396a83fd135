/* bd-item-row.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * BdItemRow: the base of a list row that shows one model object, its
 * "item".  A list binds the row's item to the list item's in a
 * GtkBuilderListItemFactory template (as GNOME Text Editor's sidebar rows
 * are), and the row follows the object's own "notify" (a GSignalGroup), so
 * a refresh that updates the object in place updates the row: no handler
 * ids kept by hand.  A subclass lays its labels out in its template (the
 * row is a horizontal box, 12 px apart) and fills them in update().
 */

#define BD_TYPE_ITEM_ROW (bd_item_row_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdItemRow, bd_item_row, BD, ITEM_ROW, GtkWidget)

struct _BdItemRowClass
{
  GtkWidgetClass parent_class;

  /* Required: show @item (never NULL). */
  void (*update) (BdItemRow *self,
                  gpointer   item);
};

gpointer bd_item_row_get_item (BdItemRow *self);
void     bd_item_row_set_item (BdItemRow *self,
                               GObject   *item);

G_END_DECLS
