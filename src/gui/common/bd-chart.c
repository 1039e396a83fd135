/* bd-chart.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bd-chart.h"
#include "bd-money.h"

/*
 * Drawing: the plot's grid lines and value words first (0, half, top),
 * then the marks in the theme's named colours (accent for the first
 * series, success and error for paired bars: new and churned), then the
 * labels.  Colours are looked up at each snapshot, so a switch between
 * light and dark redraws in the new ones.  GTK 4.8 has no
 * gtk_widget_get_color (4.10): the style context gives the foreground and
 * the named colours.
 */

struct _BdChart
{
  GtkWidget    parent_instance;

  BdChartKind  kind;
  guint        n;
  char       **labels;
  gint64       values[BD_CHART_MAX_POINTS];
  gint64       values2[BD_CHART_MAX_POINTS];
  gboolean     paired;
  char        *currency;
  char       **series_names;
  int          hover;
};

G_DEFINE_FINAL_TYPE (BdChart, bd_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Geometry (pure) */

gint64
bd_chart_round_up (gint64 value)
{
  gint64 step = 1;

  if (value <= 1)
    return 1;
  while (step <= G_MAXINT64 / 10 && step * 10 < value)
    step *= 10;
  /* step ≤ value ≤ 10 step */
  if (step >= value)
    return step;
  if (2 * step >= value)
    return 2 * step;
  if (5 * step >= value)
    return 5 * step;
  return 10 * step;
}

void
bd_chart_layout (BdChartKind       kind,
                 const gint64     *values,
                 const gint64     *values2,
                 guint             n,
                 float             width,
                 float             height,
                 BdChartGeometry  *out)
{
  gint64 max = 0;
  float band;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n <= BD_CHART_MAX_POINTS);
  g_return_if_fail (n == 0 || values != NULL);

  memset (out, 0, sizeof *out);
  out->n = n;
  for (guint i = 0; i < n; i++)
    {
      max = MAX (max, values[i]);
      if (values2 != NULL)
        max = MAX (max, values2[i]);
    }
  out->top = bd_chart_round_up (max);

  if (kind == BD_CHART_HORIZONTAL_BARS)
    {
      graphene_rect_init (&out->plot, BD_CHART_LABELS_WIDTH, BD_CHART_MARGIN_TOP,
                          MAX (width - BD_CHART_LABELS_WIDTH - BD_CHART_VALUES_WIDTH, 0),
                          MAX (height - 2 * BD_CHART_MARGIN_TOP, 0));
      band = n > 0 ? out->plot.size.height / n : 0;
      for (guint i = 0; i < n; i++)
        {
          float w = out->plot.size.width * (float) MAX (values[i], 0) / (float) out->top;

          graphene_rect_init (&out->bars[i], out->plot.origin.x,
                              out->plot.origin.y + band * i + band * 0.2f, w, band * 0.6f);
          graphene_point_init (&out->points[i], out->plot.origin.x + w,
                               out->plot.origin.y + band * (i + 0.5f));
        }
      return;
    }

  graphene_rect_init (&out->plot, BD_CHART_MARGIN_LEFT, BD_CHART_MARGIN_TOP,
                      MAX (width - BD_CHART_MARGIN_LEFT - BD_CHART_MARGIN_RIGHT, 0),
                      MAX (height - BD_CHART_MARGIN_TOP - BD_CHART_MARGIN_BOTTOM, 0));
  band = n > 0 ? out->plot.size.width / n : 0;
  for (guint i = 0; i < n; i++)
    {
      float bottom = out->plot.origin.y + out->plot.size.height;
      float h = out->plot.size.height * (float) MAX (values[i], 0) / (float) out->top;
      float left = out->plot.origin.x + band * i;

      graphene_point_init (&out->points[i], left + band / 2, bottom - h);
      if (kind == BD_CHART_PAIRED_BARS)
        {
          float h2 = values2 != NULL ? out->plot.size.height * (float) MAX (values2[i], 0) / (float) out->top : 0;

          graphene_rect_init (&out->bars[i], left + band * 0.1f, bottom - h, band * 0.4f, h);
          graphene_rect_init (&out->bars2[i], left + band * 0.5f, bottom - h2, band * 0.4f, h2);
        }
      else
        graphene_rect_init (&out->bars[i], left + band * 0.2f, bottom - h, band * 0.6f, h);
    }
}

/* Helpers */

static char *
format_value (BdChart *self,
              gint64   value)
{
  if (self->currency != NULL)
    {
      g_autoptr(BdMoney) money = bd_money_new (value, self->currency);

      if (money != NULL)
        return bd_money_format (money);
    }
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

static void
layout (BdChart         *self,
        BdChartGeometry *geometry)
{
  bd_chart_layout (self->kind, self->values, self->paired ? self->values2 : NULL, self->n,
                   gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
                   geometry);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

static void
update_description (BdChart *self)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < self->n; i++)
    {
      g_autofree char *one = bd_chart_describe_at (self, i);

      if (words->len > 0)
        g_string_append (words, "; ");
      g_string_append (words, one);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  words->str, -1);
}

