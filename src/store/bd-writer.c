/* bd-writer.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-writer"

#include "config.h"

#include <glib/gi18n.h>

#include "bd-dodo-error.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-store.h"
#include "bd-writer.h"

G_DEFINE_QUARK (bd-writer-error-quark, bd_writer_error)

struct _BdWrite
{
  gatomicrefcount     ref_count;
  const BdWriteKind  *kind;
  BdDodoApiEndpoint   endpoint;
  char               *id;
  gpointer            body;      /* nullable, a BdModel */
  gpointer            data;
  GDestroyNotify      destroy;
  gint                started;   /* atomic: a write runs once */
};

struct _BdWriteOutcome
{
  gatomicrefcount  ref_count;
  gpointer         object;       /* nullable */
  gboolean         read_back;
  GPtrArray       *cached;       /* BdModel */
  GError          *cache_error;  /* nullable */
};

typedef struct
{
  BdDodoApiEndpoint  endpoint;
  char              *id;
} Reread;

struct _BdWriteRereads
{
  GArray *items;  /* Reread */
};

struct _BdWriter
{
  GObject        parent_instance;

  BdDodoClient  *client;
  char          *store_path;  /* nullable */
};

G_DEFINE_FINAL_TYPE (BdWriter, bd_writer, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (BdWrite, bd_write, bd_write_ref, bd_write_unref)
G_DEFINE_BOXED_TYPE (BdWriteOutcome, bd_write_outcome, bd_write_outcome_ref, bd_write_outcome_unref)

/* Helpers */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  gpointer  object;
  GError   *error;
} Call;

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->ok = bd_dodo_api_call_finish (BD_DODO_CLIENT (source), result, &call->object, &call->error);
  call->done = TRUE;
}

static void
reread_clear (Reread *reread)
{
  g_free (reread->id);
}

/* A write that Dodo may have carried out without our knowing what it made:
 * the answer was lost, or it came (a 2xx) but could not be read. */
static gboolean
outcome_unknown (const GError *error)
{
  guint status = bd_dodo_error_get_http_status (error);

  return bd_dodo_error_is_ambiguous_write (error) ||
         (g_error_matches (error, BD_DODO_ERROR, BD_DODO_ERROR_BAD_RESPONSE) &&
          status >= 200 && status < 300);
}

static gboolean
upsert_all (BdStore   *store,
            gpointer   user_data,
            GError   **error)
{
  GPtrArray *objects = user_data;

  for (guint i = 0; i < objects->len; i++)
    if (!bd_store_upsert (store, objects->pdata[i], NULL, error))
      return FALSE;
  return TRUE;
}

/* Steps 3 and 4 of the contract once the write happened: re-read what it
 * affected, then one transaction.  @object: the answer or the read-back's
 * find (transfer full, nullable). */
static BdWriteOutcome *
finish_write (BdWriter *self,
              BdWrite  *write,
              gpointer  object,
              gboolean  read_back)
{
  BdWriteOutcome *outcome = g_new0 (BdWriteOutcome, 1);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  BdWriteRereads reads = { g_array_new (FALSE, TRUE, sizeof (Reread)) };

  g_assert (BD_IS_WRITER (self));

  g_atomic_ref_count_init (&outcome->ref_count);
  outcome->read_back = read_back;
  outcome->cached = g_ptr_array_new_with_free_func (g_object_unref);
  g_array_set_clear_func (reads.items, (GDestroyNotify) reread_clear);

  if (write->kind->affected != NULL)
    write->kind->affected (write, object, &reads);

  /* Not cancellable: the write is done, and the cache should show it. */
  for (guint i = 0; i < reads.items->len; i++)
    {
      Reread *reread = &g_array_index (reads.items, Reread, i);
      g_autoptr(GError) error = NULL;
      gpointer fresh = NULL;

      if (bd_writer_call (self->client, reread->endpoint, reread->id, NULL, NULL, &fresh, &error) &&
          fresh != NULL)
        {
          g_ptr_array_add (objects, fresh);
          continue;
        }
      g_debug ("Could not re-read %s after a %s: %s", reread->id, write->kind->name,
               error != NULL ? error->message : "no answer");
      /* The object itself at least as Dodo answered it; the rest catches
       * up at the next sync, but the caller hears of it. */
      if (i == 0 && object != NULL)
        g_ptr_array_add (objects, g_object_ref (object));
      if (outcome->cache_error == NULL && error != NULL)
        {
          /* Translators: an object id (a payment's, a refund's), then why */
          g_prefix_error (&error, _("%s could not be read again: "), reread->id);
          outcome->cache_error = g_steal_pointer (&error);
        }
    }
  if (reads.items->len == 0 && object != NULL)
    g_ptr_array_add (objects, g_object_ref (object));
  g_array_unref (reads.items);

  outcome->object = objects->len > 0 ? g_object_ref (objects->pdata[0]) : NULL;
  g_clear_object (&object);

  if (self->store_path != NULL && objects->len > 0)
    {
      g_autoptr(BdStore) store = NULL;
      g_autoptr(GError) error = NULL;

      store = bd_store_open (self->store_path, &error);
      if (store != NULL && bd_store_write (store, upsert_all, objects, &error))
        g_ptr_array_extend_and_steal (outcome->cached, g_steal_pointer (&objects));
      else
        {
          g_clear_error (&outcome->cache_error);
          outcome->cache_error = g_steal_pointer (&error);
        }
    }
  return outcome;
}

