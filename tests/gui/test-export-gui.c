/* test-export-gui.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bd-account-list.h"
#include "bd-account.h"
#include "bd-export-dialog.h"
#include "bd-gui-test.h"
#include "bd-report.h"
#include "bd-store-path.h"
#include "bd-test-sandbox.h"
#include "bd-test-util.h"
#include "sync-test.h"

/* The Export dialog in a real window, on a real cache synced from a real
 * billing-desk-sandbox: its defaults come from the current view, the file
 * it writes is byte for byte what bd_report_export () (and
 * `billing-desk export invoices`) write for the same filters, a bad date
 * is refused naming it, and the invoice PDFs land in a folder. */

static char *tmp_dir;
static BdTestSandbox *sandbox;
static BdDodoClient *client;
static BdAccount *account;
static BdStore *store;

/* The current view the dialog starts from: paid, 2025-06-01 … 2026-02-28. */
#define FIRST_DAY "2025-06-01"
#define LAST_DAY  "2026-02-28"

/* Helpers */

/* The mapped label that says exactly @text, or NULL. */
static GtkWidget *
shown_label (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label = bd_gui_test_find_widget (root, GTK_TYPE_LABEL, "label", text);

  return label != NULL && gtk_widget_get_mapped (label) ? label : NULL;
}

/* One sandbox and one cache for every test. */
static gboolean
require_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountList) list = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (!bd_gui_test_require_display ())
    return FALSE;
  if (store != NULL)
    return TRUE;
  sandbox = bd_test_sandbox_start_with ("--seed", "40", NULL);
  if (sandbox == NULL)
    return FALSE;
  client = sync_test_client (sandbox);
  account = bd_account_new ("Export Shop", BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (sandbox), &error);
  g_assert_no_error (error);
  /* In accounts.ini too, for `billing-desk export`. */
  list = bd_account_list_new (NULL);
  g_assert_true (bd_account_list_add (list, account, &error));
  g_assert_no_error (error);

  path = bd_store_path_for_account (account);
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  return TRUE;
}

static BdReportQuery *
current_view (void)
{
  BdReportQuery *query = bd_report_query_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_report_query_set_days (query, FIRST_DAY, LAST_DAY, &error));
  g_assert_no_error (error);
  query->status = g_strdup ("succeeded");
  return query;
}

typedef struct
{
  GtkWindow      *window;
  GtkWidget      *overlay;
  BdExportDialog *dialog;
  const char     *wanted;
} Screen;

static void
open_dialog (Screen *s)
{
  g_autoptr(BdReportQuery) query = current_view ();

  s->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (s->window, 900, 700);
  s->overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (s->overlay), adw_status_page_new ());
  adw_window_set_content (ADW_WINDOW (s->window), s->overlay);
  bd_gui_test_present (s->window);

  s->dialog = BD_EXPORT_DIALOG (bd_export_dialog_new (s->window, account, store, client, query));
  g_object_add_weak_pointer (G_OBJECT (s->dialog), (gpointer *) &s->dialog);
  bd_gui_test_present (GTK_WINDOW (s->dialog));
}

static void
close_screen (Screen *s)
{
  if (s->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (s->dialog));
  bd_gui_test_close (s->window);
}

static GtkWidget *
row (Screen     *s,
     GType       type,
     const char *title)
{
  GtkWidget *widget = bd_gui_test_find_widget (GTK_WIDGET (s->dialog), type, "title", title);

  g_assert_nonnull (widget);
  return widget;
}

