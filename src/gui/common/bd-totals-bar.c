/* bd-totals-bar.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-totals-bar"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bd-money.h"
#include "bd-totals-bar.h"

struct _BdTotalsBar
{
  AdwBin         parent_instance;

  GtkLabel      *label;

  BdStore       *store;
  BdQueryWorker *worker;        /* for self->store, or NULL */
  GCancellable  *cancellable;   /* of the running job */
  GdkFrameClock *clock;         /* waiting for its after-paint */
  gulong         paint_id;
  gboolean       wanted;        /* a job waits for a frame */

  /* The job that waits: its table and a copy of its conditions. */
  char          *table;
  BdQueryWhere   where;
};

G_DEFINE_FINAL_TYPE (BdTotalsBar, bd_totals_bar, ADW_TYPE_BIN)

/* Helpers */

static void
clear_where (BdQueryWhere *where)
{
  g_free ((char *) where->status);
  g_free ((char *) where->currency);
  g_free ((char *) where->customer_id);
  g_free ((char *) where->product_id);
  g_free ((char *) where->search);
  memset (where, 0, sizeof *where);
}

static char *
money_text (gint64      amount,
            const char *currency)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);

  return money != NULL ? bd_money_format (money) : g_strdup_printf ("%" G_GINT64_FORMAT, amount);
}

static void
on_totals_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BdTotalsBar *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) totals = bd_query_worker_totals_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean credit_notes;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = BD_TOTALS_BAR (source);
  credit_notes = g_str_equal (bd_query_worker_totals_table (result), "refunds");

  if (totals == NULL)
    {
      gtk_label_set_text (self->label, _("Could not add up the totals"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), error->message);
      return;
    }

  if (totals->len == 0)
    g_string_append (text, credit_notes ? _("No credit notes") : _("No invoices"));
  for (guint i = 0; i < totals->len; i++)
    {
      BdQueryTotal *t = &g_array_index (totals, BdQueryTotal, i);
      g_autofree char *gross = money_text (t->gross, t->currency);
      g_autofree char *count = NULL;
      /* The number apart: a 64-bit format macro would hide the string from xgettext. */
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, t->count);

      if (i > 0)
        g_string_append_c (text, '\n');
      if (credit_notes)
        {
          count = g_strdup_printf (ngettext ("%s credit note", "%s credit notes", (gulong) t->count),
                                   number);
          /* Translators: "EUR  3 credit notes  Refunded €40.00" in the totals bar */
          g_string_append_printf (text, _("%s  %s  Refunded %s"), t->currency, count, gross);
        }
      else
        {
          g_autofree char *refunds = money_text (t->refunded, t->currency);
          g_autofree char *net = money_text (t->gross - t->refunded, t->currency);

          count = g_strdup_printf (ngettext ("%s invoice", "%s invoices", (gulong) t->count),
                                   number);
          /* Translators: one currency's line of the totals bar */
          g_string_append_printf (text, _("%s  %s  Gross %s  Refunds %s  Net %s"),
                                  t->currency, count, gross, refunds, net);
        }
    }
  gtk_label_set_text (self->label, text->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label),
                               credit_notes ? _("Amounts count succeeded refunds")
                                            : _("Amounts count succeeded payments"));
}

static void
start_totals (BdTotalsBar *self)
{
  g_assert (BD_IS_TOTALS_BAR (self));

  self->wanted = FALSE;
  self->cancellable = g_cancellable_new ();
  if (self->worker == NULL)
    self->worker = bd_query_worker_new (bd_store_get_path (self->store));
  bd_query_worker_totals_async (self->worker, self->table, &self->where,
                                self, self->cancellable, on_totals_done_cb, NULL);
}

static void
stop_waiting_for_frame (BdTotalsBar *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->paint_id, self->clock);
  g_clear_object (&self->clock);
}

static void
on_clock_after_paint_cb (BdTotalsBar *self)
{
  stop_waiting_for_frame (self);
  if (self->wanted && self->store != NULL)
    start_totals (self);
}

/* The totals start once the frame that shows the new rows has been
 * painted, so they never compete with it (on two cores, with a software
 * renderer, they did), and only while the bar is on screen (map starts
 * them otherwise). */
static void
wait_for_frame (BdTotalsBar *self)
{
  GdkFrameClock *clock;

  if (!self->wanted || self->clock != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;
  self->clock = g_object_ref (clock);
  self->paint_id = g_signal_connect_swapped (clock, "after-paint",
                                             G_CALLBACK (on_clock_after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cancel_job (BdTotalsBar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* GObject */

static void
bd_totals_bar_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bd_totals_bar_parent_class)->map (widget);
  wait_for_frame (BD_TOTALS_BAR (widget));
}

static void
bd_totals_bar_unmap (GtkWidget *widget)
{
  stop_waiting_for_frame (BD_TOTALS_BAR (widget));
  GTK_WIDGET_CLASS (bd_totals_bar_parent_class)->unmap (widget);
}

static void
bd_totals_bar_dispose (GObject *object)
{
  BdTotalsBar *self = BD_TOTALS_BAR (object);

  cancel_job (self);
  stop_waiting_for_frame (self);
  g_clear_pointer (&self->worker, bd_query_worker_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bd_totals_bar_parent_class)->dispose (object);
}

static void
bd_totals_bar_finalize (GObject *object)
{
  BdTotalsBar *self = BD_TOTALS_BAR (object);

  clear_where (&self->where);
  g_free (self->table);

  G_OBJECT_CLASS (bd_totals_bar_parent_class)->finalize (object);
}

static void
bd_totals_bar_class_init (BdTotalsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_totals_bar_dispose;
  object_class->finalize = bd_totals_bar_finalize;
  widget_class->map = bd_totals_bar_map;
  widget_class->unmap = bd_totals_bar_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/common/bd-totals-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BdTotalsBar, label);
}

static void
bd_totals_bar_init (BdTotalsBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

void
bd_totals_bar_set_store (BdTotalsBar *self,
                         BdStore     *store)
{
  g_return_if_fail (BD_IS_TOTALS_BAR (self));
  g_return_if_fail (store == NULL || BD_IS_STORE (store));

  cancel_job (self);
  if (store != self->store)
    g_clear_pointer (&self->worker, bd_query_worker_free);
  g_set_object (&self->store, store);
  if (store == NULL)
    {
      self->wanted = FALSE;
      stop_waiting_for_frame (self);
      gtk_label_set_text (self->label, "");
    }
}

void
bd_totals_bar_update (BdTotalsBar        *self,
                      const char         *table,
                      const BdQueryWhere *where)
{
  g_return_if_fail (BD_IS_TOTALS_BAR (self));
  g_return_if_fail (table != NULL);
  g_return_if_fail (where != NULL);

  cancel_job (self);
  if (self->store == NULL)
    {
      self->wanted = FALSE;
      stop_waiting_for_frame (self);
      gtk_label_set_text (self->label, "");
      return;
    }

  g_free (self->table);
  self->table = g_strdup (table);
  clear_where (&self->where);
  self->where = (BdQueryWhere) {
    .from = where->from,
    .to = where->to,
    .status = g_strdup (where->status),
    .currency = g_strdup (where->currency),
    .customer_id = g_strdup (where->customer_id),
    .product_id = g_strdup (where->product_id),
    .search = g_strdup (where->search),
  };

  gtk_label_set_text (self->label, _("Adding up…"));
  self->wanted = TRUE;
  wait_for_frame (self);
}