static BdWriteOutcome *
run_write (BdWriter      *self,
           BdWrite       *write,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) read_error = NULL;
  gpointer answer = NULL;
  gpointer found;

  g_assert (BD_IS_WRITER (self));

  if (write->kind->prepare != NULL &&
      !write->kind->prepare (write, self->client, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Sent once, and not cancellable from here on: a cancelled request could
   * have reached Dodo all the same. */
  if (bd_writer_call (self->client, write->endpoint, write->id, write->body, NULL, &answer, &local_error))
    return finish_write (self, write, answer, FALSE);

  if (!outcome_unknown (local_error) || write->kind->read_back == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Never sent again: what does Dodo have? */
  g_debug ("The answer to a %s was lost (%s); reading back", write->kind->name, local_error->message);
  found = write->kind->read_back (write, self->client, NULL, &read_error);
  if (found != NULL)
    return finish_write (self, write, found, TRUE);
  if (read_error == NULL)
    g_set_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_NOT_RECEIVED,
                 /* Translators: why the connection failed */
                 _("Dodo Payments did not receive it (%s); nothing was changed"),
                 local_error->message);
  else
    g_set_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN,
                 /* Translators: why the connection failed, then why reading back failed */
                 _("The answer was lost (%s) and reading back failed (%s): it is unknown "
                   "whether Dodo Payments carried it out"),
                 local_error->message, read_error->message);
  return NULL;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  BdWriter *self = source_object;
  BdWrite *write = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  BdWriteOutcome *outcome;
  GError *error = NULL;

  g_main_context_push_thread_default (context);
  outcome = run_write (self, write, cancellable, &error);
  g_main_context_pop_thread_default (context);

  if (outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify) bd_write_outcome_unref);
}

/* The refund kind */

typedef struct
{
  char       *payment_id;
  gint64      expected_amount;
  GHashTable *known;  /* the payment's refund ids before ours was sent */
} RefundData;

static void
refund_data_free (RefundData *data)
{
  g_free (data->payment_id);
  g_clear_pointer (&data->known, g_hash_table_unref);
  g_free (data);
}

static GListModel *
read_refunds (BdDodoClient  *client,
              const char    *payment_id,
              GCancellable  *cancellable,
              BdPayment    **out_payment,
              GError       **error)
{
  g_autoptr(BdPayment) payment = NULL;
  GListModel *refunds;

  if (!bd_writer_call (client, BD_DODO_API_PAYMENT_GET, payment_id, NULL, cancellable,
                       (gpointer *) &payment, error))
    return NULL;
  refunds = bd_model_get_list (payment, "refunds");
  *out_payment = g_steal_pointer (&payment);
  return refunds;  /* owned by *out_payment; NULL: none */
}