static char *
temp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* What bd_report_export () writes for the current view, in @format. */
static GBytes *
expected_report (BdReportFormat  format,
                 const char     *name)
{
  g_autoptr(BdReportQuery) query = current_view ();
  g_autofree char *path = temp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_report_export (store, query, format, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return read_bytes (path);
}

static guint
count_lines (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  guint n = 0;

  for (gsize i = 0; i < length; i++)
    n += data[i] == '\n';
  return n;
}

/* Tests */

/* The dialog starts from the current view's filters; its CSV equals
 * bd_report_export ()'s byte for byte (and the command line's); a toast
 * says how many were exported. */
static void
test_csv (void)
{
  Screen s = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *cli = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;
  guint rows;

  if (!require_cache ())
    return;
  open_dialog (&s);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&s, ADW_TYPE_ENTRY_ROW, "_From"))), ==, FIRST_DAY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&s, ADW_TYPE_ENTRY_ROW, "_To"))), ==, LAST_DAY);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (&s, ADW_TYPE_COMBO_ROW, "_Status"))), ==, 1);
  g_assert_nonnull (shown_label (GTK_WIDGET (s.dialog), "Paid"));
  bd_gui_test_save_screens (GTK_WIDGET (s.dialog), "export-dialog", 480, 640, FALSE);

  path = temp_path ("dialog.csv");
  file = g_file_new_for_path (path);
  bd_export_dialog_export_to (s.dialog, file);
  bd_gui_test_wait_for (bd_gui_test_is_null, &s.dialog, 120);

  expected = expected_report (BD_REPORT_FORMAT_CSV, "expected.csv");
  written = read_bytes (path);
  g_assert_true (g_bytes_equal (written, expected));
  rows = count_lines (written) - 1;
  g_assert_cmpuint (rows, >, 0);

  toast = g_strdup_printf (rows == 1 ? "Exported %u invoice" : "Exported %u invoices", rows);
  g_assert_nonnull (shown_label (s.overlay, toast));
  g_assert_nonnull (bd_gui_test_find_widget (s.overlay, GTK_TYPE_BUTTON, "label", "_Open"));
  bd_gui_test_save_screens (GTK_WIDGET (s.window), "export-toast", 900, 700, FALSE);

  /* `billing-desk export invoices`, when it is there, writes the same. */
  cli = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "src", "billing-desk", NULL);
  {
    const char *help[] = { cli, "export", "invoices", "--help", NULL };
    int wait_status = 0;

    if (g_spawn_sync (NULL, (char **) help, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &wait_status, NULL) &&
        g_spawn_check_wait_status (wait_status, NULL))
      {
        g_autofree char *cli_path = temp_path ("cli.csv");
        const char *argv[] = { cli, "export", "invoices", "--account", "Export Shop",
                               "--from", FIRST_DAY, "--to", LAST_DAY, "--status", "succeeded",
                               "--format", "csv", "--output", cli_path, NULL };
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) from_cli = NULL;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, NULL, NULL, &wait_status, &error));
        g_assert_no_error (error);
        g_assert_true (g_spawn_check_wait_status (wait_status, &error));
        g_assert_no_error (error);
        from_cli = read_bytes (cli_path);
        g_assert_true (g_bytes_equal (from_cli, written));
      }
    else
      g_test_message ("billing-desk export invoices is not there: the command line was not compared");
  }
  close_screen (&s);
}

/* JSON: the format row is honoured, and the file equals the report's. */
static void
test_json (void)
{
  Screen s = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;

  if (!require_cache ())
    return;
  open_dialog (&s);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (&s, ADW_TYPE_COMBO_ROW, "F_ormat")), 1);
  path = temp_path ("dialog.json");
  file = g_file_new_for_path (path);
  bd_export_dialog_export_to (s.dialog, file);
  bd_gui_test_wait_for (bd_gui_test_is_null, &s.dialog, 120);

  expected = expected_report (BD_REPORT_FORMAT_JSON, "expected.json");
  written = read_bytes (path);
  g_assert_true (g_bytes_equal (written, expected));
  close_screen (&s);
}

