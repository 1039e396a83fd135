/* bd-invoice-detail-pdf.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-invoice-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "bd-dodo-api.h"
#include "bd-invoice-detail-private.h"
#include "bd-refund.h"
#include "bd-report.h"
#include "bd-store-path.h"

/* The invoice PDF, downloaded once into the account's folder */

/* The id the PDF of @item (a BdPayment or a BdRefund) is asked for. */
static const char *
item_pdf_id (GObject *item)
{
  if (BD_IS_REFUND (item))
    return bd_model_get_string (item, "refund-id");
  return bd_model_get_string (item, "payment-id");
}

/* The name Save PDF As… proposes: the invoice number Dodo gave, else the
 * id.  (transfer full) */
static char *
pdf_name (BdInvoiceDetail *self)
{
  const char *invoice_id = !BD_IS_REFUND (self->item) ? bd_model_get_string (self->payment, "invoice-id") : NULL;

  return g_strdup_printf ("%s.pdf", invoice_id != NULL ? invoice_id : item_pdf_id (self->item));
}

static void
on_pdf_downloaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!bd_dodo_api_download_finish (BD_DODO_CLIENT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
}

/* Finishes with the local file (a GFile) of @item's PDF: @item, not the
 * one shown when it finishes, since a file chooser may have been open in
 * between. */
static void
ensure_pdf_async (BdInvoiceDetail     *self,
                  GObject             *item,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  g_task_set_source_tag (task, ensure_pdf_async);
  if (item == NULL || self->account == NULL || self->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no invoice to download"));
      return;
    }
  dir = bd_store_dir_for_account_id (bd_account_get_id (self->account));
  if (dir == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("This account has no folder for invoices"));
      return;
    }
  folder = g_build_filename (dir, "invoices", NULL);
  name = g_strdup_printf ("%s.pdf", item_pdf_id (item));
  path = g_build_filename (folder, name, NULL);
  file = g_file_new_for_path (path);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  if (bd_report_is_valid_pdf (file))
    {
      g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
      return;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create %s: %s"), folder, g_strerror (saved));
      return;
    }

  gtk_spinner_set_spinning (self->spinner, TRUE);
  bd_dodo_api_download_async (self->client,
                              BD_IS_REFUND (item) ? BD_DODO_API_REFUND_INVOICE
                                                  : BD_DODO_API_PAYMENT_INVOICE,
                              item_pdf_id (item), file, self->cancellable,
                              on_pdf_downloaded_cb, g_steal_pointer (&task));
}

static GFile *
ensure_pdf_finish (BdInvoiceDetail  *self,
                   GAsyncResult     *result,
                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_pdf_launched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdInvoiceDetail) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _bd_invoice_detail_toast_error (self, _("Could not open the invoice"), error);
}

static void
on_pdf_ready_to_open_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (object);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GdkAppLaunchContext *context;

  file = ensure_pdf_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (file == NULL)
    {
      _bd_invoice_detail_toast_error (self, _("Could not download the invoice"), error);
      return;
    }
  uri = g_file_get_uri (file);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable,
                                           on_pdf_launched_cb, g_object_ref (self));
  g_object_unref (context);
}

/* Save PDF As…: the downloaded PDF is copied next to the destination under
 * a hidden name, then renamed over it, in a worker thread.  A failure
 * half-way (a full disk, a folder that went away) removes the hidden file,
 * so the destination is either the whole PDF or as it was before. */

typedef struct
{
  GFile *destination;
  GFile *source;       /* the PDF in the account's folder, once there */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->destination);
  g_clear_object (&data->source);
  g_free (data);
}

