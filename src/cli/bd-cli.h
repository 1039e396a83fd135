/* bd-cli.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The headless sub-commands of billing-desk (design §8), run from main()
 * before any GTK code when argv[1] names one:
 *
 *   billing-desk accounts list
 *   billing-desk accounts add --name NAME --mode test|live|sandbox [--url URL]
 *                                       (the API key is read from stdin)
 *   billing-desk accounts remove NAME
 *   billing-desk sync [--account NAME] [--full]
 *
 * Progress goes to stderr, results to stdout.  Exit status 0 on success;
 * on failure one line "billing-desk: reason" on stderr and status 1 (2 for
 * a command line that does not parse).  DODO_PAYMENTS_API_KEY, when set,
 * replaces the keyring's key for one `sync` and is never written anywhere.
 * No GTK: these link accounts/, store/, dodo/ and core/ only.
 */

/* TRUE when @arg (argv[1]) is a sub-command handled here. */
gboolean  bd_cli_is_command  (const char  *arg);

/* Runs the sub-command in argv[1]; returns the exit status. */
int       bd_cli_main        (int          argc,
                              char       **argv);

G_END_DECLS
