/* bd-preferences-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-preferences-window"

#include "config.h"

#include "bd-preferences-window.h"
#include "bd-style.h"

/* Every row here is bound to a GSettings key, so a change takes effect at
 * once and there is nothing to save or cancel. */

struct _BdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *style_row;
  GtkSpinButton        *sync_interval_spin;
};

G_DEFINE_FINAL_TYPE (BdPreferencesWindow, bd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The style row lists the schema's enum in order: system, light, dark. */

static gboolean
style_row_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_uint (value, bd_style_index_from_nick (g_variant_get_string (variant, NULL)));
  return TRUE;
}

static GVariant *
style_row_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  return g_variant_new_string (bd_style_nick_from_index (g_value_get_uint (value)));
}

static void
bd_preferences_window_dispose (GObject *object)
{
  BdPreferencesWindow *self = BD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bd_preferences_window_parent_class)->dispose (object);
}

static void
bd_preferences_window_class_init (BdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, BdPreferencesWindow, sync_interval_spin);
}

static void
bd_preferences_window_init (BdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_row_get_mapping,
                                style_row_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (self->sync_interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
bd_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (BD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
}
