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
 *   billing-desk export invoices --from DATE --to DATE --format csv|json|pdf
 *                                --output FILE|- [--account NAME]
 *                                [--status STATUS] [--currency CODE]
 *   billing-desk export invoice-pdfs --from DATE --to DATE --dir DIR
 *                                    [--account NAME]
 *                                      (bd-cli-export.c: the offline copy,
 *                                      through reports/bd-report.h)
 *
 * Progress goes to stderr, results to stdout.  Exit status 0 on success;
 * on failure one line "billing-desk: reason" on stderr and status 1 (2 for
 * a command line that does not parse or holds a bad value).
 * DODO_PAYMENTS_API_KEY, when set, replaces the keyring's key for one
 * `sync` or `export invoice-pdfs` and is never written anywhere.
 * No GTK: these link accounts/, reports/, store/, dodo/ and core/ only.
 */

/* TRUE when @arg (argv[1]) is a sub-command handled here. */
gboolean  bd_cli_is_command  (const char  *arg);

/* Runs the sub-command in argv[1]; returns the exit status. */
int       bd_cli_main        (int          argc,
                              char       **argv);

G_END_DECLS
