/* bd-flow-layout.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-flow-layout.h"

struct _BdFlowLayout
{
  GtkLayoutManager  parent_instance;

  int               spacing;
};

G_DEFINE_FINAL_TYPE (BdFlowLayout, bd_flow_layout, GTK_TYPE_LAYOUT_MANAGER)

static GtkSizeRequestMode
bd_flow_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Places the visible children in lines of at most @width (none when
 * @allocate is FALSE); returns the height they take. */
static int
flow_lines (BdFlowLayout *self,
            GtkWidget    *widget,
            int           width,
            gboolean      allocate)
{
  GtkWidget *line_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (line_start != NULL)
    {
      GtkWidget *child, *line_end;
      int used = 0, line_height = 0, x = 0;

      /* As many as fit (at least one), then the tallest of them. */
      for (child = line_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          if (used > 0 && used + self->spacing + nat > width)
            break;
          used += (used > 0 ? self->spacing : 0) + nat;
        }
      line_end = child;
      for (child = line_start; child != line_end; child = gtk_widget_get_next_sibling (child))
        {
          int min, nat, child_width;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          child_width = CLAMP (nat, min, MAX (width, min));
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &min, &nat, NULL, NULL);
          line_height = MAX (line_height, nat);
        }
      if (line_height == 0 && line_end == NULL && used == 0)
        break;
      if (y > 0)
        y += self->spacing;
      for (child = line_start; allocate && child != line_end; child = gtk_widget_get_next_sibling (child))
        {
          int min, nat, child_width;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          child_width = CLAMP (nat, min, MAX (width, min));
          gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, child_width, line_height }, -1);
          x += child_width + self->spacing;
        }
      y += line_height;
      line_start = line_end;
    }
  return y;
}

static void
bd_flow_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  BdFlowLayout *self = BD_FLOW_LAYOUT (manager);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest child; at best all on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &min, &nat, NULL, NULL);
          *minimum = MAX (*minimum, min);
          *natural += (*natural > 0 ? self->spacing : 0) + nat;
        }
    }
  else
    {
      int width = for_size;

      if (width < 0)
        bd_flow_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1,
                                &width, &(int) { 0 }, NULL, NULL);
      *minimum = *natural = flow_lines (self, widget, width, FALSE);
    }
}

static void
bd_flow_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  flow_lines (BD_FLOW_LAYOUT (manager), widget, width, TRUE);
}

static void
bd_flow_layout_class_init (BdFlowLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = bd_flow_layout_get_request_mode;
  manager_class->measure = bd_flow_layout_measure;
  manager_class->allocate = bd_flow_layout_allocate;
}

static void
bd_flow_layout_init (BdFlowLayout *self)
{
}

GtkLayoutManager *
bd_flow_layout_new (int spacing)
{
  BdFlowLayout *self = g_object_new (BD_TYPE_FLOW_LAYOUT, NULL);

  self->spacing = MAX (spacing, 0);
  return GTK_LAYOUT_MANAGER (self);
}
