/* bd-application.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-application.h"
#include "bd-preferences-window.h"
#include "bd-screenshot.h"
#include "bd-style.h"
#include "bd-window.h"

struct _BdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;

  /* --screenshot: render the window to a PNG and quit. */
  char           *screenshot_path;
  char           *screenshot_page;
  char           *screenshot_style;
  int             screenshot_width;
  int             screenshot_height;

  int             exit_status;
};

G_DEFINE_FINAL_TYPE (BdApplication, bd_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_options[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Render the window to a PNG file and quit"), N_("FILE") },
  { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --screenshot: the page to show (default: welcome)"), N_("PAGE") },
  { "style", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --screenshot: light or dark (default: light)"), N_("STYLE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --screenshot: the window size (default: 1100x720)"), N_("WIDTHxHEIGHT") },
  { NULL }
};

/* Helpers */

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  guint64 w, h;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 360, 10000, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 294, 10000, &h, NULL))
    return FALSE;

  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

static GtkWindow *
get_main_window (BdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bd_window_new (GTK_APPLICATION (self)));

  return window;
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  BdApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window (rather than g_application_quit) lets windows save
   * their state; the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_list_free (windows);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  BdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (bd_preferences_window_new (parent)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  BdApplication *self = user_data;
  static const char *developers[] = { "The Billing Desk authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Billing Desk"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Billing Desk authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/billingdesk/billing-desk",
                        "issue-url", "https://github.com/billingdesk/billing-desk/issues",
                        "copyright", "© 2026 The Billing Desk authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: Replace "translator-credits" with your names, one name per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

/* Screenshots */

static void
screenshot_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_screenshot_save_finish (GTK_WIDGET (object), result, &error))
    {
      g_printerr ("billing-desk: %s\n", error->message);
      self->exit_status = EXIT_FAILURE;
    }

  g_application_quit (G_APPLICATION (self));
}

static void
take_screenshot (BdApplication *self,
                 BdWindow      *window)
{
  g_autoptr(GError) error = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      bd_style_color_scheme_from_nick (self->screenshot_style));
  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window),
                               self->screenshot_width, self->screenshot_height);

  if (!bd_window_show_page (window, self->screenshot_page, &error))
    {
      g_printerr ("billing-desk: %s\n", error->message);
      self->exit_status = EXIT_FAILURE;
      g_application_quit (G_APPLICATION (self));
      return;
    }

  gtk_window_present (GTK_WINDOW (window));
  bd_screenshot_save_when_drawn (GTK_WIDGET (window), self->screenshot_path,
                                 self->screenshot_width, self->screenshot_height, NULL,
                                 screenshot_saved_cb, g_object_ref (self));
}

/* GApplication overrides */

static int
bd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  BdApplication *self = BD_APPLICATION (app);
  const char *size = "1100x720";

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "billing-desk", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (!g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path))
    {
      if (g_variant_dict_contains (options, "page")
          || g_variant_dict_contains (options, "style")
          || g_variant_dict_contains (options, "size"))
        {
          g_printerr ("billing-desk: %s\n", _("--page, --style and --size go with --screenshot"));
          return EXIT_FAILURE;
        }
      return -1;
    }

  if (!g_variant_dict_lookup (options, "page", "s", &self->screenshot_page))
    self->screenshot_page = g_strdup ("welcome");
  if (!g_variant_dict_lookup (options, "style", "s", &self->screenshot_style))
    self->screenshot_style = g_strdup ("light");
  g_variant_dict_lookup (options, "size", "&s", &size);

  if (g_strcmp0 (self->screenshot_style, "light") != 0
      && g_strcmp0 (self->screenshot_style, "dark") != 0)
    {
      g_printerr ("billing-desk: %s\n", _("--style must be light or dark"));
      return EXIT_FAILURE;
    }

  if (!parse_size (size, &self->screenshot_width, &self->screenshot_height))
    {
      g_printerr ("billing-desk: %s\n",
                  _("--size must be WIDTHxHEIGHT, at least 360x294, for example 1100x720"));
      return EXIT_FAILURE;
    }

  /* A screenshot never hands over to a running instance. */
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
bd_application_startup (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (bd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  if (self->screenshot_path == NULL)
    bd_style_bind_settings (self->settings);
}

static void
bd_application_activate (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);
  GtkWindow *window = get_main_window (self);

  if (self->screenshot_path != NULL)
    take_screenshot (self, BD_WINDOW (window));
  else
    gtk_window_present (window);
}

static void
bd_application_finalize (GObject *object)
{
  BdApplication *self = BD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->screenshot_page, g_free);
  g_clear_pointer (&self->screenshot_style, g_free);

  G_OBJECT_CLASS (bd_application_parent_class)->finalize (object);
}

static void
bd_application_class_init (BdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bd_application_finalize;
  app_class->handle_local_options = bd_application_handle_local_options;
  app_class->startup = bd_application_startup;
  app_class->activate = bd_application_activate;
}

static void
bd_application_init (BdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
}

/**
 * bd_application_get_exit_status:
 *
 * Returns: what the process should exit with once g_application_run()
 *   returns: non-zero when a --screenshot could not be taken.
 */
int
bd_application_get_exit_status (BdApplication *self)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), EXIT_FAILURE);

  return self->exit_status;
}

BdApplication *
bd_application_new (void)
{
  return g_object_new (BD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