static gboolean
refund_prepare (BdWrite       *write,
                BdDodoClient  *client,
                GCancellable  *cancellable,
                GError       **error)
{
  RefundData *data = bd_write_get_data (write);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(GError) local_error = NULL;
  GListModel *refunds;

  refunds = read_refunds (client, data->payment_id, cancellable, &payment, &local_error);
  if (payment == NULL)
    {
      /* A refund of a payment Dodo does not show cannot be told apart
       * later: do not send it. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; refunds != NULL && i < g_list_model_get_n_items (refunds); i++)
    {
      g_autoptr(BdRefund) refund = g_list_model_get_item (refunds, i);

      g_hash_table_add (data->known, g_strdup (bd_model_get_string (refund, "refund-id")));
    }
  return TRUE;
}

static gpointer
refund_read_back (BdWrite       *write,
                  BdDodoClient  *client,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RefundData *data = bd_write_get_data (write);
  g_autoptr(BdPayment) payment = NULL;
  g_autoptr(BdRefund) ours = NULL;
  GListModel *refunds;

  refunds = read_refunds (client, data->payment_id, cancellable, &payment, error);
  if (payment == NULL)
    return NULL;

  /* Ours is one the payment did not have before it was sent; of several
   * (someone refunding at the same moment), the one of our amount. */
  for (guint i = 0; refunds != NULL && i < g_list_model_get_n_items (refunds); i++)
    {
      g_autoptr(BdRefund) refund = g_list_model_get_item (refunds, i);
      const BdMoney *amount = bd_model_get_money (refund, "amount");

      if (g_hash_table_contains (data->known, bd_model_get_string (refund, "refund-id")))
        continue;
      if (ours == NULL ||
          (data->expected_amount > 0 && amount != NULL &&
           bd_money_get_amount (amount) == data->expected_amount))
        g_set_object (&ours, refund);
    }
  return g_steal_pointer (&ours);
}

static void
refund_affected (BdWrite        *write,
                 gpointer        object,
                 BdWriteRereads *reads)
{
  RefundData *data = bd_write_get_data (write);

  if (object != NULL)
    bd_write_add_reread (reads, BD_DODO_API_REFUND_GET, bd_model_get_string (object, "refund-id"));
  bd_write_add_reread (reads, BD_DODO_API_PAYMENT_GET, data->payment_id);
}

static const BdWriteKind refund_kind = {
  .name = "refund",
  .prepare = refund_prepare,
  .read_back = refund_read_back,
  .affected = refund_affected,
};

/* GObject */

static void
bd_writer_finalize (GObject *object)
{
  BdWriter *self = (BdWriter *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (bd_writer_parent_class)->finalize (object);
}

static void
bd_writer_class_init (BdWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_writer_finalize;
}

static void
bd_writer_init (BdWriter *self)
{
}

/* Public API: writes */

BdWrite *
bd_write_new (const BdWriteKind *kind,
              BdDodoApiEndpoint  endpoint,
              const char        *id,
              gpointer           body,
              gpointer           data,
              GDestroyNotify     destroy)
{
  BdWrite *write;

  g_return_val_if_fail (kind != NULL && kind->name != NULL, NULL);
  g_return_val_if_fail (endpoint < BD_DODO_API_N_ENDPOINTS, NULL);
  g_return_val_if_fail (g_strcmp0 (bd_dodo_endpoint_get_info (endpoint)->method, "GET") != 0, NULL);
  g_return_val_if_fail (body == NULL || BD_IS_MODEL (body), NULL);

  write = g_new0 (BdWrite, 1);
  g_atomic_ref_count_init (&write->ref_count);
  write->kind = kind;
  write->endpoint = endpoint;
  write->id = g_strdup (id);
  write->body = body != NULL ? g_object_ref (body) : NULL;
  write->data = data;
  write->destroy = destroy;
  return write;
}

BdWrite *
bd_write_new_refund (BdDodoRefundCreate *body,
                     gint64              expected_amount)
{
  RefundData *data;
  const char *payment_id;

  g_return_val_if_fail (BD_DODO_IS_REFUND_CREATE (body), NULL);
  g_return_val_if_fail (expected_amount >= 0, NULL);
  payment_id = bd_model_get_string (body, "payment-id");
  g_return_val_if_fail (payment_id != NULL && payment_id[0] != '\0', NULL);

  data = g_new0 (RefundData, 1);
  data->payment_id = g_strdup (payment_id);
  data->expected_amount = expected_amount;
  data->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return bd_write_new (&refund_kind, BD_DODO_API_REFUND_CREATE, NULL, body,
                       data, (GDestroyNotify) refund_data_free);
}

BdWrite *
bd_write_ref (BdWrite *write)
{
  g_return_val_if_fail (write != NULL, NULL);

  g_atomic_ref_count_inc (&write->ref_count);
  return write;
}

void
bd_write_unref (BdWrite *write)
{
  g_return_if_fail (write != NULL);

  if (!g_atomic_ref_count_dec (&write->ref_count))
    return;
  if (write->destroy != NULL)
    write->destroy (write->data);
  g_clear_object (&write->body);
  g_free (write->id);
  g_free (write);
}

const char *
bd_write_get_kind_name (BdWrite *write)
{
  g_return_val_if_fail (write != NULL, NULL);

  return write->kind->name;
}

gpointer
bd_write_get_data (BdWrite *write)
{
  g_return_val_if_fail (write != NULL, NULL);

  return write->data;
}

gpointer
bd_write_get_body (BdWrite *write)
{
  g_return_val_if_fail (write != NULL, NULL);

  return write->body;
}

void
bd_write_add_reread (BdWriteRereads    *reads,
                     BdDodoApiEndpoint  endpoint,
                     const char        *id)
{
  Reread reread;

  g_return_if_fail (reads != NULL);
  g_return_if_fail (endpoint < BD_DODO_API_N_ENDPOINTS);
  g_return_if_fail (g_strcmp0 (bd_dodo_endpoint_get_info (endpoint)->method, "GET") == 0);
  g_return_if_fail (id != NULL && id[0] != '\0');

  reread.endpoint = endpoint;
  reread.id = g_strdup (id);
  g_array_append_val (reads->items, reread);
}

/* Public API: outcomes */

gpointer
bd_write_outcome_get_object (BdWriteOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, NULL);

  return outcome->object;
}

gboolean
bd_write_outcome_was_read_back (BdWriteOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, FALSE);

  return outcome->read_back;
}

