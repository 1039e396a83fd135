/* bd-export-dialog.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-account.h"
#include "bd-dodo-client.h"
#include "bd-report.h"
#include "bd-store.h"

G_BEGIN_DECLS

/*
 * BdExportDialog: "Export Invoices".  The invoices of the cache that match
 * a date range and filters (by default those of the current view) written
 * as CSV, JSON or a PDF summary with bd_report_export (), or their invoice
 * PDFs downloaded into a folder with bd_report_download_invoices ().  Both
 * run in a GTask thread with that thread's own BdStore on
 * bd_store_get_path (@store), show their progress when they take long, and
 * can be cancelled.  Success closes the dialog with a toast in the parent
 * ("Exported 1,234 invoices", with Open / Show in Folder), shown in the
 * parent's toast overlay (bd_widget_add_toast ()).  Errors stay in the
 * dialog and name the file.
 */

#define BD_TYPE_EXPORT_DIALOG (bd_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdExportDialog, bd_export_dialog, BD, EXPORT_DIALOG, AdwWindow)

/* @current_view: (nullable): the filters shown first.  @client: (nullable):
 * without one, "Download Invoice PDFs" is off. */
GtkWindow *bd_export_dialog_new              (GtkWindow           *parent,
                                              BdAccount           *account,
                                              BdStore             *store,
                                              BdDodoClient        *client,
                                              const BdReportQuery *current_view);

/* What the file choosers' answers start, for callers that already know the
 * destination (and tests): export to @destination, or download the invoice
 * PDFs into @folder, with the filters and format shown in the dialog. */
void       bd_export_dialog_export_to         (BdExportDialog     *self,
                                               GFile              *destination);
void       bd_export_dialog_download_to       (BdExportDialog     *self,
                                               GFile              *folder);

G_END_DECLS
