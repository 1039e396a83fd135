/* bd-application.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bd-application.h"
#include "bd-keyring.h"
#include "bd-preferences-window.h"
#include "bd-screenshot.h"
#include "bd-style.h"
#include "bd-window.h"

struct _BdApplication
{
  AdwApplication  parent_instance;

  GSettings        *settings;
  BdAccountList    *accounts;
  GError           *accounts_error;
  BdSandboxProcess *sandbox;

  /* --demo: open the offline sandbox account instead of the last one. */
  gboolean          demo;

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
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the offline sandbox account, starting the sandbox"), NULL },
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

/* Account ids become folder names: refuse anything else than the
 * characters bd_account_new() uses, whatever accounts.ini says. */
static gboolean
is_safe_account_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

/* A name for the sandbox account that no other account has. */
static char *
unique_sandbox_name (BdApplication *self)
{
  const char *base = _("Offline Sandbox");
  char *name = g_strdup (base);

  for (guint i = 2; bd_account_list_find_by_name (self->accounts, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s %u", base, i);
    }

  return name;
}

/* The account to open at start: the last one used, else the first. */
static BdAccount *
start_account (BdApplication *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-account");
  BdAccount *account = NULL;

  if (*last != '\0')
    account = bd_account_list_find_by_id (self->accounts, last);
  if (account == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    {
      account = g_list_model_get_item (G_LIST_MODEL (self->accounts), 0);
      g_object_unref (account);  /* the list keeps it */
    }

  return account;
}

/* Actions */

static void
open_sandbox_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  BdApplication *self = user_data;
  GtkWindow *window = get_main_window (self);

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sandbox", NULL);
}

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
  { "open-sandbox", open_sandbox_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

/* The offline sandbox and removing accounts */

static void
on_sandbox_key_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!bd_keyring_store_finish (result, &error))
    {
      g_prefix_error (&error, _("The sandbox’s key could not be saved in the keyring: "));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
}

static void
on_sandbox_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdApplication *self = g_task_get_source_object (task);
  g_autoptr(BdAccount) account = NULL;
  g_autofree char *id = NULL;
  const char *url;
  GError *error = NULL;

  if (!bd_sandbox_process_start_finish (self->sandbox, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  url = bd_sandbox_process_get_url (self->sandbox);
  id = bd_sandbox_process_dup_account_id (self->sandbox);
  if (id != NULL && bd_account_list_find_by_id (self->accounts, id) != NULL)
    {
      account = g_object_ref (bd_account_list_find_by_id (self->accounts, id));

      /* Port 0: the address changes at each start. */
      if (g_strcmp0 (bd_account_get_sandbox_url (account), url) != 0
          && (!bd_account_set_mode (account, BD_ACCOUNT_MODE_SANDBOX, url, &error)
              || !bd_account_list_save (self->accounts, &error)))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      g_autofree char *name = unique_sandbox_name (self);

      account = bd_account_new (name, BD_ACCOUNT_MODE_SANDBOX, url, &error);
      if (account == NULL
          || !bd_account_list_add (self->accounts, account, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (!bd_sandbox_process_set_account_id (self->sandbox, bd_account_get_id (account), &error))
        {
          bd_account_list_remove (self->accounts, account, NULL);
          g_task_return_error (task, error);
          return;
        }
    }

  /* The sandbox makes a new key at each start (it is never passed on its
   * command line); the keyring holds the current one like any other. */
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);
  bd_keyring_store_async (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX,
                          BD_KEYRING_KIND_API_KEY, bd_account_get_display_name (account),
                          bd_sandbox_process_get_key (self->sandbox),
                          g_task_get_cancellable (task),
                          on_sandbox_key_stored_cb, g_object_ref (task));
}

typedef struct
{
  char     *account_id;
  gboolean  was_sandbox;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_free (data->account_id);
  g_free (data);
}

static void
on_sandbox_files_deleted_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!bd_sandbox_process_delete_files_finish (BD_SANDBOX_PROCESS (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cache_deleted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdApplication *self = g_task_get_source_object (task);
  RemoveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bd_delete_tree_finish (result, &error))
    {
      g_prefix_error (&error, _("The offline copy could not be deleted: "));
      g_task_return_error (task, error);
      return;
    }

  if (data->was_sandbox)
    {
      bd_sandbox_process_delete_files_async (self->sandbox, g_task_get_cancellable (task),
                                             on_sandbox_files_deleted_cb, g_object_ref (task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_keyring_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveData *data = g_task_get_task_data (task);
  g_autoptr(GFile) cache = NULL;
  GError *error = NULL;

  if (!bd_keyring_clear_account_finish (result, &error))
    {
      g_prefix_error (&error, _("The saved key could not be removed from the keyring: "));
      g_task_return_error (task, error);
      return;
    }

  if (!is_safe_account_id (data->account_id))
    {
      /* Nothing of ours can be in a folder we would never have made. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  cache = g_file_new_build_filename (g_get_user_data_dir (), "billing-desk", data->account_id, NULL);
  bd_delete_tree_async (cache, g_task_get_cancellable (task), on_cache_deleted_cb, g_object_ref (task));
}

/* Screenshots */

static void
on_screenshot_saved_cb (GObject      *object,
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
                                 on_screenshot_saved_cb, g_object_ref (self));
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

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (g_variant_dict_contains (options, "screenshot"))
        {
          g_printerr ("billing-desk: %s\n", _("--demo does not go with --screenshot"));
          return EXIT_FAILURE;
        }

      /* A running Billing Desk opens the sandbox in its own window. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("billing-desk: %s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "open-sandbox", NULL);
          return EXIT_SUCCESS;
        }

      self->demo = TRUE;
      return -1;
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
  static const char *sync_accels[] = { "<Control>r", "F5", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };

  G_APPLICATION_CLASS (bd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);

  self->settings = g_settings_new ("io.github.billingdesk.BillingDesk");
  if (self->screenshot_path == NULL)
    bd_style_bind_settings (self->settings);

  /* A bad file leaves the list empty; the window says why. */
  self->accounts = bd_account_list_new (NULL);
  if (!bd_account_list_load (self->accounts, &self->accounts_error))
    g_warning ("%s", self->accounts_error->message);
}

static void
bd_application_shutdown (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);

  /* The sandbox lives only as long as the app. */
  if (self->sandbox != NULL)
    bd_sandbox_process_stop (self->sandbox, 5000);

  G_APPLICATION_CLASS (bd_application_parent_class)->shutdown (app);
}

static void
bd_application_activate (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);
  GtkWindow *window = get_main_window (self);

  if (self->screenshot_path != NULL)
    {
      take_screenshot (self, BD_WINDOW (window));
      return;
    }

  gtk_window_present (window);

  if (self->demo)
    {
      self->demo = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sandbox", NULL);
    }
  else if (bd_window_get_account (BD_WINDOW (window)) == NULL
           && !bd_window_is_busy (BD_WINDOW (window)))
    {
      BdAccount *account = start_account (self);

      if (account != NULL)
        bd_window_open_account (BD_WINDOW (window), account);
    }
}

static void
bd_application_finalize (GObject *object)
{
  BdApplication *self = BD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->accounts);
  g_clear_error (&self->accounts_error);
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
  app_class->shutdown = bd_application_shutdown;
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

BdAccountList *
bd_application_get_accounts (BdApplication *self)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), NULL);

  return self->accounts;
}

const GError *
bd_application_get_accounts_error (BdApplication *self)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), NULL);

  return self->accounts_error;
}