GPtrArray *
bd_write_outcome_get_cached (BdWriteOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, NULL);

  return outcome->cached;
}

const GError *
bd_write_outcome_get_cache_error (BdWriteOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, NULL);

  return outcome->cache_error;
}

BdWriteOutcome *
bd_write_outcome_ref (BdWriteOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, NULL);

  g_atomic_ref_count_inc (&outcome->ref_count);
  return outcome;
}

void
bd_write_outcome_unref (BdWriteOutcome *outcome)
{
  g_return_if_fail (outcome != NULL);

  if (!g_atomic_ref_count_dec (&outcome->ref_count))
    return;
  g_clear_object (&outcome->object);
  g_clear_pointer (&outcome->cached, g_ptr_array_unref);
  g_clear_error (&outcome->cache_error);
  g_free (outcome);
}

/* Public API: the writer */

BdWriter *
bd_writer_new (BdDodoClient *client,
               const char   *store_path)
{
  BdWriter *self;

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), NULL);

  self = g_object_new (BD_TYPE_WRITER, NULL);
  self->client = g_object_ref (client);
  self->store_path = g_strdup (store_path);
  return self;
}

BdDodoClient *
bd_writer_get_client (BdWriter *self)
{
  g_return_val_if_fail (BD_IS_WRITER (self), NULL);

  return self->client;
}

const char *
bd_writer_get_store_path (BdWriter *self)
{
  g_return_val_if_fail (BD_IS_WRITER (self), NULL);

  return self->store_path;
}

void
bd_writer_run_async (BdWriter            *self,
                     BdWrite             *write,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_WRITER (self));
  g_return_if_fail (write != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  /* One BdWrite is one send: running it again would be sending it twice. */
  if (!g_atomic_int_compare_and_exchange (&write->started, 0, 1))
    {
      g_critical ("bd_writer_run_async(): this %s was already run", write->kind->name);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_writer_run_async);
  g_task_set_task_data (task, bd_write_ref (write), (GDestroyNotify) bd_write_unref);
  /* The outcome of a write that was sent is reported even when the caller
   * cancelled meanwhile (see the header). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

BdWriteOutcome *
bd_writer_run_finish (BdWriter      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (BD_IS_WRITER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_writer_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BdWriteOutcome *
bd_writer_run (BdWriter      *self,
               BdWrite       *write,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  BdWriteOutcome *outcome;

  g_return_val_if_fail (BD_IS_WRITER (self), NULL);
  g_return_val_if_fail (write != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  /* One BdWrite is one send: running it again would be sending it twice. */
  if (!g_atomic_int_compare_and_exchange (&write->started, 0, 1))
    {
      g_critical ("bd_writer_run(): this %s was already run", write->kind->name);
      return NULL;
    }

#ifndef NDEBUG
  /* Design §6: no write transaction and no blocking request on the GTK
   * main thread. */
  if (g_main_context_is_owner (g_main_context_default ()))
    g_critical ("bd_writer_run() called on the main thread; use bd_writer_run_async() there");
#endif

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  outcome = run_write (self, write, cancellable, error);
  g_main_context_pop_thread_default (context);
  return outcome;
}

gboolean
bd_writer_call (BdDodoClient       *client,
                BdDodoApiEndpoint   endpoint,
                const char         *id,
                gpointer            body,
                GCancellable       *cancellable,
                gpointer           *out_object,
                GError            **error)
{
  g_autoptr(GMainContext) own = NULL;
  GMainContext *context;
  Call call = { 0 };

  g_return_val_if_fail (BD_IS_DODO_CLIENT (client), FALSE);
  g_return_val_if_fail (endpoint < BD_DODO_API_N_ENDPOINTS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

#ifndef NDEBUG
  if (g_main_context_is_owner (g_main_context_default ()))
    g_critical ("bd_writer_call() called on the main thread; it blocks");
#endif

  /* The thread's own context, or a private one: never the default one,
   * whose other sources must not run in here. */
  context = g_main_context_get_thread_default ();
  if (context == NULL)
    {
      own = context = g_main_context_new ();
      g_main_context_push_thread_default (context);
    }
  bd_dodo_api_call_async (client, endpoint, id, body, NULL, cancellable, on_call_done, &call);
  while (!call.done)
    g_main_context_iteration (context, TRUE);
  if (own != NULL)
    g_main_context_pop_thread_default (own);

  if (!call.ok)
    {
      g_propagate_error (error, call.error);
      return FALSE;
    }
  if (out_object != NULL)
    *out_object = call.object;
  else
    g_clear_object (&call.object);
  return TRUE;
}
