/* test-accounts-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bd-account-menu.h"
#include "bd-add-account-window.h"
#include "bd-application.h"
#include "bd-dodo-error.h"
#include "bd-gui-test.h"
#include "bd-key-check.h"
#include "bd-keyring.h"
#include "bd-screenshot.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "bd-window.h"

/* Accounts in the real window, under a real display, against a real
 * billing-desk-sandbox and the real gnome-keyring of build-aux/test: the
 * first run, the offline sandbox, adding (a refused key, an unreachable
 * server, a good key), switching and removing accounts, and
 * `billing-desk --demo` quitting with its sandbox.  The tests run in order
 * and share one throw-away XDG_CONFIG_HOME and XDG_DATA_HOME. */

static BdApplication *app;
static char *tmp_dir;
static char *sandbox_exe;

/* Helpers */

static BdWindow *
open_window (void)
{
  BdWindow *window = bd_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  bd_gui_test_wait_for (bd_gui_test_is_mapped, window, 60);
  return window;
}

static gboolean
key_gone (gpointer data)
{
  BdAccount *account = data;
  g_autoptr(BdSecret) key = bd_gui_test_lookup_key (bd_account_get_id (account), bd_account_get_mode (account));

  return key == NULL;
}

static gboolean
pid_alive (const char *identifier)
{
  int pid = atoi (identifier);

  g_assert_cmpint (pid, >, 0);
  return kill (pid, 0) == 0 || errno != ESRCH;
}

static gboolean
welcome_state_is (gpointer data)
{
  const char **args = data;   /* { window, state } */
  GtkWidget *status = bd_gui_test_find_widget (GTK_WIDGET (args[0]), ADW_TYPE_STATUS_PAGE, NULL, NULL);
  GtkWidget *stack = bd_gui_test_find_widget (status, GTK_TYPE_STACK, NULL, NULL);

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), args[1]) == 0;
}

static void
wait_welcome_state (BdWindow   *window,
                    const char *state)
{
  const char *args[] = { (const char *) window, state };

  bd_gui_test_wait_for (welcome_state_is, args, 60);
}

static char *
write_script (const char *name,
              const char *body)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, body, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  return path;
}

static gboolean
not_syncing (gpointer window)
{
  return !bd_window_is_syncing (window);
}

static BdAccountList *
accounts (void)
{
  return bd_application_get_accounts (app);
}

/* Tests */

static void
test_first_run (void)
{
  BdWindow *window;
  GtkWidget *add, *sandbox;

  if (!bd_gui_test_require_display ())
    return;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, 0);

  window = open_window ();
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");
  g_assert_null (bd_window_get_account (window));

  add = bd_gui_test_find_button (GTK_WIDGET (window), "_Add Dodo Payments Account…");
  sandbox = bd_gui_test_find_button (GTK_WIDGET (window), "_Try the Offline Sandbox");
  g_assert_true (gtk_widget_get_mapped (add));
  g_assert_true (gtk_widget_get_mapped (sandbox));
  g_assert_true (gtk_widget_has_css_class (sandbox, "suggested-action"));

  bd_gui_test_save_screens (GTK_WIDGET (window), "welcome", 1100, 720, TRUE);
  bd_gui_test_close (GTK_WINDOW (window));
}

/* A sandbox that cannot start: the reason on the welcome page, and Retry. */
static void
test_sandbox_fails (void)
{
  g_autofree char *script = NULL;
  GtkWidget *status;
  BdWindow *window;

  if (!bd_gui_test_require_display ())
    return;

  script = write_script ("broken-sandbox",
                         "#!/bin/sh\n"
                         "echo 'billing-desk-sandbox: the port is taken by a test' >&2\n"
                         "exit 1\n");
  g_setenv ("BD_SANDBOX_PATH", script, TRUE);

  window = open_window ();
  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (window), "_Try the Offline Sandbox"), "clicked");
  wait_welcome_state (window, "failed");

  status = bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL, NULL);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "The Offline Sandbox Did Not Start");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)),
                            "the port is taken by a test"));
  g_assert_true (gtk_widget_get_mapped (bd_gui_test_find_button (GTK_WIDGET (window), "_Retry")));
  /* No account was open before, so there is nothing to go back to. */
  g_assert_false (gtk_widget_get_visible (bd_gui_test_find_button (GTK_WIDGET (window), "_Back")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, 0);
  bd_gui_test_save_screens (GTK_WIDGET (window), "sandbox-failed", 1100, 720, TRUE);

  bd_gui_test_close (GTK_WINDOW (window));
}

