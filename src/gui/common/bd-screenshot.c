/* bd-screenshot.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-screenshot"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bd-screenshot.h"

/* Frames to let pass after mapping: the first lays out, later ones pick up
 * icons and fonts loaded on demand. */
#define FRAMES_BEFORE_CAPTURE 4

gboolean
bd_screenshot_save (GtkWidget   *widget,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *tmp_path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The window is not on screen, so there is nothing to render"));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("The window drew nothing"));
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  tmp_path = g_strconcat (path, ".part", NULL);
  if (!gdk_texture_save_to_png (texture, tmp_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”"), path);
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}

/* Resizing attempts before giving up on an exact size. */
#define MAX_RESIZES 5
/* Frames that may draw nothing before giving up. */
#define MAX_EMPTY_FRAMES 60

typedef struct
{
  char  *path;
  int    width;
  int    height;
  guint  frames;
  guint  resizes;
  guint  empty_frames;
} CaptureData;

static void
capture_data_free (CaptureData *data)
{
  g_free (data->path);
  g_free (data);
}

static gboolean
on_capture_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  GTask *task = user_data;
  CaptureData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (!gtk_widget_get_mapped (widget) || ++data->frames < FRAMES_BEFORE_CAPTURE)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  if (GTK_IS_WINDOW (widget) && data->width > 0 && data->height > 0
      && (gtk_widget_get_width (widget) != data->width
          || gtk_widget_get_height (widget) != data->height))
    {
      int default_width, default_height;

      if (data->resizes++ == MAX_RESIZES)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The window could not be made %d×%d pixels"),
                                   data->width, data->height);
          return G_SOURCE_REMOVE;
        }

      /* The default size is the window's without its frame; a window that
       * has not taken its last size yet could make the difference
       * negative: at least 1. */
      gtk_window_get_default_size (GTK_WINDOW (widget), &default_width, &default_height);
      gtk_window_set_default_size (GTK_WINDOW (widget),
                                   MAX (1, default_width + data->width - gtk_widget_get_width (widget)),
                                   MAX (1, default_height + data->height - gtk_widget_get_height (widget)));
      data->frames = 0;
      return G_SOURCE_CONTINUE;
    }

  /* A widget being laid out again (a list reloading, a label changing)
   * can snapshot to nothing for a frame: try the next ones. */
  if (!bd_screenshot_save (widget, data->path, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)
      && data->empty_frames++ < MAX_EMPTY_FRAMES)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  if (error == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));

  return G_SOURCE_REMOVE;
}

void
bd_screenshot_save_when_drawn (GtkWidget           *widget,
                               const char          *path,
                               int                  width,
                               int                  height,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  CaptureData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_screenshot_save_when_drawn);

  data = g_new0 (CaptureData, 1);
  data->path = g_strdup (path);
  data->width = width;
  data->height = height;
  g_task_set_task_data (task, data, (GDestroyNotify) capture_data_free);

  /* The tick callback owns the task until it returns a result. */
  gtk_widget_add_tick_callback (widget, on_capture_tick_cb, task, g_object_unref);
  gtk_widget_queue_draw (widget);
}

gboolean
bd_screenshot_save_finish (GtkWidget     *widget,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, widget), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
