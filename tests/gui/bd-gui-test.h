/* bd-gui-test.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the GUI test programs share: they open real windows on a real
 * display (Xvfb in CI), iterate the main loop until something holds (never
 * a fixed sleep), and assert on what is on screen. */

/* Opens the display and initialises libadwaita, with animations off so
 * each step a test takes is final.  Returns FALSE without a display. */
gboolean   bd_gui_test_init_display   (void);

/* TRUE when there is a display; otherwise skips the test (fails in CI). */
gboolean   bd_gui_test_require_display (void);

/* Iterates the main context until @cond (@data) holds; fails the test
 * after @seconds. */
void       bd_gui_test_wait_for       (gboolean  (*cond) (gpointer),
                                       gpointer    data,
                                       guint       seconds);

/* The same for conditions nothing wakes the main loop for (files, other
 * processes): it looks again every 50 ms. */
void       bd_gui_test_poll_for       (gboolean  (*cond) (gpointer),
                                       gpointer    data,
                                       guint       seconds);

gboolean   bd_gui_test_is_mapped      (gpointer    widget);
gboolean   bd_gui_test_is_unmapped    (gpointer    widget);

/* Presents @window and waits until it is on screen.  (transfer none) */
GtkWindow *bd_gui_test_present        (GtkWindow  *window);

/* Destroys @window and waits until it is finalized. */
void       bd_gui_test_close          (GtkWindow  *window);

/* Depth-first search for a widget of @type whose string @property is
 * @value, or of @type only when @property is NULL.  (transfer none) */
GtkWidget *bd_gui_test_find_widget    (GtkWidget  *root,
                                       GType       type,
                                       const char *property,
                                       const char *value);

/* With BD_TEST_SCREENSHOT_DIR set, leaves pictures of @window there, in
 * light and dark, at @width × @height (0 × 0: its size now): NAME-light.png
 * and NAME-dark.png; with @narrow_too also 400 wide, as
 * NAME-{wide,narrow}-{light,dark}.png. */
void       bd_gui_test_save_screens   (GtkWidget  *window,
                                       const char *name,
                                       int         width,
                                       int         height,
                                       gboolean    narrow_too);

G_END_DECLS
