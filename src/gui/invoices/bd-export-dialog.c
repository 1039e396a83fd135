/* bd-export-dialog.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-export-dialog.h"
#include "bd-money.h"
#include "bd-toast.h"

/* The status row's choices, in the order of the .ui's list. */
static const char * const statuses[] = { NULL, "succeeded", "failed", "cancelled", "processing" };

/* The format row's choices. */
static const struct {
  BdReportFormat  format;
  const char     *extension;
} formats[] = {
  { BD_REPORT_FORMAT_CSV, "csv" },
  { BD_REPORT_FORMAT_JSON, "json" },
  { BD_REPORT_FORMAT_PDF, "pdf" },
};

struct _BdExportDialog
{
  AdwWindow        parent_instance;

  BdAccount       *account;
  BdStore         *store;
  BdDodoClient    *client;
  BdReportQuery   *query;          /* the current view's: product, customer, paper */
  GCancellable    *cancellable;    /* the running job's, or NULL */
  guint            show_progress_id;

  /* Template widgets */
  GtkButton       *cancel_button;
  AdwComboRow     *currency_row;
  AdwActionRow    *customer_row;
  AdwActionRow    *download_row;
  GtkButton       *export_button;
  AdwComboRow     *format_row;
  AdwEntryRow     *from_row;
  GtkLabel        *message_label;
  GtkProgressBar  *progress_bar;
  AdwStatusPage   *progress_page;
  AdwActionRow    *product_row;
  AdwEntryRow     *search_row;
  GtkStack        *stack;
  AdwComboRow     *status_row;
  AdwEntryRow     *to_row;
};

G_DEFINE_FINAL_TYPE (BdExportDialog, bd_export_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static void
show_message (BdExportDialog *self,
              const char     *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static char *
format_day (GDateTime *when)
{
  return when != NULL ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("");
}

/* The query the form describes, or NULL with @error (a date that does
 * not parse, a start after the end). */
static BdReportQuery *
build_query (BdExportDialog  *self,
             GError         **error)
{
  g_autoptr(BdReportQuery) query = bd_report_query_copy (self->query);
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_row))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_row))));
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_row))));
  guint status = adw_combo_row_get_selected (self->status_row);
  guint currency = adw_combo_row_get_selected (self->currency_row);

  g_clear_pointer (&query->from, g_date_time_unref);
  g_clear_pointer (&query->to, g_date_time_unref);
  if (!bd_report_query_set_days (query, from[0] != '\0' ? from : NULL, to[0] != '\0' ? to : NULL, error))
    return NULL;

  g_clear_pointer (&query->status, g_free);
  if (status < G_N_ELEMENTS (statuses))
    query->status = g_strdup (statuses[status]);

  g_clear_pointer (&query->currency, g_free);
  if (currency != GTK_INVALID_LIST_POSITION && currency > 0)
    query->currency = g_strdup (bd_currency_get_codes ()[currency - 1]);

  g_clear_pointer (&query->search, g_free);
  if (search[0] != '\0')
    query->search = g_steal_pointer (&search);

  if (query->business_name == NULL && self->account != NULL)
    query->business_name = g_strdup (bd_account_get_business_name (self->account));
  return g_steal_pointer (&query);
}

static BdReportFormat
selected_format (BdExportDialog *self,
                 const char    **extension)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  if (i >= G_N_ELEMENTS (formats))
    i = 0;
  if (extension != NULL)
    *extension = formats[i].extension;
  return formats[i].format;
}


static void
launch_uri (GtkWidget  *widget,
            const char *uri)
{
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL, NULL, NULL);
}

/* The toast's button: opens what its "bd-uri" names.  The toast may
 * outlive the dialog, so it holds what it needs itself. */
static void
on_toast_button_clicked_cb (AdwToast *toast,
                         gpointer  user_data)
{
  GtkWidget *widget = user_data;

  launch_uri (widget, g_object_get_data (G_OBJECT (toast), "bd-uri"));
}

static AdwToast *
new_toast (BdExportDialog *self,
           const char     *title,
           const char     *button,
           GFile          *file)
{
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self)));

  adw_toast_set_timeout (toast, 10);
  if (parent != NULL)
    {
      adw_toast_set_button_label (toast, button);
      g_object_set_data_full (G_OBJECT (toast), "bd-uri", g_file_get_uri (file), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_button_clicked_cb),
                               parent, 0);
    }
  return toast;
}

/* Running a job */

typedef enum { JOB_EXPORT, JOB_DOWNLOAD } JobKind;