static gboolean
copy_source (GOutputStream  *output,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  SaveData *data = user_data;
  g_autoptr(GFileInputStream) input = g_file_read (data->source, cancellable, error);

  return input != NULL &&
         g_output_stream_splice (output, G_INPUT_STREAM (input),
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, cancellable, error) >= 0;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (bd_report_write_file (((SaveData *) task_data)->destination, copy_source, task_data,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Toasts what became of the save, then tells the caller. */
static void
on_pdf_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (object);
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *name = g_file_get_basename (data->destination);
          /* Translators: the file name the invoice was to be saved as */
          g_autofree char *what = g_strdup_printf (_("Could not save the invoice as “%s”"), name);

          gtk_spinner_set_spinning (self->spinner, FALSE);
          _bd_invoice_detail_toast_error (self, what, error);
        }
      g_task_return_error (task, error);
      return;
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
  _bd_invoice_detail_add_toast (self, adw_toast_new (_("Invoice saved")));
  g_task_return_boolean (task, TRUE);
}

static void
on_pdf_ready_to_save_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (object);
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GTask) copy = NULL;
  GError *error = NULL;

  data->source = ensure_pdf_finish (self, result, &error);
  if (data->source == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_spinner_set_spinning (self->spinner, FALSE);
          _bd_invoice_detail_toast_error (self, _("Could not download the invoice"), error);
        }
      g_task_return_error (task, error);
      return;
    }

  gtk_spinner_set_spinning (self->spinner, TRUE);
  copy = g_task_new (self, self->cancellable, on_pdf_saved_cb, g_object_ref (task));
  g_task_set_source_tag (copy, on_pdf_ready_to_save_cb);
  g_task_set_task_data (copy, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (copy, save_thread);
}

/* Saves @item's PDF at @destination (see bd_invoice_detail_save_pdf_async). */
static void
save_item_pdf_async (BdInvoiceDetail     *self,
                     GObject             *item,
                     GFile               *destination,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);
  SaveData *data = g_new0 (SaveData, 1);

  g_task_set_source_tag (task, bd_invoice_detail_save_pdf_async);
  data->destination = g_object_ref (destination);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  ensure_pdf_async (self, item, on_pdf_ready_to_save_cb, g_steal_pointer (&task));
}

/* The folder the last invoice was saved in, while the application runs:
 * where the next Save PDF As… starts. */
static GFile *last_save_folder;

static void
on_save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(BdInvoiceDetail) self = user_data;
  GObject *item = g_object_get_data (G_OBJECT (chooser), "bd-item");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* The invoice the chooser was opened for, even if another one is
       * shown now. */
      if (destination != NULL)
        {
          g_clear_object (&last_save_folder);
          last_save_folder = g_file_get_parent (destination);
          save_item_pdf_async (self, item, destination, NULL, NULL);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* Actions */

void
_bd_invoice_detail_open_pdf_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);

  ensure_pdf_async (self, self->item, on_pdf_ready_to_open_cb, NULL);
}

void
_bd_invoice_detail_save_pdf_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  BdInvoiceDetail *self = BD_INVOICE_DETAIL (widget);
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  GtkFileChooserNative *chooser;

  if (self->item == NULL)
    return;
  name = pdf_name (self);
  chooser = gtk_file_chooser_native_new (_("Save Invoice"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Where the last invoice went, else the Downloads folder. */
  if (last_save_folder != NULL)
    folder = g_object_ref (last_save_folder);
  else if (g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD) != NULL)
    folder = g_file_new_for_path (g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD));
  if (folder != NULL && g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "bd-item", g_object_ref (self->item), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * bd_invoice_detail_save_pdf_async:
 * @destination: where to save the PDF
 * @callback: (nullable): called when done
 *
 * Saves the PDF of the invoice (or credit note) shown at @destination:
 * what Save PDF As… does with the file chosen.  The PDF is downloaded into
 * the account's folder first when it is not there yet, then copied next
 * to @destination under a hidden name and renamed over it once whole, so
 * a failure leaves no partial file, and an earlier file at @destination
 * as it was.  The outcome is told in a toast ("Invoice saved", or why
 * not); @callback is for callers that wait for it.  Showing another
 * account cancels it.
 */
void
bd_invoice_detail_save_pdf_async (BdInvoiceDetail     *self,
                                  GFile               *destination,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (BD_IS_INVOICE_DETAIL (self));
  g_return_if_fail (G_IS_FILE (destination));

  save_item_pdf_async (self, self->item, destination, callback, user_data);
}

gboolean
bd_invoice_detail_save_pdf_finish (BdInvoiceDetail  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (BD_IS_INVOICE_DETAIL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_invoice_detail_save_pdf_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
