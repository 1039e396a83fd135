/* test-writer.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-dodo-error.h"
#include "bd-money.h"
#include "bd-payment.h"
#include "bd-refund.h"
#include "bd-test-util.h"
#include "bd-writer.h"
#include "store-test.h"
#include "sync-test.h"

/* BdWriter against a real billing-desk-sandbox process over loopback and a
 * real cache synced from it: a refund is sent once and both it and the
 * payment read again land in the cache; a lost answer (drop-after) is read
 * back, never sent twice; a request that never arrived (drop-before) is
 * reported as not done and changes nothing; Dodo's refusal comes back with
 * its code and words. */

typedef struct
{
  BdTestSandbox *sandbox;
  BdDodoClient  *client;
  char          *path;        /* the cache */
  BdStore       *store;       /* a reader on it */
  char          *product_id;
  char          *payment_id;  /* a paid $25.00 one-time payment, synced */
} Fixture;

/* Helpers */

static gboolean
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autofree char *body = NULL;
  g_autofree char *complete = NULL;

  memset (f, 0, sizeof *f);
  f->sandbox = bd_test_sandbox_start_with ("--seed", "5", NULL);
  if (f->sandbox == NULL)
    return FALSE;
  f->client = sync_test_client (f->sandbox);

  product = bd_test_sandbox_call (f->sandbox, "POST", "/products",
                                  "{\"name\":\"Poster\",\"tax_category\":\"digital_products\","
                                  "\"price\":{\"type\":\"one_time_price\",\"price\":2500,\"currency\":\"USD\","
                                  "\"discount\":0,\"purchasing_power_parity\":false}}", 200);
  f->product_id = g_strdup (json_object_get_string_member (json_node_get_object (product), "product_id"));
  body = g_strdup_printf ("{\"product_cart\":[{\"product_id\":\"%s\",\"quantity\":1}],"
                          "\"customer\":{\"email\":\"grace@example.com\",\"name\":\"Grace Hopper\"},"
                          "\"billing_address\":{\"country\":\"DE\",\"city\":\"Berlin\","
                          "\"street\":\"Unter den Linden 1\",\"zipcode\":\"10117\"}}",
                          f->product_id);
  session = bd_test_sandbox_call (f->sandbox, "POST", "/checkouts", body, 200);
  complete = g_strdup_printf ("/_sandbox/checkouts/%s/complete",
                              json_object_get_string_member (json_node_get_object (session), "session_id"));
  done = bd_test_sandbox_call (f->sandbox, "POST", complete, "{\"card\":\"4242424242424242\"}", 200);
  f->payment_id = g_strdup (json_object_get_string_member (json_node_get_object (done), "payment_id"));

  f->path = store_test_new_path ();
  g_assert_true (sync_test_run (f->client, f->path, NULL, &error));
  g_assert_no_error (error);
  f->store = bd_store_open (f->path, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->store);
  if (f->path != NULL)
    store_test_cleanup (f->path);
  g_clear_pointer (&f->path, g_free);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, bd_test_sandbox_free);
  g_clear_pointer (&f->product_id, g_free);
  g_clear_pointer (&f->payment_id, g_free);
}

static void
add_fault (Fixture    *f,
           const char *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);
  g_autoptr(JsonNode) rules = bd_test_sandbox_call (f->sandbox, "POST", "/_sandbox/faults", body, 200);
}

/* The refunds Dodo (the sandbox) holds for the payment, as JSON. */
static JsonArray *
sandbox_refunds (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/payments/%s", f->payment_id);
  g_autoptr(JsonNode) payment = bd_test_sandbox_call (f->sandbox, "GET", path, NULL, 200);
  JsonObject *object = json_node_get_object (payment);

  if (!json_object_has_member (object, "refunds") || json_object_get_null_member (object, "refunds"))
    return json_array_new ();
  return json_array_ref (json_object_get_array_member (object, "refunds"));
}

/* How many POST /refunds reached the sandbox at all (dropped ones too). */
static gint64
refund_posts (Fixture *f)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (f->sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");

  if (!json_object_has_member (routes, "POST /refunds"))
    return 0;
  return json_object_get_int_member (json_object_get_object_member (routes, "POST /refunds"), "requests");
}