typedef struct
{
  JobKind                kind;
  char                  *store_path;
  BdDodoClient          *client;
  BdReportQuery         *query;
  BdReportFormat         format;
  GFile                 *destination;   /* the file, or the folder */
  BdReportDownloadStats  stats;
  guint64                total;          /* rows exported */
} Job;

static void
job_free (Job *job)
{
  g_free (job->store_path);
  g_clear_object (&job->client);
  g_clear_pointer (&job->query, bd_report_query_free);
  g_clear_object (&job->destination);
  g_free (job);
}

typedef struct
{
  BdExportDialog *self;
  guint64         done;
  guint64         total;
} Progress;

static gboolean
progress_in_main (gpointer user_data)
{
  Progress *p = user_data;

  if (p->total > 0 && p->self->progress_bar != NULL)
    {
      /* Translators: rows (or invoices) handled so far, then how many in all */
      g_autofree char *done = g_strdup_printf ("%'" G_GUINT64_FORMAT, p->done);
      g_autofree char *total = g_strdup_printf ("%'" G_GUINT64_FORMAT, p->total);
      g_autofree char *text = g_strdup_printf (_("%s of %s"), done, total);

      gtk_progress_bar_set_fraction (p->self->progress_bar, (double) p->done / (double) p->total);
      gtk_progress_bar_set_text (p->self->progress_bar, text);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

/* Called on the job's thread, a few times a second at most. */
static void
on_progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  Progress *p = g_new0 (Progress, 1);

  job->total = total;
  p->self = g_object_ref (g_task_get_source_object (task));
  p->done = done;
  p->total = total;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, progress_in_main, p, progress_free);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(BdStore) store = NULL;
  GError *error = NULL;
  gboolean ok;

  /* One connection per thread: this one only reads. */
  store = bd_store_open (job->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->kind == JOB_EXPORT)
    ok = bd_report_export (store, job->query, job->format, job->destination,
                           on_progress_cb, task, cancellable, &error);
  else
    ok = bd_report_download_invoices (job->client, store, job->query, job->destination,
                                      on_progress_cb, task, &job->stats, cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_running (BdExportDialog *self,
             gboolean        running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !running);
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), !running);
  g_clear_handle_id (&self->show_progress_id, g_source_remove);
  if (!running)
    gtk_stack_set_visible_child_name (self->stack, "form");
}

static gboolean
show_progress (gpointer user_data)
{
  BdExportDialog *self = user_data;

  self->show_progress_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "progress");
  return G_SOURCE_REMOVE;
}

