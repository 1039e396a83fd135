/* test-translations-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "bd-application.h"
#include "bd-gui-test.h"
#include "bd-i18n.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* Run from the build tree, Billing Desk speaks the user's language: with
 * BD_LOCALEDIR pointing at the build tree's compiled catalogues (as
 * build-aux/run and build-aux/screenshot set it) and a German locale, the
 * window and the command line are German, though nothing is installed
 * under the prefix. */

#define GERMAN "de_DE.UTF-8"

static BdApplication *app;
static gboolean have_german;
static char *build_po;

/* Helpers */

static gboolean
require_german (void)
{
  if (!have_german)
    bd_test_skip_or_fail ("no " GERMAN " locale (build-aux/install-deps generates it)");
  return have_german;
}

/* Tests */

/* The text domain is bound where the variable says, which holds the
 * German catalogue meson built. */
static void
test_bound_to_build_tree (void)
{
  g_autofree char *mo = g_build_filename (build_po, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (bindtextdomain (GETTEXT_PACKAGE, NULL), ==, build_po);
}

/* The welcome page, as a person sees it on first run. */
static void
test_welcome_in_german (void)
{
  BdWindow *window;
  GtkWidget *status;

  if (!require_german () || !bd_gui_test_require_display ())
    return;

  window = bd_window_new (GTK_APPLICATION (app));
  bd_gui_test_present (GTK_WINDOW (window));

  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");
  status = bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "title",
                                    "Willkommen bei Billing Desk");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "label",
                                             "Offline-Sandbox _ausprobieren"));

  bd_gui_test_close (GTK_WINDOW (window));
}

/* The real program from the build tree, with the environment
 * build-aux/run gives it: its command line answers in German. */
static void
test_program_in_german (void)
{
  g_autofree char *exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  if (!require_german ())
    return;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", GERMAN, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, BD_LOCALEDIR_VARIABLE, build_po, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, exe, "accounts", "add",
                                       "--name", "Laden", "--mode", "moon", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 2);
  g_assert_cmpstr (err, ==, "billing-desk: Unbekannter Modus „moon“: Verwenden Sie test, live oder sandbox\n");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* German before GTK starts (gtk_init sets the locale from the
   * environment), and the catalogues of the build tree, exactly as
   * build-aux/run starts the app. */
  build_po = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "po", NULL);
  have_german = setlocale (LC_ALL, GERMAN) != NULL;
  if (have_german)
    {
      g_setenv ("LC_ALL", GERMAN, TRUE);
      g_unsetenv ("LANGUAGE");
    }
  g_setenv (BD_LOCALEDIR_VARIABLE, build_po, TRUE);
  bd_i18n_init ();

  app = bd_gui_test_new_app ();

  g_test_add_func ("/gui/translations/bound-to-build-tree", test_bound_to_build_tree);
  g_test_add_func ("/gui/translations/welcome-in-german", test_welcome_in_german);
  g_test_add_func ("/gui/translations/program-in-german", test_program_in_german);

  ret = g_test_run ();

  g_clear_object (&app);
  g_free (build_po);
  return ret;
}