/* A refund of @amount of the payment's one line, or of all of it (0). */
static BdWrite *
new_refund (Fixture    *f,
            gint64      amount,
            const char *reason)
{
  g_autoptr(BdDodoRefundCreate) body = bd_dodo_refund_create_new ();

  bd_model_set (body, "payment-id", f->payment_id, NULL);
  if (reason != NULL)
    bd_model_set (body, "reason", reason, NULL);
  if (amount > 0)
    {
      g_autoptr(BdDodoRefundItem) item = bd_dodo_refund_item_new ();
      g_autoptr(GListStore) items = g_list_store_new (BD_DODO_TYPE_REFUND_ITEM);

      bd_model_set (item, "item-id", f->product_id, "amount", amount, "tax-inclusive", TRUE, NULL);
      g_list_store_append (items, item);
      bd_model_set (body, "items", items, NULL);
    }
  return bd_write_new_refund (body, amount > 0 ? amount : 2500);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* bd_writer_run_async () on this thread's main context, to its end. */
static BdWriteOutcome *
run_async (BdWriter  *writer,
           BdWrite   *write,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bd_writer_run_async (writer, write, NULL, on_run_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bd_writer_run_finish (writer, result, error);
}

static BdPayment *
cached_payment (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  BdPayment *payment = bd_store_lookup (f->store, BD_TYPE_PAYMENT, f->payment_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payment);
  return payment;
}

static gint64
cached_refunds (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = bd_store_count (f->store, "refunds", &error);

  g_assert_no_error (error);
  return n;
}

/* Tests */

/* A refund answered normally: sent once; the outcome is the re-read refund;
 * the refund and the payment read again (now partially refunded, listing
 * it) are both in the cache. */
static void
test_refund (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(BdRefund) stored = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  BdRefund *refund;
  GPtrArray *cached;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  g_assert_null (bd_model_get_string (before, "refund-status"));
  refunds_before = cached_refunds (&f);

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 1050, "Late delivery");
  g_assert_cmpstr (bd_write_get_kind_name (write), ==, "refund");
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_false (bd_write_outcome_was_read_back (outcome));
  g_assert_null (bd_write_outcome_get_cache_error (outcome));

  refund = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_REFUND (refund));
  g_assert_cmpstr (bd_model_get_string (refund, "payment-id"), ==, f.payment_id);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (refund, "amount")), ==, 1050);

  /* Dodo holds exactly this one, sent once. */
  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (served, 0), "refund_id"),
                   ==, bd_model_get_string (refund, "refund-id"));
  g_assert_cmpint (refund_posts (&f), ==, 1);

  /* The refund and the re-read payment, in the cache. */
  cached = bd_write_outcome_get_cached (outcome);
  g_assert_cmpuint (cached->len, ==, 2);
  g_assert_true (cached->pdata[0] == (gpointer) refund);
  g_assert_true (BD_IS_PAYMENT (cached->pdata[1]));
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before + 1);
  stored = bd_store_lookup (f.store, BD_TYPE_REFUND, bd_model_get_string (refund, "refund-id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (stored, "amount")), ==, 1050);
  g_assert_cmpstr (bd_model_get_string (stored, "reason"), ==, "Late delivery");
  after = cached_payment (&f);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "partial");
  g_assert_cmpuint (g_list_model_get_n_items (bd_model_get_list (after, "refunds")), ==, 1);

  fixture_tear_down (&f);
}

/* The refund reaches Dodo but its answer is lost (drop-after): the writer
 * reads the payment back, finds the refund, reports it done; it was sent
 * once, Dodo holds exactly one, and the cache has it. */
static void
test_refund_answer_lost (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(BdRefund) stored = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  BdRefund *refund;

  if (!fixture_set_up (&f))
    return;
  add_fault (&f, "route=POST /refunds,fault=drop-after,count=1");

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 0, NULL);
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_true (bd_write_outcome_was_read_back (outcome));
  g_assert_null (bd_write_outcome_get_cache_error (outcome));
  refund = bd_write_outcome_get_object (outcome);
  g_assert_true (BD_IS_REFUND (refund));
  g_assert_cmpint (bd_money_get_amount (bd_model_get_money (refund, "amount")), ==, 2500);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (served, 0), "refund_id"),
                   ==, bd_model_get_string (refund, "refund-id"));
  g_assert_cmpint (refund_posts (&f), ==, 1);

  stored = bd_store_lookup (f.store, BD_TYPE_REFUND, bd_model_get_string (refund, "refund-id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  after = cached_payment (&f);
  g_assert_cmpstr (bd_model_get_string (after, "refund-status"), ==, "full");
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 2);

  fixture_tear_down (&f);
}

/* The refund is lost before it reaches Dodo (drop-before): the read-back
 * shows no new refund (the one made earlier elsewhere is not taken for
 * ours), so the writer says it did not happen; Dodo holds no other, it was
 * not sent again, and the cache is as it was.  (The blocking variant, as a
 * worker thread or the command line would call it.) */
static void
test_refund_never_arrived (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  refunds_before = cached_refunds (&f);
  /* An older refund, made in Dodo's dashboard before ours is sent. */
  {
    g_autofree char *body = g_strdup_printf ("{\"payment_id\":\"%s\",\"items\":[{\"item_id\":\"%s\","
                                             "\"amount\":500}]}", f.payment_id, f.product_id);
    g_autoptr(JsonNode) made = bd_test_sandbox_call (f.sandbox, "POST", "/refunds", body, 200);
  }
  add_fault (&f, "route=POST /refunds,fault=drop-before,count=1");

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 0, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_NOT_RECEIVED);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 2);

  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  after = cached_payment (&f);
  g_assert_true (bd_model_equal (before, after));

  fixture_tear_down (&f);
}

/* Dodo refuses (more than the payment): its code and words come back,
 * nothing is refunded, nothing is written. */
