/* bd-status.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-status"

#include "config.h"

#include "bd-model.h"
#include "bd-status.h"

static const char * const tone_classes[] = {
  [BD_STATUS_TONE_NEUTRAL] = "status-neutral",
  [BD_STATUS_TONE_SUCCESS] = "status-success",
  [BD_STATUS_TONE_WARNING] = "status-warning",
  [BD_STATUS_TONE_ERROR] = "status-error",
};

static const char * const tone_icons[] = {
  [BD_STATUS_TONE_NEUTRAL] = "content-loading-symbolic",
  [BD_STATUS_TONE_SUCCESS] = "emblem-ok-symbolic",
  [BD_STATUS_TONE_WARNING] = "dialog-warning-symbolic",
  [BD_STATUS_TONE_ERROR] = "dialog-error-symbolic",
};

const char *
bd_status_css_class (GType status_type,
                     int   value)
{
  return tone_classes[bd_status_tone (status_type, value)];
}

const char *
bd_status_icon_name (GType status_type,
                     int   value)
{
  return tone_icons[bd_status_tone (status_type, value)];
}

/* The enum's value of @model's @property. */
static int
value_of (gpointer    model,
          const char *property)
{
  return model != NULL ? bd_model_get_enum (model, property) : 0;
}

const char *
bd_status_word_of (gpointer    model,
                   GType       status_type,
                   const char *property)
{
  g_autofree char *raw_property = NULL;
  const char *word;

  g_return_val_if_fail (model == NULL || BD_IS_MODEL (model), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  if (model == NULL)
    return "—";
  if ((word = bd_status_word (status_type, value_of (model, property))) != NULL)
    return word;
  raw_property = g_strconcat (property, "-raw", NULL);
  return bd_status_word_for_raw (status_type, bd_model_get_string (model, raw_property));
}

void
bd_status_set_tag (GtkLabel   *tag,
                   gpointer    model,
                   GType       status_type,
                   const char *property)
{
  const char *wanted;

  g_return_if_fail (GTK_IS_LABEL (tag));

  wanted = bd_status_css_class (status_type, value_of (model, property));
  gtk_label_set_text (tag, bd_status_word_of (model, status_type, property));
  for (guint i = 0; i < G_N_ELEMENTS (tone_classes); i++)
    if (!g_str_equal (tone_classes[i], wanted))
      gtk_widget_remove_css_class (GTK_WIDGET (tag), tone_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (tag), wanted);
}
