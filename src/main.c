/* main.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bd-application.h"
#include "bd-i18n.h"
#include "cli/bd-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BdApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bd_i18n_init ();

  /* Headless sub-commands (accounts, sync, export) run before any GTK code. */
  if (argc > 1 && bd_cli_is_command (argv[1]))
    return bd_cli_main (argc, argv);

  app = bd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : bd_application_get_exit_status (app);
}