/* A sandbox that takes its time: the spinner, and Cancel ends it. */
static void
test_sandbox_starting_cancel (void)
{
  g_autofree char *script = NULL;
  BdWindow *window;

  if (!bd_gui_test_require_display ())
    return;

  script = write_script ("slow-sandbox", "#!/bin/sh\nexec sleep 600\n");
  g_setenv ("BD_SANDBOX_PATH", script, TRUE);

  window = open_window ();
  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (window), "_Try the Offline Sandbox"), "clicked");
  wait_welcome_state (window, "starting");
  g_assert_true (bd_window_is_busy (window));
  g_assert_true (gtk_widget_get_mapped (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER, NULL, NULL)));
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "label", "Starting the offline sandbox…"));
  bd_gui_test_save_screens (GTK_WIDGET (window), "sandbox-starting", 1100, 720, TRUE);

  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (window), "_Cancel"), "clicked");
  wait_welcome_state (window, "start");
  g_assert_false (bd_window_is_busy (window));
  g_assert_false (bd_sandbox_process_is_running (bd_application_get_sandbox (app)));

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_sandbox_opens (void)
{
  g_autoptr(BdSecret) key = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;
  BdSandboxProcess *sandbox;
  BdAccount *account;
  GtkWidget *title, *badge;
  BdWindow *window;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  g_setenv ("BD_SANDBOX_PATH", sandbox_exe, TRUE);

  window = open_window ();
  g_signal_emit_by_name (bd_gui_test_find_button (GTK_WIDGET (window), "_Try the Offline Sandbox"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_window_has_account, window, 60);

  /* The header shows the sandbox account, marked as test mode. */
  account = bd_window_get_account (window);
  g_assert_cmpint (bd_account_get_mode (account), ==, BD_ACCOUNT_MODE_SANDBOX);
  g_assert_cmpstr (bd_account_get_display_name (account), ==, "Offline Sandbox");
  g_assert_true (bd_application_is_sandbox_account (app, account));
  title = bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "title", "Offline Sandbox");
  g_assert_nonnull (title);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, title, 60);
  badge = bd_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "label", "Test Mode");
  g_assert_true (gtk_widget_get_mapped (badge));
  g_assert_true (bd_window_get_test_mode (window));

  /* It runs, at the address the account has now. */
  sandbox = bd_application_get_sandbox (app);
  g_assert_true (bd_sandbox_process_is_running (sandbox));
  g_assert_true (pid_alive (bd_sandbox_process_get_identifier (sandbox)));
  g_assert_cmpstr (bd_account_get_sandbox_url (account), ==, bd_sandbox_process_get_url (sandbox));

  /* Its key is in the keyring, and nowhere in accounts.ini. */
  key = bd_gui_test_lookup_key (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX);
  g_assert_nonnull (key);
  g_assert_cmpstr (key, ==, bd_sandbox_process_get_key (sandbox));
  ini_path = g_build_filename (g_get_user_config_dir (), "billing-desk", "accounts.ini", NULL);
  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, NULL));
  g_assert_nonnull (strstr (ini, bd_account_get_id (account)));
  g_assert_null (strstr (ini, key));

  /* Opened again later, it comes back: the last account is remembered. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.billingdesk.BillingDesk");
    g_autofree char *last = g_settings_get_string (settings, "last-account");

    g_assert_cmpstr (last, ==, bd_account_get_id (account));
  }

  /* The picture once the first sync is over and its rows are shown. */
  bd_gui_test_wait_for (not_syncing, window, 100);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  bd_gui_test_save_screens (GTK_WIDGET (window), "sandbox-account", 1100, 720, TRUE);
  bd_gui_test_close (GTK_WINDOW (window));
}

static void
fill_form (GtkWidget  *dialog,
           const char *name,
           const char *url,
           const char *key)
{
  GtkWidget *combo = bd_gui_test_find_widget (dialog, ADW_TYPE_COMBO_ROW, NULL, NULL);

  gtk_editable_set_text (GTK_EDITABLE (bd_gui_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW, "title", "Name")), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 2);
  gtk_editable_set_text (GTK_EDITABLE (bd_gui_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW, "title", "Sandbox Address")), url);
  gtk_editable_set_text (GTK_EDITABLE (bd_gui_test_find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "title", "API Key")), key);
}

