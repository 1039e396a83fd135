/* bd-toast.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-toast"

#include "config.h"

#include "bd-toast.h"

/* The toast overlay a window shows its content in, if it has one. */
static AdwToastOverlay *
window_overlay (GtkWindow *window)
{
  GtkWidget *content = NULL;

  if (ADW_IS_APPLICATION_WINDOW (window))
    content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  else if (ADW_IS_WINDOW (window))
    content = adw_window_get_content (ADW_WINDOW (window));

  return ADW_IS_TOAST_OVERLAY (content) ? ADW_TOAST_OVERLAY (content) : NULL;
}

/**
 * bd_widget_add_toast:
 * @widget: any widget
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest toast overlay around @widget; from a dialog
 * without one, in the window the dialog belongs to (its transient parent),
 * so a message outlives the dialog that sent it.
 *
 * Returns: whether an overlay took the toast (else it is dropped)
 */
gboolean
bd_widget_add_toast (GtkWidget *widget,
                     AdwToast  *toast)
{
  g_autoptr(AdwToast) owned = toast;
  GtkWidget *overlay;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  root = gtk_widget_get_root (widget);
  for (GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
       overlay == NULL && window != NULL;
       window = gtk_window_get_transient_for (window))
    overlay = (GtkWidget *) window_overlay (window);

  if (overlay == NULL)
    return FALSE;

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_steal_pointer (&owned));
  return TRUE;
}