static void
on_job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BdExportDialog *self = BD_EXPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  AdwToast *toast;

  g_clear_object (&self->cancellable);
  /* Closed meanwhile (which cancelled the job): nothing left to show. */
  if (self->stack == NULL)
    return;
  set_running (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_file_get_parse_name (job->destination);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = job->kind == JOB_EXPORT
            /* Translators: a file name */
            ? g_strdup_printf (_("Export cancelled; %s was left as it was"), name)
            /* Translators: a folder name */
            : g_strdup_printf (_("Download cancelled; the PDFs in %s are whole"), name);

          show_message (self, message);
        }
      else if (error->domain == BD_STORE_ERROR)
        {
          /* Translators: why the cache could not be read */
          g_autofree char *message = g_strdup_printf (_("Could not read the offline copy: %s"), error->message);

          show_message (self, message);
        }
      else
        show_message (self, error->message);   /* the report's errors name the file */
      return;
    }

  if (job->kind == JOB_EXPORT)
    {
      count = g_strdup_printf ("%'" G_GUINT64_FORMAT, job->total);
      /* Translators: %s is a number such as 1,234 */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s invoice", "Exported %s invoices",
                                            job->total), count);
      toast = new_toast (self, title, _("_Open"), job->destination);
    }
  else
    {
      count = g_strdup_printf ("%'" G_GUINT64_FORMAT, job->stats.downloaded);
      if (job->stats.total == 0)
        title = g_strdup (_("No paid invoices to download"));
      else if (job->stats.downloaded == 0 && job->stats.missing == 0)
        title = g_strdup (_("All invoice PDFs were already there"));
      else
        /* Translators: %s is a number such as 1,234 */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Downloaded %s invoice PDF",
                                              "Downloaded %s invoice PDFs", job->stats.downloaded), count);
      toast = new_toast (self, title, _("_Show in Folder"), job->destination);
    }
  bd_widget_add_toast (GTK_WIDGET (self), toast);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_job (BdExportDialog *self,
           JobKind         kind,
           GFile          *destination)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReportQuery) query = NULL;
  Job *job;

  if (self->cancellable != NULL)
    return;
  query = build_query (self, &error);
  if (query == NULL)
    {
      show_message (self, error->message);
      return;
    }

  job = g_new0 (Job, 1);
  job->kind = kind;
  job->store_path = g_strdup (bd_store_get_path (self->store));
  job->client = self->client != NULL ? g_object_ref (self->client) : NULL;
  job->query = g_steal_pointer (&query);
  job->format = selected_format (self, NULL);
  job->destination = g_object_ref (destination);

  show_message (self, NULL);
  set_running (self, TRUE);
  adw_status_page_set_title (self->progress_page,
                             kind == JOB_EXPORT ? _("Exporting…") : _("Downloading Invoice PDFs…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  /* Progress only when it takes long: a quick export just finishes. */
  self->show_progress_id = g_timeout_add (400, show_progress, self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_job_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

/* Callbacks */

static void
on_cancel_clicked_cb (BdExportDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(BdExportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        bd_export_dialog_export_to (self, file);
      else
        bd_export_dialog_download_to (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_export_clicked_cb (BdExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReportQuery) query = build_query (self, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  const char *extension;
  GtkFileChooserNative *chooser;

  /* Bad dates are said before a file is chosen. */
  if (query == NULL)
    {
      show_message (self, error->message);
      return;
    }
  selected_format (self, &extension);
  /* Translators: the default file name; %s is today, then the extension */
  name = g_strdup_printf (_("invoices-%s.%s"), day, extension);
  chooser = gtk_file_chooser_native_new (_("Export Invoices"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_download_activated_cb (BdExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReportQuery) query = build_query (self, &error);
  GtkFileChooserNative *chooser;

  if (query == NULL)
    {
      show_message (self, error->message);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Download Invoice PDFs Into"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Download"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
fill_form (BdExportDialog *self)
{
  g_autoptr(GtkStringList) currencies = gtk_string_list_new (NULL);
  const char * const *codes = bd_currency_get_codes ();
  g_autofree char *from = format_day (self->query->from);
  g_autofree char *to = NULL;

  /* The view's end is exclusive; the form shows the last day included. */
  if (self->query->to != NULL)
    {
      g_autoptr(GDateTime) last = g_date_time_add_seconds (self->query->to, -1);

      to = format_day (last);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to != NULL ? to : "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_row),
                         self->query->search != NULL ? self->query->search : "");

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i], self->query->status) == 0)
      adw_combo_row_set_selected (self->status_row, i);

  gtk_string_list_append (currencies, _("Any"));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (currencies, codes[i]);
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currencies));
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], self->query->currency) == 0)
      adw_combo_row_set_selected (self->currency_row, i + 1);

  /* The view's customer and product filters are kept, and said. */
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), self->query->customer_id != NULL);
  adw_action_row_set_subtitle (self->customer_row, self->query->customer_id ? self->query->customer_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->product_row), self->query->product_id != NULL);
  adw_action_row_set_subtitle (self->product_row, self->query->product_id ? self->query->product_id : "");

  gtk_widget_set_sensitive (GTK_WIDGET (self->download_row), self->client != NULL);
}

/* GObject */

static void
bd_export_dialog_dispose (GObject *object)
{
  BdExportDialog *self = (BdExportDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->show_progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->query, bd_report_query_free);

  G_OBJECT_CLASS (bd_export_dialog_parent_class)->dispose (object);
}

static void
bd_export_dialog_class_init (BdExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_export_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/invoices/bd-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, download_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, search_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, BdExportDialog, to_row);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_download_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_export_dialog_init (BdExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWindow *
bd_export_dialog_new (GtkWindow           *parent,
                      BdAccount           *account,
                      BdStore             *store,
                      BdDodoClient        *client,
                      const BdReportQuery *current_view)
{
  BdExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (account == NULL || BD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (BD_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || BD_IS_DODO_CLIENT (client), NULL);

  self = g_object_new (BD_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->account = account != NULL ? g_object_ref (account) : NULL;
  self->store = g_object_ref (store);
  self->client = client != NULL ? g_object_ref (client) : NULL;
  self->query = current_view != NULL ? bd_report_query_copy (current_view) : bd_report_query_new ();
  fill_form (self);
  return GTK_WINDOW (self);
}


void
bd_export_dialog_export_to (BdExportDialog *self,
                            GFile          *destination)
{
  g_return_if_fail (BD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (destination));

  start_job (self, JOB_EXPORT, destination);
}

void
bd_export_dialog_download_to (BdExportDialog *self,
                              GFile          *folder)
{
  g_return_if_fail (BD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->client == NULL)
    return;
  start_job (self, JOB_DOWNLOAD, folder);
}
