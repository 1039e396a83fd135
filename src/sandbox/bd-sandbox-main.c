/* bd-sandbox-main.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "bd-i18n.h"
#include "bd-sandbox-persist.h"
#include "bd-sandbox-scheduler.h"
#include "bd-sandbox-server.h"
#include "bd-sandbox-webhooks.h"

/* billing-desk-sandbox [--host 127.0.0.1] [--port 0] [--api-key KEY]
 *   [--seed demo|N] [--faults SPEC] [--now RFC3339] [--allow-remote]
 *   [--webhook-schedule SCALE] [--data-dir DIR]
 *
 * Prints "Listening on http://HOST:PORT" and then the API key, one line
 * each, and nothing else on stdout; the key is printed nowhere else. */

typedef struct
{
  char     *host;
  int       port;
  char     *api_key;
  char     *data_dir;
  char     *seed;
  char     *faults;
  char     *now;
  gboolean  allow_remote;
  double    webhook_schedule;
} Options;

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
generate_key (void)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  GString *key = g_string_new ("sk_sandbox_");

  for (guint i = 0; i < 32; i++)
    g_string_append_c (key, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  return g_string_free (key, FALSE);
}

/* "localhost" or an IP literal; anything else is refused. */
static GInetAddress *
parse_host (const char  *host,
            GError     **error)
{
  GInetAddress *address;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  if (g_str_has_prefix (host, "[") && g_str_has_suffix (host, "]"))
    {
      g_autofree char *inner = g_strndup (host + 1, strlen (host) - 2);

      if ((address = g_inet_address_new_from_string (inner)))
        return address;
    }
  if ((address = g_inet_address_new_from_string (host)))
    return address;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("--host must be an IP address or localhost, not “%s”"), host);
  return NULL;
}

static gboolean
parse_seed (BdSandboxState  *state,
            const char      *seed,
            GError         **error)
{
  guint64 n;

  if (seed == NULL)
    return TRUE;
  if (g_str_equal (seed, "demo"))
    {
      bd_sandbox_state_seed_demo (state);
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (seed, 10, 0, 100000000, &n, NULL))
    {
      bd_sandbox_state_seed_payments (state, n);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("--seed must be “demo” or a number of payments, not “%s”"), seed);
  return FALSE;
}

static int
fail (const char *message)
{
  g_printerr ("billing-desk-sandbox: %s\n", message);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  Options opts = { .port = 0, .webhook_schedule = 1.0 };
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &opts.host, N_("Address to listen on (default 127.0.0.1)"), "HOST" },
    { "port", 0, 0, G_OPTION_ARG_INT, &opts.port, N_("Port to listen on (0 picks a free one)"), "PORT" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &opts.api_key, N_("The API key to accept (default: a new random one)"), "KEY" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.data_dir, N_("Keep the state in a SQLite file in DIR"), "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &opts.seed, N_("Fill the account: “demo”, or N payments"), "demo|N" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &opts.faults, N_("Inject faults (see docs/sandbox.md)"), "SPEC" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &opts.now, N_("Start the sandbox clock at this RFC 3339 time"), "TIME" },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &opts.allow_remote, N_("Allow listening on a non-loopback address"), NULL },
    { "webhook-schedule", 0, 0, G_OPTION_ARG_DOUBLE, &opts.webhook_schedule,
      N_("Multiply the webhook retry delays by SCALE (0.001 for tests)"), "SCALE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(BdSandboxClock) clock = NULL;
  g_autoptr(BdSandboxState) state = NULL;
  g_autoptr(BdSandboxServer) server = NULL;
  g_autoptr(BdSandboxPersist) persist = NULL;
  g_autoptr(BdSandboxWebhooks) webhooks = NULL;
  g_autoptr(BdSandboxScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  gint64 start_us = g_get_real_time ();
  guint sigint, sigterm;

  setlocale (LC_ALL, "");
  bd_i18n_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("A local Dodo Payments test-mode server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);

  if (!(address = parse_host (opts.host != NULL ? opts.host : "127.0.0.1", &error)))
    return fail (error->message);
  if (!g_inet_address_get_is_loopback (address) && !opts.allow_remote)
    return fail (_("refusing to listen on a non-loopback address without --allow-remote"));
  if (opts.port < 0 || opts.port > 65535)
    return fail (_("--port must be from 0 to 65535"));
  if (opts.now != NULL && !bd_sandbox_parse_time (opts.now, &start_us))
    return fail (_("--now must be an RFC 3339 date-time"));
  if (!(opts.webhook_schedule > 0 && opts.webhook_schedule <= 1000))
    return fail (_("--webhook-schedule must be a number above 0 and at most 1000"));
  if (opts.api_key != NULL && *opts.api_key == '\0')
    return fail (_("--api-key must not be empty"));
  if (opts.api_key == NULL)
    opts.api_key = generate_key ();

  clock = bd_sandbox_clock_new (start_us);
  state = bd_sandbox_state_new (clock, 0);
  if (opts.data_dir != NULL && !(persist = bd_sandbox_persist_open (opts.data_dir, &error)))
    return fail (error->message);
  if (persist != NULL && bd_sandbox_persist_has_state (persist))
    {
      /* A saved sandbox: its seed, its objects and its time win. */
      if (opts.seed != NULL && g_strcmp0 (opts.seed, bd_sandbox_persist_get_seed (persist)) != 0)
        return fail (_("--seed differs from the seed of the state saved in --data-dir"));
      if (!bd_sandbox_persist_restore (persist, state, &error))
        return fail (error->message);
    }
  else
    {
      gint64 seeded_at = bd_sandbox_state_now (state);

      if (!parse_seed (state, opts.seed, &error))
        return fail (error->message);
      if (persist != NULL)
        bd_sandbox_persist_attach (persist, state, opts.seed, seeded_at);
    }

  /* Webhooks first: the scheduler's events go to them. */
  webhooks = bd_sandbox_webhooks_new (state, opts.webhook_schedule);
  scheduler = bd_sandbox_scheduler_new (state);
  server = bd_sandbox_server_new (state, opts.api_key);
  if (opts.faults != NULL &&
      !bd_sandbox_faults_add_spec (bd_sandbox_server_get_faults (server), opts.faults, &error))
    return fail (error->message);

  /* Handle the signals before anyone can learn the address and send one. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);

  if (!(url = bd_sandbox_server_listen (server, address, (guint) opts.port, &error)))
    return fail (error->message);

  /* Exactly two lines on stdout, then nothing: launchers read them. */
  printf ("Listening on %s\n%s\n", url, opts.api_key);
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  g_clear_pointer (&persist, bd_sandbox_persist_free);
  g_clear_object (&server);
  g_free (opts.host);
  g_free (opts.api_key);
  g_free (opts.data_dir);
  g_free (opts.seed);
  g_free (opts.faults);
  g_free (opts.now);
  return 0;
}
