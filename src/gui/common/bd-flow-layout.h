/* bd-flow-layout.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lays a widget's children out side by side at their natural widths,
 * wrapping onto another line like words when the width runs out (a
 * GtkFlowBox would align them in a grid and stretch them); @spacing
 * pixels between children and between lines.  The invoice list's filter
 * bar.  It replaces the widget's own layout (a GtkBox's spacing then does
 * nothing). */
#define BD_TYPE_FLOW_LAYOUT (bd_flow_layout_get_type ())

G_DECLARE_FINAL_TYPE (BdFlowLayout, bd_flow_layout, BD, FLOW_LAYOUT, GtkLayoutManager)

GtkLayoutManager *bd_flow_layout_new (int spacing);

G_END_DECLS
