/* bd-chart.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * BdChart: a small chart drawn with GtkSnapshot (the Dashboard's), in the
 * theme's colours, with the value under the pointer as its tooltip and the
 * numbers in words as its accessible description.
 *
 * Values are integers: minor units of the chart's currency (formatted with
 * BdMoney) or, without a currency, counts.  Where the marks sit is
 * bd_chart_layout(), a pure function of the values and the size, so tests
 * check the geometry rather than pixels.
 */

typedef enum
{
  BD_CHART_LINE,             /* one series over the labels, a line through points */
  BD_CHART_PAIRED_BARS,      /* two series side by side at each label */
  BD_CHART_HORIZONTAL_BARS,  /* one bar per label, left to right */
} BdChartKind;

/* The space around the plot, in pixels: the value axis' words on the left
 * (or the labels of horizontal bars), the labels below. */
#define BD_CHART_MARGIN_TOP     8.f
#define BD_CHART_MARGIN_RIGHT   8.f
#define BD_CHART_MARGIN_BOTTOM  24.f
#define BD_CHART_MARGIN_LEFT    72.f
/* Horizontal bars: their labels on the left, their values after them. */
#define BD_CHART_LABELS_WIDTH   96.f
#define BD_CHART_VALUES_WIDTH   48.f
#define BD_CHART_MAX_POINTS     16

typedef struct
{
  graphene_rect_t  plot;      /* the area inside the axes */
  gint64           top;       /* the value at the plot's far edge: a round number ≥ every value */
  guint            n;
  /* Per label: the bar of the first series (for a line, the band under
   * its point), and of the second (paired bars only). */
  graphene_rect_t  bars[BD_CHART_MAX_POINTS];
  graphene_rect_t  bars2[BD_CHART_MAX_POINTS];
  /* The line's points (the tops of the first series' bars). */
  graphene_point_t points[BD_CHART_MAX_POINTS];
} BdChartGeometry;

/* The smallest 1, 2 or 5 × 10^k at or above @value (1 for 0 or less). */
gint64      bd_chart_round_up     (gint64            value);

/* Where each mark of @n values (@values, and @values2 for paired bars,
 * else NULL) sits in a chart of @width × @height.  Negative values are
 * drawn as 0.  @n is at most BD_CHART_MAX_POINTS. */
void        bd_chart_layout       (BdChartKind       kind,
                                   const gint64     *values,
                                   const gint64     *values2,
                                   guint             n,
                                   float             width,
                                   float             height,
                                   BdChartGeometry  *out);

#define BD_TYPE_CHART (bd_chart_get_type ())

G_DECLARE_FINAL_TYPE (BdChart, bd_chart, BD, CHART, GtkWidget)

GtkWidget  *bd_chart_new          (BdChartKind       kind);

/* @labels: @n words under (or beside) the marks; @currency: the values'
 * currency, or NULL for counts; @series_names: what each series is ("New",
 * "Churned"), for the tooltip and the description (NULL for one series).
 * Copies everything. */
void        bd_chart_set_data     (BdChart          *self,
                                   guint             n,
                                   const char *const *labels,
                                   const gint64     *values,
                                   const gint64     *values2,
                                   const char       *currency,
                                   const char *const *series_names);

/* The index of the label under @x, @y in the widget, or -1. */
int         bd_chart_index_at     (BdChart          *self,
                                   double            x,
                                   double            y);

/* The words for the value(s) at @index ("Mar: $1,200.00").  (transfer full) */
char       *bd_chart_describe_at  (BdChart          *self,
                                   guint             index);

G_END_DECLS
