/* bd-sync-bar.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-session.h"

G_BEGIN_DECLS

/*
 * BdSyncBar: what the open account's sync is doing, around the page
 * content (its "child"): a quiet bar below it while a run goes (what, how
 * many, back to which day, how far), a banner above it while Dodo
 * Payments cannot be reached ("Offline — showing data from today at
 * 15:40", with Retry: win.sync), and a toast for any other failure.  A
 * refused key is the window's to handle (it asks for a new one): the bar
 * emits "key-refused" for it.
 */

#define BD_TYPE_SYNC_BAR (bd_sync_bar_get_type ())

G_DECLARE_FINAL_TYPE (BdSyncBar, bd_sync_bar, BD, SYNC_BAR, GtkWidget)

GtkWidget *bd_sync_bar_get_child   (BdSyncBar *self);
void       bd_sync_bar_set_child   (BdSyncBar *self,
                                    GtkWidget *child);
void       bd_sync_bar_set_session (BdSyncBar *self,
                                    BdSession *session);

G_END_DECLS
