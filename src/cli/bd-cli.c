/* bd-cli.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bd-account-client.h"
#include "bd-account-list.h"
#include "bd-cli-private.h"
#include "bd-cli.h"
#include "bd-key-check.h"
#include "bd-keyring.h"
#include "bd-sandbox-process.h"
#include "bd-store-path.h"
#include "bd-sync.h"

#define EXIT_USAGE BD_CLI_EXIT_USAGE
#define MAX_KEY_BYTES 4096

static const char * const commands[] = { "accounts", "events", "export", "report", "sync", "webhooks", NULL };

gboolean
bd_cli_is_command (const char *arg)
{
  return arg != NULL && g_strv_contains (commands, arg);
}

/* One line on stderr, "billing-desk: reason", and the exit status. */
int
bd_cli_fail (int         status,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  /* One line: a server's message could hold a newline. */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "billing-desk: %s\n", message);
  return status;
}

gboolean
bd_cli_parse_options (const char    *command,
                      const char    *parameters,
                      GOptionEntry  *entries,
                      int           *argc,
                      char        ***argv,
                      int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat ("billing-desk ", command, NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_set_prgname (name);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = bd_cli_fail (EXIT_USAGE, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static BdAccountList *
load_accounts (int *status)
{
  g_autoptr(BdAccountList) list = bd_account_list_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!bd_account_list_load (list, &error))
    {
      *status = bd_cli_fail (1, "%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&list);
}

BdAccount *
bd_cli_choose_account (const char  *name,
                       char       **out_path,
                       int         *status)
{
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autofree char *path = NULL;
  guint n_accounts;

  if (!(list = load_accounts (status)))
    return NULL;

  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (name != NULL)
    {
      account = bd_account_list_find_by_name (list, name);
      if (account == NULL)
        {
          *status = bd_cli_fail (1, _("There is no account named “%s”"), name);
          return NULL;
        }
      g_object_ref (account);
    }
  else if (n_accounts == 1)
    account = g_list_model_get_item (G_LIST_MODEL (list), 0);
  else if (n_accounts == 0)
    {
      *status = bd_cli_fail (1, _("There is no account yet: add one with “billing-desk accounts add”"));
      return NULL;
    }
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < n_accounts; i++)
        {
          g_autoptr(BdAccount) a = g_list_model_get_item (G_LIST_MODEL (list), i);

          g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", bd_account_get_display_name (a));
        }
      *status = bd_cli_fail (EXIT_USAGE, _("Choose an account with --account NAME: %s"), names->str);
      return NULL;
    }

  path = bd_store_path_for_account (account);
  if (path == NULL)
    {
      *status = bd_cli_fail (1, _("The account “%s” has an id that cannot name a folder"),
                             bd_account_get_display_name (account));
      return NULL;
    }
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return g_steal_pointer (&account);
}

void
bd_cli_on_async_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the default main context until @slot is set. */
GAsyncResult *
bd_cli_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* accounts list */

static int
accounts_list (int    argc,
               char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(BdAccountList) list = NULL;
  int status = 0;

  if (!bd_cli_parse_options ("accounts list", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (!(list = load_accounts (&status)))
    return status;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(BdAccount) account = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *business = bd_account_get_business_name (account);

      if (business == NULL)
        business = bd_account_get_business_id (account);
      /* Name, mode, business: tab-separated, one account a line. */
      printf ("%s\t%s\t%s\n", bd_account_get_display_name (account),
              bd_account_mode_to_string (bd_account_get_mode (account)),
              business != NULL ? business : "-");
    }
  return 0;
}

/* accounts add */

/* The key, from stdin: never from argv, where other users can read it.
 * On a terminal it is asked for without echo.  (transfer full) */
static BdSecret *
read_key (GError **error)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  char *key = g_malloc0 (MAX_KEY_BYTES + 1);
  gsize length = 0;
  int c;

  if (tty)
    {
      fprintf (stderr, "%s", _("API key: "));
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while ((c = getchar ()) != EOF && length < MAX_KEY_BYTES)
    {
      if (tty && c == '\n')
        break;
      key[length++] = (char) c;
    }

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }

  g_strstrip (key);
  if (*key == '\0' || length >= MAX_KEY_BYTES || strpbrk (key, " \t\r\n") != NULL)
    {
      bd_secret_free (key);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Give the API key, alone, on standard input"));
      return NULL;
    }
  return key;
}

static int
accounts_add (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *url = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The account’s name"), N_("NAME") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode_text, N_("test, live or sandbox"), N_("MODE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The sandbox’s address (sandbox mode)"), N_("URL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autofree char *business = NULL;
  BdAccountMode mode;
  int status = 0;

  if (!bd_cli_parse_options ("accounts add", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s” (the key is read from standard input)"), argv[1]);
  if (name == NULL || mode_text == NULL)
    return bd_cli_fail (EXIT_USAGE, _("Give --name NAME and --mode test|live|sandbox"));
  if (!bd_account_mode_from_string (mode_text, &mode))
    return bd_cli_fail (EXIT_USAGE, _("Unknown mode “%s”: use test, live or sandbox"), mode_text);
  if (mode == BD_ACCOUNT_MODE_SANDBOX && url == NULL)
    return bd_cli_fail (EXIT_USAGE, _("A sandbox account needs --url"));

  if (!(list = load_accounts (&status)))
    return status;
  if (bd_account_list_find_by_name (list, name) != NULL)
    return bd_cli_fail (1, _("There is an account named “%s” already"), name);
  if (!(account = bd_account_new (name, mode, url, &error)))
    return bd_cli_fail (1, "%s", error->message);

  if (!(key = read_key (&error)))
    return bd_cli_fail (1, "%s", error->message);

  /* The window's own check: one read that changes nothing, and the same
   * words for a refused key, a key of the other mode or no connection. */
  fprintf (stderr, _("Checking the key with %s…\n"), bd_account_get_base_url (account));
  bd_key_check_async (account, key, NULL, bd_cli_on_async_done, &checked);
  if (!bd_key_check_finish (bd_cli_wait_for (&checked), &business, &error))
    return bd_cli_fail (1, "%s", error->message);
  bd_account_set_business (account, business, NULL);

  /* The key first: an account in the list always has one. */
  bd_keyring_store_async (bd_account_get_id (account), mode, BD_KEYRING_KIND_API_KEY,
                          name, key, NULL, bd_cli_on_async_done, &stored);
  if (!bd_keyring_store_finish (bd_cli_wait_for (&stored), &error))
    return bd_cli_fail (1, _("Could not store the key in the keyring: %s"), error->message);

  if (!bd_account_list_add (list, account, &error))
    {
      g_autoptr(GAsyncResult) cleared = NULL;

      bd_keyring_clear_account_async (bd_account_get_id (account), NULL, bd_cli_on_async_done, &cleared);
      bd_keyring_clear_account_finish (bd_cli_wait_for (&cleared), NULL);
      return bd_cli_fail (1, "%s", error->message);
    }

  fprintf (stderr, _("Added “%s” (%s)\n"), name, bd_account_mode_to_string (mode));
  return 0;
}

/* accounts remove */

static int
accounts_remove (int    argc,
                 char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(BdAccountList) list = NULL;
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  int status = 0;

  if (!bd_cli_parse_options ("accounts remove", _("NAME"), entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return bd_cli_fail (EXIT_USAGE, _("Give the name of the account to remove"));
  if (!(list = load_accounts (&status)))
    return status;
  account = bd_account_list_find_by_name (list, argv[1]);
  if (account == NULL)
    return bd_cli_fail (1, _("There is no account named “%s”"), argv[1]);
  g_object_ref (account);
  id = g_strdup (bd_account_get_id (account));

  /* As the window does: out of the list first, then its keys and its
   * offline copy. */
  if (!bd_account_list_remove (list, account, &error))
    return bd_cli_fail (1, "%s", error->message);

  bd_keyring_clear_account_async (id, NULL, bd_cli_on_async_done, &cleared);
  if (!bd_keyring_clear_account_finish (bd_cli_wait_for (&cleared), &error))
    return bd_cli_fail (1, _("Removed the account, but not its key from the keyring: %s"), error->message);

  dir = bd_store_dir_for_account_id (id);
  if (dir != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (dir);

      bd_delete_tree_async (file, NULL, bd_cli_on_async_done, &deleted);
      if (!bd_delete_tree_finish (bd_cli_wait_for (&deleted), &error))
        return bd_cli_fail (1, _("Removed the account, but not its offline copy: %s"), error->message);
    }

  fprintf (stderr, _("Removed “%s”\n"), argv[1]);
  return 0;
}

static int
accounts_main (int    argc,
               char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout, "%s\n",
               _("Usage: billing-desk accounts list | add --name NAME --mode test|live|sandbox [--url URL] | remove NAME"));
      return argc < 2 ? EXIT_USAGE : 0;
    }
  if (g_str_equal (argv[1], "list"))
    return accounts_list (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return accounts_add (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return accounts_remove (argc - 1, argv + 1);
  return bd_cli_fail (EXIT_USAGE, _("Unknown command “accounts %s”: use list, add or remove"), argv[1]);
}

/* sync */

typedef struct
{
  gboolean        tty;
  BdSyncProgress *last;         /* the latest progress, shown or not */
  gboolean        last_shown;
  gint64          last_line;
  gboolean        line_open;
  GAsyncResult   *result;
} SyncUi;

static const char *
resource_label (const char *resource)
{
  /* The resources of bd_sync_resources(). */
  if (g_str_equal (resource, "products"))
    return _("products");
  if (g_str_equal (resource, "customers"))
    return _("customers");
  if (g_str_equal (resource, "subscriptions"))
    return _("subscriptions");
  if (g_str_equal (resource, "payments"))
    return _("payments");
  if (g_str_equal (resource, "refunds"))
    return _("refunds");
  if (g_str_equal (resource, "disputes"))
    return _("disputes");
  return resource;
}

/* "reading all payments: 1200 (12 pages), back to 2025-03-01" */
static void
show_progress (SyncUi               *ui,
               const BdSyncProgress *progress,
               gboolean              new_line)
{
  g_autofree char *line = NULL;
  g_autofree char *back_to = NULL;
  g_autofree char *objects = NULL;
  const char *doing;

  switch (progress->phase)
    {
    case BD_SYNC_PHASE_FULL:
      doing = _("reading all");
      break;
    case BD_SYNC_PHASE_INCREMENTAL:
      doing = _("reading new");
      break;
    case BD_SYNC_PHASE_REFRESH:
    default:
      doing = _("refreshing");
      break;
    }
  if (progress->reached != NULL)
    back_to = g_date_time_format (progress->reached, "%Y-%m-%d");

  /* The count as text: a 64-bit format macro would hide the string from xgettext. */
  objects = g_strdup_printf ("%" G_GUINT64_FORMAT, progress->objects);
  if (back_to != NULL)
    /* TRANSLATORS: "reading all payments: 1200 (12 pages), back to 2025-03-01" */
    line = g_strdup_printf (_("%s %s: %s (%u pages), back to %s"),
                            doing, resource_label (progress->resource),
                            objects, progress->pages, back_to);
  else
    line = g_strdup_printf (_("%s %s: %s (%u pages)"),
                            doing, resource_label (progress->resource),
                            objects, progress->pages);

  /* A terminal gets one line per step, rewritten in place. */
  if (ui->tty)
    fprintf (stderr, "%s\r\033[K%s", new_line && ui->line_open ? "\n" : "", line);
  else
    fprintf (stderr, "%s\n", line);
  fflush (stderr);
  ui->line_open = ui->tty;
  ui->last_line = g_get_monotonic_time ();
}

static void
on_progress (BdSync         *sync,
             BdSyncProgress *progress,
             SyncUi         *ui)
{
  gboolean changed = ui->last == NULL ||
                     progress->resource != ui->last->resource ||
                     progress->phase != ui->last->phase;

  /* Each step's final figures, then the new step: on a terminal at once,
   * elsewhere (a log) once a second at most. */
  if (changed && ui->last != NULL && !ui->last_shown)
    show_progress (ui, ui->last, FALSE);
  g_clear_pointer (&ui->last, bd_sync_progress_free);
  if (progress->phase == BD_SYNC_PHASE_DONE)
    return;
  ui->last = bd_sync_progress_copy (progress);
  ui->last_shown = FALSE;

  if (ui->tty || g_get_monotonic_time () - ui->last_line >= G_USEC_PER_SEC)
    {
      show_progress (ui, progress, changed);
      ui->last_shown = TRUE;
    }
}

static char *
describe_sync_error (const GError *error,
                     BdAccount    *account)
{
  const char *name = bd_account_get_display_name (account);

  if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_UNAUTHORIZED))
    /* TRANSLATORS: %s is the account's name */
    return g_strdup_printf (_("Dodo Payments did not accept the API key of “%s”; "
                              "remove the account and add it again with a new key"), name);
  if (g_error_matches (error, BD_SYNC_ERROR, BD_SYNC_ERROR_OFFLINE))
    return g_strdup_printf (_("Offline: could not reach %s"), bd_account_get_base_url (account));
  return g_strdup (error->message);
}

static int
sync_main (int    argc,
           char **argv)
{
  g_autofree char *account_name = NULL;
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account to update"), N_("NAME") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Read every list whole again"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(BdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SyncUi ui = { 0 };
  int status = 0;
  gint64 started;

  if (!bd_cli_parse_options ("sync", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (!(account = bd_cli_choose_account (account_name, &path, &status)))
    return status;

  /* DODO_PAYMENTS_API_KEY, if set, else the keyring (a blocking lookup:
   * nothing runs the main loop yet). */
  client = bd_account_create_headless_client (account, NULL, &error);
  if (client == NULL)
    return bd_cli_fail (1, "%s", error->message);

  sync = bd_sync_new (client, path);
  bd_sync_set_full (sync, full);
  ui.tty = isatty (STDERR_FILENO);
  g_signal_connect (sync, "progress", G_CALLBACK (on_progress), &ui);

  started = g_get_monotonic_time ();
  bd_sync_run_async (sync, NULL, bd_cli_on_async_done, &ui.result);
  bd_cli_wait_for (&ui.result);
  if (ui.last != NULL && !ui.last_shown)
    show_progress (&ui, ui.last, FALSE);
  g_clear_pointer (&ui.last, bd_sync_progress_free);
  if (ui.line_open)
    fputc ('\n', stderr);
  if (!bd_sync_run_finish (sync, ui.result, &error))
    {
      g_autofree char *reason = describe_sync_error (error, account);

      g_clear_object (&ui.result);
      return bd_cli_fail (1, "%s", reason);
    }
  g_clear_object (&ui.result);

  fprintf (stderr, _("“%s” is up to date (%.1f s)\n"), bd_account_get_display_name (account),
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}

int
bd_cli_main (int    argc,
             char **argv)
{
  g_return_val_if_fail (argc >= 2 && bd_cli_is_command (argv[1]), EXIT_USAGE);

  if (g_str_equal (argv[1], "accounts"))
    return accounts_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return bd_cli_export_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report"))
    return bd_cli_report_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "webhooks"))
    return bd_cli_webhooks_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "events"))
    return bd_cli_events_main (argc - 1, argv + 1);
  return sync_main (argc - 1, argv + 1);
}
