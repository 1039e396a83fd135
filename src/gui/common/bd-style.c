/* bd-style.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-style"

#include "config.h"

#include "bd-style.h"

static const struct {
  const char     *nick;
  AdwColorScheme  scheme;
} styles[] = {
  { "system", ADW_COLOR_SCHEME_DEFAULT },
  { "light",  ADW_COLOR_SCHEME_FORCE_LIGHT },
  { "dark",   ADW_COLOR_SCHEME_FORCE_DARK },
};

guint
bd_style_index_from_nick (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i].nick, nick) == 0)
      return i;

  return 0;
}

const char *
bd_style_nick_from_index (guint index)
{
  return styles[index < G_N_ELEMENTS (styles) ? index : 0].nick;
}

gboolean
bd_style_is_valid_nick (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i].nick, nick) == 0)
      return TRUE;

  return FALSE;
}

AdwColorScheme
bd_style_color_scheme_from_nick (const char *nick)
{
  return styles[bd_style_index_from_nick (nick)].scheme;
}

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  g_value_set_enum (value, bd_style_color_scheme_from_nick (g_variant_get_string (variant, NULL)));
  return TRUE;
}

void
bd_style_bind_settings (GSettings *settings)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind_with_mapping (settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_get_mapping, NULL, NULL, NULL);
}
