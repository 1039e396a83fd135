/* bd-writer.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-dodo-api.h"
#include "bd-dodo-client.h"
#include "bd-model.h"

G_BEGIN_DECLS

/*
 * BdWriter: the one path for every call that moves money or changes what a
 * customer pays (design §2 "Writes", §4): refunds, subscription changes
 * (cancel, pause, resume), plan changes and on-demand charges; product
 * edits are the next kind (see "Adding a kind" below).
 *
 * A BdWrite describes one call: its kind (a BdWriteKind: how to read back,
 * what to re-read), its endpoint, id and body.  bd_writer_run_async() then,
 * on a worker thread:
 *
 *   1. prepares: the kind may read what its read-back will compare against
 *      (a refund: the refunds the payment has before ours is sent);
 *   2. sends the write exactly once (the client never retries a write that
 *      may have reached Dodo);
 *   3. if the answer is lost (bd_dodo_error_is_ambiguous_write), reads back
 *      by the kind's rule and decides from what Dodo has.  It never sends
 *      the write a second time;
 *   4. once the write happened, re-reads the objects it affected and
 *      upserts all of them into the cache in one SQLite transaction, with a
 *      BdStore connection of its own on that thread (never a write on the
 *      GTK main thread), so every list and pane bound to them updates in
 *      place after its refresh.
 *
 * What each kind reads back and re-reads:
 *
 *   refund (bd_write_new_refund)
 *     prepare:   GET /payments/{payment_id}: the ids of its refunds.
 *     read back: GET /payments/{payment_id} again; the write happened if a
 *                refund is listed that was not there before it was sent (of
 *                several, the one of the amount sent), else it did not.
 *     re-read:   GET /refunds/{refund_id} and GET /payments/{payment_id}
 *                (its refund status and refunds changed); both cached.
 *     object:    the BdRefund.
 *
 *   Every subscription kind (bd-writer-subscriptions.c) prepares with GET
 *   /subscriptions/{id}: a subscription Dodo does not show is not written
 *   to, and what it was is what a read-back compares against.
 *
 *   cancel now (bd_write_new_subscription_cancel, at_next_billing_date
 *   FALSE): PATCH /subscriptions/{id} {status: "cancelled", cancel_reason?,
 *   cancellation_feedback?, cancellation_comment?}
 *     read back: GET the subscription; done if its status is cancelled.
 *   cancel at the next billing date (… TRUE): PATCH {cancel_at_next_billing_date:
 *   true, cancel_reason?, cancellation_feedback?, cancellation_comment?}
 *     read back: done if cancel_at_next_billing_date is true.
 *   undo a scheduled cancellation (bd_write_new_subscription_undo_cancel):
 *   PATCH {cancel_at_next_billing_date: false}
 *     read back: done if cancel_at_next_billing_date is false.
 *   pause / resume (bd_write_new_subscription_pause): PATCH {pause: true}
 *   or {pause: false}, sent alone (resuming takes a paused or an on_hold
 *   subscription back to active)
 *     read back: done if the status is paused / active.
 *     (For these four, a state the subscription already had is the same
 *     state either way: done.)
 *   change plan (bd_write_new_change_plan): POST …/change-plan {product_id,
 *   quantity, proration_billing_mode, effective_at?, on_payment_failure?};
 *   Dodo answers nothing
 *     read back: done if the subscription has the product and quantity
 *                asked for.  A change effective at the next billing date,
 *                or to the product and quantity it already had, cannot be
 *                told apart: BD_WRITER_ERROR_UNKNOWN.
 *   (The preview, POST …/change-plan/preview, changes nothing: a plain
 *   bd_dodo_api_call_async (), not a write.)
 *   charge now (bd_write_new_subscription_charge): POST …/charge
 *   {product_price, product_currency?, product_description?} → {payment_id}
 *     prepare:   also lists the subscription's payments (GET
 *                /payments?subscription_id=): the ids before ours.
 *     read back: lists them again; done if one is there that was not (of
 *                several, the one of the price sent).
 *     re-read:   GET /payments/{payment_id} (the outcome's object), then
 *                the subscription.
 *   re-read (all but charge): GET /subscriptions/{id}, cached; the outcome's
 *   object is the BdSubscription.  A plan change's own charge (a payment)
 *   reaches the cache with the next sync.
 *
 * What the caller is told (bd_writer_run_finish):
 *
 *   - it happened: a BdWriteOutcome with the object the write made or
 *     changed (re-read when possible, else as Dodo answered or as the
 *     read-back found it), whether it was found by reading back, every
 *     object upserted, and a cache error when the cache could not be
 *     brought up to date (Dodo has the write all the same; a person must be
 *     told, and the next sync catches up);
 *   - it did not happen: NULL and the error.  Dodo's refusal or a failure
 *     before anything was sent comes as the client's BD_DODO_ERROR (with
 *     Dodo's code and message, bd_dodo_error_get_code ()); a lost answer
 *     whose read-back shows nothing is BD_WRITER_ERROR_NOT_RECEIVED (safe to
 *     try again);
 *   - it cannot be told: BD_WRITER_ERROR_UNKNOWN when the answer was lost
 *     and the read-back failed too.  Do not send it again before the
 *     object has been looked at (after the next sync, or in Dodo's
 *     dashboard);
 *   - G_IO_ERROR_CANCELLED only when @cancellable was cancelled before the
 *     write was sent.  Once it is on its way the writer runs to its end
 *     (read back, re-read, cache) whatever the cancellable says, so that no
 *     outcome is lost; callers that went away check their own cancellable
 *     in the callback.
 *
 * Nothing here asks a person: confirming a live-mode write (design §9) is
 * the GUI's job, before it calls the writer.
 */