static void
append_text (BdChart     *self,
             GtkSnapshot *snapshot,
             const char  *text,
             float        x,
             float        y,
             float        align,  /* 0 left, 0.5 centre, 1 right of x */
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - align * w, y - h / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_line (GtkSnapshot   *snapshot,
             float          x0,
             float          y0,
             float          x1,
             float          y1,
             float          width,
             const GdkRGBA *color)
{
  float dx = x1 - x0, dy = y1 - y0;
  float length = sqrtf (dx * dx + dy * dy);
  float angle = atan2f (dy, dx) * 180.f / G_PI;

  /* A rotated thin rectangle: GTK 4.8 has no GskPath (4.14). */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0, y0));
  gtk_snapshot_rotate (snapshot, angle);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (0, -width / 2, length, width));
  gtk_snapshot_restore (snapshot);
}

/* The value axis' line and words at @k halves of the top. */
static void
append_tick (BdChart               *self,
             GtkSnapshot           *snapshot,
             const BdChartGeometry *g,
             int                    k,
             const GdkRGBA         *fg,
             const GdkRGBA         *grid)
{
  float y = g->plot.origin.y + g->plot.size.height - g->plot.size.height * k / 2.f;
  g_autofree char *words = format_value (self, g->top * k / 2);

  gtk_snapshot_append_color (snapshot, grid, &GRAPHENE_RECT_INIT (g->plot.origin.x, y - 0.5f,
                                                                   g->plot.size.width, 1));
  append_text (self, snapshot, words, g->plot.origin.x - 6, y, 1, fg);
}

/* Callbacks */

static void
on_motion_motion_cb (GtkEventControllerMotion *motion,
                     double                    x,
                     double                    y,
                     BdChart                  *self)
{
  int index = bd_chart_index_at (self, x, y);
  g_autofree char *text = NULL;

  if (index == self->hover)
    return;
  self->hover = index;
  if (index >= 0)
    text = bd_chart_describe_at (self, index);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_leave_cb (GtkEventControllerMotion *motion,
                    BdChart                  *self)
{
  self->hover = -1;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GtkWidget */

static void
bd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  BdChart *self = BD_CHART (widget);
  BdChartGeometry g;
  GdkRGBA fg, grid, first, second;
  float right, bottom;

  layout (self, &g);
  if (g.plot.size.width <= 0 || g.plot.size.height <= 0)
    return;
  right = g.plot.origin.x + g.plot.size.width;
  bottom = g.plot.origin.y + g.plot.size.height;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  grid = fg;
  grid.alpha *= 0.15f;
  if (self->kind == BD_CHART_PAIRED_BARS)
    {
      lookup_color (widget, "success_color", &first);
      lookup_color (widget, "error_color", &second);
    }
  else
    lookup_color (widget, "accent_color", &first);

  if (self->kind == BD_CHART_HORIZONTAL_BARS)
    {
      float band = self->n > 0 ? g.plot.size.height / self->n : 0;

      for (guint i = 0; i < g.n; i++)
        {
          g_autofree char *value = format_value (self, self->values[i]);
          GdkRGBA bar = first;

          if ((int) i == self->hover)
            bar.alpha *= 0.7f;
          /* A faint track shows where a full bar would end. */
          gtk_snapshot_append_color (snapshot, &grid,
                                     &GRAPHENE_RECT_INIT (g.plot.origin.x, g.bars[i].origin.y,
                                                          g.plot.size.width, g.bars[i].size.height));
          gtk_snapshot_append_color (snapshot, &bar, &g.bars[i]);
          append_text (self, snapshot, self->labels[i], g.plot.origin.x - 8,
                       g.plot.origin.y + band * (i + 0.5f), 1, &fg);
          append_text (self, snapshot, value, right + 6, g.plot.origin.y + band * (i + 0.5f), 0, &fg);
        }
      return;
    }

  /* The value axis: 0, half and the top, with grid lines (no half of an
   * odd top: a count of 1 has no middle). */
  for (int k = 0; k <= 2; k++)
    if (k != 1 || g.top % 2 == 0)
      append_tick (self, snapshot, &g, k, &fg, &grid);

  if (self->hover >= 0 && (guint) self->hover < g.n)
    {
      float band = g.plot.size.width / g.n;

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT (g.plot.origin.x + band * self->hover, g.plot.origin.y,
                                                      band, g.plot.size.height));
    }

  for (guint i = 0; i < g.n; i++)
    {
      if (self->kind == BD_CHART_PAIRED_BARS)
        {
          gtk_snapshot_append_color (snapshot, &first, &g.bars[i]);
          gtk_snapshot_append_color (snapshot, &second, &g.bars2[i]);
        }
      else
        {
          GdkRGBA area = first;

          /* Under the line, a light area, so the months read as bars too. */
          area.alpha *= 0.18f;
          gtk_snapshot_append_color (snapshot, &area, &g.bars[i]);
          if (i + 1 < g.n)
            append_line (snapshot, g.points[i].x, g.points[i].y, g.points[i + 1].x, g.points[i + 1].y,
                         2.5f, &first);
        }
    }
  if (self->kind == BD_CHART_LINE)
    for (guint i = 0; i < g.n; i++)
      {
        float r = (int) i == self->hover ? 5 : 3.5f;
        GskRoundedRect dot;

        gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (g.points[i].x - r, g.points[i].y - r,
                                                                    2 * r, 2 * r), r);
        gtk_snapshot_push_rounded_clip (snapshot, &dot);
        gtk_snapshot_append_color (snapshot, &first, &dot.bounds);
        gtk_snapshot_pop (snapshot);
      }

  /* The labels: every one when they fit, else every second or third. */
  {
    float band = g.n > 0 ? g.plot.size.width / g.n : 0;
    guint every = band >= 34 ? 1 : band >= 17 ? 2 : 3;

    for (guint i = 0; i < g.n; i++)
      if ((g.n - 1 - i) % every == 0)
        append_text (self, snapshot, self->labels[i], g.plot.origin.x + band * (i + 0.5f),
                     bottom + BD_CHART_MARGIN_BOTTOM / 2, 0.5f, &fg);
  }
}

