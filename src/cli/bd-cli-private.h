/* bd-cli-private.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-account.h"

G_BEGIN_DECLS

/* What the sub-commands of bd-cli.c, bd-cli-export.c and bd-cli-report.c share. */

#define BD_CLI_EXIT_USAGE 2

/* Prints one line "billing-desk: reason" on stderr; returns @status. */
int            bd_cli_fail            (int             status,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (2, 3);

/* Parses the options of a sub-command; @argv is shifted so that argv[0]
 * names it ("billing-desk sync").  A bad command line sets @status to
 * BD_CLI_EXIT_USAGE and returns FALSE. */
gboolean       bd_cli_parse_options   (const char     *command,
                                       const char     *parameters,
                                       GOptionEntry   *entries,
                                       int            *argc,
                                       char         ***argv,
                                       int            *status);

/* The account named @name, or the only one when @name is NULL, and the
 * path of its cache (@out_path, optional); else prints why not, sets
 * @status and returns NULL.  (transfer full) (nullable) */
BdAccount     *bd_cli_choose_account  (const char     *name,
                                       char          **out_path,
                                       int            *status);

/* A GAsyncReadyCallback that keeps the result in *@user_data, and the
 * loop that waits for it on the default main context. */
void           bd_cli_on_async_done   (GObject        *object,
                                       GAsyncResult   *result,
                                       gpointer        user_data);
GAsyncResult  *bd_cli_wait_for        (GAsyncResult  **slot);

/* bd-cli-export.c: billing-desk export invoices | invoice-pdfs */
int            bd_cli_export_main     (int             argc,
                                       char          **argv);

/* bd-cli-report.c: billing-desk report metrics */
int            bd_cli_report_main     (int             argc,
                                       char          **argv);

/* bd-cli-webhooks.c: billing-desk webhooks listen, events list | send */
int            bd_cli_webhooks_main   (int             argc,
                                       char          **argv);
int            bd_cli_events_main     (int             argc,
                                       char          **argv);

G_END_DECLS
