/* bd-screenshot.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders @widget as it is now to a PNG at @path, in-process, with the
 * widget's own renderer: no desktop, compositor or screen grab involved.
 * The file is written beside @path and renamed into place. */
gboolean bd_screenshot_save             (GtkWidget            *widget,
                                         const char           *path,
                                         GError              **error);

/* Waits until @widget is mapped, laid out and has drawn a few frames, then
 * saves it as bd_screenshot_save() does.  When @widget is a window and
 * @width and @height are positive, the window is first resized until the
 * picture is exactly that size (window frames make the default size and
 * the drawn size differ). */
void     bd_screenshot_save_when_drawn  (GtkWidget            *widget,
                                         const char           *path,
                                         int                   width,
                                         int                   height,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean bd_screenshot_save_finish      (GtkWidget            *widget,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
