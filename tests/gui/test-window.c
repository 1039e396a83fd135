/* test-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-gui-test.h"
#include "bd-preferences-window.h"
#include "bd-screenshot.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* These tests open the real main window under a real display (Xvfb in CI),
 * iterate the main loop until it is drawn, and assert on what a person
 * would see: which page is mapped, which labels are on screen, the pixels
 * of a screenshot. */

static BdApplication *app;

/* Helpers */

static void
run_for_frames (GtkWidget *widget,
                guint      frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 target = gdk_frame_clock_get_frame_counter (clock) + frames;

  while (gdk_frame_clock_get_frame_counter (clock) < target)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
}

static BdWindow *
open_window (void)
{
  BdWindow *window = bd_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  bd_gui_test_wait_for (bd_gui_test_is_mapped, window, 60);
  return window;
}

/* Mean luminance, 0 to 255, of the middle of a PNG. */
static double
png_mean_luminance (const char *path,
                    int        *width,
                    int        *height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guchar *pixels = NULL;
  gsize stride;
  double sum = 0;
  int n = 0;

  g_assert_no_error (error);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  stride = (gsize) *width * 4;
  pixels = g_malloc (stride * *height);
  gdk_texture_download (texture, pixels, stride);

  /* gdk_texture_download() gives B, G, R, A in memory on little endian. */
  for (int y = *height / 4; y < *height * 3 / 4; y++)
    for (int x = *width / 4; x < *width * 3 / 4; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;

        sum += 0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2];
        n++;
      }

  return sum / n;
}

/* Tests */

