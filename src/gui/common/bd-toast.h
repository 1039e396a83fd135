/* bd-toast.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

gboolean bd_widget_add_toast (GtkWidget *widget,
                              AdwToast  *toast);

G_END_DECLS