#define BD_WRITER_ERROR (bd_writer_error_quark ())

typedef enum
{
  BD_WRITER_ERROR_NOT_RECEIVED,  /* the answer was lost; Dodo did not carry it out */
  BD_WRITER_ERROR_UNKNOWN,       /* the answer was lost and could not be read back */
} BdWriterError;

GQuark bd_writer_error_quark (void);

/* One write: a kind, its request, and what the kind keeps between steps.
 * Reference-counted; immutable once running.  */
typedef struct _BdWrite BdWrite;

/* What came of a write that happened.  (transfer full from finish) */
typedef struct _BdWriteOutcome BdWriteOutcome;

#define BD_TYPE_WRITE         (bd_write_get_type ())
#define BD_TYPE_WRITE_OUTCOME (bd_write_outcome_get_type ())

GType           bd_write_get_type               (void) G_GNUC_CONST;
GType           bd_write_outcome_get_type       (void) G_GNUC_CONST;

/* A refund of @body's payment (POST /refunds).  @expected_amount: what
 * the refund is for in minor units (the sum of its items, or the whole
 * refundable amount), which tells ours apart from another refund made at
 * the same moment; 0 when not known.  (transfer full) */
BdWrite        *bd_write_new_refund             (BdDodoRefundCreate *body,
                                                 gint64              expected_amount);

/* The subscription kinds (see the table above).  @reason: Dodo's
 * cancel_reason ("cancelled_by_merchant", …), @feedback its
 * cancellation_feedback ("too_expensive", …), @comment free text; each
 * nullable.  (transfer full) */
BdWrite        *bd_write_new_subscription_cancel      (const char       *subscription_id,
                                                       gboolean          at_next_billing_date,
                                                       const char       *reason,
                                                       const char       *feedback,
                                                       const char       *comment);
BdWrite        *bd_write_new_subscription_undo_cancel (const char       *subscription_id);
/* @pause: TRUE pauses, FALSE resumes. */
BdWrite        *bd_write_new_subscription_pause       (const char       *subscription_id,
                                                       gboolean          pause);
/* @body: product, quantity, proration mode and the rest (a reference is
 * taken; the same body serves the preview). */
BdWrite        *bd_write_new_change_plan              (const char       *subscription_id,
                                                       BdDodoChangePlan *body);
/* @body: the price in minor units (> 0), its currency and a description. */
BdWrite        *bd_write_new_subscription_charge      (const char       *subscription_id,
                                                       BdDodoCharge     *body);

BdWrite        *bd_write_ref                    (BdWrite            *write);
void            bd_write_unref                  (BdWrite            *write);
/* The kind's name ("refund"), for logs.  (transfer none) */
const char     *bd_write_get_kind_name          (BdWrite            *write);

/* The object the write made or changed (a BdRefund, …); NULL only for an
 * endpoint that answers nothing whose object could not be re-read.
 * (transfer none) (nullable) */
gpointer        bd_write_outcome_get_object     (BdWriteOutcome     *outcome);
/* TRUE when the answer was lost and the object was found by reading back. */
gboolean        bd_write_outcome_was_read_back  (BdWriteOutcome     *outcome);
/* Every object upserted into the cache, the object first.  Empty without a
 * store, or when the cache write failed.  (transfer none)
 * (element-type BdModel) */