BdSandboxProcess *
bd_application_get_sandbox (BdApplication *self)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), NULL);

  if (self->sandbox == NULL)
    self->sandbox = bd_sandbox_process_new (NULL);

  return self->sandbox;
}

gboolean
bd_application_is_sandbox_account (BdApplication *self,
                                    BdAccount     *account)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (BD_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (BD_IS_ACCOUNT (account), FALSE);

  if (bd_account_get_mode (account) != BD_ACCOUNT_MODE_SANDBOX)
    return FALSE;

  id = bd_sandbox_process_dup_account_id (bd_application_get_sandbox (self));
  return g_strcmp0 (id, bd_account_get_id (account)) == 0;
}

void
bd_application_open_sandbox_async (BdApplication       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_APPLICATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_application_open_sandbox_async);
  bd_sandbox_process_start_async (bd_application_get_sandbox (self), cancellable,
                                  on_sandbox_started_cb, g_steal_pointer (&task));
}

BdAccount *
bd_application_open_sandbox_finish (BdApplication  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bd_application_remove_account_async (BdApplication       *self,
                                     BdAccount           *account,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  RemoveData *data;

  g_return_if_fail (BD_IS_APPLICATION (self));
  g_return_if_fail (BD_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_application_remove_account_async);

  data = g_new0 (RemoveData, 1);
  data->account_id = g_strdup (bd_account_get_id (account));
  data->was_sandbox = bd_application_is_sandbox_account (self, account);
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);

  if (!bd_account_list_remove (self->accounts, account, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->was_sandbox)
    bd_sandbox_process_stop (self->sandbox, 5000);

  bd_keyring_clear_account_async (data->account_id, cancellable,
                                  on_keyring_cleared_cb, g_steal_pointer (&task));
}

gboolean
bd_application_remove_account_finish (BdApplication  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (BD_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