/* A day that does not exist is refused, named, and nothing is written. */
static void
test_bad_date (void)
{
  Screen s = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  if (!require_cache ())
    return;
  open_dialog (&s);
  gtk_editable_set_text (GTK_EDITABLE (row (&s, ADW_TYPE_ENTRY_ROW, "_From")), "2026-02-30");
  path = temp_path ("never.csv");
  file = g_file_new_for_path (path);
  bd_export_dialog_export_to (s.dialog, file);
  g_assert_nonnull (s.dialog);
  {
    /* The words bd_report_query_set_days () has for it. */
    g_autoptr(BdReportQuery) query = bd_report_query_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (bd_report_query_set_days (query, "2026-02-30", LAST_DAY, &error));
    g_assert_nonnull (strstr (error->message, "2026-02-30"));
    g_assert_nonnull (shown_label (GTK_WIDGET (s.dialog), error->message));
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  bd_gui_test_save_screens (GTK_WIDGET (s.dialog), "export-dialog-bad-date", 480, 640, TRUE);
  close_screen (&s);
}

/* "Download Invoice PDFs": one whole PDF per paid invoice of the view. */
static void
test_download (void)
{
  Screen s = { 0 };
  g_autofree char *folder_path = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint pdfs = 0;

  if (!require_cache ())
    return;
  open_dialog (&s);
  folder_path = temp_path ("pdfs");
  folder = g_file_new_for_path (folder_path);
  bd_export_dialog_download_to (s.dialog, folder);
  bd_gui_test_wait_for (bd_gui_test_is_null, &s.dialog, 300);

  dir = g_dir_open (folder_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder_path, name, NULL);
      g_autoptr(GFile) pdf = g_file_new_for_path (path);

      g_assert_true (g_str_has_suffix (name, ".pdf"));
      g_assert_true (bd_report_is_valid_pdf (pdf));
      pdfs++;
    }
  /* The view is of paid invoices only: as many PDFs as CSV rows. */
  csv = expected_report (BD_REPORT_FORMAT_CSV, "count.csv");
  g_assert_cmpuint (pdfs, ==, count_lines (csv) - 1);
  {
    g_autofree char *toast = g_strdup_printf ("Downloaded %u invoice PDFs", pdfs);

    g_assert_nonnull (shown_label (s.overlay, toast));
  }
  g_assert_nonnull (bd_gui_test_find_widget (s.overlay, GTK_TYPE_BUTTON, "label", "_Show in Folder"));
  close_screen (&s);

  /* Again: everything is there, nothing is fetched. */
  sync_test_requests (sandbox, TRUE);
  open_dialog (&s);
  bd_export_dialog_download_to (s.dialog, folder);
  bd_gui_test_wait_for (bd_gui_test_is_null, &s.dialog, 300);
  g_assert_nonnull (shown_label (s.overlay, "All invoice PDFs were already there"));
  g_assert_cmpuint (sync_test_requests (sandbox, FALSE), ==, 0);
  close_screen (&s);
}

static gboolean
shows_text (gpointer data)
{
  Screen *s = data;

  return shown_label (GTK_WIDGET (s->dialog), s->wanted) != NULL;
}

/* A download that takes long shows its progress and can be cancelled: the
 * dialog stays, says so, and the folder holds no partial file. */
static void
test_download_cancel (void)
{
  Screen s = { 0 };
  g_autofree char *folder_path = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!require_cache ())
    return;
  {
    g_autoptr(JsonNode) rules = bd_test_sandbox_call (sandbox, "POST", "/_sandbox/faults",
                                                      "{\"spec\":\"route=GET /invoices/payments/*,fault=latency,ms=30000\"}",
                                                      200);
  }
  open_dialog (&s);
  folder_path = temp_path ("cancelled");
  folder = g_file_new_for_path (folder_path);
  bd_export_dialog_download_to (s.dialog, folder);
  s.wanted = "Downloading Invoice PDFs…";
  bd_gui_test_wait_for (shows_text, &s, 30);
  bd_gui_test_save_screens (GTK_WIDGET (s.dialog), "export-dialog-progress", 480, 640, FALSE);

  gtk_widget_activate (bd_gui_test_find_widget (GTK_WIDGET (s.dialog), GTK_TYPE_BUTTON, "label", "_Cancel"));
  {
    g_autofree char *said = g_strdup_printf ("Download cancelled; the PDFs in %s are whole", folder_path);

    s.wanted = said;
    bd_gui_test_wait_for (shows_text, &s, 30);
  }
  g_assert_nonnull (s.dialog);

  dir = g_dir_open (folder_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder_path, name, NULL);
      g_autoptr(GFile) pdf = g_file_new_for_path (path);

      g_assert_true (bd_report_is_valid_pdf (pdf));
    }
  {
    g_autoptr(JsonNode) cleared = bd_test_sandbox_call (sandbox, "DELETE", "/_sandbox/faults", NULL, 200);
  }
  close_screen (&s);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tmp_dir = bd_gui_test_private_home ("bd-export-gui-XXXXXX");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_init (&argc, &argv, NULL);
  bd_gui_test_init_display ();

  g_test_add_func ("/gui/export/csv", test_csv);
  g_test_add_func ("/gui/export/json", test_json);
  g_test_add_func ("/gui/export/bad-date", test_bad_date);
  g_test_add_func ("/gui/export/download", test_download);
  g_test_add_func ("/gui/export/download-cancel", test_download_cancel);

  ret = g_test_run ();
  g_clear_object (&store);
  g_clear_object (&account);
  g_clear_object (&client);
  g_clear_pointer (&sandbox, bd_test_sandbox_free);
  sync_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
