/* bd-style.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The "color-scheme" setting's nicks, in the order the Preferences window
 * lists them: "system", "light", "dark". */
guint           bd_style_index_from_nick        (const char *nick);
const char     *bd_style_nick_from_index        (guint       index);
gboolean        bd_style_is_valid_nick          (const char *nick);
AdwColorScheme  bd_style_color_scheme_from_nick (const char *nick);

/* Keeps AdwStyleManager's color scheme in step with the setting. */
void            bd_style_bind_settings          (GSettings  *settings);

G_END_DECLS