GPtrArray      *bd_write_outcome_get_cached     (BdWriteOutcome     *outcome);
/* Why the cache is not up to date (an affected object could not be re-read,
 * or the transaction failed and was rolled back), or NULL.  (transfer none)
 * (nullable) */
const GError   *bd_write_outcome_get_cache_error (BdWriteOutcome    *outcome);
BdWriteOutcome *bd_write_outcome_ref            (BdWriteOutcome     *outcome);
void            bd_write_outcome_unref          (BdWriteOutcome     *outcome);

#define BD_TYPE_WRITER (bd_writer_get_type ())
G_DECLARE_FINAL_TYPE (BdWriter, bd_writer, BD, WRITER, GObject)

/* A writer for one account: its client, and the path of its cache
 * (bd_store_get_path ()), or NULL to write nothing locally.  (transfer full) */
BdWriter       *bd_writer_new                   (BdDodoClient       *client,
                                                 const char         *store_path);
BdDodoClient   *bd_writer_get_client            (BdWriter           *self);
const char     *bd_writer_get_store_path        (BdWriter           *self);

/* Runs @write as described above on a worker thread; @callback runs in the
 * thread-default main context of the caller.  Finish returns the outcome
 * (transfer full), or NULL with @error when the write did not happen or
 * cannot be told. */
void            bd_writer_run_async             (BdWriter            *self,
                                                 BdWrite             *write,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
BdWriteOutcome *bd_writer_run_finish            (BdWriter            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The same, blocking, for worker threads and the command line: never on
 * the GTK main thread.  Runs the client's requests on a main context of
 * its own. */
BdWriteOutcome *bd_writer_run                   (BdWriter            *self,
                                                 BdWrite             *write,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/*
 * Adding a kind.  A kind is a static table of steps, each run on the
 * writer's worker thread with blocking calls (bd_writer_call ()):
 *
 *   prepare    (optional) reads what read_back compares against and keeps
 *              it in the write's data; a failure stops the write unsent.
 *   read_back  after a lost answer: returns the object the write made or
 *              changed when Dodo shows it happened (transfer full); NULL
 *              without an error when Dodo shows it did not; NULL with an
 *              error when that cannot be told.  It must decide from what
 *              Dodo holds, never by sending again.  Its cancellable is NULL:
 *              the write is already on its way.
 *   affected   once it happened: appends to @reads what to re-read and
 *              cache (bd_write_add_reread ()); the first is the outcome's
 *              object.  @object is the answer or the read-back's find, or
 *              NULL for an endpoint that answers nothing (PATCH
 *              /products/{id}: re-read the product).
 */
typedef struct _BdWriteRereads BdWriteRereads;

typedef struct
{
  const char *name;
  gboolean  (*prepare)    (BdWrite        *write,
                           BdDodoClient   *client,
                           GCancellable   *cancellable,
                           GError        **error);
  gpointer  (*read_back)  (BdWrite        *write,
                           BdDodoClient   *client,
                           GCancellable   *cancellable,
                           GError        **error);
  void      (*affected)   (BdWrite        *write,
                           gpointer        object,
                           BdWriteRereads *reads);
} BdWriteKind;

/* @kind: (transfer none) a static table.  @id: the endpoint's path id, or
 * NULL.  @body: (nullable) an instance of the endpoint's body type (a
 * reference is taken).  @data: the kind's own state, freed with @destroy.
 * (transfer full) */
BdWrite        *bd_write_new                    (const BdWriteKind  *kind,
                                                 BdDodoApiEndpoint   endpoint,
                                                 const char         *id,
                                                 gpointer            body,
                                                 gpointer            data,
                                                 GDestroyNotify      destroy);
/* (transfer none) */
gpointer        bd_write_get_data               (BdWrite            *write);
gpointer        bd_write_get_body               (BdWrite            *write);

/* Re-read @id with the GET @endpoint and cache it. */
void            bd_write_add_reread             (BdWriteRereads     *reads,
                                                 BdDodoApiEndpoint   endpoint,
                                                 const char         *id);

/* bd_dodo_api_call_async () run to its end on the thread-default main
 * context (a private one when the thread has none): for a kind's steps, on
 * the writer's worker thread, never on the GTK main thread.  @out_object:
 * (out) (optional) (transfer full) */
gboolean        bd_writer_call                  (BdDodoClient       *client,
                                                 BdDodoApiEndpoint   endpoint,
                                                 const char         *id,
                                                 gpointer            body,
                                                 GCancellable       *cancellable,
                                                 gpointer           *out_object,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdWrite, bd_write_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdWriteOutcome, bd_write_outcome_unref)

G_END_DECLS