static void
test_welcome_page (void)
{
  BdWindow *window;
  GtkWidget *status;

  if (!bd_gui_test_require_display ())
    return;

  window = open_window ();

  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");
  status = bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "title", "Welcome to Billing Desk");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_true (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "Dodo Payments") != NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Billing Desk");

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_test_mode_marked (void)
{
  BdWindow *window;
  GtkWidget *badge;
  GtkWidget *title;

  if (!bd_gui_test_require_display ())
    return;

  window = open_window ();

  bd_window_add_page (window, "example", BD_PAGE (bd_gui_test_page_new ("Example", "")));
  bd_window_set_account (window, "Acme Test", "Acme Inc.", TRUE);
  badge = bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "label", "Test Mode");
  g_assert_nonnull (badge);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, badge, 60);
  bd_gui_test_save_screens (GTK_WIDGET (window), "test-mode", 0, 0, FALSE);
  title = bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "title", "Acme Test");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Acme Inc.");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_REVEALER, NULL, NULL))));

  /* A live account carries no mark. */
  bd_window_set_account (window, "Acme", "Acme Inc.", FALSE);
  bd_gui_test_wait_for (bd_gui_test_is_unmapped, badge, 60);
  bd_gui_test_save_screens (GTK_WIDGET (window), "live-mode", 0, 0, FALSE);
  g_assert_false (bd_window_get_test_mode (window));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_REVEALER, NULL, NULL))));

  bd_window_clear_account (window);
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_pages (void)
{
  g_autoptr(GError) error = NULL;
  BdGuiTestPage *first = bd_gui_test_page_new ("First", "First page body");
  BdGuiTestPage *second = bd_gui_test_page_new ("Second", "Second page body");
  GtkWidget *row;
  BdWindow *window;

  if (!bd_gui_test_require_display ())
    return;

  window = open_window ();
  bd_window_add_page (window, "first", BD_PAGE (first));
  bd_window_add_page (window, "second", BD_PAGE (second));

  g_assert_true (bd_window_show_page (window, "second", &error));
  g_assert_no_error (error);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, second, 60);
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "second");

  /* Activating a sidebar row shows its page. */
  row = bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, "name", "first");
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, first, 60);
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "first");

  /* An unknown page is a clear error that names the pages there are. */
  g_assert_false (bd_window_show_page (window, "nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (strstr (error->message, "welcome, first, second") != NULL);
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "first");

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_size_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  BdWindow *window;
  int width, height;

  if (!bd_gui_test_require_display ())
    return;

  g_settings_set_int (settings, "window-width", 820);
  g_settings_set_int (settings, "window-height", 610);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = open_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);

  /* Closing remembers the size the window has now. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_object_unref (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_preferences_style (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *prefs;
  GtkWidget *row;
  GtkWidget *spin;
  BdWindow *window;

  if (!bd_gui_test_require_display ())
    return;

  window = open_window ();
  prefs = bd_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  bd_gui_test_wait_for (bd_gui_test_is_mapped, prefs, 60);

  bd_gui_test_save_screens (prefs, "preferences", 0, 0, FALSE);
  row = bd_gui_test_find_widget (prefs, ADW_TYPE_COMBO_ROW, NULL, NULL);
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);

  /* Choosing Dark changes the setting and the style at once. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));

  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  /* The sync interval is a real setting too. */
  spin = bd_gui_test_find_widget (prefs, GTK_TYPE_SPIN_BUTTON, NULL, NULL);
  g_assert_nonnull (spin);
  g_assert_cmpint ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 15);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 60);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 60);

  g_settings_reset (settings, "color-scheme");
  g_settings_reset (settings, "sync-interval");
  gtk_window_destroy (GTK_WINDOW (prefs));
  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_shortcuts_window_lists_every_accel (void)
{
  g_auto(GStrv) actions = NULL;
  GtkWidget *overlay;
  BdWindow *window;

  if (!bd_gui_test_require_display ())
    return;

  window = open_window ();
  overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_cmpuint (g_strv_length (actions), >=, 4);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup (actions[i]);
      char *target = strstr (name, "::");

      if (target != NULL)
        *target = '\0';

      if (bd_gui_test_find_widget (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT, "action-name", name) == NULL)
        g_error ("The shortcut of %s is missing from the Keyboard Shortcuts window", name);
    }

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_screenshot_light_and_dark (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bd-shot-XXXXXX", NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *styles[] = { "light", "dark" };

  if (!bd_gui_test_require_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *path = g_build_filename (dir, styles[i], NULL);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      BdWindow *window;
      double luminance;
      int width, height;

      adw_style_manager_set_color_scheme (style, i == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                        : ADW_COLOR_SCHEME_FORCE_DARK);
      window = open_window ();
      run_for_frames (GTK_WIDGET (window), 2);
      g_assert_true (bd_screenshot_save (GTK_WIDGET (window), path, &error));
      g_assert_no_error (error);

      luminance = png_mean_luminance (path, &width, &height);
      g_assert_cmpint (width, ==, gtk_widget_get_width (GTK_WIDGET (window)));
      g_assert_cmpint (height, ==, gtk_widget_get_height (GTK_WIDGET (window)));
      if (i == 0)
        g_assert_cmpfloat (luminance, >, 180);
      else
        g_assert_cmpfloat (luminance, <, 90);

      g_unlink (path);
      bd_gui_test_close (GTK_WINDOW (window));
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_rmdir (dir);
}

/* The documented screenshot command: the real executable, a real PNG. */
static void
test_screenshot_command (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bd-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "welcome-dark.png", NULL);
  g_autofree char *exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status, width, height;
  const char *argv_ok[] = { exe, "--screenshot", path, "--page", "welcome",
                            "--style", "dark", "--size", "800x600", NULL };
  const char *argv_bad[] = { exe, "--screenshot", path, "--page", "nowhere", NULL };
  const char *argv_bad_size[] = { exe, "--screenshot", path, "--size", "12", NULL };

  if (!bd_gui_test_require_display ())
    return;

  g_spawn_sync (NULL, (char **) argv_ok, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("billing-desk --screenshot failed: %s", err);
  g_assert_cmpfloat (png_mean_luminance (path, &width, &height), <, 90);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
  g_unlink (path);
  g_clear_pointer (&err, g_free);

  /* Bad input: a one-line reason, a non-zero exit, and no file. */
  g_spawn_sync (NULL, (char **) argv_bad, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (strstr (err, "There is no page “nowhere”") != NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_spawn_sync (NULL, (char **) argv_bad_size, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (strstr (err, "--size must be") != NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = bd_gui_test_new_app ();

  g_test_add_func ("/gui/window/welcome-page", test_welcome_page);
  g_test_add_func ("/gui/window/test-mode-marked", test_test_mode_marked);
  g_test_add_func ("/gui/window/pages", test_pages);
  g_test_add_func ("/gui/window/size-restored", test_size_restored);
  g_test_add_func ("/gui/preferences/style-and-sync-interval", test_preferences_style);
  g_test_add_func ("/gui/shortcuts/every-accel-listed", test_shortcuts_window_lists_every_accel);
  g_test_add_func ("/gui/screenshot/light-and-dark", test_screenshot_light_and_dark);
  g_test_add_func ("/gui/screenshot/command", test_screenshot_command);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