/* The dialog's error label when it is shown, else NULL. */
static GtkLabel *
shown_error (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error") && gtk_widget_get_visible (root))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = shown_error (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_shown_error (gpointer dialog)
{
  return shown_error (dialog) != NULL;
}

/* The dialog shows, word for word, what `billing-desk accounts add` prints
 * for a sandbox account (tests/keyring/test-cli.c checks that side). */
static void
assert_key_check_words (GtkWidget      *dialog,
                        BdDodoError     code)
{
  g_autoptr(GError) error = g_error_new_literal (BD_DODO_ERROR, code, "");
  g_autofree char *words = bd_key_check_describe_error (error, BD_ACCOUNT_MODE_SANDBOX, FALSE, FALSE);

  g_assert_cmpstr (gtk_label_get_text (shown_error (dialog)), ==, words);
}

static void
test_add_account (void)
{
  g_autoptr(BdTestSandbox) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdSecret) key = NULL;
  GtkWidget *dialog, *add;
  BdAccount *account;
  BdWindow *window;
  guint before;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  server = bd_test_sandbox_start (NULL, &error);
  g_assert_no_error (error);
  before = g_list_model_get_n_items (G_LIST_MODEL (accounts ()));

  window = open_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  dialog = bd_gui_test_wait_for_toplevel (BD_TYPE_ADD_ACCOUNT_WINDOW);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  add = bd_gui_test_find_button (dialog, "_Add");
  g_assert_false (gtk_widget_get_sensitive (add));
  bd_gui_test_save_screens (dialog, "add-account", 520, 540, TRUE);

  /* A wrong key: the dialog says so, and nothing is saved. */
  fill_form (dialog, "Test Shop", bd_test_sandbox_get_url (server), "sk_not_the_key");
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  bd_gui_test_wait_for (has_shown_error, dialog, 60);
  g_assert_nonnull (strstr (gtk_label_get_text (shown_error (dialog)),
                            "Dodo Payments did not accept this key"));
  assert_key_check_words (dialog, BD_DODO_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, before);
  g_assert_null (bd_account_list_find_by_name (accounts (), "Test Shop"));
  bd_gui_test_save_screens (dialog, "add-account-rejected", 520, 540, TRUE);

  /* Nobody at the address: "could not reach". */
  fill_form (dialog, "Test Shop", "http://127.0.0.1:1", "sk_not_the_key");
  g_signal_emit_by_name (add, "clicked");
  bd_gui_test_wait_for (has_shown_error, dialog, 60);
  g_assert_nonnull (strstr (gtk_label_get_text (shown_error (dialog)), "Could not reach"));
  assert_key_check_words (dialog, BD_DODO_ERROR_NETWORK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, before);

  /* The right key: the account is added, stored and opened. */
  fill_form (dialog, "Test Shop", bd_test_sandbox_get_url (server), bd_test_sandbox_get_key (server));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (add, "clicked");
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);

  account = bd_account_list_find_by_name (accounts (), "Test Shop");
  g_assert_nonnull (account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, before + 1);
  g_assert_true (bd_window_get_account (window) == account);
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "title", "Test Shop"));
  key = bd_gui_test_lookup_key (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX);
  g_assert_cmpstr (key, ==, bd_test_sandbox_get_key (server));

  /* The same name again is refused before anything is sent. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  dialog = bd_gui_test_wait_for_toplevel (BD_TYPE_ADD_ACCOUNT_WINDOW);
  fill_form (dialog, "test shop", bd_test_sandbox_get_url (server), bd_test_sandbox_get_key (server));
  g_signal_emit_by_name (bd_gui_test_find_button (dialog, "_Add"), "clicked");
  bd_gui_test_wait_for (has_shown_error, dialog, 60);
  g_assert_nonnull (strstr (gtk_label_get_text (shown_error (dialog)), "already an account"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  bd_gui_test_close (GTK_WINDOW (window));
}

static void
test_switch_account (void)
{
  BdAccount *shop, *sandbox_account;
  BdAccountMenu *menu;
  GtkWidget *row, *list, *popover;
  BdWindow *window;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  shop = bd_account_list_find_by_name (accounts (), "Test Shop");
  sandbox_account = bd_account_list_find_by_name (accounts (), "Offline Sandbox");
  g_assert_nonnull (shop);
  g_assert_nonnull (sandbox_account);

  window = open_window ();
  bd_window_open_account (window, shop);
  g_assert_true (bd_window_get_account (window) == shop);
  g_assert_true (bd_window_get_test_mode (window));

  /* The switcher lists both, with their modes. */
  menu = bd_window_get_account_menu (window);
  bd_account_menu_popup (menu);
  popover = bd_gui_test_find_widget (GTK_WIDGET (menu), GTK_TYPE_POPOVER, NULL, NULL);
  g_assert_nonnull (popover);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, popover, 60);
  list = bd_gui_test_find_widget (popover, GTK_TYPE_LIST_BOX, NULL, NULL);
  g_assert_nonnull (list);
  g_assert_nonnull (bd_gui_test_find_widget (list, GTK_TYPE_LABEL, "label", "Test Shop"));
  g_assert_nonnull (bd_gui_test_find_widget (list, GTK_TYPE_LABEL, "label", "Offline Sandbox"));
  g_assert_nonnull (bd_gui_test_find_widget (list, GTK_TYPE_LABEL, "label", "Sandbox"));
  bd_gui_test_save_screens (popover, "account-menu", 0, 0, FALSE);

  /* Choosing the sandbox (it runs) switches at once. */
  row = bd_gui_test_find_widget (list, GTK_TYPE_LIST_BOX_ROW, "name", bd_account_get_id (sandbox_account));
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_true (bd_window_get_account (window) == sandbox_account);
  g_assert_nonnull (bd_gui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "title", "Offline Sandbox"));

  /* And through the action, back to the shop. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-account", "s", bd_account_get_id (shop));
  g_assert_true (bd_window_get_account (window) == shop);

  bd_gui_test_close (GTK_WINDOW (window));
}

static gboolean
account_gone (gpointer id)
{
  return bd_account_list_find_by_id (accounts (), id) == NULL;
}

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_remove_account (void)
{
  g_autoptr(BdAccount) shop = NULL;
  g_autoptr(BdAccount) sandbox_account = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *cache_file = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *sandbox_root = NULL;
  GtkWidget *dialog;
  BdWindow *window;

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  shop = g_object_ref (bd_account_list_find_by_name (accounts (), "Test Shop"));
  sandbox_account = g_object_ref (bd_account_list_find_by_name (accounts (), "Offline Sandbox"));

  /* An offline copy, as the store would leave one. */
  cache = g_build_filename (g_get_user_data_dir (), "billing-desk", bd_account_get_id (shop), NULL);
  cache_file = g_build_filename (cache, "cache.sqlite", NULL);
  g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);
  g_assert_true (g_file_set_contents (cache_file, "not really sqlite", -1, NULL));

  window = open_window ();
  bd_window_open_account (window, shop);

  /* It asks first; Cancel keeps everything. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-account", NULL);
  dialog = bd_gui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove “Test Shop”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "saved key and offline copy are deleted"));
  bd_gui_test_save_screens (dialog, "remove-account", 420, 300, TRUE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (bd_gui_test_find_button (dialog, "_Cancel"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  g_assert_nonnull (bd_account_list_find_by_id (accounts (), bd_account_get_id (shop)));

  /* Remove: gone from the list, the keyring and the disk. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-account", NULL);
  dialog = bd_gui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (bd_gui_test_find_button (dialog, "_Remove"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  /* Once its sync has stopped (at once here: its server is gone). */
  bd_gui_test_wait_for (account_gone, (gpointer) bd_account_get_id (shop), 60);
  bd_gui_test_poll_for (file_gone, cache, 60);
  bd_gui_test_poll_for (key_gone, shop, 60);
  /* The window moved on to the account that is left. */
  g_assert_true (bd_window_get_account (window) == sandbox_account);

  /* Removing the sandbox account stops the sandbox and deletes its data. */
  pid = g_strdup (bd_sandbox_process_get_identifier (bd_application_get_sandbox (app)));
  g_assert_nonnull (pid);
  sandbox_root = g_strdup (bd_sandbox_process_get_root (bd_application_get_sandbox (app)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-account", NULL);
  dialog = bd_gui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (bd_gui_test_find_button (dialog, "_Remove"), "clicked");
  bd_gui_test_wait_for (bd_gui_test_is_null, &dialog, 60);
  bd_gui_test_wait_for (account_gone, (gpointer) bd_account_get_id (sandbox_account), 60);
  g_assert_false (pid_alive (pid));
  bd_gui_test_poll_for (key_gone, sandbox_account, 60);
  bd_gui_test_poll_for (file_gone, sandbox_root, 60);

  /* No account is left: the welcome page again. */
  g_assert_null (bd_window_get_account (window));
  g_assert_cmpstr (bd_window_get_visible_page (window), ==, "welcome");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts ())), ==, 0);

  bd_gui_test_close (GTK_WINDOW (window));
}