static void
test_refund_refused (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdPayment) before = NULL;
  g_autoptr(BdPayment) after = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  before = cached_payment (&f);
  refunds_before = cached_refunds (&f);

  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 999999, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_DODO_ERROR, BD_DODO_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (bd_dodo_error_get_code (error), ==, "REFUND_AMOUNT_EXCEEDS_PAID_AMOUNT");
  g_assert_nonnull (bd_dodo_error_get_server_message (error));
  g_assert_nonnull (strstr (bd_dodo_error_get_server_message (error), f.payment_id));
  g_assert_false (bd_dodo_error_is_ambiguous_write (error));

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 0);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  after = cached_payment (&f);
  g_assert_true (bd_model_equal (before, after));

  fixture_tear_down (&f);
}

/* Dodo has the refund but the cache cannot be written (its folder is gone):
 * the outcome is still "done", with the refund, and says why the cache is
 * behind, so the caller can tell a person. */
static void
test_refund_cache_fails (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;

  if (!fixture_set_up (&f))
    return;
  missing = g_build_filename (f.path, "no-such-folder", "cache.db", NULL);
  writer = bd_writer_new (f.client, missing);
  write = new_refund (&f, 0, NULL);
  outcome = run_async (writer, write, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_true (BD_IS_REFUND (bd_write_outcome_get_object (outcome)));
  g_assert_nonnull (bd_write_outcome_get_cache_error (outcome));
  g_assert_true (bd_write_outcome_get_cache_error (outcome)->domain == BD_STORE_ERROR);
  g_assert_cmpuint (bd_write_outcome_get_cached (outcome)->len, ==, 0);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  fixture_tear_down (&f);
}

/* A kind of the test's own (the table is public so that the next kinds can
 * live beside their callers): a refund whose read-back cannot read Dodo. */
static gpointer
unreadable_read_back (BdWrite       *write,
                      BdDodoClient  *client,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gpointer payment = NULL;

  g_assert_null (cancellable);
  if (bd_writer_call (client, BD_DODO_API_PAYMENT_GET, "pay_does_not_exist", NULL, NULL, &payment, error))
    g_clear_object (&payment);
  return NULL;
}

static const BdWriteKind unreadable_kind = {
  .name = "unreadable refund",
  .read_back = unreadable_read_back,
};

/* The answer is lost and the read-back fails too: the writer says it cannot
 * tell (BD_WRITER_ERROR_UNKNOWN) instead of "not done", and does not send it
 * again; the cache is left as it was. */
static void
test_read_back_fails (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdDodoRefundCreate) body = bd_dodo_refund_create_new ();
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;
  gint64 refunds_before;

  if (!fixture_set_up (&f))
    return;
  refunds_before = cached_refunds (&f);
  add_fault (&f, "route=POST /refunds,fault=drop-after,count=1");

  bd_model_set (body, "payment-id", f.payment_id, NULL);
  writer = bd_writer_new (f.client, f.path);
  write = bd_write_new (&unreadable_kind, BD_DODO_API_REFUND_CREATE, NULL, body, NULL, NULL);
  g_assert_true (bd_write_get_body (write) == (gpointer) body);
  outcome = run_async (writer, write, &error);
  g_assert_null (outcome);
  g_assert_error (error, BD_WRITER_ERROR, BD_WRITER_ERROR_UNKNOWN);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  g_assert_cmpint (cached_refunds (&f), ==, refunds_before);
  fixture_tear_down (&f);
}

/* A BdWrite is one send: running it a second time is refused, and Dodo
 * still holds one refund. */
static void
test_write_runs_once (void)
{
  Fixture f;
  g_autoptr(BdWriter) writer = NULL;
  g_autoptr(BdWrite) write = NULL;
  g_autoptr(BdWriteOutcome) outcome = NULL;
  g_autoptr(BdWriteOutcome) again = NULL;
  g_autoptr(JsonArray) served = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_set_up (&f))
    return;
  writer = bd_writer_new (f.client, f.path);
  write = new_refund (&f, 500, NULL);
  outcome = bd_writer_run (writer, write, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);

  g_test_expect_message ("bd-writer", G_LOG_LEVEL_CRITICAL, "*already run*");
  again = bd_writer_run (writer, write, NULL, &error);
  g_test_assert_expected_messages ();
  g_assert_null (again);

  served = sandbox_refunds (&f);
  g_assert_cmpuint (json_array_get_length (served), ==, 1);
  g_assert_cmpint (refund_posts (&f), ==, 1);
  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/writer/refund", test_refund);
  g_test_add_func ("/store/writer/refund-answer-lost", test_refund_answer_lost);
  g_test_add_func ("/store/writer/refund-never-arrived", test_refund_never_arrived);
  g_test_add_func ("/store/writer/refund-refused", test_refund_refused);
  g_test_add_func ("/store/writer/refund-cache-fails", test_refund_cache_fails);
  g_test_add_func ("/store/writer/read-back-fails", test_read_back_fails);
  g_test_add_func ("/store/writer/write-runs-once", test_write_runs_once);

  return g_test_run ();
}