static void
bd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  BdChart *self = BD_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 360;
    }
  else if (self->kind == BD_CHART_HORIZONTAL_BARS)
    *minimum = *natural = MAX (self->n, 1) * 28 + 2 * BD_CHART_MARGIN_TOP;
  else
    *minimum = *natural = 180;
}

/* GObject */

static void
bd_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BdChart *self = BD_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  BdChart *self = BD_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_chart_finalize (GObject *object)
{
  BdChart *self = BD_CHART (object);

  g_strfreev (self->labels);
  g_strfreev (self->series_names);
  g_free (self->currency);

  G_OBJECT_CLASS (bd_chart_parent_class)->finalize (object);
}

static void
bd_chart_class_init (BdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bd_chart_get_property;
  object_class->set_property = bd_chart_set_property;
  object_class->finalize = bd_chart_finalize;

  /* A BdChartKind (an int, so a template can set it without an enum type). */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, BD_CHART_LINE, BD_CHART_HORIZONTAL_BARS, BD_CHART_LINE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = bd_chart_snapshot;
  widget_class->measure = bd_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bd_chart_init (BdChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;
  self->labels = g_new0 (char *, 1);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_motion_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/* Public API */

GtkWidget *
bd_chart_new (BdChartKind kind)
{
  return g_object_new (BD_TYPE_CHART, "kind", kind, NULL);
}

void
bd_chart_set_data (BdChart           *self,
                   guint              n,
                   const char *const *labels,
                   const gint64      *values,
                   const gint64      *values2,
                   const char        *currency,
                   const char *const *series_names)
{
  g_return_if_fail (BD_IS_CHART (self));
  g_return_if_fail (n <= BD_CHART_MAX_POINTS);
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  self->n = n;
  g_strfreev (self->labels);
  self->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->labels[i] = g_strdup (labels[i]);
      self->values[i] = values[i];
      self->values2[i] = values2 != NULL ? values2[i] : 0;
    }
  self->paired = values2 != NULL;
  g_free (self->currency);
  self->currency = g_strdup (currency);
  g_strfreev (self->series_names);
  self->series_names = series_names != NULL ? g_strdupv ((char **) series_names) : NULL;
  self->hover = -1;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);

  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
bd_chart_index_at (BdChart *self,
                   double   x,
                   double   y)
{
  BdChartGeometry g;
  int index;

  g_return_val_if_fail (BD_IS_CHART (self), -1);

  layout (self, &g);
  if (g.n == 0 || g.plot.size.width <= 0 || g.plot.size.height <= 0)
    return -1;
  if (self->kind == BD_CHART_HORIZONTAL_BARS)
    {
      if (y < g.plot.origin.y || y >= g.plot.origin.y + g.plot.size.height)
        return -1;
      index = (int) ((y - g.plot.origin.y) / (g.plot.size.height / g.n));
    }
  else
    {
      if (x < g.plot.origin.x || x >= g.plot.origin.x + g.plot.size.width)
        return -1;
      index = (int) ((x - g.plot.origin.x) / (g.plot.size.width / g.n));
    }
  return CLAMP (index, 0, (int) g.n - 1);
}

char *
bd_chart_describe_at (BdChart *self,
                      guint    index)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (BD_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->n, NULL);

  first = format_value (self, self->values[index]);
  if (self->paired)
    {
      g_autofree char *second = format_value (self, self->values2[index]);
      const char *name1 = self->series_names != NULL && self->series_names[0] != NULL ? self->series_names[0] : "";
      const char *name2 = self->series_names != NULL && name1[0] != '\0' && self->series_names[1] != NULL
                          ? self->series_names[1] : "";

      /* TRANSLATORS: a month, then two series and their values:
       * "Mar: New 12, Churned 3" */
      return g_strdup_printf (_("%s: %s %s, %s %s"), self->labels[index], name1, first, name2, second);
    }
  /* TRANSLATORS: a label and its value in a chart: "Mar: $1,200.00" */
  return g_strdup_printf (_("%s: %s"), self->labels[index], first);
}