/* `billing-desk --demo`, the real program: it opens the sandbox account,
 * and quitting it stops the sandbox it started. */

typedef struct
{
  GPid  app_pid;
  char *ini_path;
  int   sandbox_pid;
} DemoRun;

/* The pid of a billing-desk-sandbox whose parent is @parent, or 0. */
static int
find_child_sandbox (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_comm;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "PID (COMM) STATE PPID …"; COMM is cut to 15 characters. */
      if (strstr (stat, "(billing-desk-sa") == NULL || !(after_comm = strrchr (stat, ')')))
        continue;
      if (sscanf (after_comm, ") %*c %d", &ppid) == 1 && ppid == parent)
        return atoi (name);
    }

  return 0;
}

static gboolean
demo_ready (gpointer data)
{
  DemoRun *run = data;
  g_autofree char *ini = NULL;

  if (!g_file_get_contents (run->ini_path, &ini, NULL, NULL) || strstr (ini, "mode=sandbox") == NULL)
    return FALSE;

  run->sandbox_pid = find_child_sandbox (run->app_pid);
  return run->sandbox_pid != 0;
}

static gboolean
subprocess_done (gpointer process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

static gboolean
sandbox_gone (gpointer data)
{
  DemoRun *run = data;

  return kill (run->sandbox_pid, 0) != 0 && errno == ESRCH;
}

static void
on_wait_check (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
}

static void
test_demo_command (void)
{
  g_autofree char *exe = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  g_autofree char *home = g_build_filename (tmp_dir, "demo", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *object_path = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  DemoRun run = { 0 };

  if (!bd_gui_test_require_display () || !bd_gui_test_require_sandbox (sandbox_exe))
    return;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "BD_SANDBOX_PATH", sandbox_exe, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, "--demo", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_wait_check, NULL);

  run.app_pid = atoi (g_subprocess_get_identifier (process));
  run.ini_path = g_build_filename (config, "billing-desk", "accounts.ini", NULL);
  bd_gui_test_poll_for (demo_ready, &run, 60);
  g_assert_cmpint (run.sandbox_pid, >, 0);

  /* Quit it as the desktop would: app.quit over D-Bus. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  object_path = g_strconcat ("/", APP_ID, NULL);
  g_strdelimit (object_path, ".", '/');
  g_strdelimit (object_path, "-", '_');
  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);

  bd_gui_test_wait_for (subprocess_done, process, 60);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* The sandbox is gone with it (no zombie either: the app reaped it). */
  bd_gui_test_poll_for (sandbox_gone, &run, 60);

  g_free (run.ini_path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sandbox_exe = bd_gui_test_sandbox_path ();
  app = bd_gui_test_app_begin (&argc, &argv, "bd-accounts-gui-XXXXXX", &tmp_dir);

  g_test_add_func ("/gui/accounts/first-run", test_first_run);
  g_test_add_func ("/gui/accounts/sandbox-fails", test_sandbox_fails);
  g_test_add_func ("/gui/accounts/sandbox-starting-cancel", test_sandbox_starting_cancel);
  g_test_add_func ("/gui/accounts/sandbox-opens", test_sandbox_opens);
  g_test_add_func ("/gui/accounts/add-account", test_add_account);
  g_test_add_func ("/gui/accounts/switch-account", test_switch_account);
  g_test_add_func ("/gui/accounts/remove-account", test_remove_account);
  g_test_add_func ("/gui/accounts/demo-command", test_demo_command);

  ret = g_test_run ();
  g_free (sandbox_exe);
  return bd_gui_test_app_end (ret, &app, NULL, &tmp_dir);
}
