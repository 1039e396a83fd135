/* bd-preferences-window.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_PREFERENCES_WINDOW (bd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BdPreferencesWindow, bd_preferences_window, BD, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *bd_preferences_window_new (GtkWindow *transient_for);

G_END_DECLS
